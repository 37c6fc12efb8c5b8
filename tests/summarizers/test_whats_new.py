"""What new reports add to a story: sentences no earlier report said (by the story index's shingle
similarity), events on dates no earlier report gave."""

from __future__ import annotations

from summarizers.briefing import Event
from summarizers.stories import NEAR_DUPLICATE, shingles
from summarizers.whats_new import said_before, story_news
from tests.conftest import make_briefing

ARRIVES = (
    "Russian President Vladimir Putin arrived in Nagato on Thursday for two days of talks with Shinzo Abe."
)
REWORDED = (
    "Russian President Vladimir Putin arrived in Nagato on Thursday for two days of talks with Japan's Abe."
)
AGREED = "Abe said the two countries agreed to start talks on joint economic activities on the islands."


def _jaccard(a: str, b: str) -> float:
    x, y = shingles(a), shingles(b)
    return len(x & y) / len(x | y)


def test_a_sentence_an_earlier_report_said_nearly_word_for_word_is_not_new_and_a_new_one_is() -> None:
    assert _jaccard(ARRIVES, REWORDED) >= NEAR_DUPLICATE  # the same measure that groups copies
    earlier = said_before([make_briefing(sentences=(ARRIVES,))])
    news = story_news([make_briefing(sentences=(REWORDED, AGREED))], earlier)
    assert news.sentences == (AGREED,)


def test_two_new_reports_saying_the_same_new_thing_bring_it_once_and_the_count_is_capped() -> None:
    earlier = said_before([make_briefing(sentences=(ARRIVES,))])
    fresh = tuple(
        f"Officials in city number {n} announced a separate plan for the fishing fleet." for n in range(5)
    )
    news = story_news(
        [make_briefing(sentences=(AGREED, *fresh)), make_briefing(sentences=(AGREED,))], earlier, sentences=3
    )
    assert news.sentences == (AGREED, fresh[0], fresh[1])


def test_events_on_dates_already_given_are_left_out_and_new_dates_kept_with_their_labels() -> None:
    known = Event("2016-12-15", "day", "December 15", ARRIVES, label="Putin arrives in Nagato")
    same_day = Event("2016-12-15", "day", "Thursday", "On Thursday Putin landed.", label="Putin lands")
    in_month = Event("2016-12", "month", "December", "In December the talks began.", label="Talks begin")
    tokyo = Event(
        "2016-12-16", "day", "December 16", "On December 16 they met in Tokyo.", label="Leaders meet in Tokyo"
    )
    earlier = said_before([make_briefing(sentences=(ARRIVES,), events=(known,))])
    news = story_news([make_briefing(sentences=(ARRIVES,), events=(same_day, in_month, tokyo))], earlier)
    assert [(e.date, e.event_label) for e in news.events] == [("2016-12-16", "Leaders meet in Tokyo")]
    assert news.sentences == ()


def test_a_report_that_repeats_everything_brings_no_news() -> None:
    told = make_briefing(sentences=(ARRIVES, AGREED))
    assert story_news([make_briefing(sentences=(AGREED, ARRIVES))], said_before([told])).empty
