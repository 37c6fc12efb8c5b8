"""Secrets never reach the logs or a chat.

Two kinds are masked:
- the operator's secrets (bot token, webhook secret, database password), in every form a log line can hold
  them: raw, percent-encoded (either case of hex, `+` for a space, encoded twice), and JSON- or
  repr-escaped. PTB percent-encodes a file download URL, so the token shows up as `123%3AABC` there.
- what a URL itself carries: the password of its user info (`http://user:***@host/`) and the values of
  query parameters named like keys (`?api_key=***`). `mask_urls` is the one function for that: the log
  formatter applies it to every line, and every reply and CLI output that shows a URL goes through it.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from urllib.parse import urlsplit, urlunsplit

MASK = "<redacted>"
HIDDEN = "***"
# A secret this short cannot be told from ordinary words, and masking it would garble every line; such a
# secret is guessable anyway. URLs still have their passwords masked whatever their length.
MIN_SECRET_CHARS = 4
KEY_NAMES = frozenset({"pass", "pw", "session", "sessionid", "jwt", "hmac"})
KEY_NAME_ENDINGS = (
    "key", "token", "secret", "password", "passwd", "pwd", "signature", "sig", "auth", "credential",
    "credentials",
)  # fmt: skip
# scheme://userinfo@ : greedy up to the netloc's last '@', as urlsplit reads it
_USERINFO = re.compile(r"(?i)(\b[a-z][a-z0-9+.\-]*://)([^\s/?#<>\"'\\]*)@")
_QUERY_PARAMETER = re.compile(r"([?&;])([^=&#;?\s\"'<>]+)=([^&#;\s\"'<>\\]*)")


def mask_urls(text: str) -> str:
    """`text` with every URL's password and every key-like query value replaced by ***."""
    if "@" in text:
        text = _USERINFO.sub(_mask_userinfo, text)
    if "=" in text:
        text = _QUERY_PARAMETER.sub(_mask_parameter, text)
    return text


_URL = re.compile(r"(?i)\b[a-z][a-z0-9+.\-]*://\S+")


def hide_urls(text: str, shown: str = "…") -> str:
    """`text` with every URL replaced by `shown`: an error line told to someone who may not see addresses."""
    return _URL.sub(shown, text) if "://" in text else text


def has_credentials(url: str) -> bool:
    """True when the URL names a user or a password (`http://user:pass@host/`), as any URL parser reads it."""
    url = url.strip()
    if _USERINFO.match(url):
        return True
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return "@" in parts.netloc


def without_credentials(url: str) -> str:
    """`url` with its user info removed: `http://user:pass@host/feed` -> `http://host/feed`."""
    parts = urlsplit(url.strip())
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def is_key_name(name: str) -> bool:
    """Query parameter names that hold keys: api_key, apiKey, access_token, X-Amz-Signature, sig..."""
    plain = re.sub(r"[^a-z0-9]", "", name.lower())
    return plain in KEY_NAMES or plain.endswith(KEY_NAME_ENDINGS)


def _mask_userinfo(match: re.Match[str]) -> str:
    scheme, userinfo = match.group(1), match.group(2)
    if HIDDEN in userinfo:
        return match.group(0)
    user, colon, _ = userinfo.partition(":")
    return f"{scheme}{user}:{HIDDEN}@" if colon else f"{scheme}{HIDDEN}@"  # a lone user may be a token


def _mask_parameter(match: re.Match[str]) -> str:
    separator, name, value = match.groups()
    if not value or value == HIDDEN or not is_key_name(name.removeprefix("amp;")):
        return match.group(0)
    return f"{separator}{name}={HIDDEN}"


def secret_pattern(secret: str) -> re.Pattern[str]:
    """Matches `secret` in any encoding a log line may hold it in, character by character."""
    return re.compile("".join(_character_forms(char) for char in secret))


def _character_forms(char: str) -> str:
    forms = ["".join(f"%(?:25)?{_hex(byte, 2)}" for byte in char.encode())]
    code = ord(char)
    if code < 0x10000:
        forms.append(rf"\\u{_hex(code, 4)}")
    else:
        high, low = 0xD800 + ((code - 0x10000) >> 10), 0xDC00 + ((code - 0x10000) & 0x3FF)
        forms.append(rf"\\u{_hex(high, 4)}\\u{_hex(low, 4)}")
    # what JSON writes for it (\" \\ \n \b), some encoders' \/, and what %r writes (\x1f \u200b, and \'
    # in a string that also holds a '"': the added '"' makes repr quote with ' and escape it)
    as_repr = repr(char + '"')[1:-2]
    for escaped in dict.fromkeys((json.dumps(char)[1:-1], as_repr, "\\/" if char == "/" else char)):
        if escaped != char:
            forms.append(re.escape(escaped))
    if char == " ":
        forms.append(r"\+")
    forms.append(re.escape(char))  # last: an escape that starts with the character itself wins
    return f"(?:{'|'.join(forms)})"


def _hex(number: int, width: int) -> str:
    """Either case of each hex letter: `%3a` and `%3A` both decode to ':'."""
    return "".join(f"[{d.lower()}{d.upper()}]" if d.isalpha() else d for d in f"{number:0{width}x}")


class Redactor:
    """Masks the given secrets in all their encodings, then what URLs carry (`mask_urls`)."""

    def __init__(self, secrets: Iterable[str | None]) -> None:
        kept = sorted({s for s in secrets if s and len(s) >= MIN_SECRET_CHARS}, key=len, reverse=True)
        self.patterns = [secret_pattern(secret) for secret in kept]

    def __call__(self, text: str) -> str:
        for pattern in self.patterns:
            text = pattern.sub(MASK, text)
        return mask_urls(text)


def operator_secrets(
    token: str | None, webhook_secret: str | None, database_password: str | None
) -> list[str]:
    """The token, its secret half on its own (the part after the bot id), the webhook secret and the
    database password."""
    secrets = [token, webhook_secret, database_password]
    if token and ":" in token:
        secrets.append(token.split(":", 1)[1])
    return [s for s in secrets if s]


class RedactingFormatter(logging.Formatter):
    """Formats as the formatter it wraps, then masks the finished line, traceback included."""

    def __init__(self, inner: logging.Formatter, redactor: Redactor) -> None:
        super().__init__()
        self.inner = inner
        self.redactor = redactor

    def format(self, record: logging.LogRecord) -> str:
        return self.redactor(self.inner.format(record))


def hide_secrets_in_logs(*secrets: str | None, logger: logging.Logger | None = None) -> None:
    """Wrap the formatter of every handler of `logger` (default: the root logger)."""
    redactor = Redactor(secrets)
    for handler in (logger or logging.getLogger()).handlers:
        inner = handler.formatter or logging.Formatter()
        if isinstance(inner, RedactingFormatter):
            inner = inner.inner
        handler.setFormatter(RedactingFormatter(inner, redactor))
