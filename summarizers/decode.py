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

    UTF-8 is taken as UTF-8 whatever the page declares, even with a few broken bytes (see `utf8_text`):
    pages that declare euc-kr or iso-8859-1 while sending UTF-8 are common, and legacy-encoded text is
    almost never valid UTF-8 by accident. Otherwise the HTTP charset, then the <meta> charset, then
    detection.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    match = _META_CHARSET.search(data[:4096])
    meta = match.group(1).decode("ascii", "ignore") if match else None
    text = utf8_text(data, declared_utf8=_names_utf8(declared) or _names_utf8(meta))
    if text is not None:
        return text
    for candidate in (declared, meta):
        if candidate and not _names_utf8(candidate):
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


def utf8_text(data: bytes, *, declared_utf8: bool = False) -> str | None:
    """`data` as text when it is UTF-8, allowing a few broken bytes (each run becomes U+FFFD); else None.

    One bad byte must not send a whole UTF-8 document to a legacy code page (every "€" then reads "â‚¬").
    Legacy text is rarely UTF-8 by accident: windows-125x and ISO-8859 text has next to no valid
    multi-byte sequences, and even GBK text, whose byte pairs sometimes form one, has one for every three
    broken ones (the GB2312 fixture feeds and the GBK page that declares UTF-8). So the bytes are UTF-8
    when nine in ten of their non-ASCII sequences are valid, or, if the document says it is UTF-8, when
    at least half of them are.
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16
        return None
    replaced = data.decode("utf-8", "replace")
    kept = data.decode("utf-8", "ignore")
    broken = len(replaced) - len(kept)
    valid = len(kept) - len(kept.encode("ascii", "ignore"))
    if valid >= 9 * broken or (declared_utf8 and valid >= broken):
        return replaced
    return None


def _names_utf8(charset: str | None) -> bool:
    return charset is not None and charset.strip().lower().replace("_", "-") in {"utf-8", "utf8"}
