"""What a quoted post said, for the date its credit line gives.

An embedded post (a tweet quoted in the article) ends with a credit line: "— Elon Musk (@elonmusk) March
16, 2020". The line's own words are a name and a handle; the event on that date is what the person posted,
which stands in the paragraph just before the credit. The label names the author and quotes the post's
first sentence: "Elon Musk: Maybe worth considering chloroquine for C19".
"""

from __future__ import annotations

import re

from summarizers import labels

# A dash, the author's name, a handle in parentheses, then the date: how Twitter's embed code signs a post.
_CREDIT = re.compile(r"^\s*[—–-]\s*(?P<name>[^()@]{2,80}?)\s*\(@\w{1,30}\)\s*\S")
_LINK = re.compile(r"\b(?:https?://|pic\.twitter\.com/)\S+")
# Hashtags, mentions and symbols heading a post, with the separator after them ("⚠️ #COVIDー19 | La …").
_HASHTAG = re.compile(r"(?<!\w)#(\w)")
_POST_PREFIX = re.compile(r"^(?:[^\w\s]+\s*|[#@]\w+\s*)*(?:[|:·]\s+)?")


def credit_author(line: str) -> str | None:
    """The author a post's credit line names, or None for any other line."""
    found = _CREDIT.match(line)
    return " ".join(found["name"].split()) if found else None


def credited_posts(texts: list[str], paragraphs: list[int], language: str | None) -> dict[int, str]:
    """For each credit line (by sentence index), its author and the first sentence of the post it signs."""
    out: dict[int, str] = {}
    for n, line in enumerate(texts):
        author = credit_author(line)
        if author is None or n == 0:
            continue
        post = _post_opening(texts, paragraphs, n)
        if post is None:
            continue
        label = labels.attributed(author, post, language)
        if label:
            out[n] = label
    return out


def _post_opening(texts: list[str], paragraphs: list[int], credit: int) -> str | None:
    """The first sentence of the paragraph just before the credit line (the post), without its links and
    leading tags; None when that paragraph is another credit or has no words left."""
    before = paragraphs[credit - 1]
    first = credit - 1
    while first > 0 and paragraphs[first - 1] == before:
        first -= 1
    if credit_author(texts[first]) is not None:
        return None
    opening = _POST_PREFIX.sub("", _LINK.sub("", texts[first])).strip()
    opening = _HASHTAG.sub(r"\1", opening)  # "la Base #Esperanza registró": the tag is a word of the post
    return opening if any(c.isalnum() for c in opening) else None
