"""Event labels: the clause that holds the date, 4-12 words, from the dependency parse; a sentence with two
dates gives two labels; stored events without a label fall back to a cut of the sentence."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from summarizers import BriefingError, brief, brief_html, decode_html
from summarizers.briefing import Event
from summarizers.dates import find_dates
from summarizers.labels import (
    MAX_WORDS,
    cut_label,
    event_label,
    label_dates,
    label_size,
    leaves_hole,
    tidy,
    words,
)
from summarizers.ud_labels import ud_parser

PAGES = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures" / "pages"
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


def test_without_a_parser_a_date_inside_its_clause_stays_in_the_label():
    sentence = (
        "Officials said on Monday that, after long talks, the bridge opened in 2019 to traffic; few used it."
    )
    at = sentence.index("2019")
    assert cut_label(sentence, (at, at + 4)) == "Bridge opened in 2019 to traffic"
    assert label_dates([sentence], [[(at, at + 4)]], language="xx") == [
        ["The bridge opened in 2019 to traffic"]
    ]


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


def test_a_language_with_a_ud_parser_gets_labels_from_its_parse():
    text = (
        "Le président a inauguré le nouveau pont de Nantes le 12 mars 2019, après trois ans de travaux. "
        "La ville avait voté le projet en 2015 malgré l'opposition de plusieurs associations locales."
    )
    b = brief(text, published=dt.date(2019, 3, 13), language="fr")
    by_date = {e.date: e for e in b.events}
    assert by_date["2019-03-12"].label == "Le président a inauguré le nouveau pont de Nantes"
    assert "2015" not in by_date["2015"].label and 4 <= len(words(by_date["2015"].label)) <= MAX_WORDS


def _label(sentence: str, expression: str, language: str, **kwargs: object) -> str:
    span = (sentence.index(expression), sentence.index(expression) + len(expression))
    return label_dates([sentence], [[span]], language=language, **kwargs)[0][0]  # type: ignore[arg-type]


def test_the_hole_check_finds_a_label_read_across_the_missing_date():
    sentence = "Der Vertrag wurde auf Ende Januar dieses Jahres datiert."
    at = sentence.index("Januar")
    assert leaves_hole("Vertrag wurde auf Ende dieses Jahres datiert", sentence, (at, at + 6))
    assert not leaves_hole("Vertrag wurde auf Ende Januar dieses Jahres datiert", sentence, (at, at + 6))
    assert not leaves_hole("Der Vertrag wurde datiert", sentence, (at, at + 6))  # not in the sentence at all


def test_without_a_parser_a_date_within_its_phrase_is_never_cut_out_of_the_middle():
    label = _label(
        "Der Vertrag wurde auf Ende Januar dieses Jahres datiert, sagte die Kanzlei.", "Januar", "de"
    )
    assert "Ende Januar dieses Jahres datiert" in label
    label = _label("“Dal 1992 morti 33 giornalisti”, dice il rapporto annuale.", "1992", "it")
    assert "Dal 1992 morti 33 giornalisti" in label


def test_without_a_parser_a_date_between_commas_leaves_the_clause_it_interrupts_whole():
    sentence = "Vestul Greciei a fost lovit, vineri, de un ciclon tropical mediteranean, în Insulele Ionice."
    assert (
        _label(sentence, "vineri", "ro") == "Vestul Greciei a fost lovit de un ciclon tropical mediteranean"
    )


def test_without_a_parser_a_date_at_the_end_goes_with_the_function_words_that_lead_to_it():
    sentence = "Damit soll verhindert werden, dass die Einigung mit Brüssel scheitert bis Ende Oktober."
    # "bis Ende" goes with the date; "dass", a conjunction by the German tagger, goes as an opener
    assert _label(sentence, "Oktober", "de") == "Die Einigung mit Brüssel scheitert"


def test_a_french_label_comes_from_the_ud_parse_without_the_date():
    sentence = (
        "Le président a inauguré le nouveau pont de Nantes le 12 mars 2019, après trois ans de travaux."
    )
    assert _label(sentence, "12 mars 2019", "fr") == "Le président a inauguré le nouveau pont de Nantes"


def test_a_fronted_date_the_parser_cut_off_as_a_sentence_labels_the_main_clause():
    """fr_core_news_sm made "Samedi ," a tree of its own; the label was the infinitive clause after it."""
    sentence = (
        "Samedi, après avoir donné une balle de but à Marcus Rashford (2e) gâchée parce qu'il n'a pas cadré "
        "sa tête, le Portugais a réussi une déviation chanceuse mais géniale pour l'attaquant anglais, "
        "concrétisée cette fois du plat du pied (0-1, 23e)."
    )
    assert next(w.text for w in ud_parser("fr")([sentence])[0] if w.dep == "root") == "Samedi"
    assert _label(sentence, "Samedi", "fr").startswith("Le Portugais a réussi une déviation")


def test_both_dates_of_a_parsed_range_have_the_label_without_the_range():
    """The parser makes "le 15 novembre 2019" the conjunct of "le 21 juin": its label kept "entre le 21
    juin" and lost "de trottinettes"."""
    sentence = (
        "Les entreprises de trottinettes et de vélos en libre-service sans ancrage ont enregistré 365 000 "
        "déplacements entre le 21 juin et le 15 novembre 2019, dont 61 % en trottinettes."
    )
    start, end = sentence.index("21 juin"), sentence.index("15 novembre 2019")
    spans = [(start, start + 7), (end, end + 16)]
    labels = label_dates([sentence], [spans], language="fr")[0]
    assert labels == ["Les entreprises de trottinettes ont enregistré 365 000 déplacements"] * 2


def test_a_date_fronted_in_a_subordinate_clause_labels_that_clause():
    """The parser hung "qu'" on "en 2020"; the label was the main clause's opening, "C'est pour ça qu'"."""
    sentence = "C’est pour ça qu’en 2020, il n’y aura pas de trottinettes dans les rues de Montréal."
    assert _label(sentence, "2020", "fr") == "Il n’y aura pas de trottinettes dans les rues de Montréal"


def test_a_french_word_written_with_hyphens_is_parsed_as_one_word_in_one_tree():
    """spaCy's French tokenizer splits "libre-service" at its hyphen and the parser made the hyphen a root,
    so the label began mid-phrase ("Service de Jump seront autorisés"); "-t-il" stays as French splits it."""
    sentences = [
        "Les vélos en libre-service de la ville seront autorisés à Lyon cette année.",
        "Le bilan du programme-cadre voté en mars fait état d'une hausse des dépenses.",
        "A-t-il rencontré le vice-président à Aix-en-Provence le 3 mars ?",
    ]
    parsed = ud_parser("fr")(sentences)
    assert [sum(w.dep == "root" for w in words) for words in parsed] == [1, 1, 1]
    assert [[w.text for w in words if "-" in w.text] for words in parsed] == [
        ["libre-service"],
        ["programme-cadre"],
        ["-t", "-il", "vice-président", "Aix-en-Provence"],
    ]
    label = _label(sentences[0], "cette année", "fr")
    assert label.startswith("Les vélos en libre-service")


def test_a_russian_label_comes_from_natashas_syntax():
    sentence = "Парламент Молдовы на заседании в четверг одобрил законопроект о Службе информации."
    label = _label(sentence, "четверг", "ru")
    assert (
        label.startswith("Парламент Молдовы") and "одобрил законопроект" in label and "четверг" not in label
    )


def test_a_japanese_label_comes_from_ginza_and_counts_characters_as_words():
    sentence = "一方、イスラエル軍は１日、ガザ北部ジャバリヤ難民キャンプを空爆した。"
    label = _label(sentence, "１日", "ja")
    assert (
        "空爆した" in label
        and "１日" not in label
        and not leaves_hole(label, sentence, (sentence.index("１日"), sentence.index("１日") + 2))
    )


def test_a_czech_label_comes_from_the_czech_parse():
    pytest.importorskip("cs_core_news_sm")
    sentence = "Vláda v pondělí schválila nový zákon o daních z příjmů."
    label = _label(sentence, "pondělí", "cs")
    assert "schválila nový zákon" in label and "pondělí" not in label


def test_a_label_opening_with_they_names_the_subject_of_the_clause_above():
    sentence = (
        "Prince Charles and Camilla Parker Bowles are awaiting the nation's reaction after announcing "
        "they are to be married on 8 April."
    )
    assert _label(sentence, "8 April", "en") == "Prince Charles and Camilla Parker Bowles are to be married"


def test_a_label_opening_with_they_or_it_names_the_subject_of_the_sentence_before():
    label = _label(
        "They agreed to meet again in Vladivostok in September.", "September", "en",
        previous=["Shinzo Abe and Vladimir Putin met in Sochi last spring."],
    )  # fmt: skip
    assert label == "Shinzo Abe and Vladimir Putin agreed to meet again in Vladivostok"
    label = _label(
        "It will open to traffic in 2019 after six years of work.", "2019", "en",
        previous=["The new bridge over the Loire cost 80 million euros."],
    )  # fmt: skip
    assert label.startswith("New bridge over the Loire will open to traffic")


def test_an_event_dated_by_monday_is_labelled_with_what_happened_on_monday():
    sentence = "On Monday, the Kremlin confirmed that Putin will visit Japan on December 15."
    spans = [(sentence.index(e), sentence.index(e) + len(e)) for e in ("Monday", "December 15")]
    monday, december = label_dates([sentence], [spans], language="en")[0]
    assert monday == "Kremlin confirmed that Putin will visit Japan"
    assert december == "Putin will visit Japan"


@pytest.mark.slow
def test_no_label_of_any_fixture_page_leaves_a_hole_where_its_date_was():
    """Every fixture page, every language: a label that is in its sentence only once the date is removed
    is a defect."""
    pages = sorted(PAGES.glob("*.html"))
    assert len(pages) >= 80
    holes, labels = [], 0
    for page in pages:
        try:
            briefing = brief_html(decode_html(page.read_bytes()))
        except BriefingError:
            continue
        for event in briefing.events:
            at = event.text.find(event.expression)
            labels += 1
            if (
                event.label
                and at >= 0
                and leaves_hole(event.label, event.text, (at, at + len(event.expression)))
            ):
                holes.append((page.name, event.expression, event.label))
    assert labels > 300
    assert holes == []


def test_without_a_parser_a_short_sentence_is_its_own_label_with_subject_verb_and_date():
    sentence = "Nowy prezes obejmie stanowisko 3 lutego."
    at = sentence.index("3 lutego")
    assert cut_label(sentence, (at, at + 8), "pl") == "Nowy prezes obejmie stanowisko 3 lutego"


def test_without_a_parser_a_date_led_to_by_a_noun_phrase_stays_so_the_phrase_is_not_left_open():
    sentence = (
        "Konkurs na stanowisko prezesa spółki ogłosiła rada nadzorcza w połowie stycznia, "
        "jak podała agencja PAP w piątek wieczorem."
    )
    at = sentence.index("stycznia")
    # "w połowie" (in the middle) alone would end on a hole
    assert cut_label(sentence, (at, at + 8), "pl").endswith("w połowie stycznia")


def test_without_a_parser_a_quote_mark_that_closes_in_another_sentence_is_left_out():
    sentence = '"Em 2012 eu fiz e errei.'
    at = sentence.index("2012")
    assert cut_label(sentence, (at, at + 4), "pt") == "Em 2012 eu fiz e errei"


def test_a_french_label_is_a_clause_with_a_finite_verb_not_an_infinitive_fragment():
    sentence = (
        "La Tunisie occupait la deuxième place parmi les pays du Moyen Orient et le Nord de l’Afrique "
        "en 2018 pour reculer à la quatrième place en 2019."
    )
    label = _label(sentence, "2019", "fr")
    assert label.startswith("La Tunisie occupait") and "reculer à la quatrième place" in label


def test_a_shortened_label_keeps_its_negation():
    sentence = (
        "En raison du taux élevé de délinquance chez les utilisateurs des trottinettes en libre-service, "
        "l’administration de Valérie Plante a décidé de ne pas autoriser ces véhicules dans les rues de "
        "la ville en 2020."
    )
    label = _label(sentence, "2020", "fr")
    assert "ne pas autoriser" in label


def test_without_a_parser_a_date_clause_too_short_to_read_alone_takes_the_clause_after_it():
    sentence = "从2017年起，益阳就与华为深度合作，对全市信息基础设施、统一支撑平台等进行整体规划，建立起一个庞大并随时更新的数字底座。"
    at = sentence.index("2017年")
    assert cut_label(sentence, (at, at + 5), "zh") == "从2017年起，益阳就与华为深度合作"


def test_a_french_label_does_not_end_on_a_word_whose_complement_was_cut():
    sentence = (
        "Pourtant, la Tunisie s’est engagée à assurer l’égalité entre les deux sexes dans tous les "
        "domaines conformément à la Constitution de 2014."
    )
    label = _label(sentence, "2014", "fr")
    assert label.startswith("La Tunisie s’est engagée") and not label.endswith("conformément")


def test_a_french_label_does_not_open_with_an_il_whose_antecedent_is_outside_it():
    sentence = (
        "Au plus mal en championnat avant ce match, Arsenal a prouvé qu'il pouvait redresser la tête avec "
        "un succès probant contre Chelsea, le premier en championnat depuis le 1er novembre."
    )
    label = _label(sentence, "1er novembre", "fr")
    assert not label.lower().startswith("il ") and "Arsenal" in label


def test_without_a_parser_a_bracketed_byline_before_the_clause_is_not_part_of_the_label():
    sentence = "〔記者巫其倫／台北報導〕財政部今天下午將公佈今年1-2月期統一發票中獎清冊，財政部透露，本期千萬中獎張數為18張。"
    at = sentence.index("今天")
    assert cut_label(sentence, (at, at + 2), "zh") == "財政部今天下午將公佈今年1-2月期統一發票中獎清冊"


def test_without_a_parser_a_relative_clause_after_a_comma_is_joined_to_the_clause_it_leans_on():
    sentence = (
        "Vacanța de toamnă a elevilor, care urma să se încheie pe 1 noiembrie, va fi prelungită cu o zi."
    )
    at = sentence.index("1 noiembrie")
    label = cut_label(sentence, (at, at + 11), "ro")
    assert label.startswith("Vacanța de toamnă a elevilor, care urma")


def test_a_german_clause_opening_with_dass_loses_the_conjunction_its_tagger_names():
    pytest.importorskip("HanTa")
    sentence = (
        "In London wird jetzt damit gerechnet, dass Johnson am Montag erneut eine Motion über den "
        "Brexit-Vertrag einbringen und dabei das weitere Vorgehen ankündigen wird."
    )
    at = sentence.index("Montag")
    assert cut_label(sentence, (at, at + 6), "de").startswith("Johnson am Montag erneut eine Motion")


def test_trimming_a_long_label_never_cuts_inside_a_name():
    [label] = _labels(
        "The Museum of Modern Art will show the collection of the Bank of America in a new exhibition in "
        "March.",
        "March",
    )
    assert label.startswith("Museum of Modern Art will show")


def _german_label(sentence: str, expression: str) -> str:
    pytest.importorskip("HanTa")
    at = sentence.index(expression)
    return cut_label(sentence, (at, at + len(expression)), "de")


def test_a_long_german_clause_loses_adverbs_and_phrases_and_keeps_its_verb_at_the_end():
    label = _german_label(
        "Der Bundestag hat am Donnerstag nach langer Debatte im Plenum mit großer Mehrheit ein neues "
        "Gesetz zum Klimaschutz beschlossen.",
        "Donnerstag",
    )
    assert label.startswith("Der Bundestag hat am Donnerstag") and label.endswith("beschlossen")
    assert label_size(label) <= MAX_WORDS


def test_a_german_date_hanging_on_a_noun_goes_before_a_phrase_the_verb_needs():
    """It was "Die epische Brexit-Schlacht geht nach dem Parlamentsentscheid vom Samstag": the farthest
    phrase, the one "geht" needs, went first."""
    label = _german_label(
        "Die epische Brexit-Schlacht geht nach dem Parlamentsentscheid vom Samstag also nochmals in eine "
        "nächste Runde.",
        "Samstag",
    )
    assert "nach dem Parlamentsentscheid" in label and label.endswith("in eine nächste Runde")
    assert "Samstag" not in label and label_size(label) <= MAX_WORDS


def test_a_phrase_opening_a_german_clause_goes_with_the_phrases_that_hang_on_its_noun():
    label = _german_label(
        "Die Ministerin sagte, dass im Fall einer Einigung der Parteien über den Haushalt das Kabinett "
        "am Mittwoch den Entwurf beschließen werde.",
        "Mittwoch",
    )
    assert "über den Haushalt" not in label and "im Fall" not in label
    assert label.endswith("das Kabinett am Mittwoch den Entwurf beschließen werde")


def test_the_phrase_a_german_date_hangs_on_is_never_dropped():
    label = _german_label(
        "Die Regierung will nach dem Urteil vom Dienstag in den kommenden Tagen ein neues Verfahren zur "
        "Prüfung der Anträge einleiten.",
        "Dienstag",
    )
    assert (
        label == "Die Regierung will nach dem Urteil ein neues Verfahren einleiten"
    )  # the date shown beside


def test_a_german_label_never_loses_a_negation_the_object_of_a_preposition_or_the_dates_modifier():
    negated = _german_label(
        "Die Stadt hat den Plan für den Ausbau der Strecke nach langen Beratungen im Ausschuss bis heute "
        "nie am Montag vorgestellt.",
        "Montag",
    )
    assert "bis heute nie am Montag" in negated and negated.endswith("vorgestellt")
    modified = _german_label(
        "Der Vorstand will die neuen Zahlen zur Entwicklung der Umsätze im Konzern wegen der Prüfung erst "
        "am Montag in Berlin vorlegen.",
        "Montag",
    )
    assert "erst am Montag" in modified and modified.endswith("vorlegen")


def test_a_german_label_stops_before_a_second_clause_instead_of_thinning_the_first():
    label = _german_label(
        "Die Polizei hat am Freitag in Hamburg einen Verdächtigen festgenommen und die Wohnung des Mannes "
        "in der Nacht zum Samstag durchsucht.",
        "Freitag",
    )
    assert label == "Die Polizei hat am Freitag in Hamburg einen Verdächtigen festgenommen"


def test_without_a_parser_a_long_sentence_ends_at_a_phrase_boundary_not_with_an_ellipsis():
    sentence = (
        "Em meados de fevereiro, Benjamin foi abandonado próximo a uma borracharia na estrada do "
        "Belmont, em Porto Velho."
    )
    at = sentence.index("fevereiro")
    label = cut_label(sentence, (at, at + 9), "pt")
    assert label == "Em meados de fevereiro, Benjamin foi abandonado próximo a uma borracharia"


def test_a_copyright_line_and_a_list_of_teasers_give_no_dated_events():
    """Page furniture tells no event ("©2004—2020 Site", "Post-ul … apare prima dată în …" three times);
    a dated sentence of the article still does."""
    body = "\n\n".join(
        [
            "The city council approved the new harbour budget on March 3, after a long debate.",
            "The mayor said construction would begin within the year.",
            "Post: Schools close on November 2 as teachers strike first appeared on Daily Site.",
            "Post: The river festival returns in 2050 with new boats first appeared on Daily Site.",
            "Post: A new bridge opened on Friday to traffic first appeared on Daily Site.",
            "©2004—2020 Daily Site.",
        ]
    )
    briefing = brief(body, title="Council approves harbour budget", published=dt.date(2020, 3, 5))
    assert [e.expression for e in briefing.events] == ["March 3"]


def test_a_dateline_of_the_story_s_own_day_is_labelled_with_the_headline_and_a_quote_credit_is_not():
    """A dateline's few words ("МОСКВА, 29 июня.") tell nothing; its date is the story's, so the headline
    says what happened then. A tweet's credit line of another day keeps its own words."""
    body = "\n\n".join(
        [
            "МОСКВА, 29 июня.",
            "Движение по новому участку кольцевой дороги открылось в понедельник утром.",
            "«Новый участок снимет нагрузку с МКАД», — написал мэр в своём блоге.",
            "— Сергей Собянин (@MosSobyanin) 14 марта 2020",
            "Строительство участка началось в 2018 году и обошлось в 40 миллиардов рублей.",
        ]
    )
    title = "Движение по ЦКАД открывается от Можайского до Новорижского шоссе - ТАСС"
    briefing = brief(body, title=title, published=dt.date(2020, 6, 29), language="ru")
    labels_at = {e.expression: e.label for e in briefing.events}
    assert labels_at["29 июня"] == "Движение по ЦКАД открывается от Можайского до Новорижского шоссе"
    assert labels_at["14 марта 2020"] != labels_at["29 июня"]


def test_words_of_scripts_with_vowel_signs_are_counted_whole():
    """Python's \\w leaves out combining vowel signs; a Gujarati or Hindi label must not count as twice its
    length and be cut short."""
    assert label_size("અમેરિકામાં રહેતાં ભાયલીના છીતુ પટેલનું કોરોનાથી મોત, પત્ની સારવાર હેઠળ") == 10
    assert label_size("दिल्ली में आज बारिश हुई") == 5


def test_a_quoted_question_inside_a_sentence_does_not_end_it_and_keeps_its_quotes():
    """Jawaban soal 'apa dampaknya?' di TVRI: the words after a quoted question in lower case go on the
    same sentence, and the closing quote stays with it (a label of it has balanced quotes)."""
    from summarizers.text import split_sentences

    text = (
        "Jawaban soal 'menurutmu apa dampak negatif jika seseorang suka menunda pekerjaan?' di Belajar dari "
        "Rumah TVRI untuk SMA, Senin (4/5/2020). Pertanyaan tersebut merupakan soal untuk SMA."
    )
    first, second = split_sentences(text, "id")
    assert first.startswith("Jawaban") and first.endswith("Senin (4/5/2020).")
    assert second == "Pertanyaan tersebut merupakan soal untuk SMA."
    assert split_sentences("Он сказал: «Нет!» Потом ушёл.", "uk") == ["Он сказал: «Нет!»", "Потом ушёл."]


def test_an_english_title_before_a_name_ends_no_sentence_but_a_swedish_pronoun_still_does():
    from summarizers.text import split_sentences

    assert split_sentences(
        "South Dakota Gov. Kristi Noem is defending the campaign. It drew criticism.", "en"
    ) == [
        "South Dakota Gov. Kristi Noem is defending the campaign.",
        "It drew criticism.",
    ]
    assert split_sentences("Lt. Gov. Dan Patrick spoke. Yes, sir. Then it rained.", "en")[0] == (
        "Lt. Gov. Dan Patrick spoke."
    )
    assert split_sentences("Jag vet inte, sa hon. Sedan gick hon.", "sv") == [
        "Jag vet inte, sa hon.",
        "Sedan gick hon.",
    ]


def test_a_copyright_line_written_out_gives_no_dated_event():
    body = "\n\n".join(
        [
            "The city council approved the new harbour budget on March 3, after a long debate.",
            "The mayor said construction would begin within the year.",
            "Copyright Daily Site 2019 - ISSN: 2283-5474",
        ]
    )
    briefing = brief(body, title="Council approves harbour budget", published=dt.date(2019, 3, 5))
    assert [e.expression for e in briefing.events] == ["March 3"]


def test_a_quoted_post_s_credit_line_is_labelled_with_its_author_and_what_the_post_said():
    """An embedded tweet signs off "— Elon Musk (@elonmusk) March 16, 2020": the event of that date is the
    post, which is the paragraph before the credit (its link and tags gone), not a name and a handle."""
    body = "\n\n".join(
        [
            "Les informations non vérifiées ont envahi les réseaux sociaux pendant la pandémie de Covid-19.",
            "Maybe worth considering chloroquine for #C19 https://t.co/LEYob7Jofr",
            "— Elon Musk (@elonmusk) March 16, 2020",
            "Les chercheurs ont ensuite classé les tweets les plus partagés selon leur source.",
        ]
    )
    briefing = brief(body, title="Comment une rumeur devient réalité", published=dt.date(2020, 9, 14))
    labels_at = {e.expression: e.label for e in briefing.events}
    assert labels_at["March 16, 2020"] == "Elon Musk: Maybe worth considering chloroquine for C19"


def test_a_headline_label_drops_the_site_s_sections_and_closing_aside_and_a_long_one_keeps_its_first_part():
    """A byline's date is the story's own, so the headline labels it: without "» Local » Noticias » Ultima
    Hora Mallorca" or "（2020年2月15日）｜BIGLOBEニュース", and when too long, its part before the colon."""
    from summarizers.pipeline import _headline

    assert (
        _headline(
            "Anticorrupción decidirá si recurre la imputación » Local » Noticias » Ultima Hora Mallorca", None
        )
        == "Anticorrupción decidirá si recurre la imputación"
    )
    assert _headline(
        "与田祐希“すっぴんショット”公開「お気に入りの一枚」（2020年2月15日）｜BIGLOBEニュース", None
    ) == ("与田祐希“すっぴんショット”公開")
    long_title = (
        "Aumenta la ofensiva K sobre Alberto Fernández: Cristina Kirchner puso en duda la legitimidad de su "
        "gestión"
    )
    assert _headline(long_title, "Clarín") == "Aumenta la ofensiva K sobre Alberto Fernández"
    body = "\n\n".join(
        [
            "El fiscal Anticorrupción decidirá esta semana en Madrid si recurre la imputación de la Infanta.",
            "Patricio Candia | Palma de Mallorca | 06/01/2014",
            "La Audiencia de Palma ya anuló en abril una primera imputación del juez instructor.",
        ]
    )
    briefing = brief(body, title=long_title + " » Política » Clarín", published=dt.date(2014, 1, 8))
    labels_at = {e.expression: e.label for e in briefing.events}
    assert labels_at["06/01/2014"] == "Aumenta la ofensiva K sobre Alberto Fernández"


def test_the_commas_of_a_list_of_names_do_not_cut_a_label_but_a_date_set_off_by_commas_still_does():
    """ "Tuska, Hołowni, Kosiniaka-Kamysza i Czarzastego" is one phrase: a label must not start inside it.
    ", vineri," is a date between commas, not an item of a list, and ", Antonio Salinas, con el objetivo"
    is an apposition: both still end a clause."""
    sentence = (
        "Z informacji WP wynika, że spotkanie Tuska, Hołowni, Kosiniaka-Kamysza i Czarzastego planowane "
        "jest na piątek 3 listopada."
    )
    at = sentence.index("piątek 3 listopada")
    label = cut_label(sentence, (at, at + len("piątek 3 listopada")), "pl")
    assert "Tuska, Hołowni, Kosiniaka-Kamysza i Czarzastego" in label
    sentence = "Vestul Greciei a fost lovit, vineri, de un ciclon tropical mediteranean, în Insulele Ionice."
    at = sentence.index("vineri")
    assert (
        cut_label(sentence, (at, at + 6), "ro")
        == "Vestul Greciei a fost lovit de un ciclon tropical mediteranean"
    )
    sentence = (
        "El fiscal anticorrupción se entrevistó ayer con su superior, Antonio Salinas, con el objetivo de "
        "analizar el extenso auto de Castro."
    )
    at = sentence.index("ayer")
    assert (
        cut_label(sentence, (at, at + 4), "es")
        == "El fiscal anticorrupción se entrevistó ayer con su superior"
    )


def test_a_german_relative_clause_label_names_the_noun_it_hangs_on_where_the_tagger_reads_one():
    """ "deren Wurzeln … lassen" cannot open a label alone; the tagger reads "deren" as a relative pronoun
    after "Patrizierfamilie," and the label names that noun. An article after a comma ("der Präsident") is
    no relative pronoun and gets no noun put before it."""
    sentence = (
        "Sie ist die Nachfahrin einer österreichischen k. u. k Patrizierfamilie, deren Wurzeln sich bis in "
        "das Jahr 1229 zurückverfolgen lassen."
    )
    at = sentence.index("1229")
    assert cut_label(sentence, (at, at + 4), "de") == (
        "Patrizierfamilie, deren Wurzeln sich bis in das Jahr 1229 zurückverfolgen lassen"
    )
    sentence = (
        "Nach langen Verhandlungen mit allen Fraktionen im Parlament, der Präsident unterzeichnete das "
        "Gesetz am Montag in Berlin."
    )
    at = sentence.index("Montag")
    assert not cut_label(sentence, (at, at + 6), "de").startswith("Parlament,")


def _tagged_label(sentence: str, expression: str, language: str) -> str:
    start = sentence.index(expression)
    return cut_label(sentence, (start, start + len(expression)), language)


def test_a_long_clause_where_the_verb_comes_early_ends_after_a_noun_phrase_not_on_a_participle():
    """Past 12 words, a Spanish clause used to stop at its 12th word ("… aprobado"); the tagger shows
    where a noun phrase ends after the verb, and the label stops there."""
    label = _tagged_label(
        "El ministro presentó el martes el nuevo plan de vivienda del Gobierno central aprobado por el "
        "Consejo de Ministros en su reunión semanal.",
        "martes",
        "es",
    )
    assert label.startswith("El ministro presentó el martes el nuevo plan")
    assert label.split()[-1] not in ("aprobado", "de", "del", "por")
    assert label_size(label) <= MAX_WORDS


def test_a_tagged_romance_label_keeps_the_negation_before_its_verb():
    label = _tagged_label(
        "La polizia non ha arrestato ieri sera nessuno dei manifestanti radunati davanti al palazzo del "
        "governo regionale in piazza Castello.",
        "ieri sera",
        "it",
    )
    assert "non ha arrestato" in label
    assert label_size(label) <= MAX_WORDS


def test_an_ending_written_onto_the_date_stays_on_it_and_an_indic_full_stop_ends_no_label():
    """ "बुधवारी" (on Wednesday) is the date "बुधवार" with its ending: the label wrote "बुधवार ी", and kept
    the danda (or the Armenian "։") that closes the sentence."""
    marathi = "मंत्र्यांनी बुधवारी सांगितले की परिस्थिती बिघडली आहे आणि सरकारने नवीन नियम जाहीर केले आहेत."
    label = _tagged_label(marathi, "बुधवार", "mr")
    assert "बुधवारी" in label and "बुधवार ी" not in label
    nepali = "मन्त्रीले बुधबार परिस्थिति बिग्रिएको बताए।"
    assert not _tagged_label(nepali, "बुधबार", "ne").endswith("।")
    armenian = "Պայմանագիրը ստորագրվել է 2018 թվականի մարտի 5-ին, հայտնել են կառավարությունից։"
    label = _tagged_label(armenian, "2018 թվականի մարտի 5", "hy")
    assert not label.endswith("։") and "5 -ին" not in label


def test_an_unspaced_run_in_a_burmese_sentence_with_spaces_is_not_spelled_out_letter_by_letter():
    """A Burmese sentence spaces its phrases, not its words: the run before the date was cut into letters
    and joined with spaces ("အ စ ိ ု း ရ ...")."""
    sentence = "အစိုးရသည် စက်တင်ဘာ ၁၀ ရက်နေ့တွင် စည်းမျဉ်းအသစ်များကို ကြေညာခဲ့သည်။"
    label = _tagged_label(sentence, "စက်တင်ဘာ ၁၀", "my")
    assert label.startswith("အစိုးရသည်")


def test_a_chinese_label_is_cut_between_words_not_inside_one():
    """Chinese writes no spaces: a cut at about 30 characters fell inside a word ("能够利" of 能够 + 利用);
    jieba's dictionary gives the words, and the cut falls between two of them."""
    from summarizers.text import chinese_segmenter

    sentence = "在2014年被谷歌收购的英国人工智能公司深度思维开发出一款能够利用记忆来学习新知识的计算机程序。"
    label = _tagged_label(sentence, "2014年", "zh")
    words = chinese_segmenter()(sentence)
    ends = {sum(len(w) for w in words[: n + 1]) for n in range(len(words))}
    start = sentence.index(label)
    assert start + len(label) in ends, label
    assert not label.endswith("利")


def test_a_long_chinese_label_ends_after_a_noun_phrase_not_on_a_measure_word():
    """Past about 30 characters a Chinese clause was cut before the object its measure word counts
    ("…集成了一款", integrated one [kind of …]); jieba's tags show where a noun phrase ends, and the head
    noun after a measure word's "的" modifier is the only end inside it."""
    sentence = "华为公司在2019年发布的新一代芯片麒麟990集成了一款能够利用人工智能技术自动优化拍照效果和电池续航的神经网络处理器。"
    label = _tagged_label(sentence, "2019年", "zh")
    assert label == "华为公司在2019年发布的新一代芯片麒麟990"
    short = "小米公司于2020年3月收购了三家位于深圳的初创企业。"
    assert _tagged_label(short, "2020年3月", "zh") == "小米公司于2020年3月收购了三家位于深圳的初创企业"


def test_a_chinese_clause_without_a_subject_after_its_date_takes_the_topic_of_the_sentence():
    """Chinese chains clauses on one topic: "…，于2021年3月5日在北京逝世" and "…的讲话稿，5日在…公布" say who
    only in a clause before. The label names it (the noun phrase just before, or the names opening the
    sentence); a topic's demonstrative ("这个…") is not lent."""
    died = "张先生因长期患病，经医院全力抢救无效，于2021年3月5日在北京逝世，享年80岁。"
    assert _tagged_label(died, "2021年3月5日", "zh") == "张先生于2021年3月5日在北京逝世"
    speech = (
        "经过长达三个月的反复讨论和修改之后，上海市政府新任市长的首份讲话稿，5日在上海国际会议中心正式公布。"
    )
    assert _tagged_label(speech, "5日", "zh").startswith("上海市政府新任市长的首份讲话稿5日")
    pronoun = "这个城市的居民，60年前就曾在作家笔下的小说中出现过，如今已经成为旅游胜地，每年吸引大量游客。"
    assert not _tagged_label(pronoun, "60年前", "zh").startswith("这个")


def test_a_chinese_topic_is_lent_without_its_demonstrative_and_the_label_drops_a_modifier_to_fit():
    """ "这个洞庭湖区的重要城市" points back at the text before; the noun phrase without "这个" names what
    the clause is about. With it the label is past 30 characters, so the noun run before a "的" that only
    modifies the title after it ("作家周立波笔下的") goes, and the title, the verb and the date stay."""
    city = "这个洞庭湖区的重要城市，60年前就曾在作家周立波笔下的《山乡巨变》中展现风貌。"
    assert _tagged_label(city, "60年前", "zh") == "洞庭湖区的重要城市60年前就曾在《山乡巨变》中展现风貌"


def test_a_tagged_label_keeps_the_adverb_that_compares_a_quantity():
    """Dropping "menos" from "algo menos de un metro" would make less than a metre read as a metre."""
    cases = [
        ("“El nivel del embalse bajó ayer en algo menos de un metro durante la noche y fue medido por los "
         "técnicos”, explicó el ingeniero.", "ayer", "es", "algo menos de un metro"),
        ("“Ieri il livello del fiume è salito di poco più di un metro durante la notte in tutta la provincia”, "
         "ha spiegato il sindaco.", "Ieri", "it", "poco più di un metro"),
        ("“O nível da represa baixou ontem em pouco menos de um metro durante a noite e foi medido pelos "
         "técnicos”, explicou o engenheiro.", "ontem", "pt", "pouco menos de um metro"),
    ]  # fmt: skip
    for sentence, expression, language, kept in cases:
        label = _tagged_label(sentence, expression, language)
        assert kept in label, label
        assert label_size(label) <= MAX_WORDS


def test_a_quoted_post_is_cut_after_a_noun_phrase_where_a_tagger_reads_its_language():
    """A post longer than a label stops where its object ends, not at the twelfth word ("… registró")."""
    from summarizers.labels import attributed

    label = attributed(
        "Servicio Meteorológico",
        "Hoy la estación de la costa registró un nuevo récord histórico de temperatura para el mes de febrero",
        "es",
    )
    assert label.split()[-1] not in ("registró", "un", "de", "para")
    assert "registró un nuevo récord" in label
    assert label_size(label) <= MAX_WORDS


def test_a_sentence_opening_used_as_label_ends_after_a_noun_phrase_not_on_a_verb():
    """A date that is a clause of its own ("na última quinta-feira (5)") in a sentence too long for a label
    gets the sentence's opening; where a tagger reads the language it ends after a noun phrase, not on a
    verb that still needs its object ("… para custear")."""
    label = _tagged_label(
        "Uma campanha foi aberta na internet para arrecadar recursos para custear o tratamento do cachorro "
        "que foi resgatado, na última quinta-feira (5), depois de ser abandonado numa estrada de terra "
        "perto de Porto Velho.",
        "quinta-feira (5)",
        "pt",
    )
    assert label == "Uma campanha foi aberta na internet para arrecadar recursos"


@pytest.mark.parametrize(
    ("language", "sentence", "expression", "conjunction"),
    [
        (
            "es",
            "Y el martes el Gobierno aprobó por fin el nuevo plan de vivienda para los jóvenes.",
            "martes",
            "Y",
        ),
        ("it", "Ma lunedì il governo ha approvato il nuovo piano per la casa dei giovani.", "lunedì", "Ma"),
        (
            "da",
            "Men i december oplyste selskabet, at det får erstatning for en del af tabet.",
            "december",
            "Men",
        ),
        # Polish has no table: its tagger (Apertium) reads "Ale" as a conjunction
        (
            "pl",
            "Ale rząd przyjął w poniedziałek nową ustawę o mieszkaniach dla młodych.",
            "poniedziałek",
            "Ale",
        ),
    ],
)
def test_a_label_does_not_open_with_the_language_s_and_or_but(language, sentence, expression, conjunction):
    """As English labels drop a leading "and"/"but", another language's coordinating conjunctions (its UD
    table) go: "Y el martes …" needs the sentence before it."""
    start = sentence.index(expression)
    [[label]] = label_dates([sentence], [[(start, start + len(expression))]], language=language)
    assert label.split()[0] != conjunction and expression.casefold() in label.casefold()


def test_two_dates_set_off_by_commas_are_an_aside_of_the_clause_they_interrupt():
    """ ", del 2008 al 2012," is a clause of dates alone: each date's label is the clause around it, not
    "Del 2008 al 2012" (no verb) or a clause that lost its subject."""
    sentence = "La selección nacional, del 2008 al 2012, ganó todos los torneos importantes del mundo."
    spans = [(sentence.index(year), sentence.index(year) + 4) for year in ("2008", "2012")]
    [labels] = label_dates([sentence], [spans], language="es")
    assert all(label.startswith("La selección nacional") and "ganó" in label for label in labels)


def test_a_colon_inside_a_word_does_not_end_the_clause_of_a_label():
    """Finnish and Swedish write case endings after a colon ("ry:n", "EU:s") and clocks have one ("17:20");
    neither ends a clause, so a label does not open on the ending ("N hallituksen puheenjohtaja …")."""
    sentence = (
        "Pitkän keskustelun jälkeen Suomen Yrittäjät ry:n hallitus hyväksyi uuden strategian tiistaina "
        "Helsingissä pidetyssä kokouksessa, jonka jälkeen jäsenille lähetettiin tiedote."
    )
    label = _tagged_label(sentence, "tiistaina", "fi")
    assert not label.startswith("N ")
    assert "Suomen Yrittäjät ry:n hallitus hyväksyi" in label


def test_a_stop_before_a_word_in_lower_case_ends_an_abbreviation_not_a_sentence():
    """Punkt ended "… pääministeri Sanna Marinin (sd.)" and left "keskiviikkona aamupäivällä." as a sentence
    of its own, an event labelled by its date alone; no sentence opens in lower case."""
    from summarizers.text import split_sentences

    finnish = "Ministeri tapasi kansanedustaja Anna Virtasen (kok.) torstaina iltapäivällä. Tapaaminen kesti tunnin."
    assert split_sentences(finnish, "fi") == [
        "Ministeri tapasi kansanedustaja Anna Virtasen (kok.) torstaina iltapäivällä.",
        "Tapaaminen kesti tunnin.",
    ]
    french = "Il a lancé : « Nous verrons. » puis il est reparti vers Paris. Le lendemain, rien."
    assert len(split_sentences(french, "fr")) == 2
    assert split_sentences("iPhone 12 est sorti. Il coûte cher.", "fr") == [
        "iPhone 12 est sorti.",
        "Il coûte cher.",
    ]


def test_a_tagged_label_does_not_end_inside_a_subordinate_clause_before_its_verb():
    """ "Parecía que desde la cúpula" ends after a noun, but its "que" clause has no verb yet."""
    label = _tagged_label(
        "Hace dos semanas parecía que desde la cúpula de la coalición se había lanzado una especie de tregua "
        "después de la presentación del bono.",
        "Hace dos semanas",
        "es",
    )
    assert label != "Parecía que desde la cúpula"
    assert "se había lanzado" in label


def test_a_tagged_subordinate_clause_loses_the_phrase_before_its_verb_and_keeps_its_object():
    """Past 12 words, a clause whose verb comes early lost only adverbs, so the cut fell before the object
    ("… aseguró que desde la sede del gobierno regional de Madrid se abrirá"). A phrase that opens a
    "que"/"che" clause before its verb is an adjunct (adjectives after its noun included) and goes first."""
    cases = [
        ("Ayer el ministro aseguró que desde la sede del gobierno regional de Madrid se abrirá una nueva "
         "investigación sobre las cuentas.", "Ayer", "es", "se abrirá una nueva investigación"),
        ("Ieri il ministro ha detto che dalla sede del governo regionale di Roma partirà una nuova indagine "
         "sui conti della sanità pubblica.", "Ieri", "it", "partirà una nuova indagine"),
    ]  # fmt: skip
    for sentence, expression, language, kept in cases:
        label = _tagged_label(sentence, expression, language)
        assert kept in label, label
        assert "regional" not in label and "sede" not in label, label
        assert label_size(label) <= MAX_WORDS


def test_an_arabic_label_loses_the_and_written_onto_its_first_word_but_not_a_word_that_begins_with_waw():
    """Arabic writes "and" onto the next word ("وفي": and + in); a label opening with it reads as a
    continuation. "وزير" (minister) begins with the same letter and is a word of its own."""

    def label_of(sentence: str) -> str:
        start = sentence.index("الأحد")
        [[label]] = label_dates([sentence], [[(start, start + len("الأحد"))]], language="ar")
        return label

    damascus = (
        "وفي العاصمة دمشق أعلنت الحكومة السورية الأحد عن خطة جديدة لإعادة إعمار المدن المدمرة في شمال البلاد."
    )
    assert label_of(damascus).startswith("في العاصمة"), label_of(damascus)
    minister = "وزير الخارجية أعلن الأحد عن خطة جديدة لإعادة إعمار المدن المدمرة في شمال البلاد وجنوبها."
    assert label_of(minister).startswith("وزير الخارجية")


def test_a_date_fronted_in_a_subordinate_clause_gives_the_clause_after_it_as_label():
    """ "comunica che nel corso del pomeriggio di oggi, mercoledì 19 febbraio, il tempo peggiorerà …": the
    date stands before the clause's subject and verb, after the comma; the label was the stretch before
    the date, a clause without its verb ("Meteo.it comunica che nel corso del pomeriggio")."""
    cases = [
        ("La agencia informó que durante la tarde de hoy, martes 4 de marzo, las lluvias afectarán a Galicia, "
         "Asturias, Cantabria y León con fuertes vientos.", "hoy", "es", "Las lluvias afectarán a Galicia"),
        ("O instituto informou que ao longo da tarde de hoje, terça-feira 4 de março, a chuva vai atingir "
         "Lisboa, Porto, Braga e Coimbra com ventos fortes.", "hoje", "pt", "A chuva vai atingir Lisboa"),
    ]  # fmt: skip
    for sentence, expression, language, opening in cases:
        spans = [(m.start, m.end) for m in find_dates(sentence, dt.date(2025, 3, 4), language=language)]
        labels = dict(zip(spans, label_dates([sentence], [spans], language=language)[0], strict=True))
        label = labels[next(span for span in spans if sentence[slice(*span)] == expression)]
        assert label.startswith(opening), label
        assert label_size(label) <= MAX_WORDS


def test_a_verb_before_the_date_keeps_its_object_across_a_prepositional_aside():
    """ "lançou em 2009, pela Companhia das Letras, a biografia …": the label stopped at the verb, as the
    comma after the date ends a clause; the aside goes and the object stays, the date inside the clause."""
    cases = [
        ("La editorial publicó en marzo, con gran éxito de ventas, la nueva novela del autor peruano.", "marzo",
         "es", "La editorial publicó en marzo la nueva novela del autor peruano"),
        ("Il governo ha approvato martedì, dopo una lunga riunione, il bilancio della regione.", "martedì", "it",
         "Il governo ha approvato martedì il bilancio della regione"),
    ]  # fmt: skip
    for sentence, expression, language, expected in cases:
        assert _tagged_label(sentence, expression, language) == expected


def test_a_parsed_label_keeps_the_noun_a_date_joins_with_a_preposition_of_its_own():
    """ "ont enregistré 365 000 déplacements entre le 21 juin …": the object only carries numbers and the
    date, so the rule for a noun that only carried its date ("début mars 2020") took it away with the date
    ("Les entreprises … ont enregistré"). A date with its own preposition leaves its noun."""
    cases = [
        ("Les bibliothèques de la ville ont prêté 50 000 livres entre le 3 mai et le 20 octobre 2021, dont 30 % "
         "aux enfants.", "ont prêté 50 000 livres"),
        ("Les musées ont accueilli 80 000 visiteurs entre le 3 mai et le 20 octobre 2021.",
         "ont accueilli 80 000 visiteurs"),
    ]  # fmt: skip
    for sentence, ending in cases:
        spans = [(m.start, m.end) for m in find_dates(sentence, dt.date(2021, 11, 2), language="fr")]
        assert [sentence[slice(*span)] for span in spans] == ["3 mai", "20 octobre 2021"]
        first, _ = label_dates([sentence], [spans], language="fr")[0]
        assert first.endswith(ending), first


def test_a_phrase_opening_a_sentence_without_a_subject_stays_in_its_label():
    """Where the subject is dropped, the phrase before the verb is what the clause is about: "En la
    oposición temen …" must not become "Temen …"."""
    label = _tagged_label(
        "En la oposición temen este viernes con una creciente preocupación el anuncio que hará el presidente "
        "ante los gobernadores.",
        "este viernes",
        "es",
    )
    assert label.startswith("En la oposición temen")


def test_a_french_clause_labelled_after_the_noun_it_hangs_on_keeps_the_word_that_joins_them():
    """A clause that hangs on a noun is labelled with the noun first; its "de" must stay between them
    ("une manière efficace détecter" read as a hole)."""
    sentence = (
        "Le gouvernement considère qu’il s’agit d’une manière efficace de détecter les profils qui passent "
        "aujourd’hui « entre les mailles du filet », par exemple des personnes parties en Syrie."
    )
    start = sentence.index("aujourd’hui")
    [[label]] = label_dates([sentence], [[(start, start + len("aujourd’hui"))]], language="fr")
    assert "efficace de détecter" in label


def test_a_short_quotation_inside_a_clause_does_not_end_the_label_but_a_quoted_clause_still_does():
    """A title or nickname in quotes is part of its clause ("het nieuwe boek "De stille kracht" aan de
    pers"); a quotation with a comma in it reads as speech and still ends the clause."""
    sentence = (
        'Op dinsdag presenteerde de uitgeverij het nieuwe boek "De stille kracht" aan de pers in Amsterdam.'
    )
    assert '"De stille kracht" aan de pers' in _tagged_label(sentence, "dinsdag", "nl")
    sentence = 'Op dinsdag zei de minister "dat we hier niet klaar mee zijn, nog lang niet" tegen de pers.'
    assert '"' not in _tagged_label(sentence, "dinsdag", "nl")


def test_a_bracketed_aside_leaves_the_label_but_a_bracket_restating_the_date_stays_with_it():
    """An aside that interrupts the clause would end the label before its verb; without it the clause
    reads whole. A bracket right after the date restates it and belongs to it."""
    sentence = "Het vorige record (gemeten op een schip voor de kust van Groenland) werd in 1982 gevestigd."
    assert _tagged_label(sentence, "1982", "nl") == "Het vorige record werd in 1982 gevestigd"
    sentence = "De verdachte werd maandag (12 oktober) in een woning in Utrecht gearresteerd door de politie."
    label = _tagged_label(sentence, "maandag", "nl")
    assert label == "De verdachte werd maandag (12 oktober) in een woning in Utrecht gearresteerd"
    assert not leaves_hole(label, sentence, (sentence.index("maandag"), sentence.index("maandag") + 7))


def _french_label(sentence: str, expression: str) -> str:
    start = sentence.index(expression)
    [[label]] = label_dates([sentence], [[(start, start + len(expression))]], language="fr")
    return label


def test_a_french_participle_takes_the_noun_it_agrees_with_where_the_parse_attaches_it_elsewhere():
    """ "adoptée" is feminine singular: it describes "la réforme", not "retraites" the parser hangs it on."""
    sentence = (
        "C'est le cas notamment de la réforme des retraites, adoptée par le Parlement en juin 2021 pour "
        "réduire le déficit, alors que les syndicats protestaient."
    )
    assert _french_label(sentence, "juin 2021").startswith("La réforme adoptée par le Parlement")


def test_a_french_noun_described_by_a_past_participle_is_labelled_without_the_preposition_before_it():
    """ "Grâce à une étude … publiée" is a phrase of another clause; the study and its publication read
    alone."""
    sentence = (
        "Six mois après cette histoire, nous avons enfin la réponse, grâce à une étude danoise publiée le 8 "
        "septembre dans le journal Plos Medicine : non, l'ibuprofène n'est pas dangereux."
    )
    assert _french_label(sentence, "8 septembre").startswith("Une étude danoise publiée")


def test_a_date_that_narrows_the_date_before_it_is_part_of_it_and_no_label_is_only_that_date():
    """ "Este año, concretamente en marzo," is one time: the label of either date is the clause after it,
    not the stretch "concretamente en marzo"."""
    sentence = "Este año, concretamente en marzo, la empresa presentó su nuevo modelo eléctrico en Madrid."
    spans = [(sentence.index(e), sentence.index(e) + len(e)) for e in ("Este año", "marzo")]
    [labels] = label_dates([sentence], [spans], language="es")
    assert labels == ["La empresa presentó su nuevo modelo eléctrico en Madrid"] * 2


def test_a_german_verb_particle_that_ends_its_sentence_is_kept_not_trimmed_as_a_preposition():
    """ "aus", "vor", "an" end a German clause as the verb's particle; a preposition never ends a sentence,
    so the last word of one is no dangling function word ("stellt … auf der Messe 2019" lost its verb)."""
    sentence = "Die Firma stellt in Kooperation mit ihrem Partner auf der Messe 2019 aus."
    assert _tagged_label(sentence, "2019", "de").endswith("auf der Messe 2019 aus")
    sentence = "Der Verlag stellte am Dienstag in Berlin das neue Buch der Autorin vor."
    assert _tagged_label(sentence, "Dienstag", "de").endswith(" vor")


def test_a_german_phrase_goes_on_over_a_genitive_name_and_nouns_or_phrases_joined_by_und():
    """ "Auf Deutschlands größter Messe und Konferenz" and "im Parlament und im Kabinett" are one phrase
    each: dropping only their first words left "Größter Messe und Konferenz werden …" and "… und hat"."""
    sentence = (
        "Auf Deutschlands größter Messe und Konferenz für die Digitalbranche werden dieses Jahr mehr als "
        "40.000 Besucher aus aller Welt erwartet."
    )
    label = _tagged_label(sentence, "dieses Jahr", "de")
    assert label.startswith("Dieses Jahr werden") and label.endswith("erwartet")  # verb second
    sentence = (
        "Nach Johnsons schwerer Niederlage im Parlament und im Kabinett hat die Regierung am Samstag in "
        "Brüssel einen Brief an die EU geschickt."
    )
    label = _tagged_label(sentence, "Samstag", "de")
    assert label.startswith("Am Samstag hat die Regierung") and label.endswith("geschickt")


def test_a_date_written_onto_the_word_before_it_stays_written_onto_it_in_the_label():
    """ "all'inizio di marzo 2020": the date's expression starts inside "all'inizio"; the label must not
    read "all' inizio"."""
    sentence = (
        "Il governo ha approvato all'inizio di marzo 2020 un decreto per contenere l'epidemia nel Paese."
    )
    assert "all'inizio di marzo 2020" in _tagged_label(sentence, "inizio di marzo 2020", "it")


def test_a_thai_label_is_cut_between_words_and_at_the_spaces_that_end_thai_clauses():
    """Thai has no spaces between words: a cut by characters fell inside one ("…พระรา"); its segmenter's
    words and the spaces between clauses are where a label may end."""
    sentence = (
        "รัฐบาลอนุมัติพระราชกฤษฎีกาเมื่อต้นเดือนมีนาคม 2563 เพื่อควบคุมการระบาด "
        "รัฐมนตรีสาธารณสุขกล่าวเมื่อวันอังคารว่าสถานการณ์อยู่ภายใต้การควบคุม"
    )
    label = _tagged_label(sentence, "2563", "th")
    assert label.startswith("รัฐบาลอนุมัติพระราชกฤษฎีกา")
    assert "รัฐมนตรี" not in _tagged_label(sentence, "2563", "th")


def test_a_short_date_clause_whose_next_clause_is_too_long_takes_the_clause_before_it():
    """ "自5月下旬开始" (from late May) is too short alone and the list of ten cities after it too long to
    join: the label was the purpose phrase opening the sentence, without its main clause."""
    sentence = (
        "为深入学习果树93(01)班优秀毕业生群体的先进事迹、大力弘扬社会主义核心价值体系，省委宣传部组织了话剧"
        "《约定无期限》全省各市巡演活动，自5月下旬开始，先后在石家庄、邢台、邯郸、衡水、沧州、廊坊、唐山、秦皇岛、"
        "承德、张家口等10个设区市演出(此前已在保定市演出多场)，引起强烈反响。"
    )
    assert _label(sentence, "5月", "zh") == "省委宣传部组织了话剧《约定无期限》全省各市巡演活动"


def test_the_clause_before_a_date_is_no_label_when_it_is_a_relative_clause():
    sentence = (
        "Ifølge Reuters har det amerikanske luftfartsselskab Southwest Airlines, der er verdens største bruger "
        "af 737 MAX-fly, i december oplyst, at det bliver kompenseret for en ukendt del af det forventede tab "
        "på 830 millioner dollar i 2019."
    )
    assert not _label(sentence, "december", "da").startswith("Der er")


def test_a_german_relative_clause_between_commas_does_not_cut_its_main_clause_off():
    """German puts the verb last: the cut at the relative clause's comma left "Hat am Montag den Plan
    vorgestellt" (no subject) or a label without its verb."""
    sentence = "Der Minister, der die Reform lange vorbereitet hatte, hat am Montag den Plan vorgestellt."
    assert _german_label(sentence, "Montag") == "Der Minister hat am Montag den Plan vorgestellt"
    kept = "Der Minister, der am Montag gewählt wurde, hat den Plan vorgestellt."
    assert "gewählt" in _german_label(kept, "Montag")  # the date's own relative clause stays


@pytest.mark.parametrize(
    ("language", "sentence", "expression", "opening"),
    [
        (
            "es",
            "Pero esa comisión aprobará el nuevo plan de vivienda en marzo de 2021.",
            "marzo de 2021",
            "La",
        ),
        (
            "pt",
            "Esses deputados votaram a nova lei das finanças públicas em março de 2021.",
            "março de 2021",
            "Os",
        ),
        # Polish has no articles: the demonstrative goes
        ("pl", "Ta komisja przyjęła nowy plan budowy mieszkań w marcu 2021 roku.", "marcu 2021", "Komisja"),
    ],
)
def test_a_tagged_label_opening_with_this_or_that_before_its_noun_takes_the_definite_article(
    language, sentence, expression, opening
):
    """ "Esa comisión aprobará …" points at the text before; "La comisión aprobará …" reads alone. The
    article agrees with the demonstrative (Apertium's gender and number)."""
    start = sentence.index(expression)
    [[label]] = label_dates([sentence], [[(start, start + len(expression))]], language=language)
    assert label.split()[0] == opening


@pytest.mark.parametrize(
    ("language", "sentence", "expression"),
    [
        (
            "es",
            "Este mediodía la estación Esperanza registró un nuevo récord de temperatura, dijo el 5 de mayo.",
            "5 de mayo",
        ),
        (
            "es",
            "Este fin de semana los vecinos celebraron la fiesta del barrio, contó el 5 de mayo.",
            "5 de mayo",
        ),
        (
            "ca",
            "Aquest passat dissabte 21 es va celebrar el festival de música al carrer Major.",
            "dissabte 21",
        ),
    ],
)
def test_a_demonstrative_opening_a_time_phrase_stays_in_the_label(language, sentence, expression):
    """ "Este mediodía", "Aquest passat dissabte": "this" points at the day, not at the text before."""
    start = sentence.index(expression)
    [[label]] = label_dates([sentence], [[(start, start + len(expression))]], language=language)
    assert label.split()[0] in ("Este", "Aquest")


def test_a_quoted_post_in_another_language_than_the_page_is_cut_after_a_noun_phrase_of_its_own_language():
    """An English tweet quoted on a French page: English's parser reads it, so the post stops after its
    object ("… have a strong case"), not on the verb the twelfth word happened to be."""
    from summarizers.labels import attributed

    label = attributed(
        "Jane Doe",
        "Both vaccines, used together, have a strong case to become the standard treatment in every hospital "
        "of the country.",
        "fr",
    )
    assert label.split()[-1] not in ("have", "a", "to", "used")
    assert "have a strong case" in label
    assert label_size(label) <= MAX_WORDS


@pytest.mark.parametrize(
    ("sentence", "expression", "subject"),
    [
        # the parse hangs "qui jouera" on "points"; the singular verb says it means "Marseille"
        (
            "Lyon reste à deux points de Marseille qui jouera samedi contre le dernier du classement.",
            "samedi",
            "Marseille",
        ),
        # a plural verb agrees with the parse's noun, which stays
        (
            "Le président a reçu les joueurs de l'équipe qui ont gagné mardi la finale de la coupe.",
            "mardi",
            "joueurs",
        ),
    ],
)
def test_a_french_relative_subject_is_named_by_the_noun_its_verb_agrees_with(sentence, expression, subject):
    """A relative pronoun subject becomes its noun in a label; where the parse attaches the clause to a
    noun its verb disagrees with in number, the nearest noun before the pronoun that agrees is meant."""
    if ud_parser("fr") is None:
        pytest.skip("French parser not installed")
    start = sentence.index(expression)
    [[label]] = label_dates([sentence], [[(start, start + len(expression))]], language="fr")
    assert subject in label.split()[:3] and "qui" not in label.split()


@pytest.mark.parametrize(
    ("language", "sentence", "expression", "noun"),
    [
        (
            "it",
            "Ieri la stazione di Roma ha misurato una temperatura di 38 gradi, la più alta mai registrata dal 1950.",
            "1950",
            "Una temperatura di 38 gradi",
        ),
        (
            "es",
            "La inflación de marzo alcanzó una tasa del 9,8 por ciento, la más alta conocida desde 1985.",
            "1985",
            "Una tasa del 9,8 por ciento",
        ),
    ],
)
def test_an_apposition_without_a_noun_of_its_own_is_labelled_with_the_noun_phrase_it_describes(
    language, sentence, expression, noun
):
    """ "…, la più alta mai registrata dal 1950": "the highest" alone says nothing; the noun phrase before
    its comma is what was highest."""
    start = sentence.index(expression)
    [[label]] = label_dates([sentence], [[(start, start + len(expression))]], language=language)
    assert label.startswith(noun) and label_size(label) <= MAX_WORDS


def test_a_long_german_clause_loses_a_pronominal_adverb_a_phrase_and_then_a_genitive_to_keep_its_verb():
    """ "damit am Montag": a pronominal adverb points at a thing, not at the date, and goes; "jenen
    Betrieben" (a demonstrative before its noun) stays inside its phrase, which goes whole; a subject's
    genitive goes last, and the clause reaches its verb."""
    sentence = (
        "Die Vertreter der großen Gewerkschaft der Beschäftigten wollten damit am Montag den Streit zwischen "
        "der Stadt und jenen Betrieben, die den Tarif ablehnen, beilegen."
    )
    start = sentence.index("am Montag")
    [[label]] = label_dates([sentence], [[(start, start + len("am Montag"))]], language="de")
    assert label == "Die Vertreter wollten am Montag den Streit beilegen"


def test_an_adverb_that_grades_the_date_stays_when_a_german_clause_is_shortened():
    sentence = "Erst am Montag hat die Regierung den Plan der Kommission für die Reform der Renten im ganzen Land vorgestellt."
    start = sentence.index("am Montag")
    [[label]] = label_dates([sentence], [[(start, start + len("am Montag"))]], language="de")
    assert label.startswith("Erst am Montag") and label.endswith("vorgestellt")


def test_a_tagged_label_whose_verb_dropped_its_subject_names_the_one_person_named_before():
    """ "Vive hoje em Utrecht" (Portuguese drops "he"): the label names the person, as English names a
    lone "he"; a name after a preposition ("em Utrecht") is the verb's object, not its subject."""
    sentence = "Trabalha desde março de 2019 em Utrecht, na Holanda."
    start = sentence.index("março de 2019")
    [[label]] = label_dates(
        [sentence], [[(start, start + len("março de 2019"))]], language="pt", people=[["Helena Duarte"]]
    )
    assert label.startswith("Helena Duarte ")
    plural_sentence = "Explicaron a la prensa el martes que el plan seguirá adelante."
    start = plural_sentence.index("martes")
    [[plural]] = label_dates(
        [plural_sentence], [[(start, start + len("martes"))]], language="es", people=[["Helena Duarte"]]
    )
    assert "Helena" not in plural  # "they explained": no one person


def test_a_tagged_he_or_she_is_named_by_a_person_of_its_gender_and_the_phrase_before_it_may_go():
    """ "Por su libro sobre Ana Torres él recibió en 2016 …": "él" cannot be Ana (a given name for women),
    so it is the man named before; once "él" is named, the phrase before it may go to fit the object in."""
    sentence = "Ya por su libro sobre Ana Torres él recibió en 2016 el Premio Nacional de Ensayo."
    start = sentence.index("2016")
    [[label]] = label_dates(
        [sentence],
        [[(start, start + 4)]],
        language="es",
        people=[["Ana Torres"]],
        earlier=[["Ana Torres", "Carlos Ruiz"]],
    )
    assert label.startswith("Carlos Ruiz recibió en 2016 el Premio Nacional")


def test_a_tagged_clause_after_a_comma_loses_its_opening_conjunction_but_a_relative_keeps_its_noun():
    """ "Że to obecna opozycja tworzy dziś …" opened with "that": Apertium's Polish, Spanish… have no parser
    to say the word is a conjunction, their tags do. A relative "que" after a noun still names the noun."""
    polish = (
        "Minister podkreślał wielokrotnie w długiej rozmowie z dziennikarzami, że nowy rząd przyjmie w marcu "
        "2021 roku ustawę budżetową."
    )
    assert _label(polish, "marcu 2021", "pl") == "Nowy rząd przyjmie w marcu 2021 roku ustawę budżetową"
    spanish = (
        "Los vecinos del barrio protestaron durante toda la mañana frente al ayuntamiento, que aprobó el "
        "pasado abril el nuevo plan de tráfico."
    )
    assert (
        _label(spanish, "pasado abril", "es")
        == "Ayuntamiento, que aprobó el pasado abril el nuevo plan de tráfico"
    )


@pytest.mark.parametrize(
    ("language", "sentence", "expression", "label"),
    [
        (
            "pt",
            "Quem anunciou a decisão na segunda-feira foi o ministro da Saúde.",
            "segunda-feira",
            "O ministro da Saúde anunciou a decisão na segunda-feira",
        ),
        (
            "it",
            "Chi vince domenica la gara di Monza è Marco Rossi.",
            "domenica",
            "Marco Rossi vince domenica la gara di Monza",
        ),
    ],
)
def test_a_pseudo_cleft_is_labelled_as_the_plain_clause_its_last_noun_phrase_is_the_subject_of(
    language, sentence, expression, label
):
    """ "El que sumó este martes … fue Luis D'Elía": the label was the relative clause alone ("El que sumó
    este martes de nuevo en defensa"), which names nobody."""
    assert _label(sentence, expression, language) == label


@pytest.mark.parametrize(
    "sentence",
    [
        "El que llegó el martes a la reunión dijo que la empresa es grande.",  # the copula is in another clause
        "Quien ganó el martes las elecciones de la comunidad fue elegido presidente.",  # what, not who
    ],
)
def test_a_relative_clause_subject_is_not_read_as_a_pseudo_cleft_without_a_noun_phrase_after_its_copula(
    sentence,
):
    assert _label(sentence, "martes", "es").startswith(("El que", "Quien"))


def test_a_preposition_before_a_bare_adjective_goes_as_an_adverb_when_a_tagged_clause_is_too_long():
    """ "de nuevo" (again) is one adverb that Apertium reads as two words; dropping it lets the clause keep
    "de la Casa Rosada" within 12 words."""
    sentence = "Luis D'Elía sumó este martes de nuevo en defensa de la Casa Rosada."
    assert (
        _label(sentence, "este martes", "es") == "Luis D'Elía sumó este martes en defensa de la Casa Rosada"
    )


def test_a_german_clause_without_a_subject_takes_the_subordinate_clause_that_is_its_subject():
    """ "Zunächst blieb am Montag unklar": what was unclear is the "ob" clause after the comma."""
    sentence = "Zunächst blieb am Montag in Berlin unklar, ob die Regierung noch in dieser Woche zurücktritt."
    assert (
        _german_label(sentence, "Montag")
        == "Am Montag blieb unklar, ob die Regierung noch in dieser Woche zurücktritt"
    )
    own_subject = "Die Opposition im Landtag blieb am Montag bei ihrer Kritik, obwohl die Regierung nachgab."
    assert "obwohl" not in _german_label(own_subject, "Montag")


def test_a_german_clause_that_loses_its_first_part_puts_the_date_first_not_its_verb():
    sentence = "Zunächst war am Montag in der Hauptstadt Berlin unklar, ob die Regierung zurücktritt."
    assert (
        _german_label(sentence, "Montag")
        == "Am Montag war in der Hauptstadt Berlin unklar, ob die Regierung zurücktritt"
    )


def test_a_date_that_is_a_field_of_a_bracketed_note_labels_the_clause_the_note_follows():
    """ "(Companhias das Letras, primeira edição: 2009, mais recente: 2017. 576 páginas …)": the label was
    the note's words around the date ("Primeira edição mais recente"); a note is read as "Titanic (1997)"."""
    sentence = (
        'Es autor de la novela "La ciudad y los perros" (Seix Barral, primera edición: 1963, última: 2012), '
        "traducida a treinta idiomas."
    )
    for expression in ("1963", "2012"):
        assert _label(sentence, expression, "es") == 'Es autor de la novela "La ciudad y los perros"'


def test_a_short_quoted_title_after_a_preposition_keeps_its_comma_inside_the_label():
    sentence = 'Vargas Llosa publicó en 1963 la edición de "La ciudad, los perros" con Seix Barral.'
    assert '"La ciudad, los perros"' in _label(sentence, "1963", "es")


def test_a_tagged_clause_too_long_for_a_label_keeps_the_predicate_its_date_is_in():
    """ "… difiere en algo menos de un grado y fue registrado hace 37 años": the label kept the first
    predicate and lost the date's; now the subject and the second predicate."""
    sentence = (
        "El ministro de Economía visitó ayer las obras del nuevo puerto de Valencia y anunció en marzo de "
        "2021 un plan de inversiones."
    )
    assert _label(sentence, "marzo de 2021", "es").startswith(
        "El ministro de Economía anunció en marzo de 2021"
    )


def test_a_dropped_subject_of_a_role_is_the_person_named_before_not_one_named_after_its_verb():
    """ "É autor de …": the copula before a bare noun is a role someone holds, a dropped subject; the
    translator named in the note after it is not that someone."""
    sentence = (
        'Escreve regularmente para o jornal Folha de S.Paulo e é autor de "Clarice, Uma Biografia" '
        "(Companhia das Letras, primeira edição: "
        "2009, tradução de Ana Souza)."
    )
    label = _label(sentence, "2009", "pt", people=[["Ana Souza"]], earlier=[["Benjamin Moser"]])
    assert label == 'Benjamin Moser é autor de "Clarice, Uma Biografia"'


def test_a_french_noun_after_a_preposition_of_two_words_is_no_label_of_its_own():
    """ "suite à une enquête de 2018": "suite" is a noun the parser makes a preposition ("case" with "à"
    fixed); the label was "Suite à une enquête", a phrase without its clause."""
    sentence = (
        "Selon le ministère, le médicament était déjà considéré comme dangereux par les médecins de "
        "plusieurs hôpitaux du pays, suite à une enquête de 2018."
    )
    label = _french_label(sentence, "2018")
    assert not label.startswith("Suite") and "considéré" in label


@pytest.mark.parametrize(
    ("adverb", "label"),
    [
        # "aber" is read as a conjunction too: no modifier of the date, it goes to fit the subject clause in
        ("aber", "Am späten Sonntagabend blieb noch unklar, ob die Kanzlerin folgen würde"),
        # "erst" grades the date and moves to the first place with it
        ("erst", "Erst am späten Sonntagabend blieb noch unklar, ob die Kanzlerin folgen würde"),
    ],
)
def test_a_german_date_phrase_moves_first_whole_and_with_the_adverb_that_grades_it(adverb, label):
    sentence = f"Zunächst blieb {adverb} am späten Sonntagabend in Berlin noch unklar, ob die Kanzlerin folgen würde."
    assert _german_label(sentence, "Sonntagabend") == label


@pytest.mark.parametrize(
    ("sentence", "expression", "label"),
    [
        # a fronted date before the finite verb stays: "Sind wir …" would read as a question
        (
            "Dieses Jahr sind die Aussteller aus Hamburg mit einem eigenen Stand auf der Messe vertreten.",
            "Dieses Jahr",
            "Dieses Jahr sind die Aussteller aus Hamburg mit einem eigenen Stand vertreten",
        ),
        # the first part goes to fit the label; the date takes its place
        (
            "Auf der größten Fachmesse für die Digitalbranche werden dieses Jahr mehr als 40.000 Gäste erwartet.",
            "dieses Jahr",
            "Dieses Jahr werden mehr als 40.000 Gäste erwartet",
        ),
        # a date between an article and an adjective is inside its noun phrase
        (
            "In dem 2015 beschlossenen Gesetz wurde die digitale Akte als wichtiger Teil der künftigen "
            "Versorgung der Patienten genannt.",
            "2015",
            "In dem 2015 beschlossenen Gesetz wurde die digitale Akte genannt",
        ),
    ],
)
def test_a_german_label_keeps_its_verb_second_and_never_opens_with_the_verb(sentence, expression, label):
    assert _german_label(sentence, expression) == label


@pytest.mark.parametrize(
    ("cut", "tidied"),
    [
        (
            "Richardson said that Rudolph \"can't antagonize a fight",
            'Richardson said that Rudolph "can\'t antagonize a fight"',
        ),
        ("Carlineo was arrested.”", "Carlineo was arrested"),
        ("One ” campaign will be in its third year", "One campaign will be in its third year"),
        ("Outing, including “Listen To The Music", "Outing, including “Listen To The Music”"),
        ("Назвала законопроект ” “проигравшим выборы", "Назвала законопроект “проигравшим выборы”"),
        ('That," Maley said on CNBC\'s "Trading Nation"', 'Maley said on CNBC\'s "Trading Nation"'),
        (
            "Chișinău, internat la SCM „Sfânta Treime”, pe 15 septembrie",
            "Chișinău, internat la SCM „Sfânta Treime”, pe 15 septembrie",
        ),
        ('Dell sells the 34" monitor for $649', 'Dell sells the 34" monitor for $649'),
    ],
)
def test_every_quote_mark_of_a_label_has_its_pair(cut, tidied):
    """A cut that ends inside a quotation closes it; a mark closing what the label never opened goes."""
    assert tidy(cut) == tidied


def test_a_date_cut_from_a_label_that_mended_its_quotes_is_still_a_hole():
    sentence = 'Consider this 2014 entry — “Don’t jerk and drive," meant to discourage drivers.'
    at = sentence.index("2014")
    assert leaves_hole("This entry — “Don’t jerk and drive”", sentence, (at, at + 4))


def test_a_label_whose_stray_quote_goes_loses_the_connective_it_then_ends_with():
    assert (
        tidy("Fortress will give up the management contract, but.”")
        == "Fortress will give up the management contract"
    )


def test_a_clause_that_announces_what_follows_its_colon_keeps_what_it_announces():
    """ "Was mich heute noch wirklich interessiert" says nothing alone: the w-clause before a colon is
    the question its next stretch answers, in every tagged language (English's parse keeps both)."""
    german = _german_label(
        "Und trotz ihrer Lebensfreude war sie manchmal auch nachdenklich: „Was mich heute noch wirklich "
        "interessiert: diese Rätselhaftigkeit des Menschen, wie er sich verhält.",
        "heute",
    )
    assert german == "Was mich heute noch wirklich interessiert: diese Rätselhaftigkeit des Menschen"
    spanish = _tagged_label(
        "El ministro fue claro: lo que más nos preocupa hoy: la inflación de los alimentos, dijo en la radio.",
        "hoy",
        "es",
    )
    assert spanish.endswith("preocupa hoy: la inflación de los alimentos")


def test_a_clause_before_a_colon_that_announces_nothing_stays_apart_from_what_follows():
    label = _german_label(
        "Die Regierung hat am Montag einen Plan vorgelegt: Steuern sinken, Renten steigen, Schulden bleiben.",
        "Montag",
    )
    assert label == "Die Regierung hat am Montag einen Plan vorgelegt"


def test_an_answer_without_a_verb_is_labelled_with_the_question_it_answers():
    """ "Na pewno nie w poniedziałek" (certainly not on Monday) says nothing alone; after "Czy Donald Tusk
    pokaże umowę koalicyjną?" it is the answer. An answer with a finite verb of its own keeps its label."""

    def label(question: str, answer: str, expression: str, language: str) -> str:
        at = answer.index(expression)
        spans = [[], [(at, at + len(expression))]]
        return label_dates([question, answer], spans, language=language, previous=["", question])[1][0]

    polish = label(
        "Czy Donald Tusk pokaże umowę koalicyjną?", "Na pewno nie w poniedziałek.", "poniedziałek", "pl"
    )
    assert polish == "Czy Donald Tusk pokaże umowę koalicyjną? Na pewno nie w poniedziałek"
    spanish = label("¿Cuándo llegará la vacuna?", "Probablemente en marzo.", "marzo", "es")
    assert spanish == "¿Cuándo llegará la vacuna? Probablemente en marzo"
    own_verb = label("¿Cuándo llegará la vacuna?", "El ministro dijo que llegará en marzo.", "marzo", "es")
    assert own_verb == "El ministro dijo que llegará en marzo"


def test_a_name_in_apposition_right_after_its_noun_stays_in_a_shortened_label():
    """A label outside English lost the names an editor wants: "избранный президент Молдовы Майя Санду" is
    one person, and dropping the apposition as an aside left "Избранный президент Молдовы подписала …".
    An apposition after a comma ("Éric Alan Caldwell, responsable de la mobilité") is still an aside."""
    sentence = (
        "Вчера, 2 декабря, избранный президент Молдовы Майя Санду подписала в Кишиневе указ о назначении "
        "нового премьер-министра страны и новых министров."
    )
    label = _label(sentence, "2 декабря", "ru")
    assert label.startswith("Избранный президент Молдовы Майя Санду подписала")


def test_a_date_deep_in_a_relative_clause_is_labelled_by_the_noun_the_clause_hangs_on():
    """Twelve words from its clause's start never reached "Mundial-2010": the label stopped before its date
    ("Ser el dueño del gol que llevó a la selección"). The noun the relative clause describes, with the
    article its preposition carried ("del gol" → "El gol"), and the clause up to the date read alone."""
    iniesta = (
        "Hace una década desconocía Andrés Iniesta que el destino le tenía reservada una increíble sorpresa: "
        "ser el dueño del gol que llevó a la selección a la conquista del Mundial-2010 tras batir en la "
        "prórroga a una dura y agresiva Holanda."
    )
    assert (
        _tagged_label(iniesta, "2010", "es")
        == "El gol que llevó a la selección a la conquista del Mundial-2010"
    )
    law = (
        "Il presidente della regione ha parlato a lungo con i giornalisti della nuova legge che il consiglio "
        "ha approvato definitivamente il 3 marzo scorso."
    )
    assert _tagged_label(law, "3 marzo", "it").startswith("La nuova legge che il consiglio ha approvato")
    fear = (
        "En la oposición temen con una creciente preocupación el anuncio que hará este viernes el presidente "
        "ante los gobernadores."
    )
    assert _tagged_label(fear, "este viernes", "es") == (
        "El anuncio que hará este viernes el presidente ante los gobernadores"
    )
    near = "El Gobierno presentó el plan que aprobó el Consejo de Ministros el martes."
    assert _tagged_label(near, "martes", "es").startswith("El Gobierno presentó el plan")


def test_the_date_of_a_gapped_russian_clause_is_labelled_by_the_clause_rebuilt_to_agree():
    """ "…, четвертый - в октябре 2021 года" leaves out the predicate (UD `orphan`); the label was the
    words around the gap ("Первый, третий и пятый участки ЦКАД должны четвертый"). Rebuilt from the clause
    before, its subject and verbs agree with the remnant in number and gender (pymorphy2's dictionary)."""
    ring = (
        "Как следовало из обновленного графика строительства, первый, третий и пятый участки ЦКАД должны быть "
        "построены в октябре 2020 года, четвертый - в октябре 2021 года."
    )
    assert (
        _label(ring, "октябре 2021", "ru")
        == "Четвертый участок ЦКАД должен быть построен в октябре 2021 года"
    )
    shop = "Иванов открыл свой первый магазин в Москве в 2010 году, Петрова - в 2012 году."
    assert _label(shop, "2012 году", "ru") == "Петрова открыла свой первый магазин в Москве в 2012 году"
    decree = "Министр подписал указ в понедельник, а премьер - во вторник."
    assert _label(decree, "вторник", "ru") == "Премьер подписал указ во вторник"


def test_a_first_person_label_inside_a_quotation_names_its_speaker():
    """ "мы имеем твердые планы" inside «…», - заявил М. Тасмаганбетов: "we" is the speaker's. The
    quotation's speaker is the person the sentence that closes it names after its closing mark; a label
    in the first person takes that name as a quoted post's label takes its author's, and one in the third
    person stays as it is."""
    from summarizers.pipeline import quotation_speakers

    texts = [
        "Аким области провел совещание.",
        "«В целом на будущий год мы имеем твердые планы - начать строительство новых комплексов.",
        "Реализуя такие проекты, мы будем наращивать экспорт», - заявил М. Тасмаганбетов.",
        "Совещание закончилось в полдень.",
    ]
    named = [(), (), ("М. Тасмаганбетов",), ()]
    speakers = quotation_speakers(texts, named, {"М. Тасмаганбетов"})
    assert speakers == [None, "М. Тасмаганбетов", "М. Тасмаганбетов", None]
    russian = texts[1]
    at = russian.index("на будущий год")
    [[label]] = label_dates(
        [russian], [[(at, at + len("на будущий год"))]], language="ru", speakers=speakers[1:2]
    )
    assert label.startswith("М. Тасмаганбетов: ") and "мы имеем твердые планы" in label
    spanish = "«El Gobierno aprobará el lunes el nuevo plan de vivienda», dijo la ministra Ana Pérez."
    at = spanish.index("lunes")
    [[label]] = label_dates([spanish], [[(at, at + 5)]], language="es", speakers=["Ana Pérez"])
    assert not label.startswith("Ana Pérez:")
