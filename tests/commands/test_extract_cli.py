"""`briefbot extract` as a user runs it: the text a briefing is built on, its JSON, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SEED = SHARED / "fixtures" / "seed" / "000_dc81e270c460f236.txt"
LEXPRESS = SHARED / "fixtures" / "pages" / "lexpress.fr__1808011241.html"
LEAD = "Londres - Manchester United a raté l'occasion de prendre la deuxième place"


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_extract_json_of_a_page_gives_its_title_date_language_and_text_lead_first(capsys):
    code, out, _ = _run(["extract", str(LEXPRESS), "--json"], capsys)
    data = json.loads(out)
    assert code == 0
    assert set(data) == {"title", "url", "source", "published", "language", "lead", "text"}
    assert data["title"] == "Angleterre: Manchester United rate la marche, Arsenal revit"
    assert (data["published"], data["language"]) == ("2020-12-26", "fr")
    assert data["text"].startswith(LEAD)  # the lead sits in <h2 class="article__lead chapo">
    assert data["lead"].startswith(LEAD)


def test_extract_prints_the_title_a_line_of_facts_and_the_text(capsys):
    code, out, _ = _run(["extract", str(LEXPRESS)], capsys)
    lines = out.splitlines()
    assert code == 0
    assert lines[0] == "Angleterre: Manchester United rate la marche, Arsenal revit"
    assert "2020-12-26" in lines[1] and "fr" in lines[1]
    assert lines[4].startswith(LEAD)


def test_extract_of_a_text_file_is_the_text_without_its_furniture(capsys):
    code, out, _ = _run(["extract", str(SEED), "--json"], capsys)
    data = json.loads(out)
    assert code == 0
    assert data["language"] == "en"
    assert "Recent Features" not in data["text"]  # a section label of the captured page
    assert len(data["text"].split("\n\n")) >= 11


def test_extract_of_a_page_that_is_all_furniture_says_no_article_text_found(tmp_path, capsys):
    gallery = tmp_path / "gallery.html"
    gallery.write_text(
        "<html><head><title>Floods in pictures</title></head><body><h1>Floods in pictures</h1>"
        + "".join(
            f'<figure><img src="{n}.jpg"><figcaption>Water covers the road into the town, picture {n} of the '
            "series taken on Monday.</figcaption></figure>"
            for n in range(4)
        )
        + "</body></html>",
        "utf-8",
    )
    code, out, err = _run(["extract", str(gallery)], capsys)
    assert code == 1
    assert out == ""
    assert err.strip() == f"briefbot: cannot extract {gallery}: no article text found"
