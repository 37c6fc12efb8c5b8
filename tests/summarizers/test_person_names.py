"""People found by their given names in languages without an NER model (summarizers/person_names.py)."""

from __future__ import annotations

from summarizers.entities import extract_entities


def _people(sentences: list[str], language: str) -> dict[str, int]:
    found = extract_entities(sentences, language=language, title=None)
    return {e.name: e.mentions for e in found.entities if e.type == "person"}


def test_a_given_name_and_a_surname_are_a_person_and_the_surname_alone_names_them_again():
    people = _people(
        [
            "Lucía Ferrer y Tomás Ibarra se reunieron el lunes en Valencia con los vecinos.",
            "Ferrer dijo que el plan llegará antes del verano.",
        ],
        "es",
    )
    assert people == {"Lucía Ferrer": 2, "Tomás Ibarra": 1}


def test_an_article_a_place_or_a_title_after_the_name_is_no_part_of_a_person():
    people = _people(
        ["El Gobierno anunció ayer nuevas ayudas para Rio de Janeiro y Palma de Mallorca."], "es"
    )
    assert "El Gobierno" not in people and not any("Janeiro" in p or "Mallorca" in p for p in people)
    people = _people(["Lo ha detto Giorgio Bellini Segretario della Cisl durante l'incontro di ieri."], "it")
    assert people == {"Giorgio Bellini": 1}


def test_a_german_name_ends_before_the_noun_german_capitalises():
    people = _people(
        ["Am Samstag protestierten in Berlin Anhänger von Greta Thunberg Aktivisten vor dem Amt."], "de"
    )
    assert people == {"Greta Thunberg": 1}


def test_a_given_name_tells_whether_a_he_or_a_she_may_mean_the_person():
    from summarizers.person_names import may_be

    assert may_be("Carlos Ruiz", "m") and not may_be("Carlos Ruiz", "f")
    assert may_be("Ana Torres", "f") and not may_be("Ana Torres", "m")
    assert may_be("Qwzx Ruiz", "m") and may_be("Qwzx Ruiz", "f")  # a name the dictionary lacks: either


def test_a_given_name_the_text_also_writes_in_lower_case_is_a_word_of_the_language_not_a_name():
    people = _people(
        [
            "Jong Oranje won dinsdag van Portugal in Utrecht, en Danny Buijs was er ook bij.",
            "Het jonge team speelde sterk, zei een jong talent na afloop van de jong gebleven wedstrijd.",
        ],
        "nl",
    )
    assert "Jong Oranje" not in people and "Danny Buijs" in people
