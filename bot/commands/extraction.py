"""`briefbot extract`: the text a briefing is built on, as the engine reads it from a page or a file."""

from __future__ import annotations

import argparse
import json
import sys

from bot.ingest.sources import SourceError, read_source
from bot.settings import Settings
from summarizers.briefing import Article, BriefingError


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "extract",
        help="print the text a briefing of one article is built on (URL, .html file, text file or -)",
        description=(
            "Print the title, publication date, language and text a briefing of SOURCE is built on: for a "
            "page, its article as its structure gives it (lead first, captions, credits, bylines and "
            "related links removed); for plain text, the text without page furniture."
        ),
    )
    p.add_argument("source", metavar="SOURCE", help="http(s) URL, .html/.htm file, text file, or - for stdin")
    p.add_argument(
        "--json",
        action="store_true",
        help="print JSON: title, url, source, published, language, lead, text",
    )
    p.add_argument("--language", default=None, metavar="CODE", help="ISO 639-1 code; detected when omitted")
    p.set_defaults(handler=run_extract)


def extract_source(source: str, settings: Settings, *, language: str | None = None) -> Article:
    """Read SOURCE and give the text a briefing of it is built on, as HTML or as plain text."""
    from summarizers.decode import decode_html  # the engine: loaded by the commands that use it
    from summarizers.pipeline import article_text, text_article

    doc = read_source(source, settings)
    if doc.is_html:
        return article_text(decode_html(doc.content, doc.charset), url=doc.url, language=language)
    return text_article(doc.text(), url=doc.url, language=language)


def run_extract(args: argparse.Namespace, settings: Settings) -> int:
    try:
        article = extract_source(args.source, settings, language=args.language)
    except (SourceError, BriefingError) as exc:
        print(f"briefbot: cannot extract {args.source}: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(article.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_article(article))
    return 0


def format_article(article: Article) -> str:
    """Title, a line of what is known about it, then the text."""
    meta = " · ".join(
        x
        for x in (
            article.source,
            article.published.isoformat() if article.published else "date unknown",
            article.language or "language unknown",
        )
        if x
    )
    head = [article.title or "(untitled)", meta, *([article.url] if article.url else [])]
    return "\n".join([*head, "", article.text])
