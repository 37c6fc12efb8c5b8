"""The summary methods on real articles: every algorithm, document order, coherence, languages, length."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizers import text
from summarizers.ranking.coherence import depends_on_previous
from summarizers.summary import ALGORITHMS, summarize

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
SEED = SHARED / "fixtures" / "seed" / "000_dc81e270c460f236.txt"


@pytest.fixture(scope="module")
def seed_sentences() -> list[str]:
    return [s.text for s in text.sentences(SEED.read_text(encoding="utf-8"), "en")]


@pytest.fixture(scope="module")
def summeval_sentences() -> list[str]:
    with (SHARED / "data" / "summeval_cnndm_dev.jsonl").open(encoding="utf-8") as rows:
        first = json.loads(next(rows))
    return [s.text for s in text.sentences(first["text"], "en")]


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_every_algorithm_returns_distinct_sentences_in_document_order(algorithm, seed_sentences):
    chosen = summarize(seed_sentences, count=3, algorithm=algorithm, language="en", title="Abe visits Russia")
    assert len(chosen.positions) == 3
    assert list(chosen.positions) == sorted(set(chosen.positions))
    assert all(0 <= p < len(seed_sentences) for p in chosen.positions)
    assert chosen.method == algorithm


def test_unknown_algorithm_is_refused_with_the_choices(seed_sentences):
    with pytest.raises(ValueError, match="textrank"):
        summarize(seed_sentences, count=3, algorithm="bertsum", language="en")


def test_default_never_shows_a_dangling_opener_without_its_predecessor(seed_sentences, summeval_sentences):
    for sentences in (seed_sentences, summeval_sentences):
        for count in (1, 2, 3, 5):
            positions = summarize(sentences, count=count, language="en").positions
            for p in positions:
                if p > 0 and depends_on_previous(sentences[p], "en"):
                    assert p - 1 in positions, sentences[p]


def test_dangling_openers_are_recognised_and_time_determiners_are_not():
    """English reads the parse: pronouns, demonstratives, conjunctions, connective adverbs, dropped subjects.
    A connective phrase with a content word ("As a result,") is not read: "In a statement," has its shape."""
    assert depends_on_previous("He said the talks would go on.", "en")
    assert depends_on_previous("`` But we will not give up , '' she added .", "en")
    assert depends_on_previous("However, the ministry declined to comment.", "en")
    assert depends_on_previous("Meanwhile the police arrived at the scene.", "en")
    assert depends_on_previous("After that, prices rose.", "en")
    assert depends_on_previous("Its shares fell by a third.", "en")
    assert not depends_on_previous("This week the minister resigned.", "en")
    assert not depends_on_previous("The minister resigned on Tuesday.", "en")
    assert not depends_on_previous("In a statement, the ministry said prices rose.", "en")
    assert not depends_on_previous("There were concerns about the budget.", "en")


def test_dangling_sentence_is_swapped_for_another_when_it_ranks_first():
    sentences = [
        "The city council approved the new budget for schools and roads on Monday evening.",
        "Weather in the region stayed mild for most of the week, forecasters noted.",
        "It includes money for schools, roads, budget reserves and the council's new schools plan.",
        "Residents can read the budget for schools and roads on the council website from Friday.",
    ]
    positions = summarize(sentences, count=2, language="en").positions
    assert 2 not in positions or 1 in positions


def test_short_fragments_and_shouted_headlines_are_not_chosen():
    sentences = [
        "BREAKING NEWS: MARKETS TUMBLE AS BANKS WOBBLE AGAIN TODAY",
        "Photo: Reuters.",
        "Shares in European banks fell sharply on Tuesday after a lender reported heavy losses.",
        "Investors sold bank shares across the continent as the losses raised fears of contagion.",
        "The central bank said it was watching the markets closely and stood ready to act.",
    ]
    positions = summarize(sentences, count=2, language="en").positions
    assert set(positions) <= {2, 3, 4}


def test_language_without_stemmer_falls_back_and_says_so():
    sentences = [
        "မြန်မာနိုင်ငံ အစိုးရသည် ယနေ့ စီးပွားရေး မူဝါဒ အသစ်ကို ကြေညာခဲ့သည်။",
        "မူဝါဒ အသစ်သည် ကုန်သွယ်ရေးနှင့် ရင်းနှီးမြှုပ်နှံမှုကို အားပေးရန် ရည်ရွယ်သည်။",
        "စီးပွားရေး ပညာရှင်များက မူဝါဒ အသစ်ကို ကြိုဆိုကြသည်။",
        "မိုးလေဝသ သတင်းအရ မနက်ဖြန် မိုးရွာနိုင်သည်။",
    ]
    chosen = summarize(sentences, count=2, language="my")
    assert len(chosen.positions) == 2
    assert "no stemmer for 'my'" in chosen.method


def test_sumy_language_other_than_english_uses_sumy():
    sentences = [
        "Die Regierung hat am Montag einen neuen Haushalt für Schulen und Straßen beschlossen.",
        "Der Haushalt sieht mehr Geld für Schulen vor als im vergangenen Jahr.",
        "Das Wetter blieb in der ganzen Woche mild und trocken.",
        "Die Opposition kritisierte den Haushalt als unzureichend für die Schulen.",
    ]
    chosen = summarize(sentences, count=2, algorithm="lexrank", language="de")
    assert chosen.method == "lexrank"
    assert len(chosen.positions) == 2


def test_count_larger_than_the_text_returns_every_sentence(summeval_sentences):
    short = summeval_sentences[:2]
    assert summarize(short, count=5, language="en").positions == (0, 1)


@pytest.mark.slow
@pytest.mark.parametrize("algorithm", ["default", "kl", "lexrank"])
def test_hundred_thousand_word_text_is_summarized(algorithm, seed_sentences):
    varied = [f"{s} (Report {n}.)" for n in range(90) for s in seed_sentences]
    assert sum(len(s.split()) for s in varied) >= 100_000
    chosen = summarize(varied, count=3, algorithm=algorithm, language="en")
    assert len(chosen.positions) == 3
    assert list(chosen.positions) == sorted(chosen.positions)


def test_a_standfirst_its_lead_restates_is_chosen_once_in_its_fuller_copy():
    standfirst = (
        "Jawaban soal 'apa dampak negatif jika seseorang suka menunda-nunda pekerjaan?' di Belajar dari Rumah "
        "TVRI untuk SMA, Senin (4/5/2020)."
    )
    lead = (
        "TRIBUNNEWS.COM - Berikut ini jawaban soal 'apa dampak negatif jika seseorang suka menunda-nunda "
        "pekerjaan?' di Belajar dari Rumah TVRI, Senin (4/5/2020)."
    )
    sentences = [
        standfirst,
        lead,
        "Pertanyaan tersebut merupakan soal untuk siswa SMA di seluruh Indonesia.",
        "Dampak negatif menunda pekerjaan ada beberapa macam menurut para guru.",
    ]
    positions = summarize(sentences, count=3, language="id").positions
    assert positions == (1, 2, 3)


def test_list_items_of_one_pattern_are_all_offered():
    items = [
        "Victor N. Burton: Dealing in methamphetamine, possession of methamphetamine, visiting a common "
        "nuisance, held in jail in lieu of $268,500 bond.",
        "Jonathan P. Blair: Possession of methamphetamine, visiting a common nuisance, held in jail in lieu of "
        "$72,500 bond.",
        "Christopher D. Battin: Dealing in cocaine, possession of methamphetamine, visiting a common nuisance, "
        "held in jail in lieu of $90,000 bond.",
    ]
    assert summarize(items, count=3, language="en").positions == (0, 1, 2)
