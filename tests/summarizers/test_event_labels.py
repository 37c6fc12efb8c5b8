"""Event labels: the clause that holds the date, 4-12 words, from the dependency parse; a sentence with two
dates gives two labels; stored events without a label fall back to a cut of the sentence."""

from __future__ import annotations

import datetime as dt

from summarizers import brief
from summarizers.briefing import Event
from summarizers.labels import MAX_WORDS, cut_label, event_label, label_dates, words

ANNEXED = (
    "Abe’s visit to the Russian town of Sochi in May 2016 became a major sign of a thaw in bilateral "
    "relations, which had been temporarily put on ice after Russia annexed Crimea in March 2014."
)


def _labels(sentence: str, *expressions: str) -> list[str]:
    spans = [(sentence.index(e), sentence.index(e) + len(e)) for e in expressions]
    return label_dates([sentence], [spans], language="en")[0]


def test_a_date_on_a_noun_is_labelled_by_its_noun_phrase_without_the_date():
    [label] = _labels(ANNEXED, "May 2016")
    assert label == "Abe’s visit to the Russian town of Sochi"


def test_two_dates_of_one_sentence_give_two_different_labels_each_about_its_own_clause():
    may, march = _labels(ANNEXED, "May 2016", "March 2014")
    assert may != march
    assert "annexed Crimea" in march and "Sochi" not in march
    assert "2014" not in march and "2016" not in may


def test_a_participle_takes_the_name_before_it_as_its_subject():
    sentence = "They met on the sidelines of the Eastern Economic Forum (EEF), a Russian initiative launched in 2015."
    assert _labels(sentence, "2015") == ["Eastern Economic Forum launched"]


def test_a_long_clause_is_cut_to_at_most_twelve_words_at_clause_boundaries():
    sentence = (
        "The Russian president is slated to visit Japan on December 15 and meet with Abe in the town of "
        "Nagato, a provincial seaside city that is also the prime minister's hometown."
    )
    [label] = _labels(sentence, "December 15")
    assert 4 <= len(words(label)) <= MAX_WORDS
    assert label.startswith("Russian president is slated to visit Japan")


def test_without_a_parser_the_label_is_the_stretch_between_punctuation_around_the_date():
    sentence = (
        "Officials said on Monday that, after long talks, the bridge opened in 2019 to traffic; few used it."
    )
    at = sentence.index("2019")
    assert cut_label(sentence, (at, at + 4)) == "Bridge opened to traffic"
    assert label_dates([sentence], [[(at, at + 4)]], language="xx") == [["Bridge opened to traffic"]]


def test_a_stored_event_without_a_label_gets_a_cut_of_its_sentence():
    stored = Event.from_dict(
        {
            "date": "2019",
            "granularity": "year",
            "expression": "2019",
            "text": "After talks, the bridge over the river opened in 2019.",
        }
    )
    assert stored.label is None and stored.entities == ()
    assert event_label(stored) == "Bridge over the river opened"
    assert (
        event_label(Event("2019", "year", "2019", "x", label="Bridge opened to traffic"))
        == "Bridge opened to traffic"
    )


def test_briefed_events_carry_labels_in_their_json_and_keep_the_whole_sentence():
    text = (
        "Japanese Prime Minister Shinzo Abe met Russian President Vladimir Putin in Sochi on May 6, 2016. "
        "The Russian president is slated to visit Japan on December 15 and meet with Abe in Nagato."
    )
    b = brief(text, published=dt.date(2016, 9, 13))
    by_date = {e.date: e for e in b.events}
    december = by_date["2016-12-15"]
    assert december.text.startswith("The Russian president is slated")
    assert december.label == "Vladimir Putin is slated to visit Japan"
    assert december.to_dict()["label"] == december.label
    assert Event.from_dict(december.to_dict()) == december


def test_a_lone_he_in_a_label_becomes_the_person_named_just_before():
    text = (
        "James Callaghan was the only politician to hold all four great offices of state. "
        "He entered Downing Street in 1976 after a long career in the Commons."
    )
    b = brief(text, published=dt.date(2005, 3, 27))
    [event] = [e for e in b.events if e.date == "1976"]
    assert event.label.startswith("James Callaghan entered Downing Street")


def test_a_language_without_an_english_parse_gets_labels_cut_at_punctuation_around_the_date():
    text = (
        "Le président a inauguré le nouveau pont de Nantes le 12 mars 2019, après trois ans de travaux. "
        "La ville avait voté le projet en 2015 malgré l'opposition de plusieurs associations locales."
    )
    b = brief(text, published=dt.date(2019, 3, 13), language="fr")
    by_date = {e.date: e for e in b.events}
    assert by_date["2019-03-12"].label == "Le président a inauguré le nouveau pont de Nantes"
    assert "2015" not in by_date["2015"].label and 4 <= len(words(by_date["2015"].label)) <= MAX_WORDS
