"""The guarded fetcher against a real local server: limits, content types, charsets, redirects, SSRF."""

from __future__ import annotations

import asyncio
import dataclasses
import socket

import pytest

from bot.ingest.fetcher import (
    USER_AGENT,
    BlockedAddress,
    Fetcher,
    HTTPStatus,
    Timeout,
    TooLarge,
    TooManyRedirects,
    UnsupportedContent,
    UnsupportedURL,
    is_public_address,
    literal_address,
)
from bot.settings import Settings
from tests.servers.web import FixtureSite


@pytest.fixture
async def fetcher(settings: Settings):
    async with Fetcher(settings) as f:
        yield f


@pytest.fixture
def guarded(settings: Settings) -> Settings:
    return dataclasses.replace(settings, fetch_allow_private=False)


async def test_fetches_a_fixture_page_with_its_final_url(fetcher: Fetcher, web_server: str) -> None:
    result = await fetcher.fetch(f"{web_server}/pages/lemonde.fr__readability-lemonde-1.html")
    assert result.status == 200
    assert result.media_type == "text/html"
    assert "renseignement" in result.text()


@pytest.mark.parametrize(
    ("name", "declared", "expected"),
    [
        ("farodevigo.es__1653186688.html", None, "Iniesta"),  # <meta> says iso-8859-1, bytes are UTF-8
        ("sn.dk__1484494308.html", "iso-8859-1", "Forstærket"),  # even when HTTP says so too
        ("elmundo.es-PSOE.html", None, "negociación"),  # really ISO-8859-15
        ("rp.pl__unijne-fundusze.html", None, "zagłosował"),  # really windows-1250
    ],
)
async def test_charset_never_trusts_a_wrong_declaration(
    fetcher: Fetcher, web_server: str, name: str, declared: str | None, expected: str
) -> None:
    query = f"?charset={declared}" if declared else ""
    result = await fetcher.fetch(f"{web_server}/pages/{name}{query}")
    text = result.text()
    assert expected in text
    assert "Ã" not in text[:50_000]


async def test_endless_body_stops_at_the_limit(settings: Settings, web_server: str) -> None:
    async with Fetcher(dataclasses.replace(settings, fetch_max_bytes=1_000_000)) as fetcher:
        with pytest.raises(TooLarge) as caught:
            await fetcher.fetch(f"{web_server}/hostile/endless")
    assert "1 MB" in caught.value.user_message


async def test_declared_50_megabyte_page_is_refused_before_reading(
    fetcher: Fetcher, web_server: str, web_site: FixtureSite
) -> None:
    with pytest.raises(TooLarge):
        await fetcher.fetch(f"{web_server}/hostile/huge")


async def test_undeclared_50_megabyte_page_is_cut_off_while_streaming(
    fetcher: Fetcher, web_server: str
) -> None:
    with pytest.raises(TooLarge, match="5 MB"):
        await fetcher.fetch(f"{web_server}/hostile/huge-undeclared")


async def test_server_that_never_answers_times_out(settings: Settings, web_server: str) -> None:
    quick = dataclasses.replace(settings, fetch_read_timeout=0.5, fetch_total_timeout=2.0)
    async with Fetcher(quick) as fetcher:
        with pytest.raises(Timeout) as caught:
            await fetcher.fetch(f"{web_server}/hostile/hang")
    assert "too long" in caught.value.user_message


async def test_total_timeout_stops_a_body_that_drips_forever(settings: Settings, web_server: str) -> None:
    quick = dataclasses.replace(settings, fetch_read_timeout=5.0, fetch_total_timeout=1.0)
    async with Fetcher(quick) as fetcher:
        with pytest.raises(Timeout):
            await fetcher.fetch(f"{web_server}/hostile/drip")


async def test_redirect_loop_is_refused(fetcher: Fetcher, web_server: str, web_site: FixtureSite) -> None:
    with pytest.raises(TooManyRedirects):
        await fetcher.fetch(f"{web_server}/hostile/loop")
    assert web_site.hits_under("/hostile/loop") == fetcher.settings.fetch_max_redirects + 1


async def test_redirect_is_followed_to_the_final_url(fetcher: Fetcher, web_server: str) -> None:
    result = await fetcher.fetch(f"{web_server}/redirect/pages/bbc.com__readability-bbc-1.html")
    assert result.url == f"{web_server}/pages/bbc.com__readability-bbc-1.html"


async def test_redirect_to_another_scheme_is_refused(fetcher: Fetcher, web_server: str) -> None:
    with pytest.raises(UnsupportedURL):
        await fetcher.fetch(f"{web_server}/hostile/to-ftp")


@pytest.mark.parametrize(
    ("path", "words"),
    [("pdf", "PDF"), ("image", "image"), ("pdf-as-html", "PDF"), ("binary", "binary")],
)
async def test_binary_content_gets_a_clear_refusal(
    fetcher: Fetcher, web_server: str, path: str, words: str
) -> None:
    with pytest.raises(UnsupportedContent) as caught:
        await fetcher.fetch(f"{web_server}/hostile/{path}")
    assert words in caught.value.user_message


async def test_error_status_carries_retry_after(fetcher: Fetcher, web_server: str) -> None:
    with pytest.raises(HTTPStatus) as caught:
        await fetcher.fetch(f"{web_server}/hostile/status/503")
    assert caught.value.status == 503
    assert caught.value.retry_after == 7200
    assert "503 Service Unavailable" in caught.value.user_message


async def test_conditional_request_gets_304(fetcher: Fetcher, web_server: str) -> None:
    url = f"{web_server}/feeds/golem.de.rss"
    first = await fetcher.fetch(url)
    again = await fetcher.fetch(url, etag=first.etag, last_modified=first.last_modified)
    assert first.status == 200 and first.etag
    assert again.not_modified and again.content == b""


async def test_requests_name_the_bot(settings: Settings) -> None:
    assert "briefbot" in USER_AGENT
    async with Fetcher(settings) as fetcher:
        assert fetcher.client.headers["user-agent"] == USER_AGENT


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://0x7f000001/",
        "http://2130706433/",
        "http://127.1/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://localhost./",
        "http://LOCALHOST:8080/",
        "http://10.0.0.5/",
        "http://192.168.1.1/",
        "http://0.0.0.0/",
        "http://224.0.0.1/",
    ],
)
async def test_guard_refuses_private_and_local_addresses(guarded: Settings, url: str) -> None:
    async with Fetcher(guarded) as fetcher:
        with pytest.raises(BlockedAddress) as caught:
            await fetcher.fetch(url)
    assert "private or local" in caught.value.user_message or "this machine" in caught.value.user_message


async def test_guard_refuses_the_fixture_server_itself(
    guarded: Settings, web_server: str, web_site: FixtureSite
) -> None:
    async with Fetcher(guarded) as fetcher:
        with pytest.raises(BlockedAddress):
            await fetcher.fetch(f"{web_server}/pages/lemonde.fr__readability-lemonde-1.html")
    assert web_site.hits_under("/pages/") == 0


@pytest.mark.parametrize("hop", ["to-metadata", "to-loopback"])
async def test_guard_rechecks_every_redirect_hop(guarded: Settings, web_server: str, hop: str) -> None:
    """The fixture server plays a public host; its redirect to an internal address must still be refused."""
    async with Fetcher(guarded, address_allowed=lambda ip: ip == "127.0.0.1") as fetcher:
        with pytest.raises(BlockedAddress):
            await fetcher.fetch(f"{web_server}/hostile/{hop}")


async def test_guard_checks_the_resolved_address_at_connect_time(
    guarded: Settings, web_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A public-looking name that resolves to 127.0.0.1 (DNS a socket test cannot fake) is refused."""
    loop = asyncio.get_running_loop()
    port = int(web_server.rsplit(":", 1)[1])

    async def fake_getaddrinfo(host: str, *args: object, **kwargs: object) -> list:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    monkeypatch.setattr(loop, "getaddrinfo", fake_getaddrinfo)
    async with Fetcher(guarded) as fetcher:
        with pytest.raises(BlockedAddress, match=r"127\.0\.0\.1"):
            await fetcher.fetch(
                f"http://news.example.com:{port}/pages/lemonde.fr__readability-lemonde-1.html"
            )


async def test_guard_connects_to_the_address_it_checked(
    guarded: Settings, web_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    loop = asyncio.get_running_loop()
    port = int(web_server.rsplit(":", 1)[1])

    async def fake_getaddrinfo(host: str, *args: object, **kwargs: object) -> list:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    monkeypatch.setattr(loop, "getaddrinfo", fake_getaddrinfo)
    async with Fetcher(guarded, address_allowed=lambda ip: ip == "127.0.0.1") as fetcher:
        result = await fetcher.fetch(f"http://news.example.com:{port}/pages/bbc.com__readability-bbc-1.html")
    assert "Obama" in result.text()


async def test_non_http_schemes_are_refused(fetcher: Fetcher) -> None:
    for url in ("file:///etc/passwd", "ftp://example.org/", "gopher://example.org/"):
        with pytest.raises(UnsupportedURL):
            await fetcher.fetch(url)


def test_address_classification() -> None:
    assert is_public_address("93.184.216.34")
    assert is_public_address("2606:2800:220:1:248:1893:25c8:1946")
    for address in (
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "169.254.169.254",
        "100.64.0.1",
        "::1",
        "fe80::1",
        "::ffff:10.0.0.1",
        "0.0.0.0",
        "ff02::1",
    ):
        assert not is_public_address(address), address
    assert literal_address("0x7f000001") == "127.0.0.1"
    assert literal_address("2130706433") == "127.0.0.1"
    assert literal_address("example.com") is None
