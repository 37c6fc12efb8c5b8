"""Entities beyond English: French (spaCy), Japanese (GiNZA), Russian (Natasha), Czech (spaCy, optional);
each loaded only when its language arrives; and pages whose language is odd still get a briefing."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import summarizers
from summarizers.briefing import Briefing, Entity
from summarizers.entities import extract_entities

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT.parent / "shared" / "fixtures" / "pages"


def _brief_page(name: str) -> Briefing:
    return summarizers.brief_html((PAGES / name).read_bytes())


def _named(entities: tuple[Entity, ...]) -> dict[str, Entity]:
    return {e.name: e for e in entities}


def test_french_page_names_people_organisations_and_places_with_acronyms_merged():
    b = _brief_page("lemonde.fr__readability-lemonde-1.html")
    assert b.language == "fr"
    assert not any(note.startswith("entities:") for note in b.notes)
    named = _named(b.entities)
    cnctr = named["Commission nationale de contrôle des techniques de renseignement"]
    assert cnctr.type == "organization" and "CNCTR" in cnctr.aliases
    assert named["François Hollande"].type == "person"
    assert b.entities[0] is cnctr  # the article is about it: most mentions, named in the lead


def test_french_leading_article_joins_the_bare_name():
    b = _brief_page("lapresse.tn.parite.html")
    named = _named(b.entities)
    assert "la Tunisie" not in named and "La Tunisie" not in named
    assert named["Tunisie"].type == "place" and named["Tunisie"].mentions == 7


def test_french_honorific_joins_the_name_and_a_nationality_is_not_a_place():
    found = extract_entities(
        [
            "Le maire Jean Caldwell a présenté le projet mardi à Montréal.",
            "M. Caldwell a rappelé que les Français et les Québécois louent déjà des trottinettes.",
            "Selon M. Caldwell, le service commencera en mai.",
        ],
        language="fr",
        title=None,
    ).entities
    names = {e.name: e for e in found}
    assert "M. Caldwell" not in names and "Caldwell" in names["Jean Caldwell"].aliases
    assert "Français" not in names


@pytest.mark.slow  # GiNZA's model and dictionary take seconds to load
def test_japanese_short_name_joins_the_full_name_and_labels_map_to_types():
    found = extract_entities(
        [
            "岸田文雄首相は東京でトヨタ自動車の社長と会談した。",
            "岸田首相はその後、大阪に向かった。",
            "ロシアからの観光客が増えているとロシア政府が発表した。",
        ],
        language="ja",
        title=None,
    )
    named = _named(found.entities)
    assert named["岸田文雄"].type == "person" and named["岸田文雄"].aliases == ("岸田",)
    assert named["トヨタ自動車"].type == "organization"
    assert {named["東京"].type, named["大阪"].type} == {"place"}
    assert "首相" not in named and "社長" not in named  # positions are not names


@pytest.mark.slow  # GiNZA's model and dictionary take seconds to load
def test_japanese_page_gets_its_places_and_people():
    b = _brief_page("yomiuri.co.jp-gaza.html")
    named = _named(b.entities)
    assert {"エジプト", "イスラエル", "ガザ"} <= {n for n, e in named.items() if e.type == "place"}
    assert named["酒井圭吾"].type == "person"


def test_russian_names_merge_across_grammatical_cases_in_their_nominative_form():
    found = extract_entities(
        [
            "Президент России Владимир Путин провёл переговоры в Москве.",
            "Песков сообщил, что Путин доволен.",
            "Встреча прошла в Кремле, сообщил Дмитрий Песков.",
            "Глава МИД Сергей Лавров прилетел в Москву вечером.",
        ],
        language="ru",
        title=None,
    )
    named = _named(found.entities)
    assert named["Владимир Путин"].type == "person" and named["Владимир Путин"].mentions == 2
    assert named["Дмитрий Песков"].aliases == ("Песков",)
    assert named["Москва"].mentions == 2  # "в Москве", "в Москву"
    assert named["Россия"].type == "place"


def test_russian_page_is_read_by_natasha():
    b = _brief_page("tass.ru__1647262025.html")
    assert b.language == "ru"
    people = [e.name for e in b.entities if e.type == "person"]
    assert "Марат Хуснуллин" in people
    assert "Звенигород" in _named(b.entities)


def test_czech_names_merge_on_their_lemmas_and_show_the_nominative():
    pytest.importorskip("cs_core_news_sm", reason="Czech NER is the optional extra briefbot[czech]")
    found = extract_entities(
        [
            "Prezident Petr Pavel přijal v Praze premiéra Andreje Babiše.",
            "Pavel pak odjel z Prahy do Brna.",
        ],
        language="cs",
        title=None,
    )
    named = _named(found.entities)
    assert named["Praha"].type == "place" and set(named["Praha"].aliases) == {"Praze", "Prahy"}
    assert named["Andrej Babiš"].aliases == ("Andreje Babiše",)
    assert named["Petr Pavel"].mentions == 2


@pytest.mark.slow  # a fresh process loads the English and French models
def test_models_load_only_when_an_article_in_their_language_arrives():
    """A fresh process (a worker) that briefs English and then French loads neither GiNZA's model and
    dictionary nor Natasha (spaCy imports GiNZA's small code module for its registered components)."""
    script = textwrap.dedent(
        """
        import json, sys
        import summarizers
        summarizers.brief("Prime Minister Shinzo Abe met President Vladimir Putin in Vladivostok on Friday. "
                          "Abe said the talks with Putin went well and that more meetings would follow.")
        models = ("fr_core_news_sm", "ja_ginza", "sudachidict_core", "natasha", "cs_core_news_sm")
        after_english = sorted(m for m in models if m in sys.modules)
        summarizers.brief("Emmanuel Macron a reçu Olaf Scholz à Paris mardi. Les deux dirigeants ont "
                          "parlé de l'Ukraine et du budget de l'Union européenne pendant trois heures.")
        after_french = sorted(m for m in models if m in sys.modules)
        print(json.dumps([after_english, after_french]))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300, check=True
    ).stdout
    after_english, after_french = json.loads(out.strip().splitlines()[-1])
    assert after_english == []
    assert after_french == ["fr_core_news_sm"]


# -- bad input: a briefing with a note, never an error -----------------------------------------------


def _russian_paragraphs() -> str:
    return summarizers.extract_html((PAGES / "tass.ru__1647262025.html").read_bytes()).text


def test_page_whose_lang_attribute_lies_is_read_in_its_real_language_with_a_note():
    body = "".join(f"<p>{p}</p>" for p in _russian_paragraphs().split("\n"))
    html = f'<html lang="en"><head><title>Новости</title></head><body><article>{body}</article></body></html>'
    b = summarizers.brief_html(html)
    assert b.language == "ru"
    assert "language: the page says English, the text reads as Russian" in b.notes
    assert any(e.type == "person" for e in b.entities)  # Natasha ran, not the English model


def test_page_mixing_two_scripts_gets_a_briefing_with_a_note():
    russian = _russian_paragraphs().split("\n")[:2]
    english = [
        "The Central Ring Road around Moscow will open to traffic in stages over the coming year, officials "
        "said, and the new section near Zvenigorod would relieve congestion on the Minsk highway.",
        "Drivers will pay a toll on most sections, the operator Avtodor said in a statement on Monday. "
        "Construction began in 2014 and has cost more than 300 billion roubles, according to the ministry.",
    ]
    mixed = "\n".join(part for pair in zip(russian, english, strict=True) for part in pair)
    b = summarizers.brief(mixed)
    assert b.summary
    scripts = {
        "language: the text mixes Cyrillic and Latin script",
        "language: the text mixes Latin and Cyrillic script",
    }
    assert scripts & set(b.notes)


def test_language_the_detector_does_not_know_gets_a_briefing_with_a_note():
    # Inuktitut in Canadian syllabics: no detector model, no sentence model, no NER model.
    text = (
        "ᐃᓄᐃᑦ ᓄᓇᖓᓐᓂ ᒐᕙᒪᒃᑯᑦ ᓄᑖᓂᒃ ᐱᓕᕆᐊᒃᓴᓂᒃ ᐅᓂᒃᑳᖅᓯᒪᔪᑦ. ᓯᕗᓕᖅᑎ ᐅᖃᖅᓯᒪᔪᖅ ᐃᓕᓐᓂᐊᕐᕕᐅᔪᑦ ᓄᑖᑦ ᐃᓚᒋᐊᖅᑕᐅᓂᐊᖅᑐᑦ. "
        "ᐊᐅᔭᖅ ᑭᖑᓪᓕᖅᐹᖅ ᐱᓕᕆᐊᖑᓂᐊᖅᑐᖅ ᓄᓇᓕᓐᓂ ᑕᓪᓕᒪᓂ ᐊᒻᒪ ᐊᑐᓂ. ᐃᓄᖕᒍᓐᓇᑦ ᐅᖃᐅᓯᖓᑦ ᐊᑐᖅᑕᐅᓂᐊᖅᑐᖅ ᐃᓕᓐᓂᐊᕐᕕᓐᓂ."
    )
    b = summarizers.brief(text)
    assert b.summary
    assert b.entities == ()
    assert "entities: the language is unknown" in b.notes or any(
        note.startswith("entities: no model for") for note in b.notes
    )
    assert any(note.startswith("language: not recognised") for note in b.notes)


def test_notes_are_in_the_json_and_survive_a_round_trip():
    b = _brief_page("zeit.de__0a12df42d1764095989ab078ee0f940b.html")
    data = json.loads(json.dumps(b.to_dict()))
    assert data["notes"] == ["organisations: no model for German"]
    assert Briefing.from_dict(data).notes == b.notes
