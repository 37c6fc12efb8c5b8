"""Speed of `briefbot db rebrief`: briefings per second from the article's text and from stored names.

Run from the repository root:  flock /tmp/bench.lock .venv/bin/python -m bench.rebrief [--count N] [--postgres URL]
Stores N articles (the fixture pages' texts, English and other languages, cycled) with briefings marked as made
under the old entity rules, in a fresh SQLite file (and a fresh PostgreSQL database with --postgres), then
re-briefs them twice: with their texts, and after the texts are dropped (from stored names only).
It prints a table; it asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import uuid
from pathlib import Path

from sqlalchemy import update
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from bot.rebrief import rebrief  # noqa: E402
from bot.store import queries  # noqa: E402
from bot.store.engine import open_database  # noqa: E402
from bot.store.migrate import upgrade_database  # noqa: E402
from bot.store.queries import NewArticle  # noqa: E402
from bot.store.tables import Article, BriefingRow  # noqa: E402


def _briefed_pages(limit: int):  # type: ignore[no-untyped-def]
    import summarizers
    from summarizers.decode import decode_html
    from summarizers.pipeline import article_text

    out = []
    for path in sorted((SHARED / "fixtures" / "pages").glob("*.html"))[:limit]:
        html = decode_html(path.read_bytes())
        try:
            out.append((article_text(html).text, summarizers.brief_html(html)))
        except Exception:  # a page without article text
            continue
    return out


async def _run(url: str, pages, count: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    database = open_database(url)
    await upgrade_database(database)
    async with database.session() as session:
        for n in range(count):
            text, briefing = pages[n % len(pages)]
            article = NewArticle(None, f"g{n}", f"https://e.org/{n}", f"https://e.org/{n}", f"{n:064d}",
                                 briefing.title, "bench", None, text)  # fmt: skip
            await queries.store_article(session, article, briefing)
        await session.execute(update(BriefingRow).values(entity_rules=None))
    with_text = await rebrief(database)
    async with database.session() as session:
        await session.execute(update(Article).values(text=""))
        await session.execute(update(BriefingRow).values(entity_rules=None))
    from_names = await rebrief(database)
    await database.close()
    return with_text.seconds / count, from_names.seconds / count


async def _drop_postgres(server: str, url: str) -> None:
    admin = open_database(server, isolation_level="AUTOCOMMIT")
    async with admin.engine.connect() as connection:
        await connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')
    await admin.close()


async def _postgres(server: str) -> str:
    name = f"briefbot_bench_{uuid.uuid4().hex[:8]}"
    admin = open_database(server, isolation_level="AUTOCOMMIT")
    async with admin.engine.connect() as connection:
        await connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    await admin.close()
    return make_url(server).set(database=name).render_as_string(hide_password=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--postgres", help="a PostgreSQL server URL; a database is created on it")
    args = parser.parse_args()
    pages = _briefed_pages(args.pages)
    print("| store | briefings | ms each, from text | ms each, from stored names |")
    print("|---|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        targets = [("SQLite", f"sqlite:///{folder}/bench.sqlite3")]
        if args.postgres:
            targets.append(("PostgreSQL", asyncio.run(_postgres(args.postgres))))
        for store, url in targets:
            try:
                text_s, names_s = asyncio.run(_run(url, pages, args.count))
            finally:
                if store == "PostgreSQL":
                    asyncio.run(_drop_postgres(args.postgres, url))
            print(f"| {store} | {args.count} | {text_s * 1000:.0f} | {names_s * 1000:.1f} |")


if __name__ == "__main__":
    main()
