"""`briefbot brief` and `briefbot timeline`: the engine from the command line."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from bot.ingest.sources import SourceError, read_source
from bot.settings import Settings
from bot.stories import stories_among
from summarizers.briefing import ALGORITHMS, Briefing, BriefingError
from summarizers.timeline import Timeline, TimelineEntry, build_timeline, query_forms


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "brief",
        help="brief one article (URL, .html file, text file or - for stdin)",
        description="Print the briefing of one article: summary, key entities and dated events.",
    )
    p.add_argument("source", metavar="SOURCE", help="http(s) URL, .html/.htm file, text file, or - for stdin")
    p.add_argument(
        "--json", action="store_true", help="print the briefing as JSON (shapes in ../shared/docs/DESIGN.md)"
    )
    p.add_argument("--sentences", type=int, default=None, metavar="N", help="summary sentences (default 3)")
    p.add_argument(
        "--algorithm",
        default="default",
        choices=ALGORITHMS,
        metavar="NAME",
        help="ranking method: " + ", ".join(ALGORITHMS),
    )
    p.add_argument("--language", default=None, metavar="CODE", help="ISO 639-1 code; detected when omitted")
    p.add_argument(
        "--published",
        type=_iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="publication date, the anchor for relative dates",
    )
    p.set_defaults(handler=run_brief)

    t = sub.add_parser(
        "timeline",
        help="the dated events of several articles, merged and in date order",
        description="Brief each SOURCE and print their dated events, merged across sources, in date order.",
    )
    t.add_argument("sources", nargs="+", metavar="SOURCE", help="URLs, .html files or text files")
    t.add_argument("--query", default=None, metavar="TEXT", help="only events about this entity or keyword")
    t.add_argument(
        "--sentences",
        action="store_true",
        help="print each event's whole sentence instead of its short label",
    )
    t.add_argument(
        "--json", action="store_true", help="print the timeline as JSON (shapes in ../shared/docs/DESIGN.md)"
    )
    t.set_defaults(handler=run_timeline)


def _iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {value!r}") from exc


def brief_source(source: str, settings: Settings, **options: object) -> Briefing:
    """Read SOURCE and brief it as HTML or as plain text, whichever it is."""
    from summarizers import brief, brief_html  # the engine: loaded by the commands that brief, not by `run`

    doc = read_source(source, settings)
    if doc.is_html:
        return brief_html(doc.content, url=doc.url, **options)  # type: ignore[arg-type]
    return brief(doc.text(), url=doc.url, **options)  # type: ignore[arg-type]


def run_brief(args: argparse.Namespace, settings: Settings) -> int:
    try:
        briefing = brief_source(
            args.source,
            settings,
            sentences=args.sentences,
            algorithm=args.algorithm,
            language=args.language,
            published=args.published,
        )
    except (SourceError, BriefingError) as exc:
        print(f"briefbot: cannot brief {args.source}: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(briefing.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_briefing(briefing))
    return 0


def run_timeline(args: argparse.Namespace, settings: Settings) -> int:
    briefings = []
    for source in args.sources:
        try:
            briefings.append(brief_source(source, settings))
        except (SourceError, BriefingError) as exc:
            print(f"briefbot: skipping {source}: {exc}", file=sys.stderr)
    if not briefings:
        print("briefbot: no source could be briefed", file=sys.stderr)
        return 1
    timeline = timeline_of(briefings, args.query)
    if args.json:
        print(json.dumps(timeline.to_dict(), ensure_ascii=False, indent=2))
        return 0
    if not timeline.entries:
        print("No dated events" + (f" about {args.query!r}." if args.query else "."))
    for entry in timeline.entries:
        print(format_entry(entry, sentences=args.sentences))
    return 0


def format_entry(entry: TimelineEntry, *, sentences: bool = False) -> str:
    """Its date, what happened (the short label, or the whole sentence), and the reporting sources."""
    what = entry.text if sentences else (entry.event_label or entry.text)
    scheduled = " (scheduled)" if entry.expected else ""
    titles = ", ".join(s.title or s.url or "?" for s in entry.sources)
    return f"{entry.label():>18}  {what}{scheduled}\n{'':>18}  ({titles})"


def timeline_of(briefings: list[Briefing], query: str | None) -> Timeline:
    """With a query: the articles it names (entity, alias or text), with every other report of their
    stories among the given sources, all their events; without one, every event."""
    if not query or not query.strip():
        return build_timeline(briefings)
    story = stories_among(briefings)
    chosen = {story[n] for n, b in enumerate(briefings) if query_forms(b, query) is not None}
    selected = [b for n, b in enumerate(briefings) if story[n] in chosen]
    return build_timeline(selected, query=query, whole_articles=True)


def format_briefing(b: Briefing) -> str:
    """A readable plain-text briefing for the terminal."""
    head = [b.title or "(untitled)"]
    meta = " · ".join(
        x for x in (b.source, b.published.isoformat() if b.published else None, b.language) if x
    )
    if meta:
        head.append(meta + (" (date inferred)" if b.published_inferred else ""))
    if b.url:
        head.append(b.url)
    lines = [*head, "", "Summary:"]
    lines += [f"  • {s.text}" for s in b.summary]
    by_type: dict[str, list[str]] = {}
    for e in b.entities:
        by_type.setdefault(e.type, []).append(e.name)
    labels = {"person": "People", "organization": "Organisations", "place": "Places", "other": "Other"}
    if by_type:
        lines += ["", *[f"{labels[t]}: {', '.join(n[:8])}" for t, n in by_type.items() if t in labels]]
    if b.events:
        lines += ["", "Dated events:"]
        lines += [f"  {e.date}{'..' + e.end if e.end else ''}  {e.expression}: {e.text}" for e in b.events]
    if b.notes:
        lines += ["", *[f"Note: {n}" for n in b.notes]]
    return "\n".join(lines)
