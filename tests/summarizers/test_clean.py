from pathlib import Path

import pytest

from summarizers.clean import clean_page_text, clean_text
from summarizers.extract import extract_html

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
SEED = SHARED / "fixtures" / "seed" / "000_dc81e270c460f236.txt"
PAGES = SHARED / "fixtures" / "pages"

BODY = (
    "The minister said on Tuesday that the talks would resume next week in the capital.\n\n"
    "Officials from both sides have met four times this year without reaching an agreement."
)


def paragraphs(text: str) -> list[str]:
    return text.split("\n\n")


def seed_lines() -> list[str]:
    return [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_seed_keeps_its_eleven_body_paragraphs():
    body = [line for line in seed_lines() if len(line.split()) > 30]
    assert len(body) == 11
    kept = paragraphs(clean_text(SEED.read_text(encoding="utf-8")).text)
    assert all(" ".join(p.split()) in kept for p in body)


def test_seed_repeated_headline_becomes_the_title_and_leaves_the_body():
    lines = seed_lines()
    headline = max(set(lines), key=lines.count)
    cleaned = clean_text(SEED.read_text(encoding="utf-8"))
    assert cleaned.title == headline
    assert headline not in cleaned.text


def test_seed_loses_labels_credit_bio_and_jobs_advert():
    lines = seed_lines()
    furniture = [
        lines[0],
        "Recent Features",
        *[line for line in lines if line.startswith("Credit:")],
        *lines[-4:],
    ]
    text = clean_text(SEED.read_text(encoding="utf-8")).text
    assert len(furniture) == 7
    assert not [line for line in furniture if line in text]


def test_given_title_is_kept_and_removed_from_the_body():
    cleaned = clean_text(f"Talks to resume next week\n\n{BODY}", title="Talks to resume next week")
    assert cleaned.title == "Talks to resume next week"
    assert paragraphs(cleaned.text) == paragraphs(BODY)


def test_leading_headline_line_is_taken_as_title_when_none_is_given():
    cleaned = clean_text(f"World News\n\nTalks to resume next week\n\n{BODY}")
    assert cleaned.title == "Talks to resume next week"
    assert paragraphs(cleaned.text) == paragraphs(BODY)


def test_text_without_headline_has_no_title():
    assert clean_text(BODY).title is None


@pytest.mark.parametrize(
    "line",
    [
        "Credit: Ministry of Foreign Affairs",
        "Photo: Jane Doe/Reuters",
        "Image: Wikimedia Commons",
        "Source: Ministry of Health",
        "Getty Images",
        "AP Photo/John Smith",
        "Read more: Why the talks collapsed last year",
        "Related: The negotiators behind the deal",
        "Recommended",
        "Subscribe to our daily briefing",
        "Sign up for our newsletter and get the news in your inbox.",
        "We use cookies to improve your experience.",
        "Advertisement",
        "By Jane Doe, Chief Correspondent",
        "Additional reporting by John Smith; Editing by Jane Doe",
    ],
)
def test_furniture_line_is_removed_even_between_paragraphs(line: str):
    first, second = paragraphs(BODY)
    assert paragraphs(clean_text(f"{first}\n\n{line}\n\n{second}").text) == [first, second]


def test_sentence_that_mentions_a_newsletter_is_kept():
    sentence = "The company's newsletter reported that profits fell by a third in the last quarter."
    assert sentence in clean_text(f"{BODY}\n\n{sentence}\n\nShares fell by ten percent on Monday.").text


def test_short_line_repeated_in_the_text_is_removed():
    text = f"Share this story\n\n{BODY}\n\nShare this story\n\nThe ministry did not comment on the report."
    assert "Share this story" not in clean_text(text).text


def test_duplicated_long_paragraph_is_kept_once():
    long = (
        " ".join(paragraphs(BODY))
        + " Both delegations are expected to arrive on Monday for three days of talks."
    )
    assert paragraphs(clean_text(f"{long}\n\n{long}\n\n{BODY}").text) == [long, *paragraphs(BODY)]


def test_subheading_inside_the_article_is_kept():
    first, second = paragraphs(BODY)
    assert "A deal in sight" in clean_text(f"{first}\n\nA deal in sight\n\n{second}").text


def test_author_bio_at_the_end_is_removed():
    bio = "Jane Doe is a senior fellow at the Institute for Policy Studies in Washington."
    assert paragraphs(clean_text(f"{BODY}\n\n{bio}").text) == paragraphs(BODY)


def test_trailing_calls_to_action_and_link_lists_are_removed():
    tail = "Got a story to tell?\nTell us about it.\nMore from World\nMarkets slide as talks stall\nContact: news@example.com"
    assert paragraphs(clean_text(f"{BODY}\n\n{tail}").text) == paragraphs(BODY)


def test_closing_quote_of_the_article_is_kept():
    quote = '"If you ask me, it will take years," she said.'
    assert quote in clean_text(f"{BODY}\n\n{quote}").text


def test_hard_wrapped_paragraph_is_joined_into_one():
    wrapped = (
        "The minister said on Tuesday that the talks would resume next week\n"
        "in the capital, where officials from both sides have met four times\n"
        "this year without reaching an agreement on the border dispute.\n\n"
        "Both delegations are expected to arrive on Monday and to stay for\n"
        "three days of meetings with the mediators from the United Nations."
    )
    cleaned = paragraphs(clean_text(wrapped).text)
    assert len(cleaned) == 2
    assert cleaned[0].startswith("The minister") and cleaned[0].endswith("border dispute.")


def test_text_made_only_of_short_lines_is_not_emptied():
    text = "Monday\n\nTuesday\n\nWednesday"
    assert clean_text(text).text == text


def test_trafilatura_text_of_an_english_page_loses_little():
    page = extract_html((PAGES / "bbc.com.52241221.html").read_bytes())
    before = [line for line in page.text.splitlines() if line.strip()]
    after = paragraphs(clean_text(page.text, title=page.title).text)
    assert len(after) >= 0.8 * len(before)
    assert "Can we answer your question on the coronavirus?" not in after


@pytest.mark.parametrize(
    "name",
    [
        "chinadaily.com.cn__newspaper4k-chinese_article_001.html",
        "arabic.cnn.com__newspaper4k-arabic_article.html",
    ],
)
def test_non_english_page_keeps_its_paragraphs(name: str):
    page = extract_html((PAGES / name).read_bytes())
    before = [" ".join(line.split()) for line in page.text.splitlines() if line.strip()]
    after = paragraphs(clean_text(page.text, title=page.title).text)
    assert len(after) >= 0.75 * len(before)
    assert sum(map(len, after)) >= 0.8 * sum(map(len, before))


def test_page_text_loses_a_wire_storys_end_marker_and_the_reporters_address_below_it():
    text = f"{BODY}\n\nkokobj@yna.co.kr\n\n(END)"
    assert clean_page_text(text, title=None).text == BODY
    assert clean_page_text("The END of an era.\n\nFin", title=None).text == "The END of an era."
    assert clean_page_text("(END)", title=None).text == "(END)"  # never the whole text
