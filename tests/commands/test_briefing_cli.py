"""`briefbot brief` and `briefbot timeline` as a user runs them: exit codes, one-line errors, JSON shape."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SEED = SHARED / "fixtures" / "seed" / "000_dc81e270c460f236.txt"
BBC = SHARED / "fixtures" / "pages" / "bbc.com.52241221.html"
BRIEFING_KEYS = {
    "title",
    "url",
    "source",
    "language",
    "published",
    "published_inferred",
    "summary",
    "entities",
    "events",
    "notes",  # additive: what the briefing could not do and why
}


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_brief_json_of_a_text_file_has_exactly_the_design_keys_and_notes(capsys):
    code, out, _ = _run(["brief", str(SEED), "--json"], capsys)
    data = json.loads(out)
    assert code == 0
    assert set(data) == BRIEFING_KEYS
    assert 3 <= len(data["summary"]) <= 5
    assert all(set(s) == {"text", "position"} for s in data["summary"])
    positions = [s["position"] for s in data["summary"]]
    assert positions == sorted(positions)


def test_brief_of_an_html_file_reads_title_site_and_date_from_metadata(capsys):
    code, out, _ = _run(["brief", str(BBC), "--json"], capsys)
    data = json.loads(out)
    assert code == 0
    assert data["title"] == "New York ramps up mass burials amid virus outbreak"
    assert data["source"] == "BBC News"
    assert data["published"] == "2020-04-10"
    assert data["published_inferred"] is False
    assert data["language"] == "en"


def test_brief_respects_sentences_algorithm_and_published_options(capsys):
    code, out, _ = _run(
        [
            "brief",
            str(SEED),
            "--json",
            "--sentences",
            "5",
            "--algorithm",
            "lead",
            "--published",
            "2016-09-13",
        ],
        capsys,
    )
    data = json.loads(out)
    assert code == 0
    assert len(data["summary"]) == 5
    assert data["published"] == "2016-09-13" and data["published_inferred"] is False


def test_brief_prints_a_readable_briefing_without_json(capsys):
    code, out, _ = _run(["brief", str(SEED)], capsys)
    assert code == 0
    assert "Summary:" in out and "•" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n\n  ", "empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <</Type /Catalog>>", "PDF"),
        (bytes(range(256)) * 40, "binary"),
        (b"ok\n\n!!!\n\n12 34\n", "no sentences"),
    ],
    ids=["empty", "blank", "pdf", "binary-junk", "no-sentences"],
)
def test_bad_input_exits_1_with_one_clear_line(tmp_path, capsys, content, message):
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    code, out, err = _run(["brief", str(path)], capsys)
    assert code == 1
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert message in err


def test_missing_file_exits_1_and_says_what_sources_are_accepted(capsys):
    code, _, err = _run(["brief", "/nonexistent/article.txt"], capsys)
    assert code == 1
    assert "no such file" in err


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["brief", str(SEED), "--algorithm", "nonsense"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["brief", str(SEED), "--published", "13/09/2016"])
    assert exc.value.code == 2


@pytest.mark.slow
def test_ten_megabyte_text_is_briefed_truncated_with_a_note(tmp_path, capsys):
    paragraphs = SEED.read_text("utf-8").split("\n\n")[8:19]
    body = "\n\n".join(paragraphs)
    path = tmp_path / "huge.txt"
    path.write_text((body + "\n\n") * (10_000_000 // len(body) + 1), "utf-8")
    assert path.stat().st_size >= 10_000_000
    code, out, _ = _run(["brief", str(path)], capsys)
    assert code == 0
    assert "Note: text truncated" in out


def test_stdin_source_is_read_and_no_traceback_reaches_the_user():
    ok = subprocess.run(
        [sys.executable, "-m", "bot", "brief", "-", "--json", "--algorithm", "lead"],
        input=SEED.read_bytes(),
        capture_output=True,
        timeout=300,
    )
    assert ok.returncode == 0, ok.stderr.decode()
    assert json.loads(ok.stdout)["summary"]
    bad = subprocess.run(
        [sys.executable, "-m", "bot", "brief", "-"],
        input=b"\x00\x01\x02" * 1000,
        capture_output=True,
        timeout=300,
    )
    assert bad.returncode == 1
    assert b"Traceback" not in bad.stderr
    assert len(bad.stderr.decode().strip().splitlines()) == 1


def test_timeline_merges_the_same_event_from_two_copies_of_an_article(tmp_path, capsys):
    copy = tmp_path / "copy.txt"
    copy.write_text(SEED.read_text("utf-8"), "utf-8")
    code, out, _ = _run(["timeline", str(SEED), str(copy), "--json", "--query", "Putin"], capsys)
    data = json.loads(out)
    assert code == 0
    assert set(data) == {"query", "events"}
    dates = [e["date"] for e in data["events"]]
    assert dates == sorted(dates)
    assert len(dates) == len(set(zip(dates, [e["end"] for e in data["events"]], strict=True)))
    for event in data["events"]:
        assert len(event["sources"]) == 1  # both copies have the same title and no URL: one source


def test_timeline_query_brings_in_story_reports_that_never_name_it(tmp_path, capsys):
    """A copy of the seed that calls Putin only "the Kremlin leader" is the same story as the original
    that names him: with --query Putin its report counts too, as a source of the shared events."""
    original = tmp_path / "original.txt"
    original.write_text(SEED.read_text("utf-8"), "utf-8")
    unnamed = SEED.read_text("utf-8").replace("Vladimir Putin", "the Kremlin leader")
    unnamed = unnamed.replace("Putin", "the Kremlin leader").replace("Shinzo Abe Going", "Tokyo Going")
    copy = tmp_path / "kremlin.txt"
    copy.write_text(unnamed, "utf-8")
    code, out, _ = _run(["timeline", str(original), str(copy), "--json", "--query", "Putin"], capsys)
    assert code == 0
    titles = {s["title"] for e in json.loads(out)["events"] for s in e["sources"]}
    assert len(titles) == 2, titles


def test_timeline_text_shows_short_labels_and_whole_sentences_with_sentences(capsys):
    """As the Telegram timeline and its "Full sentences" button: a few words per event by default, the
    whole sentence with --sentences; the same events either way."""
    code, short, _ = _run(["timeline", str(SEED), "--query", "Putin"], capsys)
    assert code == 0
    code, whole, _ = _run(["timeline", str(SEED), "--query", "Putin", "--sentences"], capsys)
    assert code == 0
    labels = [line.strip().split("  ", 1)[1] for line in short.splitlines()[::2]]
    sentences = [line.strip().split("  ", 1)[1] for line in whole.splitlines()[::2]]
    assert len(labels) == len(sentences) >= 5
    assert all(len(label.removesuffix(" (scheduled)").split()) <= 12 for label in labels), labels
    assert "Eastern Economic Forum launched" in labels
    assert any("a Russian initiative launched in 2015" in s for s in sentences), sentences
    assert [line.strip().split("  ")[0] for line in short.splitlines()[::2]] == [
        line.strip().split("  ")[0] for line in whole.splitlines()[::2]
    ]
