"""Property tests of the HTML renderer and the UTF-16 splitter (issue 20): whatever text goes in (any
unicode without surrogates, astral characters, joiners, HTML's special characters and entities, words
longer than a message), what comes out is Telegram HTML the strict parser accepts (allowed tags,
balanced, escaped text, no broken entity), in messages of at most 4,096 UTF-16 units; or a clear error."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.delivery.digest import Digest, DigestItem
from bot.i18n import translator
from bot.telegram.html import (
    MAX_MESSAGE_UTF16,
    Span,
    escape,
    fit_lines,
    line_text,
    pack_blocks,
    pack_lines,
    render_text,
    split_plain_text,
    to_plain_text,
)
from bot.telegram.render import render_briefing, render_digest, render_timeline
from summarizers.briefing import Briefing, Entity, Event, SummarySentence
from summarizers.timeline import Timeline, TimelineEntry, TimelineSource
from tests.servers.botapi import parse_telegram_html, utf16_len

EN = translator("en")

PROPERTIES = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
TRICKY = ["&", "<", ">", '"', "&amp;", "&lt;b&gt;", "<b>", "</i>", "&#0;", "\u200d", "😀", "👩\u200d👩\u200d👧",
          "🇩🇪", "e\u0301", "\ufe0f", "\n", "\n\n", " ", ". ", "東京", "\u2028", "\x00", "\t"]  # fmt: skip
ANY_CHAR = st.characters(
    blacklist_categories=("Cs",)
)  # any code point a str can hold in UTF-8: no surrogates
pieces = st.one_of(st.text(ANY_CHAR, max_size=12), st.sampled_from(TRICKY))
texts = st.lists(pieces, max_size=40).map("".join)
long_words = st.tuples(st.one_of(st.text(ANY_CHAR, min_size=1, max_size=4), st.sampled_from(TRICKY)),
                       st.integers(1, 3000)).map(lambda p: p[0] * p[1])  # fmt: skip
any_text = st.one_of(texts, long_words, st.lists(st.one_of(texts, long_words), max_size=4).map(" ".join))
hrefs = st.one_of(
    st.none(), st.just("https://example.org/a?b=1&c=<2>\"'"), texts.map(lambda t: "https://e.org/" + t)
)
spans = st.builds(Span, any_text, st.sampled_from([None, "b", "i", "u", "s", "code"]), hrefs)
lines = st.lists(spans, max_size=5).map(tuple)


def valid_messages(messages: list[str], limit: int = MAX_MESSAGE_UTF16) -> list[str]:
    """The texts users see; parse_telegram_html raises where Telegram would refuse the HTML."""
    seen = [parse_telegram_html(m).text for m in messages]
    assert all(0 < utf16_len(t) <= limit and t.strip() for t in seen)
    return seen


def _no_space(text: str) -> str:
    return re.sub(r"\s+", "", text)


@PROPERTIES
@given(any_text, st.one_of(st.integers(2, 64), st.just(MAX_MESSAGE_UTF16)))
def test_split_plain_text_keeps_every_character_in_pieces_within_the_limit(text: str, limit: int):
    pieces_ = split_plain_text(text, limit)
    assert all(0 < utf16_len(p) <= limit for p in pieces_)
    assert all(p == p.strip() for p in pieces_)
    assert _no_space("".join(pieces_)) == _no_space(text)  # only whitespace at a cut is dropped


@pytest.mark.parametrize("limit", [-1, 0, 1])
def test_a_limit_that_cannot_hold_every_character_is_a_clear_error(limit: int):
    with pytest.raises(ValueError, match="cannot hold"):
        split_plain_text("😀 x", limit)


@PROPERTIES
@given(any_text)
def test_escaped_text_parses_back_to_itself(text: str):
    assert parse_telegram_html(escape(text)).text == text
    assert to_plain_text(escape(text)) == text


@pytest.mark.slow
@PROPERTIES
@given(st.lists(lines, max_size=12), st.one_of(st.integers(24, 300), st.just(MAX_MESSAGE_UTF16)))
def test_packed_lines_are_valid_messages_within_the_limit_and_lose_nothing_but_spaces(lines_, limit):
    seen = valid_messages(pack_lines(lines_, limit), limit)
    assert _no_space("".join(seen)) == _no_space("".join(line_text(line) for line in lines_))


@pytest.mark.slow
@PROPERTIES
@given(st.lists(st.lists(lines, max_size=4), max_size=8), st.integers(24, 400))
def test_blocks_never_span_two_messages(blocks, limit):
    messages = pack_blocks(blocks, limit)
    seen = valid_messages(messages, limit)
    assert len(seen) <= len(blocks)
    assert all(
        utf16_len(line_text(line)) <= limit
        for line in fit_lines([line for block in blocks for line in block], limit)
    )


@PROPERTIES
@given(any_text)
def test_plain_text_renders_to_valid_messages(text: str):
    seen = valid_messages(render_text(text))
    assert _no_space("".join(seen)) == _no_space(text)


dates = st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31))
briefings = st.builds(
    Briefing,
    title=st.one_of(st.none(), any_text),
    url=st.one_of(st.none(), hrefs),
    source=st.one_of(st.none(), any_text),
    language=st.sampled_from([None, "en", "de", "ja", "xx"]),
    published=st.one_of(st.none(), dates),
    published_inferred=st.booleans(),
    summary=st.lists(st.builds(SummarySentence, any_text, st.integers(0, 99)), max_size=8).map(tuple),
    entities=st.lists(
        st.builds(
            Entity, any_text, st.sampled_from(["person", "organization", "place", "other"]), st.integers(1, 9)
        ),
        max_size=10,
    ).map(tuple),
    events=st.lists(
        st.builds(Event, dates.map(dt.date.isoformat), st.just("day"), any_text, any_text), max_size=8
    ).map(tuple),
    method=st.one_of(st.just("default"), any_text),
    notes=st.lists(any_text, max_size=4).map(tuple),
)


@pytest.mark.slow
@PROPERTIES
@given(briefings, st.one_of(st.none(), st.integers(1, 8)))
def test_any_briefing_is_one_valid_message(briefing: Briefing, sentences: int | None):
    assert len(valid_messages(render_briefing(briefing, sentences=sentences))) == 1


@pytest.mark.slow
@PROPERTIES
@given(st.lists(st.tuples(briefings, st.one_of(st.none(), any_text)), min_size=1, max_size=6))
def test_any_digest_is_valid_messages_with_each_item_in_one(items_):
    stored = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    items = [
        DigestItem(n, n, n, feed, dataclasses.replace(b, title=f"ITEM{n}MARK {b.title or ''}"), stored)
        for n, (b, feed) in enumerate(items_)
    ]
    seen = valid_messages(render_digest(Digest(shown=tuple(items), more=()), heading="Digest"))
    for n in range(len(items)):
        assert sum(f"ITEM{n}MARK" in text for text in seen) <= 1


@pytest.mark.slow
@PROPERTIES
@given(st.lists(st.tuples(dates, any_text, any_text, st.lists(st.tuples(any_text, hrefs), max_size=12)), max_size=6),
       any_text, st.booleans())  # fmt: skip
def test_any_timeline_is_valid_messages(entries_, query: str, full: bool):
    entries = tuple(
        TimelineEntry(
            day.isoformat(),
            None,
            "day",
            text,
            tuple(TimelineSource(t, u, None) for t, u in sources),
            event_label=label,
        )
        for day, text, label, sources in entries_
    )
    valid_messages(render_timeline(Timeline(query, entries), EN, full_sentences=full))
