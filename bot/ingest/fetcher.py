"""Guarded HTTP for feeds and pages: one shared client, bounded bodies (decoded by bot.ingest.content_coding
under the size cap), no requests to private networks.

The SSRF guard runs where the socket is opened: the host is resolved, every address is checked, and the
connection goes to the checked address itself. A hostname that resolves differently a second later
(DNS rebinding) therefore cannot slip through, and every redirect hop to a new host is checked again.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import http
import ipaddress
import re
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Self

import httpcore
import httpx

from bot.errors import UserFacingError, quoted
from bot.ingest.content_coding import ACCEPT_ENCODING, BoundedBody, EncodingRefused, LimitExceeded
from bot.redact import has_credentials
from bot.settings import Settings
from summarizers import decode_html

USER_AGENT = "briefbot/0.1 (a Telegram news briefing bot; feed reader)"
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, "
    "text/xml;q=0.9, text/html;q=0.8, text/plain;q=0.5, */*;q=0.1"
)
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
TEXT_LIKE = re.compile(r"^(text/.*|.*[+/]xml|.*[+/]json|application/(xhtml\+xml|xml|json|rss|atom|rdf).*)$")
REFUSED_PREFIXES = ("image/", "audio/", "video/", "font/", "model/", "multipart/")
_MAX_AGE = re.compile(r"max-age\s*=\s*(\d+)", re.I)


class FetchError(UserFacingError):
    """A URL could not be fetched; `user_message` is one line a user can read."""

    reason = "could not fetch it"

    def __init__(self, url: str, detail: str | None = None) -> None:
        self.url = url
        self.detail = detail or self.reason
        super().__init__(f"{url}: {self.detail}")

    @property
    def user_message(self) -> str:
        return f"Cannot fetch {quoted(self.url)}: {self.detail}."


class UnsupportedURL(FetchError):
    reason = "only http and https links are supported"


class BlockedAddress(FetchError):
    reason = "it points to a private or local network address"


class TooLarge(FetchError):
    reason = "the response is too large"


class UnsupportedContent(FetchError):
    reason = "it is not a web page or a feed"


class UnreadableEncoding(FetchError):
    """Stacked, unknown or corrupt content codings: the user gets the reason, the logs `why` (via str)."""

    reason = "the site sent a response the bot cannot read safely"

    def __init__(self, url: str, why: str) -> None:
        super().__init__(url)
        self.why = why
        self.args = (f"{url}: {self.detail} ({why})",)


class CredentialsInAddress(FetchError):
    """An address (typed, or where a redirect leads) names a user or password. httpx would send them as
    Basic auth, and the address ends up shown and stored, so it is refused before any request."""

    reason = "it leads to an address with a user name or password, which I don't follow"


class TooManyRedirects(FetchError):
    reason = "it redirects too many times"


class Unreachable(FetchError):
    reason = "the server cannot be reached"


class Timeout(FetchError):
    reason = "the server took too long to answer"


class HTTPStatus(FetchError):
    def __init__(self, url: str, status: int, retry_after: float | None = None) -> None:
        self.status = status
        self.retry_after = retry_after
        super().__init__(url, f"the server answered {status} {_status_phrase(status)}".rstrip())


@dataclass(frozen=True, slots=True)
class FetchResult:
    url: str  # after redirects
    status: int  # 200-ish, or 304 when the conditional request matched
    content: bytes
    media_type: str  # "text/html", "" when the server sent none
    charset: str | None  # from the Content-Type header
    etag: str | None = None
    last_modified: str | None = None
    max_age: int | None = None  # Cache-Control max-age, seconds

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def text(self) -> str:
        """The body as text, trusting valid UTF-8 over a wrong declared charset."""
        return decode_html(self.content, self.charset)


def is_public_address(address: str) -> bool:
    """False for loopback, private, link-local, multicast, unspecified, reserved and shared addresses.

    An IPv6 address that carries an IPv4 address to its destination is judged by that IPv4 address (by
    every one it may carry): ::ffff:127.0.0.1 and 64:ff9b::7f00:1 both reach 127.0.0.1."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if (carried := embedded_ipv4(ip)) is not None:
            return all(_is_public(v4) for v4 in carried)
        isatap = _isatap_ipv4(ip)
        if isatap is not None and not _is_public(isatap):
            return False
    return _is_public(ip)


def embedded_ipv4(ip: ipaddress.IPv6Address) -> tuple[ipaddress.IPv4Address, ...] | None:
    """The IPv4 addresses an IPv6 address is translated or tunnelled to, or None when it is plain IPv6.

    IPv4-mapped and -compatible (RFC 4291), SIIT (RFC 2765), NAT64 (RFC 6052: the well-known /96; in the
    local-use /48 of RFC 8215 the IPv4 address sits where the operator's prefix length puts it, so every
    position counts), 6to4 (RFC 3056) and Teredo (RFC 4380: its server and its client)."""
    value = int(ip)
    for network, layouts in _EMBEDDING_NETWORKS:
        if ip in network:
            return tuple(ipaddress.IPv4Address(_bits_at(value, spans)) for spans in layouts)
    if ip.sixtofour is not None:
        return (ip.sixtofour,)
    if ip.teredo is not None:
        return ip.teredo
    return None


def _bits_at(value: int, spans: tuple[tuple[int, int], ...]) -> int:
    """The 32 bits of an IPv4 address taken from `value` at (first bit, bit count) spans, bit 0 leftmost."""
    result = 0
    for first, count in spans:
        result = result << count | (value >> (128 - first - count)) & ((1 << count) - 1)
    return result


# RFC 6052 positions of the IPv4 address after a NAT64 prefix of each length (bits 64-71 are skipped).
_NAT64_LAYOUTS = {
    48: ((48, 16), (72, 16)),
    56: ((56, 8), (72, 24)),
    64: ((72, 32),),
    96: ((96, 32),),
}
_EMBEDDING_NETWORKS = (
    (ipaddress.IPv6Network("::ffff:0:0/96"), (_NAT64_LAYOUTS[96],)),  # IPv4-mapped
    (ipaddress.IPv6Network("::/96"), (_NAT64_LAYOUTS[96],)),  # IPv4-compatible, also :: and ::1
    (ipaddress.IPv6Network("::ffff:0:0:0/96"), (_NAT64_LAYOUTS[96],)),  # SIIT IPv4-translated
    (ipaddress.IPv6Network("64:ff9b::/96"), (_NAT64_LAYOUTS[96],)),
    (ipaddress.IPv6Network("64:ff9b:1::/48"), tuple(_NAT64_LAYOUTS.values())),
)


def _isatap_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 tunnel end of an ISATAP interface identifier (::0:5efe:a.b.c.d or ::200:5efe:a.b.c.d)."""
    if (int(ip) >> 32) & 0xFDFF_FFFF == 0x5EFE:
        return ipaddress.IPv4Address(int(ip) & 0xFFFF_FFFF)
    return None


def _is_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return ip.is_global and not ip.is_multicast


def literal_address(host: str) -> str | None:
    """The IP a host names literally, including the forms `2130706433`, `0x7f000001` and `127.1`."""
    host = host.strip("[]")
    try:
        return str(ipaddress.ip_address(host.split("%", 1)[0]))
    except ValueError:
        pass
    if re.fullmatch(r"[0-9a-fA-FxX.]+", host):
        try:
            return socket.inet_ntoa(socket.inet_aton(host))
        except OSError:
            return None
    return None


async def resolve_allowed(
    host: str, port: int, address_allowed: Callable[[str], bool] = is_public_address
) -> list[str]:
    """Every address of `host`, or BlockedAddress if any of them is not allowed (not public)."""
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise Unreachable(host, f"the name {host} does not resolve") from exc
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    blocked = [a for a in addresses if not address_allowed(a)]
    if blocked:
        raise BlockedAddress(host, f"{host} resolves to {blocked[0]}, a private or local network address")
    return addresses


class GuardedNetworkBackend(httpcore.AsyncNetworkBackend):
    """Opens TCP connections only to public addresses, connecting to the very address it checked."""

    def __init__(
        self, *, allow_private: bool, address_allowed: Callable[[str], bool] = is_public_address
    ) -> None:
        self._inner = httpcore.AnyIOBackend()
        self._allow_private = allow_private
        self._address_allowed = address_allowed

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        if self._allow_private:
            return await self._inner.connect_tcp(host, port, timeout, local_address, socket_options)
        last_error: Exception | None = None
        for address in await resolve_allowed(host, port, self._address_allowed):
            try:
                return await self._inner.connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last_error = exc
        raise last_error or httpcore.ConnectError(f"no address for {host}")

    async def connect_unix_socket(self, path: str, timeout: float | None = None, socket_options: Any = None):  # type: ignore[no-untyped-def]
        raise httpcore.ConnectError("unix sockets are not used")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def _guarded_transport(
    settings: Settings, limits: httpx.Limits, address_allowed: Callable[[str], bool]
) -> httpx.AsyncHTTPTransport:
    transport = httpx.AsyncHTTPTransport(limits=limits, trust_env=False, retries=0)
    # httpx has no public hook for the network backend; the pool is rebuilt with the guarded one.
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=httpx.create_ssl_context(),
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        http1=True,
        http2=False,
        network_backend=GuardedNetworkBackend(
            allow_private=settings.fetch_allow_private, address_allowed=address_allowed
        ),
    )
    return transport


class Fetcher:
    """The one HTTP client of the process. Use `async with Fetcher(settings) as fetcher`."""

    def __init__(
        self,
        settings: Settings,
        *,
        max_connections: int = 100,
        address_allowed: Callable[[str], bool] = is_public_address,
    ) -> None:
        """`address_allowed` is the guard's policy (used unless FETCH_ALLOW_PRIVATE); tests may narrow it."""
        self.settings = settings
        self._address_allowed = address_allowed
        limits = httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections // 2)
        self.client = httpx.AsyncClient(
            transport=_guarded_transport(settings, limits, address_allowed),
            timeout=httpx.Timeout(
                connect=settings.fetch_connect_timeout,
                read=settings.fetch_read_timeout,
                write=settings.fetch_read_timeout,
                pool=settings.fetch_total_timeout,
            ),
            headers={"User-Agent": USER_AGENT, "Accept": ACCEPT, "Accept-Encoding": ACCEPT_ENCODING},
            follow_redirects=False,
            trust_env=False,
        )

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *_: type[BaseException] | BaseException | TracebackType | None) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self.client.aclose()

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        max_bytes: int | None = None,
    ) -> FetchResult:
        """GET a feed or page, following redirects (each hop re-checked); raises a FetchError subclass."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        limit = max_bytes or self.settings.fetch_max_bytes
        try:
            async with asyncio.timeout(self.settings.fetch_total_timeout):
                return await self._follow(url, headers, limit)
        except TimeoutError as exc:
            raise Timeout(url) from exc

    async def _follow(self, url: str, headers: dict[str, str], limit: int) -> FetchResult:
        current = url
        for _hop in range(self.settings.fetch_max_redirects + 1):
            target = self._checked(current, original=url)
            try:
                response = await self.client.send(
                    self.client.build_request("GET", target, headers=headers), stream=True
                )
            except httpx.TimeoutException as exc:
                raise Timeout(url) from exc
            except httpx.HTTPError as exc:
                raise Unreachable(url) from exc
            except (BlockedAddress, Unreachable) as exc:  # raised by the guard while connecting
                raise type(exc)(url, exc.detail) from exc
            try:
                location = response.headers.get("location")
                if response.status_code in REDIRECT_STATUSES and location:
                    current = str(response.url.join(location))
                    continue
                return await self._read(url, response, limit)
            except httpx.TimeoutException as exc:
                raise Timeout(url) from exc
            except httpx.HTTPError as exc:
                raise Unreachable(url, "the connection broke off") from exc
            finally:
                await response.aclose()
        raise TooManyRedirects(url)

    def _checked(self, url: str, *, original: str) -> httpx.URL:
        try:
            parsed = httpx.URL(url)
        except httpx.InvalidURL as exc:
            raise UnsupportedURL(original, "the link is not a valid URL") from exc
        if parsed.scheme not in {"http", "https"} or not parsed.host:
            raise UnsupportedURL(original)
        if has_credentials(url):
            raise CredentialsInAddress(original)
        if not self.settings.fetch_allow_private:
            if _is_localhost_name(parsed.host):
                raise BlockedAddress(original, f"{parsed.host} is this machine")
            address = literal_address(parsed.host)
            if address is not None and not self._address_allowed(address):
                raise BlockedAddress(original, f"it points to {address}, a private or local network address")
        return parsed

    async def _read(self, url: str, response: httpx.Response, limit: int) -> FetchResult:
        status = response.status_code
        if status >= 400:
            raise HTTPStatus(url, status, retry_after_seconds(response.headers.get("retry-after")))
        media_type, charset = _content_type(response.headers.get("content-type", ""))
        if media_type and (media_type.startswith(REFUSED_PREFIXES) or not TEXT_LIKE.match(media_type)):
            raise UnsupportedContent(url, f"it is {_describe(media_type)}, not a web page or a feed")
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise TooLarge(url, f"it is larger than {_megabytes(limit)}")
        content = b"" if status == 304 else await _bounded_content(url, response, limit)
        if content[:4096].lstrip()[:5] == b"%PDF-":
            raise UnsupportedContent(url, "it is a PDF document, not a web page or a feed")
        if b"\x00" in content[:1024] and not content.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise UnsupportedContent(url, "it is binary data, not a web page or a feed")
        cache = _MAX_AGE.search(response.headers.get("cache-control", ""))
        return FetchResult(
            url=str(response.url),
            status=status,
            content=content,
            media_type=media_type,
            charset=charset,
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
            max_age=int(cache.group(1)) if cache else None,
        )


async def _bounded_content(url: str, response: httpx.Response, limit: int) -> bytes:
    """The body decoded by us from the raw stream, never more than `limit` bytes in or out."""
    try:
        body = BoundedBody(response.headers.get("content-encoding", ""), limit)
        async for chunk in response.aiter_raw():
            body.feed(chunk)
        return body.content()
    except LimitExceeded as exc:
        raise TooLarge(url, f"it is larger than {_megabytes(limit)}") from exc
    except EncodingRefused as exc:
        raise UnreadableEncoding(url, str(exc)) from exc


def _is_localhost_name(host: str) -> bool:
    name = host.rstrip(".").lower()
    return name == "localhost" or name.endswith(".localhost")


def retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds from now: either a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


def _content_type(header: str) -> tuple[str, str | None]:
    media, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    return media.strip().lower(), charset


def _describe(media_type: str) -> str:
    if media_type == "application/pdf":
        return "a PDF document"
    if media_type.startswith("image/"):
        return "an image"
    if media_type.startswith(("audio/", "video/")):
        return "audio or video"
    return f"binary content ({media_type})"


def _megabytes(limit: int) -> str:
    return f"{limit / 1_000_000:g} MB"


def _status_phrase(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return ""
