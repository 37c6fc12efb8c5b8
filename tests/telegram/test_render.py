"""Rendered messages are valid Telegram HTML, show web text exactly as written, and fit the limits."""

from __future__ import annotations

import datetime as dt

import pytest
from telegram import Bot

from bot.i18n import translator
from bot.telegram.alert_render import also_reported_line
from bot.telegram.html import (
    MAX_MESSAGE_UTF16,
    Span,
    escape,
    pack_lines,
    render_text,
    split_plain_text,
    to_plain_text,
    utf16_len,
)
from bot.telegram.render import key_events, render_briefing, render_timeline
from summarizers.briefing import Briefing, Entity, Event, SummarySentence
from summarizers.timeline import Timeline, TimelineEntry, TimelineSource
from tests.servers.botapi import BotApiServer, parse_telegram_html

EN = translator("en")

HOSTILE_TITLE = "<script>alert(1)</script> & Co <b>"
FAMILY = "👩\u200d👩\u200d👧"  # one emoji of five code points and eight UTF-16 units


def briefing(**changes) -> Briefing:
    fields = {
        "title": "Abe and Xi meet at the G20 summit",
        "url": "https://news.example.org/2016/09/abe-xi?ref=rss&utm=x",
        "source": "The Diplomat",
        "language": "en",
        "published": dt.date(2016, 9, 13),
        "published_inferred": False,
        "summary": (
            SummarySentence("Shinzo Abe met Xi Jinping in Hangzhou on September 2-3.", 0),
            SummarySentence("The talks covered the East China Sea.", 4),
        ),
        "entities": (
            Entity("Shinzo Abe", "person", 18, ("Abe",)),
            Entity("Xi Jinping", "person", 9),
            Entity("Barack Obama", "person", 4),
            Entity("Angela Merkel", "person", 2),
            Entity("G20", "organization", 5),
            Entity("Hangzhou", "place", 3),
            Entity("Tuesday", "other", 1),
        ),
        "events": (
            Event("2014", "year", "2014", "Relations froze in 2014."),
            Event(
                "2016-09-02",
                "day",
                "September 2-3",
                "Shinzo Abe met Xi Jinping in Hangzhou on September 2-3.",
                "2016-09-03",
            ),
        ),
    }
    fields.update(changes)
    return Briefing(**fields)


def parsed_texts(messages: list[str]) -> list[str]:
    """What users see; parse_telegram_html raises if Telegram would refuse a message."""
    texts = [parse_telegram_html(m).text for m in messages]
    assert all(utf16_len(t) <= MAX_MESSAGE_UTF16 for t in texts)
    return texts


def article(chars: int) -> str:
    """Paragraphs of sentences with the characters that break naive renderers: & < > " and emoji."""
    sentences = [
        f'Sentence {n} says "AT&T < Verizon > Sprint" and 😀 {FAMILY} plus é, ß and 東京.'
        for n in range(chars // 40 + 1)
    ]
    paragraphs = [" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)]
    return "\n\n".join(paragraphs)[:chars]


# -- escaping ----------------------------------------------------------------------------------------


def test_escape_covers_the_four_reserved_characters_only():
    assert escape('<a href="x">&\'é😀') == "&lt;a href=&quot;x&quot;&gt;&amp;'é😀"


def test_hostile_title_comes_through_as_text_inside_its_link():
    [message] = render_briefing(briefing(title=HOSTILE_TITLE))
    parsed = parse_telegram_html(message)
    assert parsed.text.splitlines()[0] == HOSTILE_TITLE
    link = next(e for e in parsed.entities if e["type"] == "text_link")
    assert link["url"] == "https://news.example.org/2016/09/abe-xi?ref=rss&utm=x"
    assert (link["offset"], link["length"]) == (0, utf16_len(HOSTILE_TITLE))


def test_only_http_links_become_links():
    [message] = render_briefing(briefing(url="javascript:alert(1)"))
    assert "<a " not in message
    assert parse_telegram_html(message).text.startswith("Abe and Xi")


def test_emoji_and_joiners_are_counted_in_utf16_units_in_entity_offsets():
    [message] = pack_lines([(Span(f"{FAMILY}😀 "), Span("bold", "b"))])
    parsed = parse_telegram_html(message)
    assert parsed.entities == ({"type": "bold", "offset": 11, "length": 4},)


# -- splitting ---------------------------------------------------------------------------------------


def test_a_10000_character_article_splits_into_valid_messages_on_sentence_boundaries():
    text = article(10_000)
    messages = render_text(text)
    texts = parsed_texts(messages)
    assert len(messages) >= 3
    assert "".join("".join(t.split()) for t in texts) == "".join(text.split())
    for t in texts[:-1]:
        assert t.rstrip().endswith((".", "»")), t[-40:]


def test_a_sentence_longer_than_a_message_splits_between_words():
    sentence = " ".join(["word&word<"] * 1000)  # 10,999 characters, no sentence end
    pieces = split_plain_text(sentence)
    assert all(utf16_len(p) <= MAX_MESSAGE_UTF16 for p in pieces)
    assert all(p.startswith("word&") and p.endswith("word<") for p in pieces)
    parsed_texts(render_text(sentence))


def test_escapes_count_as_one_character_toward_the_limit():
    messages = render_text("&" * 5000)
    assert [len(t) for t in parsed_texts(messages)] == [4096, 904]


def test_a_word_of_emoji_is_cut_between_characters_never_inside_a_pair_or_a_joined_sequence():
    pieces = split_plain_text("😀" * 5000)
    assert [utf16_len(p) for p in pieces] == [4096, 4096, 1808]
    families = split_plain_text(FAMILY * 1000)
    assert all(
        p.startswith("👩") and p.endswith("👧") and p.count(FAMILY) * len(FAMILY) == len(p) for p in families
    )
    assert sum(len(p) for p in families) == len(FAMILY) * 1000


def test_styles_survive_a_split_line():
    long_bold = Span("Very long title. " * 400, "b")
    messages = pack_lines([(long_bold,)])
    assert len(messages) == 2
    for message in messages:
        parsed = parse_telegram_html(message)
        assert parsed.entities[0]["type"] == "bold"
        assert parsed.entities[0]["length"] == utf16_len(parsed.text)


def test_a_long_briefing_is_cut_to_one_valid_message_in_order():
    """One item never spans two messages (issue 20): the summary is shown as far as it fits, then "…"."""
    long_summary = tuple(SummarySentence(s, i) for i, s in enumerate(article(12_000).split(". ")))
    messages = render_briefing(briefing(summary=long_summary, title=HOSTILE_TITLE))
    [text] = parsed_texts(messages)
    assert text.startswith(HOSTILE_TITLE) and text.endswith("…")
    shown = [" ".join(s.text.split()) in text for s in long_summary]
    assert shown[0] and shown[1] and not all(shown)


def test_plain_text_fallback_strips_tags_and_unescapes():
    [message] = render_briefing(briefing(title=HOSTILE_TITLE))
    assert to_plain_text(message) == parse_telegram_html(message).text
    assert to_plain_text("1 < 2 &amp; <b>bold</b>") == "1 < 2 & bold"


# -- what a briefing shows ---------------------------------------------------------------------------


def test_briefing_shows_title_source_date_summary_names_and_key_dates():
    b = briefing()
    [message] = render_briefing(b)
    lines = parse_telegram_html(message).text.splitlines()
    assert lines[0] == b.title
    assert lines[1] == f"The Diplomat · {EN.partial_date('2016-09-13')}"
    assert f"• {b.summary[0].text}" in lines
    assert "People: Shinzo Abe, Xi Jinping, Barack Obama" in lines  # the top three, by salience
    assert "Organisations: G20" in lines and "Places: Hangzhou" in lines
    assert not any("Tuesday" in line for line in lines)
    dates = lines[lines.index("Key dates") + 1 :]
    assert dates[0] == "2014 — Relations froze in 2014."
    assert dates[1].startswith(f"{EN.partial_date('2016-09-02', '2016-09-03')} — Shinzo Abe met")
    assert not any(line.startswith(("Summary method", "Note")) for line in lines)


def test_briefing_without_a_source_falls_back_to_the_feed_then_the_host():
    untitled = briefing(source=None)
    assert (
        parse_telegram_html(render_briefing(untitled, feed_title="World feed")[0])
        .text.splitlines()[1]
        .startswith("World feed")
    )
    assert (
        parse_telegram_html(render_briefing(untitled)[0]).text.splitlines()[1].startswith("news.example.org")
    )


def test_briefing_notes_a_fallback_method_and_pipeline_notes():
    b = briefing(
        method="lead (no stemmer for 'my')", notes=("text truncated to its first 100,000 characters",)
    )
    text = parse_telegram_html(render_briefing(b)[0]).text
    assert "Summary method: lead (no stemmer for 'my')." in text
    assert "Note: The text was cut to its first 100,000 characters." in text


def test_key_events_prefer_those_in_the_summary_and_exact_days_then_keep_date_order():
    events = tuple(
        Event(f"{2000 + n}", "year", str(2000 + n), f"In {2000 + n} nothing much.") for n in range(6)
    )
    in_summary = Event(
        "2016-09-02", "day", "September 2", "Shinzo Abe met Xi Jinping in Hangzhou on September 2-3."
    )
    chosen = key_events(briefing(events=(*events, in_summary)), limit=3)
    assert chosen == [events[0], events[1], in_summary]


# -- timelines ---------------------------------------------------------------------------------------


def test_timeline_lists_entries_in_order_with_labels_sources_and_scheduled_marks():
    source = TimelineSource("<Hostile> & source", "https://a.example/x?y=1&z=2", dt.date(2016, 9, 13))
    timeline = Timeline(
        "Abe",
        (
            TimelineEntry("2014-03", None, "month", "Talks stalled in March 2014.", (source,)),
            TimelineEntry(
                "2016-11-20", None, "day", "A visit is planned for November 20.", (source,), expected=True
            ),
        ),
    )
    [message] = render_timeline(timeline, EN)
    parsed = parse_telegram_html(message)
    lines = parsed.text.splitlines()
    assert lines[0] == "Timeline: Abe"
    assert f"{EN.partial_date('2014-03')} — Talks stalled in March 2014." in lines
    assert f"{EN.partial_date('2016-11-20')} (scheduled) — A visit is planned for November 20." in lines
    assert lines.count("↳ <Hostile> & source") == 2
    assert {e["url"] for e in parsed.entities if e["type"] == "text_link"} == {"https://a.example/x?y=1&z=2"}


LONG_SENTENCE = (
    "In Sochi, Abe and Russian President Vladimir Putin agreed to apply a new approach to the Northern "
    "Territories talks, and set up a date for their next meeting: September 2-3 in Vladivostok, on the "
    "sidelines of the Eastern Economic Forum."
)


def _labelled_timeline(count: int = 1) -> Timeline:
    source = TimelineSource("The Diplomat", "https://a.example/abe", dt.date(2016, 9, 13))
    entry = TimelineEntry(
        "2016-09-02", "2016-09-03", "day", LONG_SENTENCE, (source,), event_label="next Abe–Putin meeting"
    )
    bare = TimelineEntry("2016-05", None, "month", LONG_SENTENCE, (source,))
    return Timeline("Abe", (entry, bare) * count)


def test_timeline_entries_show_their_short_label_and_the_full_sentence_on_request():
    lines = parse_telegram_html(render_timeline(_labelled_timeline(), EN)[0]).text.splitlines()
    assert "2 – 3 Sept 2016 — next Abe–Putin meeting" in lines
    cut = next(line for line in lines if line.startswith("May 2016 — "))
    assert cut.endswith("…") and len(cut) < 110  # no label stored: the sentence, cut on a word
    full = parse_telegram_html(render_timeline(_labelled_timeline(), EN, full_sentences=True)[0]).text
    assert "Eastern Economic Forum" in full and "next Abe–Putin meeting" not in full


def test_a_long_labelled_timeline_is_split_within_telegram_limits():
    labels = render_timeline(_labelled_timeline(60), EN)
    sentences = render_timeline(_labelled_timeline(60), EN, full_sentences=True)
    assert len(sentences) > len(labels) >= 1
    assert all(utf16_len(parse_telegram_html(p).text) <= 4096 for p in labels + sentences)


def test_an_empty_timeline_says_so():
    assert "No dated events" in parse_telegram_html(render_timeline(Timeline("nobody", ()), EN)[0]).text


# -- through the strict server -----------------------------------------------------------------------


@pytest.mark.parametrize("title", [HOSTILE_TITLE, "😀" * 3000, "x" * 5000, f"{FAMILY} & <i>"])
async def test_rendered_briefings_are_accepted_by_the_strict_server(title: str):
    async with BotApiServer() as server, Bot(server.token, base_url=server.base_url) as bot:
        server.add_chat(42)
        messages = render_briefing(briefing(title=title, summary=briefing().summary * 40))
        for text in messages:
            await bot.send_message(42, text, parse_mode="HTML")
        assert server.errors == []
        assert len(server.sent_messages(42)) == len(messages)


def test_a_briefing_shown_with_its_story_lists_the_story_s_merged_dates_instead_of_its_own():
    """The article said the summit was slated; the story's key dates say it was held, by all reports."""
    own = briefing(
        events=(Event("2016-12-15", "day", "December 15", "Putin is slated to visit Japan on December 15."),)
    )
    reports = tuple(
        TimelineSource(f"Report {n}", f"https://{n}.example/", dt.date(2016, 12, 17)) for n in "abc"
    )
    held = TimelineEntry(
        "2016-12-15",
        None,
        "day",
        "Putin met Abe at a hot-spring inn in Nagato on December 15, 2016.",
        reports,
    )
    alone = parse_telegram_html(render_briefing(own)[0]).text
    assert "15 Dec 2016 — Putin is slated to visit Japan" in alone
    story = parse_telegram_html(render_briefing(own, story_dates=(held,))[0]).text
    assert "15 Dec 2016 — Putin met Abe at a hot-spring inn" in story and "slated" not in story


def test_also_reported_by_names_each_site_once_and_counts_the_rest():

    reports = [("Japan Desk", "https://a.example/1"), ("Japan Desk", "https://a.example/2")]
    reports += [(f"Site {n}", f"https://s{n}.example/") for n in range(7)]
    line = also_reported_line(reports, translator("en"))
    names = [span.text for span in line[1:] if span.text not in (", ",)]
    assert names[0] == "Japan Desk" and names.count("Japan Desk") == 1
    assert names[-1] == " and 3 more", names
