"""`briefbot db upgrade`, `feeds add|list`, `poll --once` and `articles` against the local server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, db_url: str) -> str:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("FETCH_ALLOW_PRIVATE", "true")
    monkeypatch.setenv("NLP_WORKERS", "1")
    return db_url


def test_db_upgrade_reports_success(cli_env: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "upgrade"]) == 0
    assert "up to date" in capsys.readouterr().out


@pytest.mark.slow
def test_add_poll_and_list_articles_as_json(
    cli_env: str, web_server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["feeds", "add", f"{web_server}/site/"]) == 0  # discovered from the home page
    assert "Local fixture news" in capsys.readouterr().out
    assert main(["feeds", "list", "--json"]) == 0
    feeds = json.loads(capsys.readouterr().out)
    assert [f["url"] for f in feeds] == [f"{web_server}/generated/local.rss"]
    assert main(["poll", "--once"]) == 0
    assert "4 new articles" in capsys.readouterr().out
    assert main(["articles", "--json", "--limit", "2"]) == 0
    articles = json.loads(capsys.readouterr().out)
    assert len(articles) == 2
    for article in articles:
        assert {"url", "title", "source", "published", "briefing"} <= set(article)
        assert article["briefing"]["summary"]


def test_adding_a_page_without_a_feed_fails_in_one_line(
    cli_env: str, web_server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["feeds", "add", f"{web_server}/hostile/not-a-feed"]) == 1
    err = capsys.readouterr().err.strip()
    assert "not a usable feed" in err and len(err.splitlines()) == 1


def test_unreachable_feed_fails_in_one_line(cli_env: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["feeds", "add", "http://127.0.0.1:9/feed"]) == 1
    assert capsys.readouterr().err.count("\n") == 1


def test_bad_limit_is_a_usage_error(cli_env: str) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["articles", "--limit", "0"])
    assert caught.value.code == 2
