"""What a page's markup says about its article: where the lead is, and which elements are furniture.

trafilatura finds the article's container well, but loses leads that sit outside it (a standfirst in the
header, a lead written as bare text before the first <p>) and keeps furniture that sits inside it (photo
captions and credits, bylines with their timestamps, "read more" and related-article blocks). The rules
here read the page's structure, never its words, so they work in every script:
- lead elements: class, id or itemprop tokens that CMSs use for a standfirst (lead, standfirst, intro, deck,
  summary, perex, chapo, ...), and the first paragraph after the headline;
- witnesses: the page's metadata descriptions (og:description, description, JSON-LD) name the paragraph a
  page leads with; when the extraction lost that paragraph it is put back, and when the lead exists only
  in the metadata, the description itself is the lead;
- furniture: <figure>, <figcaption>, elements whose tokens mean caption, credit, byline, dateline, related
  or read-more, link lists, and short blocks that are nothing but a date and a time.
Pure: it works on a parsed lxml tree; no I/O.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from lxml.html import HtmlElement

# Words of at least this many units make a paragraph prose rather than a label.
LEAD_MIN_WORDS = 8
# A restored lead is at most this long: a standfirst, not a second article.
LEAD_MAX_WORDS = 150
# Share of a paragraph's character n-grams that must be in the text for the text to hold it.
PRESENT = 0.8
# A description that shares less than this with any paragraph of the page is not on the page.
ON_PAGE = 0.6
# Furniture classes mark small blocks; a container this long is the article, whatever its class says.
FURNITURE_MAX_WORDS = 60
# Short blocks (date lines, link lines) and the share of their text in links that makes a link list.
SHORT_BLOCK_WORDS, LINK_SHARE = 30, 0.6
GRAM = 6
# A medium and its caption carry at most this many words; a credit line at most this many.
CAPTION_MAX_WORDS, CREDIT_MAX_WORDS = 40, 6
# A medium this deep in a block is the block's own (a photo and its caption), not a badge in a corner.
MEDIA_DEPTH = 3
# Words outside the links of a link line: "Read more:", "See also", "Our standards:".
LEAD_IN_WORDS = 3
# A paragraph this much in italics is a note set apart from the article.
NOTE_EMPHASIS = 0.9
# A description whose words the first paragraphs mostly use is told there already, in other words.
TOLD, TOLD_PARAGRAPHS = 0.5, 3
# A standfirst and the headline share an ancestor at most this many levels above the headline.
HEADER_DEPTH = 3
# A paragraph a description witnesses is in the headline's article: an ancestor this close to it.
ARTICLE_DEPTH = 6

_BLOCKS = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "header",
        "main",
        "aside",
        "li",
        "dd",
        "dt",
        "td",
        "blockquote",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "figure",
        "ul",
        "ol",
        "dl",
        "table",
        "form",
        "nav",
        "footer",
    ]
)
_PARAGRAPHS = (
    "p",
    "div",
    "section",
    "header",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "dd",
    "blockquote",
    "span",
    "strong",
)
_NOT_CONTENT = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "head",
        "title",
        "meta",
        "link",
        "svg",
        "button",
        "select",
        "option",
    ]
)
_INLINE = frozenset(["span", "a", "strong", "em", "b", "i", "small", "font"])
_NOT_LEAD_ANCESTORS = frozenset(["nav", "aside", "footer", "figure", "figcaption", "form"])
_MEDIA_TAGS = frozenset(["img", "picture", "video", "audio", "iframe"])
_RUN_ENDS = _BLOCKS | {"br", "h1"}
_FORM_TAGS = ("input", "form", "select", "textarea")
_MEDIA_HOLDERS = frozenset(["div", "section", "span", "td", "table", "li", "a", "p", "center", "dl"])

# Class/id/itemprop tokens CMSs give a standfirst: English CMS vocabulary and the names it has in
# French (chapo, chapeau), Portuguese and French (sapo), Czech and Slovak (perex), Spanish (entradilla,
# bajada), German (vorspann), Italian (occhiello, sommario).
_LEAD_TOKEN = re.compile(
    r"^(?:lead|lede|leadin|standfirst|stand-?first|intro|introduction|deck|dek|summary|excerpt|abstract|"
    r"subtitle|subheadline|sub-?heading|teaser|chapo|chapeau|sapo|perex|entradilla|bajada|"
    r"vorspann|occhiello|sommario|sottotitolo|anons|lid)$",
    re.IGNORECASE,
)
# Tokens of furniture: photo captions and credits, bylines and datelines, related and read-more blocks,
# and the site's notices: paywalls ("p_lock", "m-articleRegist"), comment sections, reprint offers.
_FURNITURE_TOKEN = re.compile(
    r"^(?:caption|captions|figcaption|cutline|legend|credit|credits|copyright|byline|bylines|dateline|"
    r"author|authors|bio|writer|reporter|related|relatedlinks|readmore|read-?more|more-?link|see-?also|"
    r"also-?read|recommended|recommendations|promo|newsletter|subscribe|trending|popular|gallery|slideshow|carousel|lightbox|"
    r"paywall|lock|locked|regist|register|registration|login|signin|comment|comments|reprint|reprints|disclaimer)$",
    re.IGNORECASE,
)
# Pages of the site itself that only its notices link to: sign in, register, subscribe, house rules.
_SITE_PAGE_TOKEN = re.compile(
    r"^(?:login|signin|logon|register|registration|subscribe|subscription|account|privacy|terms|"
    r"guidelines|community|rules|policy|cookies)$",
    re.IGNORECASE,
)
_HREF_SPLIT = re.compile(r"[/?#&=._\-]+")
# Tokens that name a medium; an element so named, with little text, is the medium and its caption.
_MEDIA_TOKEN = re.compile(r"^(?:photo|photos|image|images|img|picture|pic|foto|video|figure)$", re.IGNORECASE)
_ITEMPROP_FURNITURE = frozenset(
    {"author", "creator", "contributor", "caption", "copyrightholder", "datepublished", "datemodified"}
)
_TOKEN_SPLIT = re.compile(r"[\s_\-]+|(?<=[a-z])(?=[A-Z])")
_CLOCK = re.compile(r"(?<!\d)\d{1,2}[:.h]\d{2}(?!\d)")
NUMERIC_DATE = re.compile(r"(?<!\d)(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})(?!\d)")
_YEAR = re.compile(r"(?<!\d)(?:1[89]|20|25)\d{2}(?!\d)")
_SENTENCE_END = re.compile(r"[.!?…。！？؟।]['\"”’»)]*$")
_WORD = re.compile(r"\w+")
_CJK = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_LABELLED = re.compile(r"^[^\W\d_][^\s:]*(?:\s[^\s:]+){0,2}\s?:\s?\S")
_ADDRESS = re.compile(r"://|www\.|\.\w{2,4}/|@")
_SOURCE_BREAK = re.compile(r"[ \t]*[\r\n]+[ \t]*")
_TRUNCATED = re.compile(r"(?:\.\.\.|…|\[…\]|\[\.\.\.\])\s*$")


@dataclass(frozen=True, slots=True)
class Structure:
    """What the markup says before extraction changes the tree."""

    leads: tuple[str, ...]  # lead paragraphs, most certain first: a standfirst element, the witnessed one
    description: str | None  # a metadata description that is a lead on no paragraph of the page
    following: str | None = None  # the paragraph right after the headline
    standfirst: bool = False  # leads[0] is a standfirst element beside the headline: it heads the text


def word_count(text: str) -> int:
    """Words by spaces; in scripts written without them, every three characters count as a word."""
    return len(text.split()) + len(_CJK.findall(text)) // 3


def normalised(text: str) -> str:
    return " ".join(text.split())


def _grams(text: str) -> set[str]:
    letters = "".join(_WORD.findall(text.casefold()))
    return {letters[i : i + GRAM] for i in range(max(1, len(letters) - GRAM + 1))} if letters else set()


def coverage(part: str, whole: str | set[str]) -> float:
    """The share of `part`'s character n-grams found in `whole`: 1.0 when the whole holds the part."""
    grams = _grams(part)
    if not grams:
        return 1.0
    pool = whole if isinstance(whole, set) else _grams(whole)
    return len(grams & pool) / len(grams)


def _tokens(el: HtmlElement) -> list[str]:
    values = " ".join(v for v in (el.get("class"), el.get("id")) if v)
    return [t for t in _TOKEN_SPLIT.split(values) if t]


def _itemprop(el: HtmlElement) -> set[str]:
    return {v.lower() for v in (el.get("itemprop") or "").split()}


def _text(el: HtmlElement, skip: Callable[[HtmlElement], bool] | None = None) -> str:
    """The element's visible text, without scripts and styles (nor the descendants `skip` names)."""
    parts: list[str] = []

    def walk(node: HtmlElement) -> None:
        if not isinstance(node.tag, str) or node.tag in _NOT_CONTENT:
            return
        if skip is not None and node is not el and skip(node):
            return
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return normalised(" ".join(parts)) if parts else ""


def visible_words(tree: HtmlElement) -> dict[HtmlElement, int]:
    """Every element's count of visible words, in one pass from the leaves up: the rules look at small
    elements only, and measuring each element's text afresh made reading a page quadratic."""
    counts: dict[HtmlElement, int] = {}

    def walk(node: HtmlElement) -> int:
        if not isinstance(node.tag, str) or node.tag in _NOT_CONTENT:
            counts[node] = 0
            return 0
        total = word_count(node.text) if node.text else 0
        for child in node:
            total += walk(child) + (word_count(child.tail) if child.tail else 0)
        counts[node] = total
        return total

    walk(tree)
    return counts


def _link_share(el: HtmlElement, text: str) -> float:
    if not text:
        return 0.0
    linked = sum(len(normalised(a.text_content())) for a in el.iter("a"))
    return min(1.0, linked / len(text))


def is_prose(text: str) -> bool:
    return word_count(text) >= LEAD_MIN_WORDS


def _elements(tree: HtmlElement) -> Iterator[HtmlElement]:
    body = tree.find(".//body")
    for el in (body if body is not None else tree).iter():
        if isinstance(el.tag, str):
            yield el


def _inside(el: HtmlElement, tags: frozenset[str]) -> bool:
    return any(a.tag in tags for a in el.iterancestors())


def _headline(tree: HtmlElement, title: str | None) -> HtmlElement | None:
    """The <h1> that carries the title (pages also use <h1> for their logo), else the first one."""
    heads = [h for h in _elements(tree) if h.tag == "h1" and _text(h)]
    if title:
        for h in heads:
            if coverage(_text(h), title) >= PRESENT or coverage(title, _text(h)) >= PRESENT:
                return h
    return heads[0] if heads else None


def _after(tree: HtmlElement, anchor: HtmlElement | None) -> Iterator[HtmlElement]:
    """Elements in document order after `anchor` (all of them without one), skipping its subtree."""
    if anchor is None:
        yield from _elements(tree)
        return
    inside = set(anchor.iter())
    seen = False
    for el in _elements(tree):
        if el is anchor:
            seen = True
        elif seen and el not in inside:
            yield el


def _near(el: HtmlElement, headline: HtmlElement, depth: int = HEADER_DEPTH) -> bool:
    """A standfirst sits beside the headline: in the same header, or in a container next to it."""
    ancestors = list(headline.iterancestors())[:depth]
    common = next((a for a in el.iterancestors() if a in ancestors), None)
    return common is not None and common.tag not in ("body", "html")


def _may_lead(el: HtmlElement) -> bool:
    """Neither inside nor around navigation, asides, footers, figures or forms: those hold no lead."""
    if _inside(el, _NOT_LEAD_ANCESTORS):
        return False
    return next(el.iterdescendants(*_NOT_LEAD_ANCESTORS, *_MEDIA_TAGS), None) is None


def _in_furniture(el: HtmlElement, sizes: dict[HtmlElement, int]) -> bool:
    """The element or a block around it is furniture (a caption under a video, an author's bio)."""
    return any(
        any(_FURNITURE_TOKEN.match(t) for t in _tokens(a)) or _is_furniture(a, sizes.get(a, 0))
        for a in (el, *el.iterancestors())
    )


def _is_lead_element(el: HtmlElement) -> bool:
    if any(_LEAD_TOKEN.match(t) for t in _tokens(el)):
        return True
    return bool(_itemprop(el) & {"description", "abstract"}) and el.tag != "meta"


def descriptions(tree: HtmlElement) -> list[str]:
    """The page's metadata descriptions (meta tags, JSON-LD), distinct, in the order given."""
    found: list[str] = []
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key in {
            "description",
            "og:description",
            "twitter:description",
            "dc.description",
            "dcterms.description",
        }:
            found.append(meta.get("content") or "")
    for script in tree.iter("script"):
        if "ld+json" in (script.get("type") or ""):
            found += _json_descriptions(script.text or "")
    seen: set[str] = set()
    result = []
    for value in (normalised(v) for v in found):
        if value and value.casefold() not in seen:
            seen.add(value.casefold())
            result.append(value)
    return result


def _json_descriptions(raw: str) -> list[str]:
    try:
        data = json.loads(raw)
    except ValueError:
        return []
    out: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            kind = node.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            is_article = any(
                isinstance(k, str) and k.endswith(("Article", "Posting", "Report")) for k in kinds
            )
            if is_article and isinstance(node.get("description"), str):
                out.append(node["description"])
            walk(node.get("@graph"))

    walk(data)
    return out


def read_structure(tree: HtmlElement, title: str | None) -> Structure:
    """Lead candidates and a metadata-only lead, read before extraction prunes the tree."""
    headline = _headline(tree, title)
    sizes = visible_words(tree)
    leads: list[str] = []
    names = site_names(tree)
    for el in _after(tree, headline) if headline is not None else ():
        if el.tag in _NOT_CONTENT or not _is_lead_element(el) or not _may_lead(el):
            continue
        if not _near(el, headline) or _in_furniture(el, sizes):
            continue
        # a standfirst's container may also hold the byline and its timestamps: they are not the lead
        text = _text(el, skip=lambda node: _is_furniture(node, sizes.get(node, 0)))
        if promotes_site(text, names, title):
            continue
        if is_prose(text) and word_count(text) <= LEAD_MAX_WORDS and _link_share(el, text) < LINK_SHARE:
            leads.append(text)
            break
    witnessed, description = _witnessed_lead(tree, headline, title, sizes)
    following = _first_paragraph(tree, headline, sizes) if headline is not None else None
    standfirst = bool(leads)
    if witnessed and not any(coverage(witnessed, lead) >= PRESENT for lead in leads):
        leads.append(witnessed)
    return Structure(tuple(leads), description, following, standfirst)


def site_names(tree: HtmlElement) -> list[list[str]]:
    """The site's names from its metadata (og:site_name, twitter:site, application-name), each part of
    "Name | tagline | BRAND" as its words."""
    parts = []
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").lower()
        if key in ("og:site_name", "twitter:site", "application-name"):
            parts += re.split(r"\s[|:·–—-]\s", meta.get("content") or "")
    return [words for words in (_WORD.findall(p.casefold()) for p in parts) if words]


def promotes_site(text: str, names: list[list[str]], title: str | None) -> bool:
    """ "مهمترین بسته حوادث استان یزد را در سایت باشگاه خبرنگاران جوان مشاهده کنید" (see the province's
    incidents on the Young Journalists Club's site): a standfirst or description that names the site (two
    words running of its name) and shares no word with the headline sends the reader to the site; it tells
    nothing of the story, so it is no lead. A lead that names its site ("The Guardian has learned …")
    shares the headline's words."""
    said = _WORD.findall(text.casefold())
    pairs = set(itertools.pairwise(said))
    named = any(pairs & set(itertools.pairwise(name)) for name in names)
    site = {word for name in names for word in name}  # a title often ends with the site's name
    return named and bool(title) and not (_words(text) & _words(title or "")) - site


def _first_paragraph(tree: HtmlElement, headline: HtmlElement, sizes: dict[HtmlElement, int]) -> str | None:
    """The paragraph right after the headline, when it is a sentence of prose and no furniture: the lead
    of most pages. Short lines between them (a byline, a date) are passed over."""
    for el in _after(tree, headline):
        if el.tag != "p" or not sizes.get(el, 0):
            continue
        if not _near(el, headline, ARTICLE_DEPTH):
            return None
        text = _text(el)
        if not is_prose(text):
            continue
        usable = _SENTENCE_END.search(text) and _may_lead(el) and not _in_furniture(el, sizes)
        return text if usable and word_count(text) <= LEAD_MAX_WORDS else None
    return None


def _witnessed_lead(
    tree: HtmlElement, headline: HtmlElement | None, title: str | None, sizes: dict[HtmlElement, int]
) -> tuple[str | None, str | None]:
    """The paragraph a metadata description quotes, or the description when no paragraph holds it."""
    names = site_names(tree)
    usable = [
        d
        for d in descriptions(tree)
        if is_prose(d)
        and not (title and coverage(d, title) >= PRESENT)
        and not promotes_site(d, names, title)
    ]
    if not usable:
        return None, None
    blocks = []
    for el in _after(tree, headline):
        if el.tag not in _PARAGRAPHS or not LEAD_MIN_WORDS <= sizes.get(el, 0) <= LEAD_MAX_WORDS:
            continue
        if not _may_lead(el) or _inside(el, _NOT_CONTENT):
            continue
        if headline is not None and not _near(el, headline, ARTICLE_DEPTH):
            continue
        if _in_furniture(el, sizes):
            continue
        text = _text(el)
        if is_prose(text) and word_count(text) <= LEAD_MAX_WORDS:
            blocks.append(text)
    for description in usable:
        core = _TRUNCATED.sub("", description)
        grams = _grams(core)
        matching = [b for b in blocks if grams and len(grams & _grams(b)) / len(grams) >= PRESENT]
        if matching:
            return min(matching, key=len), None
    best = usable[0]
    body = tree.find(".//body")
    on_page = _grams(_text(body if body is not None else tree))
    # a description is a lead when written as the page writes its paragraphs: whole sentences, where its
    # script ends them with a mark (Thai and others do not), and not cut short
    marked = sum(1 for b in blocks if _SENTENCE_END.search(b)) >= len(blocks) / 2
    if _TRUNCATED.search(best) or (marked and not _SENTENCE_END.search(best)):
        return None, None
    if coverage(best, on_page) >= ON_PAGE:
        return None, None
    return None, best


def remove_furniture(tree: HtmlElement, keep: Iterable[str] = ()) -> int:
    """Delete furniture elements in place (their tails stay); never one that holds a lead. The count."""
    kept = [_grams(k) for k in keep]
    sizes = visible_words(tree)
    doomed = [el for el in _elements(tree) if _is_furniture(el, sizes.get(el, 0))]
    # inside a sentence, the smallest furniture goes: a hover card, not the name that opens it
    nested = {el for el in doomed if el.tag in _INLINE and any(d in doomed for d in el.iterdescendants())}
    doomed = [el for el in doomed if el not in nested]
    removed = 0
    for el in doomed:
        if el.getparent() is None or any(a in doomed for a in el.iterancestors()):
            continue
        text = _text(el)
        if text and any(g and len(g & _grams(text)) / len(g) >= PRESENT for g in kept):
            continue
        _delete(el)
        removed += 1
    return removed


def _is_furniture(el: HtmlElement, size: int) -> bool:
    if el.tag in ("figure", "figcaption"):
        return True
    if el.tag in ("body", "html", "main", "article", "h1") or el.tag in _NOT_CONTENT:
        return False
    if size > FURNITURE_MAX_WORDS or size == 0:
        return False
    text = _text(el)
    words = word_count(text)
    tokens = _tokens(el)
    if words <= FURNITURE_MAX_WORDS:
        if any(_FURNITURE_TOKEN.match(t) for t in tokens) or _itemprop(el) & _ITEMPROP_FURNITURE:
            return True
        if any(_MEDIA_TOKEN.match(t) for t in tokens) and words <= CAPTION_MAX_WORDS:
            return True
    if _is_media_block(el, text, words) or _is_form_box(el, words):
        return True
    if el.tag in _BLOCKS and 0 < words <= FURNITURE_MAX_WORDS and _is_site_notice(el):
        return True
    if el.tag in _BLOCKS and 0 < words <= SHORT_BLOCK_WORDS:
        if _is_date_line(el, text) or _is_credit_line(el, text) or _is_aside_note(el, text):
            return True
        if el.tag in ("p", "div") and _link_share(el, text) >= LINK_SHARE and not _has_block_child(el):
            return _is_link_line(el, text)
    return False


def _is_media_block(el: HtmlElement, text: str, words: int) -> bool:
    """An image or a video with its caption and credit: a block that holds a medium and little text; a
    card whose text is links (a portrait and the headlines about that person) may hold more. A paragraph
    with an image set in it keeps its text when the text is prose."""
    if el.tag not in _MEDIA_HOLDERS or words > FURNITURE_MAX_WORDS:
        return False
    if words > CAPTION_MAX_WORDS and _link_share(el, text) < LINK_SHARE:
        return False
    if el.tag == "p" and is_prose(text):
        return False
    return _attached(el, _MEDIA_TAGS)


def _attached(el: HtmlElement, tags: Iterable[str]) -> bool:
    """`el` holds one of `tags` near its top, and at most one paragraph of prose, set beside it (a caption
    under its photo, a prompt above its form): not an article's block next to a photo's block."""
    tags = tuple(tags)
    if not any(_depth(found, el) <= MEDIA_DEPTH for found in el.iterdescendants(*tags)):
        return False
    prose = [c for c in el.iter("p") if is_prose(_text(c))]
    return len(prose) <= 1 and all(_beside(c, tags) for c in prose)


def _beside(paragraph: HtmlElement, tags: tuple[str, ...]) -> bool:
    parent = paragraph.getparent()
    return parent is not None and any(
        isinstance(c.tag, str) and (c.tag in tags or next(c.iterdescendants(*tags), None) is not None)
        for c in parent
    )


def _depth(el: HtmlElement, ancestor: HtmlElement) -> int:
    depth = 1
    for parent in el.iterancestors():
        if parent is ancestor:
            return depth
        depth += 1
    return depth


def _is_site_notice(el: HtmlElement) -> bool:
    """A notice of the site, in any language: a short block that links to the site's own sign-in,
    subscription or house-rules pages ("/community_guidelines.html", "login?ReturnUrl=…"); an article
    that cites such a page links to another site's address."""
    if _has_block_child(el) and el.tag not in ("div", "section"):
        return False
    for a in el.iter("a"):
        path = (a.get("href") or "").strip().split("#")[0].split("?")[0]
        if not path or "://" in path or path.startswith(("//", "mailto:", "javascript:")):
            continue
        if any(_SITE_PAGE_TOKEN.match(t) for t in _HREF_SPLIT.split(path)):
            return True
    return False


def _is_form_box(el: HtmlElement, words: int) -> bool:
    """A sign-up or search box: a small block around a form's fields."""
    return words <= FURNITURE_MAX_WORDS and _attached(el, _FORM_TAGS)


def _is_aside_note(el: HtmlElement, text: str) -> bool:
    """A note set apart in italics with a link in it (follow us, subscribe, write to the author, full
    coverage at ...), or a "Label: …" line in italics with no sentence end ("Cover image: artist's
    impression of …"): the whole paragraph is emphasised, which prose of the article never is."""
    if el.tag != "p" or word_count(text) > SHORT_BLOCK_WORDS:
        return False
    emphasised = sum(len(_text(e)) for e in el if isinstance(e.tag, str) and e.tag in ("i", "em"))
    if emphasised < NOTE_EMPHASIS * len(text):
        return False
    labelled = bool(_LABELLED.match(text)) and not _SENTENCE_END.search(text)
    return el.find(".//a") is not None or labelled


def _is_credit_line(el: HtmlElement, text: str) -> bool:
    """ "Label: Name" on a line of its own, as photo credits, sources and bylines are written in any
    language: a word, a colon, a few words after it, and no sentence."""
    if el.tag not in ("p", "div") or _has_block_child(el):
        return False
    if word_count(text) > CREDIT_MAX_WORDS or _SENTENCE_END.search(text):
        return False
    return bool(_LABELLED.match(text))


def _has_block_child(el: HtmlElement) -> bool:
    return any(isinstance(c.tag, str) and c.tag in _BLOCKS for c in el)


def _is_link_line(el: HtmlElement, text: str) -> bool:
    """A line that points to another page: a headline-like link and at most a short lead-in ("Read
    more:", "→"). A link written as its address is a source the article cites, and stays."""
    anchors = [normalised(a.text_content()) for a in el.iter("a")]
    if not any(word_count(a) >= 3 and not _ADDRESS.search(a) for a in anchors):
        return False
    outside = word_count(text) - sum(word_count(a) for a in anchors)
    return outside <= LEAD_IN_WORDS or not _SENTENCE_END.search(text)


def _is_date_line(el: HtmlElement, text: str) -> bool:
    """A byline or dateline: a short block that is a clock time and a date, or a <time> and a few words."""
    if _has_block_child(el):
        return False
    times = [t for t in el.iter() if t.tag == "time" or t.get("datetime")]
    timed = sum(len(_text(t)) for t in times)
    if times and timed >= 0.3 * len(text) and word_count(text) <= 15:
        return True
    if timed >= 0.6 * len(text):  # "19. Oktober 2019, 19:08 Uhr Editiert am 19. Oktober 2019, 19:08 Uhr"
        return True
    if word_count(text) > 15 or len(text) > 100:
        return False
    return bool(_CLOCK.search(text)) and bool(NUMERIC_DATE.search(text) or _YEAR.search(text))


def remove_headline(tree: HtmlElement, title: str | None) -> None:
    """The headline is the page's title, kept apart; in the text it would be a line of furniture."""
    headline = _headline(tree, title)
    if headline is not None:
        _delete(headline)


def wrap_loose_text(tree: HtmlElement) -> None:
    """Text written straight into a container before its first block (a lead without <p>) becomes a <p>,
    so extraction treats it as the paragraph it is."""
    for el in list(_elements(tree)):
        if el.tag not in ("div", "section", "article", "main", "td") or not _has_block_child(el):
            continue
        run: list[HtmlElement] = []
        for child in el:
            if isinstance(child.tag, str) and child.tag in _RUN_ENDS:
                break
            run.append(child)
        loose = normalised((el.text or "") + " ".join(_text(c) + " " + (c.tail or "") for c in run))
        if not is_prose(loose) or any(isinstance(c.tag, str) and c.tag in _NOT_CONTENT for c in run):
            continue
        paragraph = el.makeelement("p", {})
        paragraph.text = el.text
        el.text = None
        for child in run:
            paragraph.append(child)  # moves it, with its tail
        el.insert(0, paragraph)


def join_source_lines(tree: HtmlElement) -> None:
    """A line break in the HTML source of a paragraph is a space, as a browser shows it: "Sarà Ghersini
    l'arbitro di" and "Cagliari-Juventus, ..." on two lines of a <p> are one sentence, not two lines."""
    for el in tree.iter("p"):
        if any(a.tag in ("pre", "textarea") for a in el.iterancestors()):
            continue
        for node in el.iter():
            if not isinstance(node.tag, str) or node.tag in ("pre", "textarea"):
                continue
            if node is not el and node.text and "\n" in node.text:
                node.text = _SOURCE_BREAK.sub(" ", node.text)
            if node is not el and node.tail and "\n" in node.tail:
                node.tail = _SOURCE_BREAK.sub(" ", node.tail)
        if el.text and "\n" in el.text:
            el.text = _SOURCE_BREAK.sub(" ", el.text)


def _delete(el: HtmlElement) -> None:
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def restore_lead(text: str, structure: Structure) -> tuple[str, str | None]:
    """The text with its lead at the head, and the lead: a lead paragraph the extraction lost is put back,
    and a description that is on no paragraph of the page leads text that does not hold it."""
    paragraphs = [p for p in text.split("\n") if p.strip()]
    pool = _grams(text)
    for n, lead in enumerate(structure.leads):
        if coverage(lead, pool) >= PRESENT:
            holding = _paragraph_holding(paragraphs, lead)
            if n == 0 and structure.standfirst and holding and holding != paragraphs[0]:
                # the standfirst stands above the article on the page, wherever extraction put it
                paragraphs.remove(holding)
                return "\n".join([holding, *paragraphs]), holding
            return text, holding or lead
    for lead in structure.leads:
        return "\n".join([lead, *paragraphs]), lead
    following = structure.following
    if following and paragraphs and coverage(following, pool) < PRESENT:
        return "\n".join([following, *paragraphs]), following
    description = structure.description
    if (
        description
        and paragraphs
        and coverage(description, pool) < ON_PAGE
        and _told(description, " ".join(paragraphs[:TOLD_PARAGRAPHS])) < TOLD
    ):
        return "\n".join([description, *paragraphs]), description
    return text, None


def _words(text: str) -> set[str]:
    """Words of three letters or more; in scripts without spaces, pairs of characters."""
    found: set[str] = set()
    for word in _WORD.findall(text.casefold()):
        if _CJK.search(word):
            found.update(word[i : i + 2] for i in range(len(word) - 1))
        elif len(word) >= 3:
            found.add(word)
    return found


def _told(part: str, text: str) -> float:
    """The share of `part`'s words that `text` uses: a description the opening paragraphs already tell."""
    words = _words(part)
    return len(words & _words(text)) / len(words) if words else 1.0


def _paragraph_holding(paragraphs: list[str], lead: str) -> str | None:
    grams = _grams(lead)
    for p in paragraphs:
        if grams and len(grams & _grams(p)) / len(grams) >= PRESENT:
            return p
    return None
