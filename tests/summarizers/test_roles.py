"""Role mentions: 'the Russian president' mentions Putin when the article introduced him so (title + name
or apposition), with no list of people; ambiguous or unintroduced roles mention nobody."""

from __future__ import annotations

import datetime as dt

from summarizers import brief
from summarizers.roles import Role, mentioned_by_role, name_roles

PUTIN = Role("Vladimir Putin", "president", frozenset({"russian"}))
ABE = Role("Shinzo Abe", "minister", frozenset({"prime", "japan"}))


def test_a_role_phrase_mentions_the_entity_introduced_with_that_role():
    assert mentioned_by_role("The Russian president will visit Japan.", [PUTIN, ABE]) == {"Vladimir Putin"}
    assert mentioned_by_role("The president will visit.", [PUTIN, ABE]) == {"Vladimir Putin"}
    assert mentioned_by_role("The Japanese prime minister flew home.", [PUTIN, ABE]) == {"Shinzo Abe"}
    assert mentioned_by_role("Japan's prime minister flew home.", [PUTIN, ABE]) == {"Shinzo Abe"}
    assert mentioned_by_role("Russia's president flew home.", [PUTIN, ABE]) == {"Vladimir Putin"}
    assert mentioned_by_role("France's president flew home.", [PUTIN, ABE]) == set()


def test_a_modifier_the_introduction_did_not_use_or_two_entities_with_the_role_mention_nobody():
    assert mentioned_by_role("The French president spoke.", [PUTIN]) == set()
    other = Role("Emmanuel Macron", "president", frozenset({"french"}))
    assert mentioned_by_role("The president spoke.", [PUTIN, other]) == set()
    assert mentioned_by_role("The Russian president spoke.", [PUTIN, other]) == {"Vladimir Putin"}
    assert mentioned_by_role("The presidential palace was empty.", [PUTIN]) == set()
    assert name_roles("President Biden spoke", [PUTIN]) == "President Biden spoke"


def test_a_label_names_the_entity_instead_of_its_role():
    assert (
        name_roles("Russian president is slated to visit Japan", [PUTIN])
        == "Vladimir Putin is slated to visit Japan"
    )


def test_an_article_introduces_roles_by_title_and_name_and_by_apposition():
    text = (
        "Russian President Vladimir Putin met Shinzo Abe, Japan's prime minister, in Sochi on May 6, 2016. "
        "Microsoft, the software company, signed a deal with Mitsui on May 7, 2016. "
        "The Japanese prime minister said on May 8, 2016 that talks went well. "
        "The company announced on May 9, 2016 that output would rise. "
        "The president left Sochi on May 10, 2016."
    )
    b = brief(text, published=dt.date(2016, 5, 12))
    about = {e.date: set(e.entities) for e in b.events}
    assert "Shinzo Abe" in about["2016-05-08"]
    assert "Microsoft" in about["2016-05-09"]
    assert "Vladimir Putin" in about["2016-05-10"]
    assert {"Vladimir Putin", "Shinzo Abe"} <= about["2016-05-06"]


def test_a_role_the_article_never_introduced_mentions_nobody():
    text = "Shinzo Abe met officials in Tokyo on May 6, 2016. The president left on May 10, 2016."
    b = brief(text, published=dt.date(2016, 5, 12))
    assert next(e for e in b.events if e.date == "2016-05-10").entities == ()


def test_an_article_opening_a_sentence_before_a_name_is_no_role():
    """'The Mach E was unveiled…': 'The' before a name is no title, so 'the public' stays the public."""
    text = (
        "Ford's Mustang Mach E will go 230 miles per charge. The Mach E was unveiled on Sunday night. "
        "The show opens to the public on Friday, November 22, 2019."
    )
    b = brief(text, published=dt.date(2019, 11, 20))
    labels = [e.label or "" for e in b.events]
    assert any("the public" in label for label in labels), labels
    assert not any("Mach public" in label for label in labels), labels
