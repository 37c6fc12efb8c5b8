"""The bot token, the webhook secret and what URLs carry never reach the logs, in any encoding.

Through the real `python -m bot run` process at DEBUG against the strict local Bot API server: downloading
a file the user sent puts the token percent-encoded in the URL httpx logs (PTB quotes the file path, so
`123:ABC` becomes `123%3AABC`), which plain masking missed. The masking itself (bot.redact) is also checked
directly for every encoding a log line can hold, with generated secrets.
"""

from __future__ import annotations

import json
from urllib.parse import quote, quote_plus

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.redact import MASK, Redactor, has_credentials, mask_urls, operator_secrets, without_credentials
from tests.conftest import free_port
from tests.servers.botapi import BotApiServer
from tests.telegram.test_startup_faults import BotProcess

CHAT = 7301
API_KEY, URL_PASSWORD = "K3yInTheQuery", "Pa55InTheUrl"


def encodings(secret: str) -> list[str]:
    """Every form of `secret` a log line may hold."""
    encoded = quote(secret, safe="")
    return [
        secret,
        encoded,
        _lower_hex(encoded),
        quote_plus(secret),
        quote(encoded, safe=""),  # encoded twice
        json.dumps(secret)[1:-1],
        json.dumps(secret, ensure_ascii=True)[1:-1],
        "".join(json.dumps(c)[1:-1] if ord(c) > 0xFFFF else f"\\u{ord(c):04x}" for c in secret),
        repr(secret)[1:-1],
    ]


def _lower_hex(encoded: str) -> str:
    """`%3A` -> `%3a`, the rest untouched."""
    parts = encoded.split("%")
    return parts[0] + "".join("%" + p[:2].lower() + p[2:] for p in parts[1:])


def _secret_text() -> st.SearchStrategy[str]:
    return st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
        min_size=4,
        max_size=40,
    )


@given(secret=_secret_text(), before=st.sampled_from(["", "GET http://h/bot", "x=", '{"token": "']))
@settings(max_examples=200, deadline=None)
def test_a_secret_is_masked_in_every_encoding(secret: str, before: str) -> None:
    redact = Redactor([secret])
    for form in encodings(secret):
        assert redact(form) == MASK, (secret, form)
        assert MASK in redact(f"{before}{form} after"), (secret, form)


def test_the_token_is_masked_whole_and_its_secret_half_alone() -> None:
    token = "123456789:AAHk-secret_HALF-of-the-token"
    redact = Redactor(operator_secrets(token, "webhook-secret-value", "db-pass-word"))
    line = redact(
        f"GET /file/bot{quote(token, safe='')}/documents/a.opml secret_half=AAHk-secret_HALF-of-the-token "
        "X-Telegram-Bot-Api-Secret-Token: webhook-secret-value postgresql://bot:db-pass-word@db/briefbot"
    )
    assert "AAHk" not in line and "webhook-secret" not in line and "db-pass" not in line
    assert "123456789" not in line  # the token's id goes with its secret half when they appear together


@pytest.mark.parametrize(
    ("shown", "masked"),
    [
        ("http://reader:hunter22@feeds.example/rss", "http://reader:***@feeds.example/rss"),
        ("https://tok3n@feeds.example/rss", "https://***@feeds.example/rss"),
        ("https://u:p@ss@feeds.example/rss", "https://u:***@feeds.example/rss"),
        ("https://x.example/rss?api_key=abc&lang=en", "https://x.example/rss?api_key=***&lang=en"),
        ("https://x.example/rss?apikey=abc&key=d&token=e", "https://x.example/rss?apikey=***&key=***&token=***"),
        ("https://x.example/r?access_token=a&secret=b&password=c", "https://x.example/r?access_token=***&secret=***&password=***"),
        ("https://s3.example/o?X-Amz-Signature=ab12&sig=cd&signature=ef", "https://s3.example/o?X-Amz-Signature=***&sig=***&signature=***"),
        ("<a href=\"https://x.example/?a=1&amp;apiKey=zz\">", "<a href=\"https://x.example/?a=1&amp;apiKey=***\">"),
        ("https://x.example/rss?page=2&sort=key", "https://x.example/rss?page=2&sort=key"),
        ("mail me at reader@example.com", "mail me at reader@example.com"),
    ],
)  # fmt: skip
def test_what_a_url_carries_is_masked(shown: str, masked: str) -> None:
    assert mask_urls(shown) == masked
    assert mask_urls(masked) == masked


def test_credentials_are_recognised_as_every_parser_reads_them() -> None:
    assert has_credentials("http://user:pass@host/feed") and has_credentials(" HTTPS://user@host/ ")
    assert not has_credentials("https://medium.com/feed/@someone")  # an '@' in the path is no user
    assert not has_credentials("http://host/feed?from=a@b") and not has_credentials("http://host/@user")
    assert without_credentials("http://user:p@ss@host:8080/feed?x=1") == "http://host:8080/feed?x=1"


@pytest.mark.slow
async def test_debug_logs_of_a_real_run_never_show_the_token_even_percent_encoded(tmp_path):
    """A user sends an OPML file (its download URL holds the token, percent-encoded) naming feeds whose
    addresses carry a password and an API key; at DEBUG nothing of the token or those shows."""
    opml = (
        '<?xml version="1.0"?><opml version="2.0"><body>'
        f'<outline type="rss" text="a" xmlUrl="http://reader:{URL_PASSWORD}@127.0.0.1:9/feed"/>'
        f'<outline type="rss" text="b" xmlUrl="http://127.0.0.1:9/feed?api_key={API_KEY}"/>'
        "</body></opml>"
    ).encode()
    async with (
        BotApiServer() as server,
        BotProcess(
            tmp_path, TELEGRAM_BOT_TOKEN=server.token, TELEGRAM_API_URL=server.base_url, LOG_LEVEL="DEBUG"
        ) as bot,
    ):
        await bot.wait_for_line("briefbot is up")
        server.push_document(CHAT, CHAT, "feeds.opml", opml)
        done = await server.wait_for_message(CHAT, lambda m: "import done" in (m.text or ""), timeout=120)
        code, _ = await bot.interrupt(timeout=60)
    token = server.token
    logged = bot.stderr
    assert code == 0 and "0 added" in (done.text or "")
    assert "/file/bot<redacted>/" in logged  # the download URL was logged, with the token masked
    for form in [*encodings(token), token.split(":", 1)[1]]:
        assert form not in logged, form
    assert URL_PASSWORD not in logged and API_KEY not in logged
    assert "reader:***@127.0.0.1:9" in logged and "api_key=***" in logged  # the lines are still there
    assert URL_PASSWORD not in (done.text or "") and API_KEY not in (done.text or "")


@pytest.mark.slow
async def test_debug_logs_of_a_webhook_run_never_show_the_webhook_secret(tmp_path):
    secret = "hook-Secret_value-42"
    port = free_port()
    async with (
        BotApiServer() as server,
        BotProcess(
            tmp_path,
            TELEGRAM_BOT_TOKEN=server.token,
            TELEGRAM_API_URL=server.base_url,
            LOG_LEVEL="DEBUG",
            WEBHOOK_URL=f"http://127.0.0.1:{port}/hook",
            WEBHOOK_SECRET=secret,
            PORT=str(port),
        ) as bot,
    ):
        await server.wait_for(lambda: server.webhook is not None, timeout=120)
        assert server.webhook == {"url": f"http://127.0.0.1:{port}/hook", "secret_token": secret}
        server.push_message(CHAT, CHAT, "/help")
        await server.wait_for_message(CHAT, lambda m: "/timeline" in (m.text or ""), timeout=60)
        code, _ = await bot.interrupt(timeout=60)
    assert code == 0 and "setWebhook" in bot.stderr  # the DEBUG log shows the call that carries it
    for form in encodings(secret) + encodings(server.token):
        assert form not in bot.stderr, form
