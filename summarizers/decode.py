"""Page bytes -> text, without trusting a wrong <meta> charset. Light on purpose: the bot's main process
decodes feeds and pages with it and must not import the extraction stack (trafilatura) to do so."""

from __future__ import annotations

import re

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w:.-]+)""", re.I)
_LEGACY_ALIASES = {
    "iso-8859-1": "windows-1252",
    "latin1": "windows-1252",
    "gb2312": "gb18030",
    "gbk": "gb18030",
}


def decode_html(data: bytes, declared: str | None = None) -> str:
    """Decode page bytes without trusting a wrong <meta> charset.

    Valid UTF-8 is taken as UTF-8 whatever the page declares: pages that declare euc-kr or iso-8859-1
    while sending UTF-8 are common, and legacy-encoded text is almost never valid UTF-8 by accident.
    Otherwise the HTTP charset, then the <meta> charset, then detection.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    match = _META_CHARSET.search(data[:4096])
    for candidate in (declared, match.group(1).decode("ascii", "ignore") if match else None):
        if candidate and candidate.lower() not in {"utf-8", "utf8"}:
            name = _LEGACY_ALIASES.get(candidate.lower(), candidate)
            try:
                return data.decode(name)
            except (LookupError, UnicodeDecodeError):
                continue
    from charset_normalizer import from_bytes  # only for bytes no declared charset decodes

    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        return data.decode(best.encoding, errors="replace")
    return data.decode("utf-8", errors="replace")
