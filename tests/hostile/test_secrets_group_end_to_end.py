"""A password in a feed address, end to end (issue 20, section 5): through the real `python -m bot run`
process at DEBUG, the strict Bot API server and a real feed site on loopback, on SQLite and PostgreSQL.

In a group, a member and then an admin send `/subscribe http://reader:PASSWORD@127.0.0.1:PORT/feed/...`,
and a feed whose site redirects to such an address. The password is in none of: the bot's requests to
Telegram (replies, edits, documents), the process's log, the operator's CLI (`feeds list`, `status`), the
exported OPML; and it is never sent to the site. A key in a feed's query (`?api_key=`) is masked in the
group's export and in replies, and a private chat's export keeps it whole (a backup that works).
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.telegram.handlers.common import NOT_ADMIN
from tests.servers.botapi import BotApiServer, SentMessage
from tests.servers.credentials import CredentialsSite
from tests.telegram.test_startup_faults import REPO, BotProcess

pytestmark = pytest.mark.slow
PASSWORD, API_KEY, TOKEN = "Pa55wordInTheFeed", "K3yInTheQuery", "T0kenInTheQuery"
GROUP, OWNER, ADMIN, MEMBER = -100300, 3101, 3102, 3103


async def _say(server: BotApiServer, chat: int, user: int, text: str, expect: str) -> SentMessage:
    """Push `text` from `user` and wait for the bot's reply that contains `expect`."""
    after = max((m.message_id for m in server.sent_messages(chat, include_deleted=True)), default=0)
    server.push_message(chat, user, text)
    return await server.wait_for_message(
        chat, lambda m: expect in (m.text or m.caption or ""), after=after, timeout=90
    )


async def _cli(db_url: str, *args: str) -> str:
    done = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "bot", *args],
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO), "DATABASE_URL": db_url},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout + done.stderr


async def test_a_password_in_a_feed_address_is_never_echoed_anywhere(tmp_path: Path, db_url: str) -> None:
    with CredentialsSite(PASSWORD) as site:
        keyed = f"{site.base_url}/feed/keyed.rss?api_key={API_KEY}&token={TOKEN}&lang=en"
        async with (
            BotApiServer() as server,
            BotProcess.talking_to(server, tmp_path, DATABASE_URL=db_url, LOG_LEVEL="DEBUG") as bot,
        ):
            server.add_chat(GROUP, chat_type="supergroup", title="News room")
            server.set_admins(GROUP, [OWNER, ADMIN])
            server.add_user(MEMBER)
            await bot.wait_for_line("briefbot is up")

            typed = site.with_password("/feed/typed.rss")
            refused = await _say(server, GROUP, MEMBER, f"/subscribe {typed}", NOT_ADMIN)
            assert refused.text == NOT_ADMIN
            typed_refused = await _say(server, GROUP, ADMIN, f"/subscribe {typed}", "user name or password")
            redirected = await _say(
                server,
                GROUP,
                ADMIN,
                f"/subscribe {site.base_url}/to-credentials/moved",
                "user name or password",
            )
            await _say(server, GROUP, ADMIN, f"/subscribe {keyed}", "Subscribed to")
            listed = await _say(server, GROUP, ADMIN, "/feeds", "Your feeds")
            group_export = await _say(server, GROUP, ADMIN, "/export", "as OPML")
            await _say(server, ADMIN, ADMIN, f"/subscribe {keyed}", "Subscribed to")
            private_export = await _say(server, ADMIN, ADMIN, "/export", "as OPML")
            code, _ = await bot.interrupt(timeout=60)
            to_telegram = json.dumps([r.params for r in server.requests], ensure_ascii=False)
            errors = list(server.errors)
        cli = (
            await _cli(db_url, "feeds", "list")
            + await _cli(db_url, "status")
            + await _cli(db_url, "status", "--json")
        )
        arrived = site.requests()

    assert code == 0 and errors == [], errors
    assert "Feed keyed" in cli and "api_key=***" in cli  # the CLI lists the feed, its key masked
    assert "I don't accept feed addresses" in (typed_refused.text or "")
    assert "leads to an address with a user name or password" in (redirected.text or "")
    # The password: in no request to Telegram, no log line, no CLI output, never sent to the site.
    for shown, where in [(to_telegram, "Telegram"), (bot.stderr, "log"), (cli, "CLI")]:
        assert PASSWORD not in shown, where
    assert all(PASSWORD not in (r.path + (r.authorization or "")) for r in arrived), arrived
    assert all(r.authorization is None for r in arrived), arrived
    assert [r.path for r in arrived if "typed" in r.path or "moved.rss" in r.path] == []
    assert any("/to-credentials/moved" in r.path for r in arrived)  # the redirect itself was fetched
    # Keys in a query: masked in the log, the CLI, the group's replies and its export; whole in private.
    for shown, where in [(bot.stderr, "log"), (cli, "CLI"), (json.dumps(listed.text), "/feeds")]:
        assert API_KEY not in shown and TOKEN not in shown, where
    group_opml, private_opml = _content(group_export), _content(private_export)
    assert "api_key=***" in group_opml and "token=***" in group_opml and "lang=en" in group_opml
    assert API_KEY not in group_opml and TOKEN not in group_opml and PASSWORD not in group_opml
    assert f"api_key={API_KEY}&amp;token={TOKEN}&amp;lang=en" in private_opml
    group_sent = json.dumps([m.text for m in server.sent_messages(GROUP)], ensure_ascii=False)
    assert API_KEY not in group_sent and TOKEN not in group_sent


def _content(message: SentMessage) -> str:
    assert message.document is not None
    return message.document.content.decode()
