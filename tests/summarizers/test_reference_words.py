"""The antecedent rule in languages without a parser: each reads its table of UD closed-class words
(summarizers/ranking/reference_words/XX.tsv), so a summary sentence opening with a pronoun, a
demonstrative, a conjunction or a connective adverb needs the sentence before it."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizers.ranking import coherence
from summarizers.ranking.coherence import depends_on_previous, parser, reference_words

TABLES = Path(coherence.__file__).with_name("reference_words")
# Languages with a Snowball stemmer and no parser or tagger installed.
UNPARSED = ("ca", "da", "el", "es", "fi", "hu", "it", "nb", "nl", "pt", "ro", "sv", "tr")
UD_CLASSES = {"PRON", "DET", "ADV", "CCONJ"}

LEANING_AND_STANDING = [
    ("es", "Él dijo que el gobierno seguirá en funciones.", "El presidente dijo que el gobierno seguirá."),
    ("es", "Esto sorprendió a todos los vecinos del barrio.", "La noticia sorprendió a todos los vecinos."),
    ("es", "Pero el ministro no respondió a las preguntas.", "El ministro no respondió a las preguntas."),
    (
        "it",
        "Lui ha detto che il governo resterà in carica.",
        "Il presidente ha detto che il governo resterà.",
    ),
    ("it", "Però il ministro non ha risposto alle domande.", "Il ministro non ha risposto alle domande."),
    ("pt", "Ele disse que o governo vai continuar.", "O presidente disse que o governo vai continuar."),
    ("pt", "Isso surpreendeu todos os moradores.", "A notícia surpreendeu todos os moradores."),
    ("nl", "Dit verraste iedereen in de stad.", "Het besluit verraste iedereen in de stad."),
    ("nl", "Hij zei dat de regering blijft.", "De premier zei dat de regering blijft."),
    ("ro", "El a spus că guvernul rămâne.", "Președintele a spus că guvernul rămâne."),
    ("ro", "Şi guvernul a negat acuzațiile.", "Guvernul a negat acuzațiile."),
    ("sv", "Han sade att regeringen stannar.", "Statsministern sade att regeringen stannar."),
    ("da", "Hun sagde, at regeringen bliver.", "Statsministeren sagde, at regeringen bliver."),
    ("nb", "Hun sa at regjeringen blir sittende.", "Statsministeren sa at regjeringen blir sittende."),
    ("fi", "Hän sanoi, että hallitus jatkaa.", "Pääministeri sanoi, että hallitus jatkaa."),
    ("hu", "Ezért a kormány lemondott.", "A kormány lemondott a botrány miatt."),
    ("ca", "Però el govern ho nega.", "El govern ho nega tot."),
    ("el", "Αυτός είπε ότι η κυβέρνηση μένει.", "Ο πρωθυπουργός είπε ότι η κυβέρνηση μένει."),
    ("tr", "Bu karar herkesi şaşırttı.", "Hükümet kararı dün açıkladı."),
]


@pytest.mark.parametrize(("language", "leaning", "standing"), LEANING_AND_STANDING)
def test_pronouns_demonstratives_and_conjunctions_lean_back_where_no_parser_ships(
    language, leaning, standing
):
    assert parser(language) is None, "the table is the only reading of this language"
    assert depends_on_previous(leaning, language)
    assert not depends_on_previous(standing, language)


@pytest.mark.parametrize("language", UNPARSED)
def test_every_unparsed_language_with_a_stemmer_has_a_table_of_ud_closed_class_words(language):
    rows = (TABLES / f"{language}.tsv").read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("# UD_"), "the first line names the treebank the words come from"
    entries = [row.split("\t") for row in rows[1:] if row.strip()]
    assert len(entries) >= 10
    for word, pos, feats in entries:
        assert pos in UD_CLASSES and " " not in word
        if pos in ("PRON", "DET"):
            assert "PronType=" in feats
        if "PronType=Prs" in feats:
            assert "Person=3" in feats, "first and second person point at the writer or reader"
    assert reference_words(language) == frozenset(word.lower() for word, _, _ in entries)


def test_a_time_opening_with_a_demonstrative_is_not_a_reference():
    assert not depends_on_previous("Este martes el ministro dimitió.", "es")
    assert not depends_on_previous("Questa settimana il ministro si è dimesso.", "it")


def test_a_language_without_a_table_reads_nothing_from_it():
    assert reference_words("xx") == frozenset()


@pytest.mark.slow
def test_no_fixture_summary_opens_with_a_reference_whose_antecedent_is_missing():
    """bench.opening_references on every fixture page: 4 of 396 summary sentences before the tables
    (es 1, fi 1, nl 2), 0 after."""
    from bench.opening_references import dangling, summaries

    found = [text for page in summaries(5).values() for text in dangling(page)]
    assert found == []


DROPPED_AND_NAMED = [
    ("es", "Anunció que dejará el cargo en marzo.", "El alcalde anunció que dejará el cargo en marzo."),
    ("es", "Lo confirmó la portavoz del partido.", "Hay tres heridos en el hospital."),
    ("es", "Explicaron que la obra seguirá.", "Se aprobó la ley por mayoría."),
    ("es", "Criticó duramente la decisión del juez.", "Anunció ayer Sánchez que dimitirá."),
    ("pt", "Disse que o governo vai continuar.", "Há três feridos no hospital."),
    # a name after a preposition is the verb's object, not its subject put after it
    ("pt", "Vive em Utrecht, na Holanda.", "Vive em Utrecht o escritor Benjamin Moser."),
    ("it", "Ha annunciato che lascerà l'incarico.", "Il sindaco ha annunciato che lascerà."),
    ("ro", "A declarat că nu va demisiona.", "Primarul a declarat că nu va demisiona."),
    ("pl", "Powiedział, że nie zamierza odejść.", "Premier powiedział, że nie zamierza odejść."),
    ("ca", "Va dir que no dimitirà.", "Hi ha tres ferits a l'hospital."),
]


@pytest.mark.parametrize(("language", "dropped", "standing"), DROPPED_AND_NAMED)
def test_a_third_person_verb_without_its_subject_leans_back_where_apertium_tags_the_language(
    language, dropped, standing
):
    """Pro-drop: "Anunció que …" names its subject in an earlier sentence. A subject after the verb, an
    impersonal "se", an existential ("hay", "há", "hi ha") and a verb with its subject stand alone."""
    assert depends_on_previous(dropped, language)
    assert not depends_on_previous(standing, language)
