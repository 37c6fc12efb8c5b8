"""Timeline benchmark: `TimelineService.for_query` end to end over 10,000 stored articles, with story
expansion on (each selected article brings the other reports of its story) and off, and the
salience of trimmed timelines (date-frequency baseline against the default ranker) on the
multi-article set of tests/summarizers/timeline_set.py (bench/timeline_quality.py also measures labels).

Run from the repository root:
    .venv/bin/python bench/timeline.py [--articles 10000] [--runs 20] [--database-url URL]
It prints tables; it asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

from bench.timeline_quality import salience_table  # noqa: E402
from bot.store import open_database, upgrade_database  # noqa: E402
from bot.store.story_tables import ArticleStory  # noqa: E402
from bot.store.tables import Article, BriefingRow  # noqa: E402
from bot.stories import stories_among  # noqa: E402
from bot.timelines import TimelineService  # noqa: E402
from summarizers import Briefing, brief  # noqa: E402
from tests.summarizers.timeline_set import story_briefings, unrelated_briefings  # noqa: E402

QUERIES = ("Abe", "Shinzo Abe", "Amazon", "government", "Putin", "nobody-at-all")
BBC_ARTICLES = 30  # real BBC News articles briefed as further variety (5 categories)
STORY_SPAN = 3  # copies from this many consecutive cycles of the base set share one story


def base_briefings() -> list[Briefing]:
    """Real briefings: the Abe story set, five unrelated fixture pages, and BBC News articles."""
    briefings = [*story_briefings(), *unrelated_briefings()]
    rows = [json.loads(line) for line in (SHARED / "data" / "bbc_news_summary.jsonl").open()]
    step = max(1, len(rows) // BBC_ARTICLES)
    for row in rows[::step][:BBC_ARTICLES]:
        briefings.append(
            brief(
                row["text"],
                title=row["title"],
                url=f"https://bbc.example/{row['id']}",
                published=dt.date(2005, 3, 1),
            )
        )
    return briefings


async def fill_store(database_url: str, briefings: list[Briefing], count: int) -> None:
    """`count` articles cycling through the real briefings, each with its own URL and publication day,
    each in a story: the base briefings are grouped by the real rules (the three Abe reports are one
    story), and copies from STORY_SPAN consecutive cycles join the same story, so a story has 3 to 9
    reports."""
    database = open_database(database_url)
    await upgrade_database(database)
    base_story = stories_among(briefings)
    first_of: dict[tuple[str, int], int] = {}
    articles, rows, stories = [], [], []
    for n in range(count):
        key = (base_story[n % len(briefings)], n // len(briefings) // STORY_SPAN)
        story_id = first_of.setdefault(key, n + 1)
        stories.append(
            {
                "article_id": n + 1,
                "story_id": story_id,
                "signature": b"\0" * 8,
                "entities": [],
                "published": None,
                "assigned_at": dt.datetime.now(dt.UTC),
            }
        )
        b = briefings[n % len(briefings)]
        url = f"{b.url}?copy={n}"
        published = (b.published or dt.date(2020, 1, 1)) + dt.timedelta(days=n % 5)
        data = b.to_dict() | {"url": url, "published": published.isoformat()}
        articles.append(
            {
                "id": n + 1,
                "url": url,
                "normalised_url": url,
                "content_hash": f"{n:064d}",
                "title": b.title,
                "source": b.source,
                "published": dt.datetime.combine(published, dt.time(), dt.UTC),
                "text": "",
            }
        )
        rows.append({"article_id": n + 1, "data": data, "method": "default"})
    async with database.session() as session:
        for start in range(0, count, 1000):
            await session.execute(insert(Article), articles[start : start + 1000])
            await session.execute(insert(BriefingRow), rows[start : start + 1000])
            await session.execute(insert(ArticleStory), stories[start : start + 1000])
    await database.close()
    sizes = list(Counter(row["story_id"] for row in stories).values())
    print(f"{len(sizes)} stories of {min(sizes)} to {max(sizes)} reports")


async def time_queries(database_url: str, runs: int) -> None:
    database = open_database(database_url)
    service = TimelineService(database)
    print(
        f"{'query':<16} {'stories':<8} {'entries':>7} {'first ms':>9} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'cpu p50':>8}"
    )
    worst = 0.0
    for query in QUERIES:
        for follow in (True, False):
            times, cpu = [], []
            for _ in range(runs):
                started, cpu_started = time.perf_counter(), time.process_time()
                timeline = await service.for_query(query, follow_stories=follow)
                times.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - cpu_started) * 1000)
            p95 = statistics.quantiles(times, n=20)[18] if len(times) >= 2 else times[0]
            worst = max(worst, p95) if follow else worst
            print(
                f"{query:<16} {'on' if follow else 'off':<8} {len(timeline.entries):>7} {times[0]:>9.0f} "
                f"{statistics.median(times):>8.0f} {p95:>8.0f} {statistics.median(cpu):>8.0f}"
            )
    print(f"worst p95 with story expansion on: {worst:.0f} ms; load average {os.getloadavg()[0]:.1f}")
    await database.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--database-url", help="an empty database (default: a temporary SQLite file)")
    args = parser.parse_args()
    started = time.perf_counter()
    briefings = base_briefings()
    print(f"{len(briefings)} real briefings in {time.perf_counter() - started:.0f} s")
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'timeline.sqlite3'}"
        asyncio.run(fill_store(url, briefings, args.articles))
        print(f"{args.articles} articles stored; TimelineService.for_query, {args.runs} runs each:")
        asyncio.run(time_queries(url, args.runs))
    salience_table()


if __name__ == "__main__":
    main()
