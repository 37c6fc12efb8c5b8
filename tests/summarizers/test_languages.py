"""Pages in about 30 languages: detected correctly, each briefed, with the method and NER notes honest
(the languages with an NER model are in test_entity_models.py)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import summarizers
from summarizers import text

PAGES = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures" / "pages"
EXPECTED = json.loads((PAGES / "expected.json").read_text("utf-8"))
SAME_LANGUAGE = {("sh", "hr"), ("sh", "sr"), ("sh", "bs")}  # Serbo-Croatian is labelled by its standard


def _page(name: str) -> bytes:
    return (PAGES / name).read_bytes()


@pytest.mark.slow
def test_language_is_detected_on_nearly_every_fixture_page():
    wrong = []
    for row in EXPECTED:
        got = text.detect_language(summarizers.extract_html(_page(row["file"])).text)
        want = row["language"].split("-")[0].lower()
        if got != want and (want, got) not in SAME_LANGUAGE:
            wrong.append((row["file"], want, got))
    assert wrong == []


@pytest.mark.parametrize(
    ("name", "language", "stemmed"),
    [
        ("nu.nl__1721884119.html", "nl", True),
        ("zeit.de__0a12df42d1764095989ab078ee0f940b.html", "de", True),
        ("elmundo.es-PSOE.html", "es", True),
        ("chinadaily.com.cn__newspaper4k-chinese_article_001.html", "zh", False),
        ("youm7.com__1691196862.html", "ar", True),
        ("jagran.com__1782160236.html", "hi", False),
        ("VnExpress.net-Kinh-doanh.html", "vi", False),
        ("bbc.com-burmese__newspaper4k-burmese_article.html", "my", False),
        ("rp.pl__unijne-fundusze.html", "pl", False),
        ("haniotika-nea.gr__1687581723.html", "el", False),
    ],
)
def test_every_language_gets_a_summary_and_says_which_method_ran(name, language, stemmed):
    b = summarizers.brief_html(_page(name))
    assert b.language == language
    assert 1 <= len(b.summary) <= 5
    assert all(s.text for s in b.summary)
    if stemmed:
        assert b.method == "default"
    else:
        assert "no stemmer" in b.method and language in b.method
    # the gazetteer's places and people by their given names; no organisations without a model
    assert all(e.type in ("place", "person") for e in b.entities)
    assert f"organisations: no model for {text.language_label(language)}" in b.notes


def test_page_declaring_the_wrong_language_is_briefed_in_its_real_one():
    b = summarizers.brief_html(_page("bbc.com-burmese__newspaper4k-burmese_article.html"))
    assert b.language == "my"  # the page's metadata claims English
    assert b.entities == ()  # no English NER run over Burmese text


THAI = (
    "รัฐบาลอนุมัติพระราชกฤษฎีกาเมื่อต้นเดือนมีนาคม 2563 เพื่อควบคุมการระบาด "
    "รัฐมนตรีสาธารณสุขกล่าวเมื่อวันอังคารว่าสถานการณ์อยู่ภายใต้การควบคุม "
    "ปลายเดือนเมษายนจำนวนผู้ติดเชื้อลดลงร้อยละ 40"
)


def test_thai_text_without_full_stops_is_split_into_sentences_and_words_by_its_segmenter():
    """Thai writes no full stops and no spaces between words: a paragraph was one sentence of two
    "words" (its numbers). PyThaiNLP's CRFCut model and dictionary segmenter read it."""
    from summarizers.text import split_sentences, words

    parts = split_sentences(THAI, "th")
    assert len(parts) >= 2 and "".join(parts).replace(" ", "") == THAI.replace(" ", "")
    assert words(parts[0], "th")[:2] == ["รัฐบาล", "อนุมัติ"]


@pytest.mark.parametrize(
    ("language", "body"),
    [
        ("hi", "सरकार ने 10 सितंबर को नए नियमों की घोषणा की। मंत्री ने बुधवार को कहा कि स्थिति बिगड़ गई है।"),
        ("bn", "সরকার ১০ সেপ্টেম্বর নতুন নিয়ম ঘোষণা করেছে। মন্ত্রী বুধবার বলেছেন যে পরিস্থিতি খারাপ হয়েছে।"),
        ("ta", "அரசு செப்டம்பர் 10 அன்று புதிய விதிகளை அறிவித்தது. அமைச்சர் நிலைமை மோசமடைந்ததாக கூறினார்."),
    ],
)
def test_words_written_with_vowel_signs_are_words_so_an_indic_text_is_briefed(language, body):
    """Python's \\w leaves out the vowel signs of Indic scripts: "मंत्री" was no word, so a Hindi article had
    "no sentences to summarize". Punkt leaves the danda on the last word; it is punctuation."""
    assert "मंत्री" in text.words("मंत्री ने कहा।", "hi") and "कहा" in text.words("मंत्री ने कहा।", "hi")
    briefing = summarizers.brief(body, language=language)
    assert len(briefing.summary) == 2


@pytest.mark.parametrize(
    ("language", "body", "title"),
    [
        ("km", "រដ្ឋាភិបាលបានប្រកាសច្បាប់ថ្មីនៅថ្ងៃទី១០ ខែកញ្ញា។ រដ្ឋមន្ត្រីបាននិយាយថាស្ថានភាពកាន់តែអាក្រក់។", "ច្បាប់ថ្មី"),
        (
            "bo",
            "གཞུང་གིས་ཟླ་༩ ཚེས་༡༠ ལ་སྒྲིག་གཞི་གསར་པ་བསྒྲགས་པ་རེད། བློན་པོས་གནས་སྟངས་ཡག་པོ་མེད་ཟེར།",
            "སྒྲིག་གཞི་གསར་པ།",
        ),
    ],
)
def test_a_text_in_a_script_without_spaces_or_segmenter_is_split_and_briefed(language, body, title):
    """Khmer runs its words together and Tibetan marks syllables with the tsheg: both were "no sentences to
    summarize" or one sentence; their sentence ends (។, །) and letters or syllables now count."""
    briefing = summarizers.brief(body, language=language, title=title)
    assert len(briefing.summary) == 2


def test_text_written_with_combining_accents_is_read_like_composed_text():
    """Vietnamese in Unicode NFD ("tha\u0301ng") had no date: every table spells its words composed."""
    import unicodedata

    body = unicodedata.normalize(
        "NFD", "Chính phủ công bố quy định mới ngày 10 tháng 9. Bộ trưởng cho biết tình hình đã xấu đi."
    )
    briefing = summarizers.brief(body, language="vi", title="Quy định mới", published=dt.date(2020, 9, 14))
    assert [e.expression for e in briefing.events] == ["10 tháng 9"]


def test_a_georgian_sentence_opening_in_its_only_case_is_a_sentence_and_its_label_is_not_capitalised():
    """Unicode calls Mkhedruli letters lower case, so "… გამოაცხადა. მინისტრმა …" was read as one sentence
    (a stop before a lower-case word is an abbreviation elsewhere), and labels opened with a Mtavruli capital."""
    body = (
        "მთავრობამ 10 სექტემბერს ახალი წესები გამოაცხადა. მინისტრმა თქვა, რომ სიტუაცია გაუარესდა. "
        "პარლამენტმა 11 სექტემბერს მხარი დაუჭირა."
    )
    assert len(text.split_sentences(body, "ka")) == 3
    briefing = summarizers.brief(body, language="ka", title="ახალი წესები", published=dt.date(2020, 9, 14))
    assert [e.label[0] for e in briefing.events] == ["მ", "პ"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mateusz Bonca, poprzedni prezes, został odwołany 6 stycznia 2019 r. Obowiązki prezesa zarządu "
            "Grupy Lotos pełnił Jarosław Wittstock.",
            2,
        ),
        (
            "W 2019 r. Sejm uchwalił nową ustawę o mediach.",
            1,
        ),  # no verb before the date: it opens the sentence
        ("Ustawa weszła w życie 1 stycznia 2020 r. i obowiązuje do dziś.", 1),  # no capital after it
    ],
)
def test_a_polish_sentence_ends_on_an_abbreviated_year_after_its_verb(text, expected):
    """Punkt knows "r." (roku) as an abbreviation, so "… 2019 r. Obowiązki …" was one sentence and the
    event's label ran on into the next one."""
    assert len(summarizers.text.split_sentences(text, "pl")) == expected
