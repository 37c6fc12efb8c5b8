"""Apertium's analysers and taggers (Debian packages installed by .ci/system-packages) give STTS tags for
Spanish, Portuguese, Italian, Romanian, Catalan and Polish, one per word the caller gives."""

from __future__ import annotations

import pytest

from summarizers import apertium_tagger
from summarizers.apertium_tagger import apertium_tagger as tagger_for
from summarizers.apertium_tagger import read_words, stts


@pytest.mark.parametrize("language", sorted(apertium_tagger.PAIRS))
def test_every_tagged_language_has_its_apertium_data_installed(language: str) -> None:
    assert tagger_for(language) is not None, f"run .ci/system-packages: no Apertium data for {language}"


def test_a_spanish_sentence_gets_one_stts_tag_per_word() -> None:
    tag = tagger_for("es")
    assert tag is not None
    words = ["El", "Gobierno", "aprobó", "ayer", "una", "ley", "que", "limita", "los", "alquileres"]
    tags = [t for _, _, t in tag(words)]
    assert len(tags) == len(words)
    assert tags[:4] == ["ART", "NN", "VVFIN", "ADV"]
    assert tags[6] in ("PRELS", "KOUS")  # "que"


def test_the_tagger_is_kept_open_and_answers_many_calls_in_turn() -> None:
    tag = tagger_for("it")
    assert tag is not None
    for _ in range(3):
        assert [t for _, _, t in tag(["La", "polizia", "ha", "arrestato", "due", "uomini"])][:2] == [
            "ART",
            "NN",
        ]


def test_a_contraction_a_multiword_and_a_split_number_map_back_to_the_callers_words() -> None:
    stream = (
        "^del/de<pr>+el<det><def><m><sg>$ ^a pesar/a pesar<cnjadv>$ ^de/de<pr>$ ^1/1<num>$° "
        "^Kirchner/*Kirchner$"
    )
    read = read_words(["del", "a", "pesar", "de", "1°", "Kirchner"], stream)
    assert [stts(tags) for _, _, tags in read] == ["APPRART", "KOUS", "KOUS", "APPR", "CARD", "NE"]


def test_apertium_readings_read_as_stts() -> None:
    assert stts(["vblex", "pp", "f", "sg"]) == "VVPP"
    assert stts(["vbhaver", "pii", "p3", "sg"]) == "VAFIN"
    assert stts(["rel", "adv"]) == "PWAV"  # "como", "donde": no noun to name
    assert stts(["prn", "enc", "p3"]) == "PPER"


def test_without_apertium_data_there_is_no_tagger_and_nothing_fails(monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(apertium_tagger, "DATA", tmp_path)
    apertium_tagger._pipeline.cache_clear()
    try:
        assert tagger_for("ro") is None
    finally:
        apertium_tagger._pipeline.cache_clear()


def test_a_word_opening_with_an_elided_article_or_pronoun_reads_as_what_follows_it() -> None:
    """ "l’Italia" is a name, "l’ha" the verb "have" (so "l’ha annunciato" is a compound past), while
    "dell’anno" stays a preposition."""
    from summarizers.apertium_tagger import readings
    from summarizers.tagger_tense import apertium_tenses

    read = readings("it")
    assert read is not None
    tags = {
        word: found
        for word, _, found in read(["Il", "governo", "l’ha", "detto", "dell’anno", "e", "l’Italia"])
    }
    assert tags["l’ha"][0] == "vbhaver" and tags["l’Italia"][0] == "np" and tags["dell’anno"][0] == "pr"
    assert apertium_tenses("Il ministro l’ha annunciato venerdì in conferenza stampa.", read)[0][1] == "past"
