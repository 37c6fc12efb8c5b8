"""Summary sentences a reader accepts in every language: no furniture line is ever chosen, the antecedent
rule reads each language's data, and the default method is a sumy summarizer."""

from __future__ import annotations

import pytest
from sumy.models.dom import Sentence as SumySentence
from sumy.nlp.stemmers import Stemmer
from sumy.parsers.plaintext import PlaintextParser
from sumy.utils import get_stop_words

from summarizers import brief, brief_html
from summarizers.briefing import ALGORITHMS, NO_ARTICLE_TEXT, BriefingError
from summarizers.ranking.coherence import depends_on_previous, leans_on_previous, stop_words
from summarizers.ranking.default import DefaultSummarizer
from summarizers.ranking.shape import Line, date_spans, furniture
from summarizers.summary import summarize
from summarizers.text import SumyTokenizer

# The furniture the issue met outside English, each beside the prose of its page, one line a paragraph.
FURNITURE_PAGES = {
    "ko": (
        "이용민 기자 | 2020-03-04 16:52:59",
        "왼쪽부터 김철수 대표, 이영희 회장, 박민수 사장",
        "대전시는 4일 코로나19 확진자가 3명 늘어 모두 18명이 됐다고 밝혔다.",
        "시는 확진자들이 다녀간 시설을 모두 소독하고 접촉자를 찾고 있다고 설명했다.",
        "방역 당국은 시민들에게 외출을 자제하고 손을 자주 씻어 달라고 당부했다.",
    ),
    "th": (
        "21 ม.ค.2561 เวลาประมาณ 12.00 น.",
        "เกิดเหตุดินถล่มทับบ้านเรือนประชาชนในหมู่บ้านบนภูเขาทางภาคเหนือของประเทศหลังฝนตกหนักติดต่อกันหลายวัน",
        "เจ้าหน้าที่กู้ภัยเร่งค้นหาผู้สูญหายท่ามกลางสภาพอากาศที่ยังคงเลวร้ายและถนนที่ถูกตัดขาด",
        "ชาวบ้านกว่าสองร้อยคนต้องอพยพไปพักในโรงเรียนของหมู่บ้านใกล้เคียงเป็นการชั่วคราว",
    ),
    "hu": (
        "Borítókép: MTI/Koszticsák Szilárd",
        "A kormány kedden bejelentette, hogy jövő héttől újranyitják az iskolákat az egész országban.",
        "A döntést a járványügyi helyzet javulásával indokolták a kormányszóvivő szerint.",
        "Az ellenzék szerint a döntés túl korai, és veszélyezteti a tanárok egészségét.",
    ),
    "es": (
        "- Miércoles, 04 de Mayo de 2022",
        "Ao minuto",
        "El Gobierno aprobó este martes un plan de ayudas para las familias afectadas por las inundaciones.",
        "El plan incluye subvenciones para reparar viviendas y negocios dañados por el agua.",
        "Los alcaldes de la zona reclamaron más fondos para reconstruir los puentes destruidos.",
    ),
}


def lines(texts: tuple[str, ...]) -> list[Line]:
    return [Line(t, alone=True) for t in texts]


@pytest.mark.parametrize("language", sorted(FURNITURE_PAGES))
def test_bylines_datelines_captions_and_credits_are_furniture_in_every_script(language):
    texts = FURNITURE_PAGES[language]
    reasons = furniture(lines(texts), date_spans(language))
    furniture_lines = [t for t, r in zip(texts, reasons, strict=True) if r]
    prose = [t for t, r in zip(texts, reasons, strict=True) if not r]
    expected = [t for t in texts if len(t) < 40 or t.startswith(("21 ม.ค.", "이용민", "왼쪽부터"))]
    assert furniture_lines == expected
    assert len(prose) >= 3


@pytest.mark.parametrize("algorithm", ALGORITHMS)
@pytest.mark.parametrize("language", sorted(FURNITURE_PAGES))
def test_no_method_ever_chooses_a_furniture_line(language, algorithm):
    texts = FURNITURE_PAGES[language]
    prose = {i for i, r in enumerate(furniture(lines(texts), date_spans(language))) if not r}
    chosen = summarize(
        list(texts), count=5, algorithm=algorithm, language=language, paragraphs=range(len(texts))
    )
    assert chosen.positions and set(chosen.positions) <= prose


def test_standfirst_without_a_full_stop_is_kept_as_the_lead():
    texts = (
        "Heavy rain brings the third landslide of the month to the northern villages",
        "Rescue teams searched the rubble of three houses in the village on Tuesday morning.",
        "Villagers carried their belongings to the school gymnasium after the landslide.",
    )
    assert furniture(lines(texts))[0] == "heading"
    assert furniture(lines(texts), keep=texts[0])[0] is None


def test_lines_that_repeat_one_frame_are_a_teaser_list():
    texts = [f"Post-ul {story} apare prima dată în Unica.md." for story in ("A b c d", "E f g", "H i j k l")]
    texts.append("Guvernul a aprobat marți un plan de ajutor pentru familiile afectate de inundații.")
    assert furniture(lines(tuple(texts))) == ["teaser", "teaser", "teaser", None]


def test_sentence_with_a_date_and_a_clock_time_is_prose_when_it_says_something():
    texts = (
        "The meeting ended at 10:30 on 3 March 2020 without an agreement on the budget.",
        "He died on 3 March.",
    )
    assert furniture(lines(texts), date_spans("en")) == [None, None]


def test_a_text_of_furniture_only_has_no_article_text():
    body = "\n\n".join(
        ["Ao minuto", "Foto: Reuters", "2020-04-01 10:29", "Von Heike Buchter 19. Oktober 2019, 19:08 Uhr"]
    )
    with pytest.raises(BriefingError, match=NO_ARTICLE_TEXT):
        brief(body + "\n\nMehr lesen")


def test_feed_entry_of_one_line_without_a_full_stop_is_its_own_lead():
    briefing = brief("Police arrest two men after a shooting on Main Street", language="en")
    assert [s.text for s in briefing.summary] == ["Police arrest two men after a shooting on Main Street"]


def test_video_page_with_only_a_caption_says_no_article_text_found():
    html = (
        "<html><head><title>Floods</title></head><body><article><h1>Floods</h1>"
        '<figure><video src="v.mp4"></video><figcaption>Rescue teams search the rubble of a house in the '
        "village on Tuesday morning, as heavy rain keeps falling.</figcaption></figure>"
        "<p>Photo: Reuters</p></article></body></html>"
    )
    with pytest.raises(BriefingError, match=NO_ARTICLE_TEXT):
        brief_html(html)


# --- the antecedent rule ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("es", "Sin embargo, el ministro se negó a comentar."),
        ("pt", "Além disso, o ministro recusou comentar."),
        ("it", "Inoltre, il ministro ha rifiutato di commentare."),
        ("de", "Trotzdem, so der Minister, bleibt alles beim Alten."),
        ("sv", "Därför, sade ministern, är budgeten för liten."),
        ("fr", "Cependant, le ministre a refusé de commenter."),
    ],
)
def test_a_connective_of_closed_class_words_set_off_by_a_comma_leans_back(language, sentence):
    assert stop_words(language), "spaCy ships the language's stop words"
    assert depends_on_previous(sentence, language)


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("es", "El ministro se negó a comentar el martes."),
        ("es", "En Madrid, el ministro se negó a comentar."),
        ("fr", "Cette année, le festival accueille trois mille artistes."),
        ("de", "Diese Woche hat der Minister seinen Rücktritt erklärt."),
    ],
)
def test_names_places_and_times_opening_a_sentence_do_not(language, sentence):
    assert not depends_on_previous(sentence, language)


class _W:
    """A parsed word as the UD parsers give it."""

    def __init__(self, i: int, text: str, head: int, dep: str, pos: str, feats: str = "") -> None:
        self.i, self.text, self.head, self.dep, self.pos, self.feats = i, text, head, dep, pos, feats


def test_a_dropped_subject_leans_back_and_a_named_one_does_not():
    """Czech 'Řekl, že…' ("[He] said that…"), as the Czech pipeline parses it: the past's active participle
    is its third person (no auxiliary), and it has no subject."""
    dropped = [
        _W(0, "Řekl", 0, "root", "VERB", "Gender=Masc|Number=Sing|Tense=Past|VerbForm=Part|Voice=Act"),
        _W(1, ",", 4, "punct", "PUNCT"),
        _W(2, "že", 4, "mark", "SCONJ"),
        _W(3, "vláda", 4, "nsubj", "NOUN"),
        _W(4, "padne", 0, "ccomp", "VERB", "Person=3|VerbForm=Fin"),
        _W(5, ".", 0, "punct", "PUNCT"),
    ]
    shifted = [_W(w.i + 1, w.text, w.head + 1, w.dep, w.pos, w.feats) for w in dropped]
    shifted[0].head = 1
    named = [_W(0, "Premiér", 1, "nsubj", "NOUN"), *shifted]
    first_person = [*dropped, _W(6, "jsem", 0, "aux", "AUX", "Person=1|VerbForm=Fin")]
    assert leans_on_previous(dropped, frozenset())
    assert not leans_on_previous(named, frozenset())
    assert not leans_on_previous(first_person, frozenset())


# --- the default method as a sumy summarizer --------------------------------------------------------

ARTICLE = """FLOODS IN THE NORTH

Heavy rain caused a landslide that buried three houses in a northern village on Tuesday.

Rescue teams searched the rubble for survivors through the night. They found two people alive.

The regional government said it would pay for new homes for every family that lost one.

Meteorologists expect more rain in the north until the end of the week.
"""


def test_default_is_a_sumy_summarizer_usable_with_sumys_own_parser():
    """Plain sumy usage. sumy's own Tokenizer needs NLTK's punkt_tab download, so the tokenizer here is
    the one that ships its Punkt model (the same calls: to_sentences, to_words)."""
    parser = PlaintextParser.from_string(ARTICLE, SumyTokenizer("en"))
    summarizer = DefaultSummarizer(Stemmer("english"), language="en")
    summarizer.stop_words = get_stop_words("english")
    chosen = summarizer(parser.document, 2)
    assert len(chosen) == 2 and all(isinstance(s, SumySentence) for s in chosen)
    sentences = list(parser.document.sentences)
    assert [sentences.index(s) for s in chosen] == sorted(sentences.index(s) for s in chosen)
    assert str(chosen[0]).startswith("Heavy rain caused a landslide")
    assert not any(str(s).startswith("They found") for s in chosen), "its antecedent is not in the summary"


def test_pipeline_default_is_the_sumy_summarizer():
    briefing = brief(ARTICLE, title="Floods in the north", sentences=2, language="en")
    parser = PlaintextParser.from_string(ARTICLE, SumyTokenizer("en"))
    summarizer = DefaultSummarizer(Stemmer("english"), language="en")
    summarizer.stop_words = get_stop_words("english")
    assert [s.text for s in briefing.summary] == [str(s) for s in summarizer(parser.document, 2)]


@pytest.mark.parametrize(
    ("language", "leaning", "standing"),
    [
        ("de", "Er sagte, dass die Regierung bleibt.", "Der Präsident sagte, dass die Regierung bleibt."),
        ("de", "Deshalb kam der Minister nicht.", "In Berlin regnet es seit Tagen."),
        ("de", "Seine Partei verlor die Wahl deutlich.", "Die Partei verlor die Wahl deutlich."),
        ("fr", "Il a refusé de commenter la décision du tribunal.", "Le ministre a refusé de commenter."),
        ("fr", "Mais le ministre a refusé de commenter la décision.", "Cette année, le festival a lieu."),
        ("ru", "Он отказался комментировать решение суда.", "Министр отказался комментировать решение суда."),
    ],
)
def test_the_parse_reads_pronouns_and_conjunctions_in_german_french_and_russian(language, leaning, standing):
    """French and Russian read the UD parsers the event labels use (spaCy's French pipeline, Natasha);
    German the Hanover Tagger's STTS tags (PPER, PPOSAT, PROAV...)."""
    assert depends_on_previous(leaning, language)
    assert not depends_on_previous(standing, language)


@pytest.mark.parametrize(
    ("language", "leaning", "standing"),
    [
        ("de", "Diese Entscheidung hat alle überrascht.", "Diese Woche hat der Minister gekündigt."),
        ("nl", "Deze beslissing verraste iedereen in de stad.", "Dit jaar won de club de beker."),
        ("es", "Esta decisión sorprendió a todos los vecinos.", "Este martes el ministro dimitió."),
        ("da", "Denne beslutning overraskede alle i byen.", "Den 17. juni spilles der igen fodbold."),
    ],
)
def test_this_in_each_language_comes_from_its_date_words_and_a_time_is_no_reference(
    language, leaning, standing
):
    """'this' is read from the language's relative dates ("diese Woche", "esta semana"); a sentence opening
    with a date or a relative date ("Este martes", "Den 17 juni") opens with a time."""
    assert depends_on_previous(leaning, language)
    assert not depends_on_previous(standing, language)


@pytest.mark.slow
def test_fixture_page_summaries_show_no_more_furniture_than_measured():
    """bench.summary_furniture on every fixture page: 32 of 408 summary lines were furniture before the
    shape rules, 9 of 396 after (6 site notices that read as prose, a standfirst labelled a heading, a
    "see more on our site" line)."""
    from bench.summary_furniture import is_labelled, labels, summaries

    known = labels()
    found = [
        (name, sentence)
        for name, summary in summaries(5).items()
        if not isinstance(summary, str)
        for sentence in summary
        if any(is_labelled(sentence, start) for start, _ in known.get(name, []))
    ]
    assert len(found) <= 9
