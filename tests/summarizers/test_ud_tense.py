"""A bare weekday in French, Czech and Russian follows the tense of its clause's verbs, read from the
installed parser's morphology, as English weekdays follow English verb cues."""

from __future__ import annotations

import datetime as dt

import pytest

from summarizers import brief
from summarizers.dates import find_dates
from summarizers.ud_labels import ud_parser
from summarizers.ud_tense import verb_tenses

THURSDAY = dt.date(2015, 4, 30)  # the last Saturday is the 25th, the next the 2nd of May
FILLER = {
    "fr": "Les secours poursuivent les recherches dans la vallée. Les routes restent coupées par la neige.",
    "ru": "Спасатели продолжают поиски в долине. Дороги по-прежнему перекрыты снегом.",
    "cs": "Záchranáři pokračují v pátrání v údolí. Silnice zůstávají zavřené kvůli sněhu.",
    "de": "Die Retter suchen im Tal weiter. Die Straßen bleiben wegen des Schnees gesperrt.",
    "es": "Los equipos de rescate siguen buscando en el valle. Las carreteras siguen cortadas por la nieve.",
    "it": "I soccorritori continuano le ricerche nella valle. Le strade restano chiuse per la neve.",
    "pt": "As equipes de resgate continuam as buscas no vale. As estradas continuam fechadas pela neve.",
    "ro": "Salvatorii continuă căutările în vale. Drumurile rămân închise din cauza zăpezii.",
    "pl": "Ratownicy kontynuują poszukiwania w dolinie. Drogi pozostają zamknięte z powodu śniegu.",
    "ca": "Els equips de rescat continuen buscant a la vall. Les carreteres continuen tallades per la neu.",
}


def weekday(sentence: str, language: str) -> str:
    briefing = brief(f"{sentence} {FILLER[language]}", language=language, published=THURSDAY)
    (event,) = briefing.events
    return event.date


@pytest.mark.parametrize(
    ("language", "sentence", "expected"),
    [
        ("fr", "Un troisième Français a été tué dans le tremblement de terre samedi au Népal.", "2015-04-25"),
        ("fr", "Le ministre est arrivé samedi à Katmandou avec une équipe de secouristes.", "2015-04-25"),
        ("fr", "Le ministre se rendra samedi à Katmandou avec une équipe de secouristes.", "2015-05-02"),
        ("ru", "В субботу в горах Непала произошло сильное землетрясение.", "2015-04-25"),
        ("cs", "V sobotu zemřel v horách Nepálu známý český horolezec.", "2015-04-25"),
    ],
)
def test_a_bare_weekday_follows_the_tense_of_its_clauses_verbs(language, sentence, expected):
    assert weekday(sentence, language) == expected


def test_a_passive_in_the_present_says_nothing_of_the_tense():
    """'est organisé samedi': the participle of a passive is no past; the weekday stays the nearest."""
    assert (
        weekday("Un concert de soutien est organisé samedi dans la cathédrale de Lyon.", "fr") == "2015-05-02"
    )


def test_a_date_word_the_parser_tags_as_a_verb_is_no_tense_cue():
    parse = ud_parser("fr")
    assert parse is not None
    sentence = "Les Bleus affronteront samedi l'Angleterre au Stade de France."
    mentions = find_dates(sentence, THURSDAY, language="fr")
    cues = verb_tenses(parse([sentence])[0], outside=[(m.start, m.end) for m in mentions])
    assert cues and all(tense == "future" for _, tense in cues)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Ein Erdbeben hat am Samstag das Tal verwüstet.", "2015-04-25"),  # perfect
        ("Am Samstag stürzten in Katmandu Tempel ein.", "2015-04-25"),  # weak past
        ("Der Minister flog am Samstag nach Katmandu.", "2015-04-25"),  # strong past, changed stem
        ("Am Samstag war der Flughafen geschlossen.", "2015-04-25"),  # "war"
        ("Der Minister wird am Samstag nach Katmandu fliegen.", "2015-05-02"),  # future
        ("Die Hilfsgüter werden am Samstag verteilt.", "2015-05-02"),  # present passive: no cue, nearest
        ("Der Minister sagte, dass er am Samstag nach Katmandu fliegen werde.", "2015-05-02"),
        ("Er könnte am Samstag nach Katmandu fliegen.", "2015-05-02"),  # subjunctive: no past
    ],
)
def test_a_bare_german_weekday_follows_the_tense_its_tagger_reads(sentence, expected):
    pytest.importorskip("HanTa")
    assert weekday(sentence, "de") == expected


@pytest.mark.parametrize(
    ("language", "sentence", "expected"),
    [
        ("es", "El ministro llegó el sábado a Katmandú con un equipo de rescate.", "2015-04-25"),
        ("es", "El ministro ha llegado el sábado a Katmandú con un equipo de rescate.", "2015-04-25"),
        ("es", "El ministro llegará el sábado a Katmandú con un equipo de rescate.", "2015-05-02"),
        ("it", "Il ministro ha raggiunto sabato Katmandu con una squadra di soccorso.", "2015-04-25"),
        ("it", "Il ministro arriverà sabato a Katmandu con una squadra di soccorso.", "2015-05-02"),
        ("pt", "O ministro chegou no sábado a Katmandu com uma equipe de resgate.", "2015-04-25"),
        ("pt", "O ministro chegará no sábado a Katmandu com uma equipe de resgate.", "2015-05-02"),
        ("ro", "Ministrul a ajuns sâmbătă la Katmandu cu o echipă de salvare.", "2015-04-25"),
        ("pl", "Minister przyjechał w sobotę do Katmandu z ekipą ratowników.", "2015-04-25"),
        ("ca", "El ministre va arribar dissabte a Katmandú amb un equip de rescat.", "2015-04-25"),
        ("ca", "El ministre arribarà dissabte a Katmandú amb un equip de rescat.", "2015-05-02"),
    ],
)
def test_a_bare_romance_or_polish_weekday_follows_the_tense_apertium_reads(language, sentence, expected):
    """No parser ships for these languages; Apertium's tagger reads the verb's tense (preterite, future,
    "ha" with a participle, Catalan's "va" with an infinitive), so the weekday of a past clause is the last one and of a future clause the
    next, whatever tense the rest of the article is in."""
    assert weekday(sentence, language) == expected


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        ("Una grande figura di alta pressione conquisterà tutta l’Italia nel fine settimana.", "2015-05-05"),
        (
            "Una grande figura di alta pressione ha conquistato tutta l’Italia nel fine settimana.",
            "2015-04-28",
        ),
    ],
)
def test_a_weekday_in_a_line_without_a_verb_goes_on_in_the_tense_of_the_sentence_before(before, expected):
    """ "Temperature in aumento fino a 23°C (specie da domenica)": a forecast's verbless line was read without
    a cue, so its Sunday was the last one; it goes on in the tense of the sentence before it."""
    text = f"{before} Temperature in aumento fino a 23 gradi sulle valli alpine (specie da martedì). {FILLER['it']}"
    briefing = brief(text, language="it", published=THURSDAY)
    assert [e.date for e in briefing.events if e.expression.endswith("martedì")] == [expected]
