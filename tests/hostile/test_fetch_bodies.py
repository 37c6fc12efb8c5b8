"""Hostile bodies against the real Fetcher: compression bombs, stacked and unknown codings, 50 MB bodies,
and text in a broken encoding, each served by a real server on 127.0.0.1 (tests/servers/hostile_bodies.py,
in a process of its own so that tracemalloc counts only what the fetch holds)."""

from __future__ import annotations

import dataclasses
import tracemalloc
from collections.abc import Awaitable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest

from bot.ingest.content_coding import ACCEPT_ENCODING
from bot.ingest.feeds import parse_feed, parse_feed_bytes
from bot.ingest.fetcher import Fetcher, FetchResult, TooLarge, UnreadableEncoding
from bot.settings import Settings
from summarizers import extract_html, utf8_text
from tests.servers.hostile_bodies import EURO_TEXT, PAGE, HostileBodyServer

LIMIT = 1_000_000
OVERHEAD = 700_000  # what a fetch holds beyond the body: the response, a few network chunks, one step
BOUND = LIMIT + LIMIT // 8 + OVERHEAD  # the body grows by an eighth at a time (io.BytesIO)
BOMB_MIB = 256
T = TypeVar("T")


@pytest.fixture(scope="module")
def hostile() -> Iterator[str]:
    with HostileBodyServer() as server:
        yield server.base_url


@pytest.fixture
async def fetcher(settings: Settings, hostile: str):
    """A fetcher with a 1 MB limit, warmed up (connection pool, lazy imports) before anything is measured."""
    async with Fetcher(dataclasses.replace(settings, fetch_max_bytes=LIMIT)) as f:
        await f.fetch(f"{hostile}/page")
        yield f


async def peak_while(awaitable: Awaitable[T]) -> tuple[T | BaseException, int]:
    """The outcome of `awaitable` (its result or its exception) and the peak of traced allocations."""
    tracemalloc.start()
    try:
        outcome: T | BaseException = await awaitable
    except Exception as exc:
        outcome = exc
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return outcome, peak


async def test_stacked_gzip_bomb_is_refused_with_a_clear_reason_before_inflating(
    fetcher: Fetcher, hostile: str
) -> None:
    """`Content-Encoding: gzip, gzip` of 256 MiB (the red team's 1 GiB took the bot to 2.3 GB)."""
    outcome, peak = await peak_while(fetcher.fetch(f"{hostile}/bomb?encoding=gzip,gzip&mib={BOMB_MIB}"))
    assert isinstance(outcome, UnreadableEncoding)
    assert outcome.user_message.endswith("the site sent a response the bot cannot read safely.")
    assert "2 stacked content codings" in str(outcome)  # the detail is for the logs
    assert peak < OVERHEAD


@pytest.mark.parametrize(
    "path",
    [
        f"/bomb?encoding=gzip&mib={BOMB_MIB}",
        f"/bomb?encoding=deflate&mib={BOMB_MIB}",
        f"/bomb?encoding=raw-deflate&mib={BOMB_MIB}",
        "/identity?mb=50",  # with a Content-Length: refused unread
        "/chunked?mb=50",
        "/close?mb=50",
    ],
)
async def test_body_over_the_limit_stops_at_the_limit_with_memory_bounded(
    fetcher: Fetcher, hostile: str, path: str
) -> None:
    """Compressed or not, the read stops as soon as the limit is passed, in or out of the decompressor."""
    outcome, peak = await peak_while(fetcher.fetch(hostile + path))
    assert isinstance(outcome, TooLarge)
    assert "1 MB" in outcome.user_message
    assert peak < BOUND


@pytest.mark.parametrize("coding", ["br", "zstd", "compress", "x-made-up"])
async def test_unknown_content_coding_is_refused(fetcher: Fetcher, hostile: str, coding: str) -> None:
    with pytest.raises(UnreadableEncoding, match="cannot read safely") as caught:
        await fetcher.fetch(f"{hostile}/page?encoding={coding}")
    assert coding in str(caught.value)


async def test_body_that_is_not_what_its_coding_says_is_refused(fetcher: Fetcher, hostile: str) -> None:
    with pytest.raises(UnreadableEncoding, match="corrupt gzip"):
        await fetcher.fetch(f"{hostile}/mislabelled")


@pytest.mark.parametrize("codings", ["", "gzip", "deflate", "raw-deflate", "identity", "gzip,identity"])
async def test_pages_in_every_offered_coding_arrive_whole(
    fetcher: Fetcher, hostile: str, codings: str
) -> None:
    result = await fetcher.fetch(f"{hostile}/page?encoding={codings}")
    assert result.content == PAGE


async def test_compressed_body_just_under_the_limit_is_read(settings: Settings, hostile: str) -> None:
    async with Fetcher(dataclasses.replace(settings, fetch_max_bytes=4 * 1024 * 1024)) as fetcher:
        result = await fetcher.fetch(f"{hostile}/bomb?encoding=gzip&mib=4")
    assert len(result.content) == 4 * 1024 * 1024


def test_only_codings_decoded_under_the_cap_are_offered(settings: Settings) -> None:
    assert Fetcher(settings).client.headers["accept-encoding"] == ACCEPT_ENCODING == "gzip, deflate"


async def test_feed_declared_utf8_with_one_broken_byte_keeps_its_euro_signs(
    fetcher: Fetcher, hostile: str
) -> None:
    fetched = await fetcher.fetch(f"{hostile}/euro/feed")
    feed = await parse_feed(fetched.content, url=fetched.url, media_type=fetched.media_type)
    entry = feed.entries[0]
    assert entry.title == f"Prices: {EURO_TEXT}"
    assert EURO_TEXT in entry.text and "\ufffd" in entry.text  # only the broken byte is lost
    assert "â‚¬" not in entry.text + entry.title


async def test_page_declared_utf8_with_one_broken_byte_keeps_its_euro_signs(
    fetcher: Fetcher, hostile: str
) -> None:
    fetched: FetchResult = await fetcher.fetch(f"{hostile}/euro/page")
    page = extract_html(fetched.text(), url=fetched.url)  # what bot/ingest/pages.py extracts
    assert EURO_TEXT in page.text
    assert "‚¬" not in page.text


def test_json_feed_with_one_broken_byte_keeps_its_text() -> None:
    data = (
        '{"version": "https://jsonfeed.org/version/1.1", "title": "Prices", "items": [{"id": "1", '
        f'"url": "http://news.example/1", "title": "{EURO_TEXT}", "content_text": "Le X"}}]}}'
    ).encode()
    feed = parse_feed_bytes(data.replace(b"Le X", b"Le caf\xe9"), url="http://news.example/feed.json")
    assert feed.entries[0].title == EURO_TEXT


@pytest.mark.parametrize(
    "name",
    [
        "pages/elmundo.es-PSOE.html",  # ISO-8859-15
        "pages/rp.pl__unijne-fundusze.html",  # windows-1250
        "pages/archive.org.he.xinhuanet.com.25340717.html",  # GBK that declares UTF-8
        "feeds/kc0011.net.rss",  # GB2312, some byte pairs valid UTF-8 by accident
        "feeds/news.qq.com.rss",
        "feeds/ibash.org.ru.rss",  # windows-1251
    ],
)
def test_legacy_encoded_documents_are_not_taken_for_broken_utf8(name: str) -> None:
    data = (Path(__file__).resolve().parents[2] / ".." / "shared" / "fixtures" / name).read_bytes()
    assert utf8_text(data, declared_utf8=True) is None
