"""Who an article is about, as follow keys: key entities and names in the summary count, a passing mention
does not; names resolve to the entity the store knows, with its aliases and inflected forms."""

from __future__ import annotations

from summarizers.briefing import Entity
from summarizers.follows import (
    candidates_for,
    follow_key,
    known_entities,
    salient_entities,
    salient_keys,
)
from tests.conftest import make_briefing

PUTIN = Entity("Vladimir Putin", "person", 5, ("Putin",))
RU_PUTIN = Entity("Владимир Путин", "person", 4, ("Путина", "Путин"))


def _filler(n: int) -> tuple[Entity, ...]:
    return tuple(Entity(f"Place {chr(65 + i)}", "place", 3) for i in range(n))


def test_keys_fold_case_and_punctuation_so_one_name_is_one_key() -> None:
    assert follow_key("Vladimir  PUTIN,") == follow_key("vladimir putin") == "vladimir putin"
    assert follow_key("Emmanuel Macron") == follow_key("EMMANUEL MACRON")
    assert follow_key("<b>") == "b"


def test_a_key_entity_is_salient_with_all_its_forms() -> None:
    briefing = make_briefing(entities=(PUTIN, *_filler(3)), sentences=("Talks went on.",))
    keys = salient_keys(briefing)
    assert keys["vladimir putin"] == keys["putin"] == "Vladimir Putin"


def test_a_passing_mention_is_not_salient_but_a_name_in_the_summary_is() -> None:
    late = Entity("Rosneft", "organization", 1)
    passing = make_briefing(entities=(*_filler(5), late, PUTIN), sentences=("Places met.",))
    assert "rosneft" not in salient_keys(passing) and "putin" not in salient_keys(passing)
    named = make_briefing(entities=(*_filler(5), late, PUTIN), sentences=("Putin met the envoys.",))
    found = {e.name: e for e in salient_entities(named)}
    assert found["Vladimir Putin"].in_summary and not found["Vladimir Putin"].key_entity
    assert "Rosneft" not in found


def test_a_name_mentioned_once_counts_only_when_the_headline_names_it() -> None:
    once = Entity("Band Aid", "organization", 1)
    in_summary = make_briefing(entities=(once,), sentences=("Band Aid inspired the song.",))
    assert salient_keys(in_summary) == {}
    in_title = make_briefing(title="Band Aid returns", entities=(once,), sentences=("A song.",))
    (found,) = salient_entities(in_title)
    assert found.in_title and not found.key_entity and not found.in_summary


def test_other_entities_are_never_followed() -> None:
    briefing = make_briefing(entities=(Entity("Olympics", "other", 9),))
    assert salient_keys(briefing) == {}


def test_an_inflected_form_in_the_summary_names_the_entity() -> None:
    briefing = make_briefing(
        language="ru",
        entities=(*_filler(5), RU_PUTIN),
        sentences=("Визит Путина в Японию перенесли.",),
    )
    assert salient_keys(briefing)["путина"] == "Владимир Путин"


def test_a_surname_resolves_to_the_full_name_the_store_knows() -> None:
    known = known_entities(
        [
            make_briefing(entities=(PUTIN,)),
            make_briefing(entities=(Entity("Putin", "person", 2),)),
            make_briefing(entities=(Entity("Shinzo Abe", "person", 3, ("Abe",)),)),
        ]
    )
    (putin,) = candidates_for("Putin", known)
    assert putin.name == "Vladimir Putin" and {"putin", "vladimir putin"} <= set(putin.keys)
    assert putin.mentions == 7


def test_an_inflected_query_resolves_to_its_entity() -> None:
    known = known_entities([make_briefing(language="ru", entities=(RU_PUTIN,))])
    assert [e.name for e in candidates_for("Путина", known)] == ["Владимир Путин"]


def test_a_name_spelled_alike_in_two_languages_is_one_entity() -> None:
    macron_en = Entity("Emmanuel Macron", "person", 3, ("Macron",))
    macron_fr = Entity("Emmanuel Macron", "person", 2, ("Macron", "M. Macron"))
    known = known_entities(
        [make_briefing(entities=(macron_en,)), make_briefing(language="fr", entities=(macron_fr,))]
    )
    (macron,) = candidates_for("macron", known)
    assert macron.mentions == 5 and "m macron" in macron.keys


def test_a_name_nobody_mentions_has_no_candidates() -> None:
    known = known_entities([make_briefing(entities=(PUTIN,))])
    assert candidates_for("Zbigniew Nobody", known) == []
