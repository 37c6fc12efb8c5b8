"""The SSRF guard against IPv6 forms that carry an IPv4 address: each is judged by the IPv4 address it
reaches, in the address classification and through the real Fetcher."""

from __future__ import annotations

import asyncio
import dataclasses
import ipaddress
import socket

import pytest

from bot.ingest.fetcher import BlockedAddress, Fetcher, embedded_ipv4, is_public_address
from bot.settings import Settings
from tests.servers.web import FixtureSite

PUBLIC_V4 = "93.184.216.34"

CARRY_PRIVATE = [
    "::ffff:127.0.0.1",  # IPv4-mapped
    "::ffff:a9fe:a9fe",  # IPv4-mapped, the cloud metadata address
    "::127.0.0.1",  # IPv4-compatible (deprecated, still routed by some stacks)
    "::10.0.0.5",
    "::169.254.169.254",
    "::ffff:0:127.0.0.1",  # SIIT IPv4-translated
    "64:ff9b::127.0.0.1",  # NAT64 well-known prefix
    "64:ff9b::10.1.2.3",
    "64:ff9b::169.254.169.254",
    "64:ff9b::192.168.1.1",
    "64:ff9b:1::7f00:1",  # NAT64 local-use prefix, /96 layout
    "64:ff9b:1:7f00:0:100::",  # the same prefix, /48 layout: 127.0.0.1
    "2002:7f00:1::1",  # 6to4 of 127.0.0.1
    "2002:a9fe:a9fe::1",  # 6to4 of 169.254.169.254
    "2001:0:4136:e378:8000:63bf:f5ff:fffe",  # Teredo, client 10.0.0.1
    "2001:0:7f00:1:8000:63bf:a2ff:fffe",  # Teredo, server 127.0.0.1
    "2606:2800:220:1:0:5efe:7f00:1",  # ISATAP tunnel end 127.0.0.1
]
CARRY_PUBLIC = [
    f"::ffff:{PUBLIC_V4}",
    f"64:ff9b::{PUBLIC_V4}",
    "2002:5db8:d822::1",
    "2001:0:5db8:d822:8000:63bf:a2ff:fffe",  # Teredo, server and client public
    f"2606:2800:220:1:200:5efe:{PUBLIC_V4}",
]


@pytest.mark.parametrize("address", CARRY_PRIVATE)
def test_ipv6_that_carries_a_private_ipv4_is_not_public(address: str) -> None:
    assert not is_public_address(address)


@pytest.mark.parametrize("address", CARRY_PUBLIC)
def test_ipv6_that_carries_a_public_ipv4_is_judged_by_it(address: str) -> None:
    assert is_public_address(address)


def test_every_carried_ipv4_is_found() -> None:
    v4 = ipaddress.IPv4Address
    assert embedded_ipv4(ipaddress.IPv6Address("64:ff9b::7f00:1")) == (v4("127.0.0.1"),)
    assert embedded_ipv4(ipaddress.IPv6Address("::7f00:1")) == (v4("127.0.0.1"),)
    assert embedded_ipv4(ipaddress.IPv6Address("2002:7f00:1::1")) == (v4("127.0.0.1"),)
    teredo = embedded_ipv4(ipaddress.IPv6Address("2001:0:4136:e378:8000:63bf:3fff:fdd2"))
    assert teredo == (v4("65.54.227.120"), v4("192.0.2.45"))
    assert v4("127.0.0.1") in embedded_ipv4(ipaddress.IPv6Address("64:ff9b:1:7f00:0:100::"))  # type: ignore[operator]
    assert embedded_ipv4(ipaddress.IPv6Address("2606:2800:220:1:248:1893:25c8:1946")) is None


@pytest.fixture
def guarded(settings: Settings) -> Settings:
    return dataclasses.replace(settings, fetch_allow_private=False)


@pytest.mark.parametrize(
    "host", ["[64:ff9b::127.0.0.1]", "[::127.0.0.1]", "[64:ff9b::a9fe:a9fe]", "[2002:7f00:1::1]"]
)
async def test_fetcher_refuses_a_literal_ipv6_url_that_reaches_a_private_ipv4(
    guarded: Settings, host: str
) -> None:
    async with Fetcher(guarded) as fetcher:
        with pytest.raises(BlockedAddress) as caught:
            await fetcher.fetch(f"http://{host}/latest/meta-data/")
    assert "private or local network address" in caught.value.user_message


async def test_fetcher_refuses_a_name_that_resolves_to_nat64_of_loopback(
    guarded: Settings, web_server: str, web_site: FixtureSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DNS64 answers cannot be produced here, so getaddrinfo is replaced: the name resolves to the NAT64
    form of the fixture server's own address, which the guard must refuse before connecting."""
    loop = asyncio.get_running_loop()
    port = int(web_server.rsplit(":", 1)[1])

    async def dns64(host: str, *args: object, **kwargs: object) -> list:
        return [(socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("64:ff9b::7f00:1", port, 0, 0))]

    monkeypatch.setattr(loop, "getaddrinfo", dns64)
    async with Fetcher(guarded) as fetcher:
        with pytest.raises(BlockedAddress, match="64:ff9b::7f00:1"):
            await fetcher.fetch(f"http://news.example.com:{port}/pages/bbc.com__readability-bbc-1.html")
    assert web_site.hits_under("/pages/") == 0
