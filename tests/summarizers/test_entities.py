from pathlib import Path

import pytest

import summarizers
from summarizers.briefing import Briefing, Entity
from summarizers.entities import NER_MAX_CHARS, extract_entities, normalise_name

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
SEED = SHARED / "fixtures" / "seed" / "000_dc81e270c460f236.txt"
PAGES = SHARED / "fixtures" / "pages"

SUMMIT = [
    "Prime Minister Shinzo Abe met President Vladimir Putin in Vladivostok on Friday.",
    "Abe said the talks with Putin went well.",
    "Russian officials welcomed Abe’s proposal, and Russia agreed to study it.",
    "The Eastern Economic Forum was held in the city for the third time.",
    "The EEF drew investors from across Asia, including the United States.",
    "U.S. companies were absent this year.",
]


@pytest.fixture(scope="module")
def seed_briefing() -> Briefing:
    return summarizers.brief(SEED.read_text(encoding="utf-8"))


def by_name(entities: tuple[Entity, ...]) -> dict[str, Entity]:
    return {e.name: e for e in entities}


def surface_forms(entities: tuple[Entity, ...]) -> set[str]:
    return {form for e in entities for form in (e.name, *e.aliases)}


def test_seed_people_are_merged_with_their_short_names(seed_briefing: Briefing):
    found = by_name(seed_briefing.entities)
    abe, putin = found["Shinzo Abe"], found["Vladimir Putin"]
    assert (abe.type, putin.type) == ("person", "person")
    assert "Abe" in abe.aliases and abe.mentions >= 15
    assert "Putin" in putin.aliases
    assert not {"Abe", "Abe’s", "Putin"} & set(found)


def test_seed_places_and_organizations_are_found(seed_briefing: Briefing):
    found = by_name(seed_briefing.entities)
    places = ["Japan", "Russia", "China", "Vladivostok", "Moscow", "Tokyo"]
    assert [found[name].type for name in places] == ["place"] * len(places)
    assert found["Rosneft"].type == "organization"


def test_seed_has_no_headline_fragment_author_or_publisher(seed_briefing: Briefing):
    forms = surface_forms(seed_briefing.entities)
    assert not {"Shinzo Abe Going", "Dmitry Filippov", "The Diplomat", "Diplomat"} & forms
    assert not any("Japan-Russia Ties" in form for form in forms)


def test_seed_summary_has_no_boilerplate(seed_briefing: Briefing):
    summary = " ".join(s.text for s in seed_briefing.summary)
    assert seed_briefing.title == "Shinzo Abe Going All In on Improving Japan-Russia Ties"
    for furniture in (
        "Tokyo Report",
        "Recent Features",
        "Credit:",
        "Filippov",
        "jobs board",
        seed_briefing.title,
    ):
        assert furniture not in summary


def test_seed_most_salient_entities_come_first(seed_briefing: Briefing):
    top = {e.name for e in seed_briefing.entities[:4]}
    assert {"Shinzo Abe", "Japan", "Russia"} <= top
    assert seed_briefing.entities[0].mentions == max(e.mentions for e in seed_briefing.entities)


def test_seed_has_no_dates_or_numbers_as_entities(seed_briefing: Briefing):
    forms = surface_forms(seed_briefing.entities)
    assert not {"May 2016", "March 2014", "2015", "two", "September 2-3"} & forms


def test_acronym_joins_the_name_it_abbreviates():
    found = by_name(extract_entities(SUMMIT, language="en", title=None).entities)
    assert found["Eastern Economic Forum"].aliases == ("EEF",)
    assert found["United States"].aliases == ("U.S.",)


def test_possessive_and_short_name_join_the_full_name():
    found = by_name(extract_entities(SUMMIT, language="en", title=None).entities)
    assert found["Shinzo Abe"].aliases == ("Abe",)
    assert found["Shinzo Abe"].mentions == 3


def test_demonym_of_a_named_place_is_not_an_entity():
    forms = surface_forms(extract_entities(SUMMIT, language="en", title=None).entities)
    assert "Russia" in forms and "Russian" not in forms


def test_entity_named_in_the_title_ranks_above_one_mentioned_as_often():
    plain = [e.name for e in extract_entities(SUMMIT, language="en", title=None).entities]
    titled = [e.name for e in extract_entities(SUMMIT, language="en", title="Asia courts investors").entities]
    assert titled.index("Asia") < plain.index("Asia")


def test_title_is_not_read_by_ner_even_when_a_sentence_repeats_it():
    title = "Shinzo Abe Going All In on Improving Japan-Russia Ties"
    found = extract_entities([title, *SUMMIT], language="en", title=title)
    assert "Shinzo Abe Going" not in surface_forms(found.entities)


def test_long_text_is_cut_for_ner_with_a_note():
    sentences = [SUMMIT[0]] * (NER_MAX_CHARS // len(SUMMIT[0]) + 10)
    found = extract_entities(sentences, language="en", title=None)
    assert found.notes == (f"named entities taken from the first {NER_MAX_CHARS:,} characters",)
    assert found.entities


def test_language_without_a_model_finds_no_inflected_place_and_notes_the_missing_organisations():
    """'Budapesten' is inflected: without Hungarian morphology only exact names count. 'Orbán Viktorral'
    opens with a given name of the dictionary (summarizers/person_names.py): a person, as written."""
    found = extract_entities(["Budapesten tárgyalást tartottak Orbán Viktorral."], language="hu", title=None)
    assert {e.type for e in found.entities} <= {"person"}
    assert found.notes == ("organisations: no model for Hungarian",)


def test_unknown_language_gives_no_entities_and_says_so():
    found = extract_entities(["Some Text By Someone In Somewhere."], language=None, title=None)
    assert found.entities == ()
    assert found.notes == ("entities: the language is unknown",)


def test_page_in_a_language_without_a_model_lists_only_known_places_and_says_so():
    html = (PAGES / "zeit.de__0a12df42d1764095989ab078ee0f940b.html").read_bytes()
    briefing = summarizers.brief_html(html)
    assert briefing.language == "de"
    # German capitalises every noun: only names the gazetteer knows as places are listed
    assert {e.name for e in briefing.entities} >= {"Minneapolis", "Chicago", "San Francisco"}
    assert {e.type for e in briefing.entities} == {"place"}
    assert "organisations: no model for German" in briefing.notes


@pytest.mark.parametrize(
    ("surface", "name"),
    [
        ("Abe’s", "Abe"),
        ("Putin's", "Putin"),
        ("the Northern Territories", "Northern Territories"),
        ("The Eastern Economic Forum", "Eastern Economic Forum"),
        ("“Parasite,”", "Parasite"),
        ("U.S.", "U.S."),
    ],
)
def test_surface_forms_are_normalised(surface: str, name: str):
    assert normalise_name(surface) == name


@pytest.mark.parametrize("surface", ["x", "2016", "government", "’s", "--"])
def test_noise_is_not_a_name(surface: str):
    assert normalise_name(surface) is None
