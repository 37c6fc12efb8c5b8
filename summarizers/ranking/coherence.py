"""Sentences that lean on the one before them: an opening pronoun or connective ("He said", "But").

Shown alone in a summary they read as non sequiturs, so the ranking only takes one when its predecessor
is also taken.
"""

from __future__ import annotations

import functools
import re


def _word_set(words: str) -> frozenset[str]:
    """Word lists are written as one space-separated string so they read like prose."""
    return frozenset(words.split())


# Lower-cased opening words (or two-word openings) whose referent or contrast lies in an earlier sentence.
_OPENERS: dict[str, frozenset[str]] = {
    "en": _word_set(
        "he she it they him her them his hers its their theirs we us our this that these those such "
        "but however also and or so yet still meanwhile moreover furthermore besides instead otherwise "
        "then thus therefore hence nevertheless nonetheless likewise similarly additionally consequently "
        "accordingly anyway indeed later afterwards afterward there"
        " as_a_result in_addition on_the_other_hand for_example for_instance even_so by_contrast "
        "in_contrast the_latter the_former at_the_same_time in_turn both_of neither_of"
    ),
    "de": _word_set(
        "er sie es ihr ihm ihn ihre sein seine dies diese dieser dieses aber doch jedoch auch dennoch "
        "trotzdem außerdem zudem deshalb daher damit dabei dann allerdings"
    ),
    "fr": _word_set(
        "il elle ils elles lui leur leurs son sa ses ce ceci cela ça mais cependant pourtant toutefois "
        "aussi donc ainsi alors puis néanmoins en_revanche par_ailleurs de_plus"
    ),
    "es": _word_set(
        "él ella ellos ellas su sus esto eso esta este estos estas pero sin_embargo además también "
        "entonces así luego por_eso no_obstante"
    ),
    "it": _word_set(
        "lui lei loro suo sua suoi questo questa quello quella ma però tuttavia inoltre anche quindi "
        "dunque poi invece"
    ),
    "pt": _word_set(
        "ele ela eles elas seu sua seus isso isto esta este mas porém contudo também então assim além "
        "no_entanto"
    ),
    "nl": _word_set("hij zij ze hem haar hun dit dat deze maar echter ook toch dus daarom bovendien"),
    "ru": _word_set("он она оно они его её ее их это этот эта эти но однако также тоже поэтому кроме"),
}
# "This week ..." and "That day ..." open with a determiner of time, not a reference back.
_TIME_WORDS = _word_set(
    "week weekend year month morning afternoon evening night day time season summer winter spring autumn "
    "fall monday tuesday wednesday thursday friday saturday sunday"
)
_LEADING_JUNK = re.compile(r"^[\W_]+")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@functools.cache
def _openers(code: str | None) -> frozenset[str]:
    return _OPENERS.get(code or "", frozenset())


def depends_on_previous(sentence: str, code: str | None) -> bool:
    """True when the sentence opens with a pronoun or connective that points to an earlier sentence."""
    openers = _openers(code)
    if not openers:
        return False
    first_words = [w.lower() for w in _WORD.findall(_LEADING_JUNK.sub("", sentence)[:80])]
    if not first_words:
        return False
    first = first_words[0]
    if first in {"this", "that", "these", "those"} and len(first_words) > 1 and first_words[1] in _TIME_WORDS:
        return False
    candidates = {first}
    for size in (2, 3, 4):
        candidates.add("_".join(first_words[:size]))
    return bool(candidates & openers)
