import datetime as dt
from pathlib import Path

import pytest

from summarizers import text
from summarizers.dates import DateMention, find_dates, infer_anchor

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
SEED = SHARED / "fixtures" / "seed" / "000_dc81e270c460f236.txt"
PUBLISHED = dt.date(2016, 9, 13)  # a Tuesday


def values(sentence: str, anchor: dt.date | None = PUBLISHED, **kw: str) -> list[tuple[str, str | None]]:
    return [(m.value, m.end_value) for m in find_dates(sentence, anchor, **kw)]


def seed_mentions(anchor: dt.date | None) -> dict[str, DateMention]:
    body = SEED.read_text(encoding="utf-8")
    return {m.expression: m for s in text.sentences(body, "en") for m in find_dates(s.text, anchor)}


@pytest.mark.skipif(not SEED.exists(), reason="shared fixtures not present")
@pytest.mark.parametrize("anchor", [PUBLISHED, None], ids=["published", "inferred"])
def test_seed_article_dates_resolve_at_their_granularity(anchor: dt.date | None) -> None:
    found = seed_mentions(anchor or infer_anchor(SEED.read_text(encoding="utf-8")))
    assert (found["May 2016"].value, found["May 2016"].granularity) == ("2016-05", "month")
    assert (found["March 2014"].value, found["March 2014"].granularity) == ("2014-03", "month")
    assert (found["2015"].value, found["2015"].granularity) == ("2015", "year")
    sept = found["September 2-3"]
    assert (sept.value, sept.end_value, sept.granularity) == ("2016-09-02", "2016-09-03", "day")
    assert found["December 15"].value == "2016-12-15"
    assert found["December"].value == "2016-12"


@pytest.mark.skipif(not SEED.exists(), reason="shared fixtures not present")
def test_seed_article_anchor_is_inferred_from_its_latest_dated_mention() -> None:
    assert infer_anchor(SEED.read_text(encoding="utf-8")) == dt.date(2016, 5, 15)


def test_infer_anchor_prefers_the_latest_full_date() -> None:
    assert infer_anchor("Talks began in 2014. On 2016-09-02 they met; in 2015 they spoke.") == dt.date(
        2016, 9, 2
    )


def test_infer_anchor_is_none_without_any_year() -> None:
    assert infer_anchor("They met on Tuesday and will meet again in December.") is None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The deal was signed on 2016-09-02.", "2016-09-02"),
        ("Die Wahl fand am 02.09.2016 statt.", "2016-09-02"),
        ("Filed 2016/09/02 in court.", "2016-09-02"),
        ("He arrived on 9/2/2016.", "2016-09-02"),
        ("The law passed on Sept. 27, 1989.", "1989-09-27"),
        ("The law passed on 27 September 1989.", "1989-09-27"),
        ("January nineteen ninety-seven.", "1997-01"),
        ("Atlanta, nineteen ninety-six.", "1996"),
    ],
)
def test_explicit_dates_need_no_anchor(sentence: str, expected: str) -> None:
    assert values(sentence, None) == [(expected, None)]


@pytest.mark.parametrize(
    ("sentence", "language", "expected"),
    [
        ("Le sommet a eu lieu le 2 septembre 2016.", "fr", "2016-09-02"),
        ("Der Gipfel fand am 2. September 2016 statt.", "de", "2016-09-02"),
        ("La cumbre fue el 2 de septiembre de 2016.", "es", "2016-09-02"),
        ("Em março de 2014 a Rússia anexou a Crimeia.", "pt", "2014-03"),
    ],
)
def test_month_names_of_other_languages(sentence: str, language: str, expected: str) -> None:
    assert values(sentence, None, language=language) == [(expected, None)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The talks were held on September 2-3 in Vladivostok.", ("2016-09-02", "2016-09-03")),
        ("The fair runs March 3 to 5.", ("2017-03-03", "2017-03-05")),
        ("Sanctions lasted from 2014 to 2016.", ("2014", "2016")),
        ("Sanctions lasted 2014-2016.", ("2014", "2016")),
        ("Prices rose between May and June 2015.", ("2015-05", "2015-06")),
    ],
)
def test_ranges_keep_both_ends(sentence: str, expected: tuple[str, str]) -> None:
    assert values(sentence) == [expected]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("He resigned yesterday.", "2016-09-12"),
        ("Markets fell today.", "2016-09-13"),
        ("The vote is tomorrow.", "2016-09-14"),
        ("The minister spoke on Friday.", "2016-09-09"),
        ("The minister spoke last Tuesday.", "2016-09-06"),
        ("The minister will speak next Friday.", "2016-09-16"),
        ("Exports fell last month.", "2016-08"),
        ("Exports will rise next month.", "2016-10"),
        ("Exports fell last year.", "2015"),
        ("Exports rose this year.", "2016"),
        ("Exports will rise next year.", "2017"),
        ("They met two weeks ago.", "2016-08-30"),
        ("They met five months ago.", "2016-04"),
        ("The visit is planned for December 15.", "2016-12-15"),
        ("The treaty was signed on March 3.", "2016-03-03"),
        ("Putin will visit Japan in December.", "2016-12"),
        ("Crimea was annexed in March.", "2016-03"),
        ("The border treaty was signed last May.", "2016-05"),
    ],
)
def test_relative_and_partial_dates_resolve_against_the_anchor(sentence: str, expected: str) -> None:
    assert values(sentence) == [(expected, None)]


@pytest.mark.parametrize(
    "sentence",
    [
        "He resigned yesterday.",
        "The minister spoke on Friday.",
        "Exports fell last month.",
        "Visit on December 15.",
    ],
)
def test_relative_and_partial_dates_need_an_anchor(sentence: str) -> None:
    assert find_dates(sentence, None) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Japan may invest almost $10 billion in Rosneft.",  # money, and the verb
        "It may rain, and prices may rise.",
        "The bill cost 1,999 dollars.",
        "They sent 2,000 troops and 1999 soldiers.",
        "The index scored 2150 points, up 2010 percent.",
        "The islands have been disputed for over a half century.",
        "The trip has been in the works for over two years; the summit lasts 10 days.",
        "The meeting starts at 10:30 and ends at 12:45.",
        "Unemployment fell 12.5% to 4.7 percent.",
    ],
)
def test_things_that_are_not_dates_yield_nothing(sentence: str) -> None:
    assert find_dates(sentence, PUBLISHED) == []


def test_mentions_carry_offsets_into_the_sentence() -> None:
    sentence = "Abe visited Sochi in May 2016."
    (mention,) = find_dates(sentence, PUBLISHED)
    assert sentence[mention.start : mention.end] == mention.expression == "May 2016"


MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


@pytest.mark.parametrize("anchor_month", range(1, 13))
def test_a_month_named_with_last_or_next_resolves_in_every_month_of_the_year(anchor_month: int) -> None:
    anchor = dt.date(2020, anchor_month, 10)

    def months_after_anchor(value: str) -> int:
        year, month = map(int, value.split("-"))
        return (year - anchor.year) * 12 + month - anchor.month

    for number, name in enumerate(MONTHS, start=1):
        (last,) = find_dates(f"The bridge closed last {name}.", anchor)
        (upcoming,) = find_dates(f"The bridge reopens next {name}.", anchor)
        assert int(last.value[5:]) == int(upcoming.value[5:]) == number
        assert -13 <= months_after_anchor(last.value) <= -1, name
        assert 1 <= months_after_anchor(upcoming.value) <= 12, name


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        ("The council voted last December.", "en"),
        ("El consejo votó en diciembre pasado.", "es"),
        ("Le conseil a voté en décembre dernier.", "fr"),
    ],
)
def test_last_december_in_january_is_the_december_just_gone(sentence: str, language: str) -> None:
    assert values(sentence, dt.date(2020, 1, 10), language=language) == [("2019-12", None)]


def test_a_resolver_that_fails_costs_its_date_not_the_others(monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses

    import summarizers.dates

    def broken(m: object, ctx: object) -> None:
        raise ValueError("a defect in one rule")

    english = summarizers.dates._rules("en")  # the first rule reads ISO dates
    monkeypatch.setattr(
        summarizers.dates,
        "_rules",
        lambda code: (dataclasses.replace(english[0], resolve=broken), *english[1:]),
    )
    found = values("The appeal was filed on 2016-09-02; the minister spoke last Tuesday.")
    assert ("2016-09-02", None) not in found
    assert ("2016-09-06", None) in found


@pytest.mark.parametrize(
    ("body", "language", "expression"),
    [
        (
            "The city council voted last December to close the old bridge over the river. "
            "Engineers had warned for years that its steel was failing. Repairs are due to start in spring.",
            "en",
            "last December",
        ),
        (
            "El ayuntamiento votó en diciembre pasado el cierre del viejo puente sobre el río. "
            "Los ingenieros llevaban años advirtiendo que el acero fallaba. Las obras empiezan en primavera.",
            "es",
            "diciembre pasado",
        ),
    ],
)
def test_a_january_briefing_dates_last_december_in_the_year_before(
    body: str, language: str, expression: str
) -> None:
    from summarizers import brief

    briefing = brief(body, published=dt.date(2020, 1, 10), language=language)
    assert [(e.expression, e.date) for e in briefing.events] == [(expression, "2019-12")]


def test_a_named_day_is_no_weekday_and_a_product_number_is_no_year():
    """'Black Friday levels', 'Cyber Monday deals', 'the RTX 2060': no Friday before the article, no 2060;
    newswire's 'Bush Friday signed' keeps its Friday, and 'CES 2020' its year."""
    anchor = dt.date(2019, 11, 18)

    def found(text: str) -> list[tuple[str, str]]:
        return [(d.expression, d.value) for d in find_dates(text, anchor)]

    assert found("The price dropped to Black Friday levels, with Cyber Monday deals to come.") == []
    assert found("It is very similar to the RTX 2060 in raw performance.") == []
    assert found("Bush Friday signed the bill.") == [("Friday", "2019-11-15")]
    assert ("2020", "2020") in found("CES 2020 opens in January.")


def test_a_past_conditional_and_a_house_number_date_nothing_ahead():
    """'would have objected … until he heard the July 25 call' is past; '1909 Jolinda Drive' an address."""
    anchor = dt.date(2019, 11, 19)

    def found(text: str) -> list[tuple[str, str]]:
        return [(d.expression, d.value) for d in find_dates(text, anchor)]

    assert found("He would have objected until he heard the July 25 call.") == [("the July 25", "2019-07-25")]
    assert found("Jonathan P. Blair, 29, of 1909 Jolinda Drive, was charged.") == []
    assert found("Elizabeth A. Burton, 32, of 1119 Eighth St., was arrested.") == []
    assert found("In 1999 Main Street changed its name.") == [("1999", "1999")]
    assert found("He said he would visit on July 25.") == [("July 25", "2020-07-25")]
