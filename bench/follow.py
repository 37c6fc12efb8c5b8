"""Follow alerts: precision on a labelled sample, alerts per story, and the matching cost per stored article.

1. **Precision.** tests/data/follow_alert_labels.jsonl holds, for the 38 articles the day below cycles
   through (30 BBC News texts of ../shared/data and the 8 fixture pages of tests/summarizers/timeline_set.py),
   each of their first ten people, organisations and places, labelled by hand (before any scoring) as what
   the article is about or not (tests/data/README.md says how). An alert fires for a follow of an entity
   when the entity is salient (summarizers.follows); its precision is the share of alert-making pairs
   labelled "about". A baseline alerting on any mention is printed beside it.
2. **A day of stored articles**: bench/retention.py's generator (200 feeds x 30 articles, each in a story,
   45% joining a story of the last two days), cycling through the same 38 briefings; 1,000 chats, each
   subscribed to 20 of the feeds; follows spread over the chats, names drawn from the entities of the 38
   briefings (each follow with the forms the store knows, as /follow stores them), one in five a name no
   article mentions. Matching (bot.delivery.alerts.match_new: salient keys, their rows, the indexed join,
   one alert per chat and story) runs over the whole day at once, in its batches of 500.

    flock /tmp/bench.lock .venv/bin/python bench/follow.py [--follows 10000] [--chats 1000] [--database-url URL]

It prints tables; it asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, insert, select, text  # noqa: E402

from bench.retention import BASE_ARTICLES, FEEDS, SHARED, START, Base, Generator  # noqa: E402
from bot.delivery.alerts import match_new  # noqa: E402
from bot.store import open_database, upgrade_database  # noqa: E402
from bot.store.follow_tables import Follow, FollowAlert, FollowAlertReport, FollowKey  # noqa: E402
from bot.store.story_tables import ArticleStory  # noqa: E402
from bot.store.tables import Article, BriefingRow, Chat, Feed, Subscription  # noqa: E402
from summarizers import Briefing  # noqa: E402
from summarizers.follows import (  # noqa: E402
    FOLLOWED_TYPES,
    KEY_ENTITIES,
    _named_in,
    follow_key,
    known_entities,
    salient_entities,
)
from tests.summarizers.timeline_set import (  # noqa: E402
    _REWRITE,
    SEED,
    UNRELATED_PAGES,
    _syndicated_copy,
    story_briefings,
    unrelated_briefings,
)

LABELS = ROOT / "tests" / "data" / "follow_alert_labels.jsonl"
FEEDS_PER_CHAT = 20
UNKNOWN_SHARE = 0.2
DAYS = 2  # the last day is the one measured


def sample() -> tuple[Base, dict[str, Briefing]]:
    """The day's base briefings (the BBC texts and the fixture pages) and each by its label id."""
    base = Base(BASE_ARTICLES)
    rows = [json.loads(line) for line in (SHARED / "data" / "bbc_news_summary.jsonl").open()]
    step = max(1, len(rows) // BASE_ARTICLES)
    by_id = {
        f"bbc:{row['id']}": Briefing.from_dict(data)
        for (_, data, _), row in zip(base.items, rows[::step][:BASE_ARTICLES], strict=True)
    }
    texts = [SEED, _syndicated_copy(), _REWRITE, *([""] * len(UNRELATED_PAGES))]
    for briefing, body in zip((*story_briefings(), *unrelated_briefings()), texts, strict=True):
        by_id[f"page:{briefing.url}"] = briefing
        base.items.append((body, briefing.to_dict(), briefing.published or dt.date(2020, 1, 1)))
    return base, by_id


def _as_worded(briefing: Briefing) -> set[str]:
    """The issue's words taken literally: among the first four entities or named in the summary, however
    often the article names it (the rule before the passing-mention floor)."""
    summary = " ".join(s.text for s in briefing.summary).casefold()
    found = set()
    for rank, e in enumerate(briefing.entities):
        if e.type in FOLLOWED_TYPES and (
            rank < KEY_ENTITIES or any(_named_in(f.casefold(), summary) for f in (e.name, *e.aliases))
        ):
            found.add(e.name)
    return found


def precision(by_id: dict[str, Briefing]) -> None:
    labels = [json.loads(line) for line in LABELS.open()]
    salient = {aid: {e.name: e for e in salient_entities(b)} for aid, b in by_id.items()}
    worded = {aid: _as_worded(b) for aid, b in by_id.items()}
    labelled = {(row["article"], row["entity"]) for row in labels}
    unlabelled = sum(1 for aid, names in salient.items() for name in names if (aid, name) not in labelled)

    def score(name: str, fires: Any) -> None:
        alerts = [row for row in labels if fires(row)]
        right = sum(row["about"] for row in alerts)
        about = sum(row["about"] for row in labels)
        p = right / len(alerts) if alerts else 0.0
        print(f"{name:<52} {len(alerts):>6} {right:>6} {p:>9.2f} {right / about:>7.2f}")

    def why(row: dict[str, Any], reason: str) -> bool:
        entity = salient[row["article"]].get(row["entity"])
        return entity is not None and bool(getattr(entity, reason))

    print(f"\nalert precision: {len(labels)} labelled (article, entity) pairs, {len(by_id)} articles")
    print(
        f"{'an alert fires when the entity is':<52} {'alerts':>6} {'about':>6} {'precision':>9} {'recall':>7}"
    )
    score("salient (summarizers.follows, as shipped)", lambda r: r["entity"] in salient[r["article"]])
    score("  of which: a key entity named twice or more", lambda r: why(r, "key_entity"))
    score("  of which: in the summary, named twice or more", lambda r: why(r, "in_summary"))
    score("  of which: in the headline", lambda r: why(r, "in_title"))
    score("a key entity or in the summary, any count", lambda r: r["entity"] in worded[r["article"]])
    score("mentioned at all (baseline)", lambda r: True)
    print(f"salient pairs outside the labelled first ten names: {unlabelled}")


async def fill(url: str, base: Base, chats: int, follows: int, seed: int = 11) -> tuple[int, int]:
    """The day's articles and the chats' subscriptions and follows; returns (articles, follow keys)."""
    rng = random.Random(seed)
    database = open_database(url)
    await upgrade_database(database)
    before = START - dt.timedelta(days=1)
    known = known_entities(Briefing.from_dict(data) for _, data, _ in base.items)
    async with database.session() as session:
        session.add_all(Feed(id=f, url=f"https://feed{f}.example/rss") for f in range(1, FEEDS + 1))
        session.add_all(Chat(chat_id=c, created_at=before) for c in range(1, chats + 1))
    subscriptions = [
        {"chat_id": c, "feed_id": f, "muted": False, "created_at": before}
        for c in range(1, chats + 1)
        for f in rng.sample(range(1, FEEDS + 1), FEEDS_PER_CHAT)
    ]
    rows, keys = [], []
    per_chat = max(1, follows // chats)
    for n in range(follows):
        chat = n // per_chat % chats + 1
        if rng.random() < UNKNOWN_SHARE:
            name, forms = f"Nobody {n}", ()
        else:
            entity = rng.choice(known)
            name, forms = entity.name, entity.keys
        key = follow_key(name)
        if any(r["chat_id"] == chat and r["name_key"] == key for r in rows[-per_chat:]):
            name, key, forms = f"Nobody {n}", f"nobody {n}", ()
        rows.append(
            {
                "id": n + 1,
                "chat_id": chat,
                "name": name,
                "name_key": key,
                "muted": False,
                "created_at": before,
            }
        )
        keys.extend({"follow_id": n + 1, "key": k} for k in dict.fromkeys((key, *forms)))
    generator = Generator(base)
    await _insert(database, ((Subscription, subscriptions), (Follow, rows), (FollowKey, keys)))
    for day in range(DAYS):  # stories span days: the first day's stories are joined by the second's reports
        articles, briefings, stories, _ = generator.day(START + dt.timedelta(days=day))
        await _insert(database, ((Article, articles), (BriefingRow, briefings), (ArticleStory, stories)))
        if day < DAYS - 1:
            await match_new(database, START + dt.timedelta(days=day + 1))
    await database.close()
    return len(articles), len(keys)


async def _insert(database: Any, tables: Any) -> None:
    async with database.session() as session:
        for table, values in tables:
            for start in range(0, len(values), 1000):
                await session.execute(insert(table), values[start : start + 1000])


async def run_day(url: str, base: Base, chats: int, follows: int) -> dict[str, float]:
    articles, keys = await fill(url, base, chats, follows)
    database = open_database(url)
    day_start = START + dt.timedelta(days=DAYS - 1)
    async with database.session() as session:
        before_alerts = int(await session.scalar(select(func.count(FollowAlert.id))) or 0)
        last_alert = int(await session.scalar(select(func.max(FollowAlert.id))) or 0)
        before_reports = int(await session.scalar(select(func.count()).select_from(FollowAlertReport)) or 0)
    started, cpu = time.perf_counter(), time.process_time()
    report = await match_new(database, day_start + dt.timedelta(days=1))
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    async with database.session() as session:
        alerts = int(await session.scalar(select(func.count(FollowAlert.id))) or 0) - before_alerts
        reports = (
            int(await session.scalar(select(func.count()).select_from(FollowAlertReport)) or 0)
            - before_reports
        )
        stories = await session.execute(
            select(FollowAlert.story_id, FollowAlert.chat_id).where(FollowAlert.id > last_alert)
        )
        per_story = Counter(story for story, _ in stories)
        chats_alerted = len(report.chats)
        plan = ""
        if url.startswith("sqlite"):
            rows = await session.execute(
                text(
                    "EXPLAIN QUERY PLAN SELECT f.chat_id FROM article_entity_keys a "
                    "JOIN follow_keys k ON k.key = a.key JOIN follows f ON f.id = k.follow_id "
                    "WHERE a.article_id IN (1, 2, 3)"
                )
            )
            plan = "; ".join(str(row[-1]) for row in rows)
    await database.close()
    # the salient keys alone (pure Python), to tell them from the store's part
    key_started = time.perf_counter()
    for _, data, _ in base.items:
        salient_entities(Briefing.from_dict(data))
    keys_ms = (time.perf_counter() - key_started) * 1000 / len(base.items)
    return {
        "articles": articles,
        "follows": follows,
        "keys": keys,
        "wall": wall,
        "cpu": cpu,
        "alerts": alerts,
        "matched": alerts + reports,
        "reports": reports,
        "stories": len(per_story),
        "chats": chats_alerted,
        "keys_ms": keys_ms,
        "plan": plan,  # type: ignore[dict-item]
        "briefings": report.briefings,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--follows", type=int, default=10_000, help="follows in all (default 10,000)")
    parser.add_argument("--chats", type=int, default=1_000, help="chats they are spread over (default 1,000)")
    parser.add_argument("--database-url", help="an empty database (default: temporary SQLite files)")
    args = parser.parse_args()
    started = time.perf_counter()
    base, by_id = sample()
    print(f"{len(base.items)} base briefings in {time.perf_counter() - started:.0f} s")
    precision(by_id)
    print(
        f"\nthe second of {DAYS} days: {FEEDS} feeds x 30 articles, {args.chats} chats x {FEEDS_PER_CHAT} feeds"
    )
    print(
        f"{'follows':>8} {'keys':>7} {'articles':>8} {'match s':>8} {'ms/article':>10} {'cpu ms/art':>10} "
        f"{'matches':>8} {'alerts':>7} {'also-rep':>8} {'chats':>6}"
    )
    sizes = [args.follows] if args.database_url else sorted({max(args.follows // 10, 1), args.follows})
    for follows in sizes:
        with tempfile.TemporaryDirectory() as folder:
            url = args.database_url or f"sqlite:///{Path(folder) / 'follow.sqlite3'}"
            day = asyncio.run(run_day(url, base, args.chats, follows))
        n = day["articles"]
        print(
            f"{follows:>8} {day['keys']:>7} {n:>8} {day['wall']:>8.2f} {day['wall'] * 1000 / n:>10.2f} "
            f"{day['cpu'] * 1000 / n:>10.2f} {day['matched']:>8} {day['alerts']:>7} {day['reports']:>8} "
            f"{day['chats']:>6}"
        )
    print(
        f"\nalerts per story and chat: 1 (one alert per chat and story); {day['matched']} matching (chat, "
        f"report) pairs made {day['alerts']} alerts, {day['matched'] / max(day['alerts'], 1):.2f} reports per "
        f"alert; {day['reports']} later reports became 'also reported by'. {day['stories']} stories alerted "
        f"{day['alerts'] / max(day['stories'], 1):.1f} chats each"
    )
    print(f"salient keys of one briefing (pure Python, in the above): {day['keys_ms']:.2f} ms")
    if day["plan"]:
        print(f"SQLite's plan for the join: {day['plan']}")


if __name__ == "__main__":
    main()
