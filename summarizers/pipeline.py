"""brief(): plain text in, Briefing out. The one entry point that bot/ calls."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from collections.abc import Container, Sequence

from summarizers import clean, dates, entities, labels, summary, text, ud_tense
from summarizers.briefing import NO_ARTICLE_TEXT, Article, Briefing, BriefingError, Event, SummarySentence
from summarizers.extract import Page, extract_html
from summarizers.post_credits import credited_posts
from summarizers.ranking.shape import date_spans, ends_sentence, furniture, lines_of
from summarizers.roles import name_roles
from summarizers.structure import is_prose

MAX_CHARS = 700_000  # ~110k words of English; longer input is truncated, with a note
MIN_SUMMARY, MAX_SUMMARY = 1, 10
ANTECEDENT_SENTENCES = 3  # a lone "he" or "she" may refer to a person named this many sentences back


def brief(
    text_in: str,
    *,
    title: str | None = None,
    published: dt.date | None = None,
    url: str | None = None,
    language: str | None = None,
    sentences: int | None = None,
    algorithm: str = "default",
    source: str | None = None,
    language_hint: str | None = None,
) -> Briefing:
    """Brief plain text. `language` is an override; `language_hint` (e.g. a page's lang attribute) is used
    only when detection cannot tell, because pages often declare the wrong language."""
    cleaned, notes = _plain_body(text_in, title)
    return _brief_body(
        cleaned.text,
        notes,
        title=title or cleaned.title,
        published=published,
        url=url,
        language=language,
        sentences=sentences,
        algorithm=algorithm,
        source=source,
        language_hint=language_hint,
    )


def brief_page(
    page: Page,
    *,
    title: str | None = None,
    published: dt.date | None = None,
    url: str | None = None,
    language: str | None = None,
    sentences: int | None = None,
    algorithm: str = "default",
    source: str | None = None,
) -> Briefing:
    """Brief what `extract_html` read from a page. Its structure has removed the furniture and kept the
    lead already, so the text is not put through the line rules for plain text (clean.clean_page_text)."""
    article = page_article(page, title=title, url=url, language=language)
    return _brief_body(
        article.text,
        list(article.notes),
        title=article.title,
        published=published or page.published,
        url=article.url,
        language=language,
        sentences=sentences,
        algorithm=algorithm,
        source=source or page.source,
        language_hint=page.language,
        lead=article.lead,
    )


def page_article(
    page: Page, *, title: str | None = None, url: str | None = None, language: str | None = None
) -> Article:
    """The text a briefing of `page` is built on, with its title, date and language.
    Raises BriefingError(NO_ARTICLE_TEXT) for a page whose structure holds no article (all furniture)."""
    text_in, notes = _truncated(page.text)
    title = title or page.title
    body = clean.clean_page_text(text_in, title=title).text
    if not any(is_prose(paragraph) for paragraph in body.split("\n\n")):  # labels and links at most
        raise BriefingError(NO_ARTICLE_TEXT)
    code = (
        text.normalise_language(language)
        or text.detect_language(body)
        or text.normalise_language(page.language)
    )
    return Article(
        text=body,
        title=title,
        published=page.published,
        language=code,
        url=url or page.url,
        source=page.source,
        lead=page.lead,
        notes=tuple(notes),
    )


def has_article_text(page: Page) -> bool:
    """Whether the page's text holds a paragraph of prose, not only labels and links."""
    return any(is_prose(line) for line in page.text.split("\n"))


def article_text(html: str | bytes, *, url: str | None = None, language: str | None = None) -> Article:
    """The text a briefing of this page is built on (`briefbot extract` prints it)."""
    return page_article(extract_html(html, url=url), url=url, language=language)


def text_article(
    text_in: str, *, title: str | None = None, url: str | None = None, language: str | None = None
) -> Article:
    """The text a briefing of plain text is built on: the text through the plain-text line rules."""
    cleaned, notes = _plain_body(text_in, title)
    code = text.normalise_language(language) or text.detect_language(cleaned.text)
    return Article(cleaned.text, title or cleaned.title, None, code, url=url, notes=tuple(notes))


def brief_html(
    html: str | bytes,
    *,
    url: str | None = None,
    title: str | None = None,
    published: dt.date | None = None,
    language: str | None = None,
    sentences: int | None = None,
    algorithm: str = "default",
) -> Briefing:
    """Extract the main text and metadata with trafilatura and the page's structure, then brief it."""
    return brief_page(
        extract_html(html, url=url),
        title=title,
        published=published,
        url=url,
        language=language,
        sentences=sentences,
        algorithm=algorithm,
    )


def _plain_body(text_in: str, title: str | None) -> tuple[clean.CleanText, list[str]]:
    """Plain text checked, truncated and put through the line rules for page furniture."""
    if not isinstance(text_in, str) or not text_in.strip():
        raise BriefingError("the text is empty")
    if _looks_binary(text_in):
        raise BriefingError("this looks like binary data, not text")
    text_in, notes = _truncated(text_in)
    return clean.clean_text(text_in, title=title), notes


def _truncated(text_in: str) -> tuple[str, list[str]]:
    if len(text_in) > MAX_CHARS:
        return text_in[:MAX_CHARS], [f"text truncated to its first {MAX_CHARS:,} characters"]
    return text_in, []


def _brief_body(
    body: str,
    notes: list[str],
    *,
    title: str | None,
    published: dt.date | None,
    url: str | None,
    language: str | None,
    sentences: int | None,
    algorithm: str,
    source: str | None,
    language_hint: str | None,
    lead: str | None = None,
) -> Briefing:
    """Summary, entities and dated events of a cleaned body. `lead` is the paragraph the page names as its
    lead; a body whose every line is furniture (datelines, captions, credits) has no article text. Text
    written with combining accents (Unicode NFD: "tha\u0301ng") is composed first, as every table and
    model spells its words composed; in NFD no Vietnamese date was read."""
    body = unicodedata.normalize("NFC", body)
    title = unicodedata.normalize("NFC", title) if title else title
    lead = unicodedata.normalize("NFC", lead) if lead else lead
    detected = None if language else text.detect_language(body)
    code = text.normalise_language(language) or detected or text.normalise_language(language_hint)
    if not language:
        notes.extend(_language_notes(body, detected, text.normalise_language(language_hint)))
    sents = text.sentences(body, code)
    if not any(len(text.words(s.text, code)) >= 3 for s in sents):
        raise BriefingError("the text has no sentences to summarize")
    if lead is None and len({s.paragraph for s in sents}) == 1:
        lead = body.strip()  # a feed entry's one paragraph is its lead, with or without a full stop

    count = max(MIN_SUMMARY, min(MAX_SUMMARY, sentences or 3))
    chosen = summary.summarize(
        [s.text for s in sents],
        count=count,
        algorithm=algorithm,
        language=code,
        title=title,
        paragraphs=[s.paragraph for s in sents],
        lead=lead,
    )
    if not chosen.positions:
        raise BriefingError(NO_ARTICLE_TEXT)
    found = entities.extract_entities([s.text for s in sents], language=code, title=title)
    notes.extend(found.notes)
    if code and not dates.reads_language(code):
        notes.append(f"dates: no date words for {text.language_label(code)}; only numeric dates are read")
    anchor, inferred = published, False
    if anchor is None:
        anchor = dates.infer_anchor(body, language=code)
        inferred = anchor is not None
    kinds = _furniture_kinds(sents, code, lead, title)
    events = _events(sents, anchor, code, found, skip=_no_event_lines(kinds, sents))
    events = _headlined(events, sents, kinds, _headline(title, source), anchor, code)
    return Briefing(
        title=title,
        url=url,
        source=source,
        language=code,
        published=anchor,
        published_inferred=inferred,
        summary=tuple(SummarySentence(sents[i].text, i) for i in chosen.positions),
        entities=found.entities,
        events=events,
        method=chosen.method,
        notes=tuple(notes),
    )


# Lines that tell no event, whatever date they carry: a copyright line ("©2004—2020 News.yam.md."), a
# photo credit ("Borítókép: …"), a caption's list of names, a list of teasers, a line said twice. Datelines
# and bylines keep their dates: the hand-labelled date set counts them (tests/data/README.md), and a
# sub-heading may announce an event ("Vote on 5 May").
NO_EVENT_LINES = frozenset({"marker", "credit", "caption", "teaser", "repeated"})
# Lines whose date is the story's own (a dateline "МОСКВА, 29 июня.", a byline's timestamp): what happened
# then is what the headline says, not the line's few words beside the date.
HEADLINED_LINES = frozenset({"dateline", "byline"})
STORY_DAYS_BEFORE = 3  # a dateline this many days before the metadata's date is still the story's own


def _furniture_kinds(
    sents: list[text.Sentence], language: str | None, lead: str | None, title: str | None
) -> list[str | None]:
    """What page furniture each sentence is, by the rules the summary uses (ranking/shape.py)."""
    lines = lines_of([s.text for s in sents], [s.paragraph for s in sents])
    return furniture(lines, date_spans(language), lead, title)


def _no_event_lines(kinds: list[str | None], sents: list[text.Sentence]) -> set[int]:
    return {
        n
        for n, kind in enumerate(kinds)
        if kind in NO_EVENT_LINES and not (kind == "credit" and ends_sentence(sents[n].text))
    }  # "日期:1月21日，凱爾特人在主場以139-107大勝湖人。" is a sentence behind a label


def _headlined(
    events: tuple[Event, ...],
    sents: list[text.Sentence],
    kinds: list[str | None],
    headline: str | None,
    published: dt.date | None,
    language: str | None,
) -> tuple[Event, ...]:
    """A dateline's or byline's event labelled with the headline, when its date is the story's own; a
    quoted post's credit line ("— Elon Musk (@elonmusk) March 16, 2020") with what the post said."""
    texts = [s.text for s in sents]
    credited = credited_posts(texts, [s.paragraph for s in sents], language)
    posts = {texts[n]: label for n, label in credited.items()}
    lines = {texts[n] for n, kind in enumerate(kinds) if kind in HEADLINED_LINES} - posts.keys()
    return tuple(
        dataclasses.replace(e, label=posts[e.text])
        if e.text in posts
        else dataclasses.replace(e, label=headline)
        if headline and published and e.text in lines and _is_day_of(e, published)
        else e
        for e in events
    )


def _is_day_of(event: Event, published: dt.date) -> bool:
    """The event's date holds the publication day, or is a day near it: a stamp in another time zone, an
    update the next morning, a dateline the page's metadata dates a few days later."""
    days = {str(published + dt.timedelta(days=d)) for d in range(-STORY_DAYS_BEFORE, 2)}
    return published.isoformat().startswith(event.date) or event.date in days


# Between a headline and the names of the site and its sections after it: "… | BBC News", "… » Local »
# Noticias", "…｜BIGLOBEニュース", "… - ТАСС".
_TITLE_SEPARATOR = re.compile(r"\s+[|»·–—-]\s+|\s*[｜]\s*|\s+::\s+")
# An aside closing a headline: "(VIDEO)", "（2020年2月15日）", a quotation after the news 「お気に入りの一枚」.
_TITLE_ASIDE = re.compile(r"\s*(?:\([^()]*\)|（[^（）]*）|\[[^\[\]]*\]|「[^「」]*」|『[^『』]*』)\s*$")
_TITLE_CLAUSE = re.compile(r":\s+|：|\s[–—]\s")


def _headline(title: str | None, source: str | None) -> str | None:
    """The title as a label: without the site's and sections' names after it and the asides that close it;
    when it is too long, its first part before a colon that fits one."""
    if not title:
        return None
    while (found := list(_TITLE_SEPARATOR.finditer(title))) and _names_site(
        title[found[-1].end() :].strip(), source
    ):
        title = title[: found[-1].start()]
    while (aside := _TITLE_ASIDE.search(title)) and aside.start() > 0:
        title = title[: aside.start()]
    for candidate in (title, *_TITLE_CLAUSE.split(title)):
        candidate = labels.tidy_words(candidate)
        if labels.MIN_WORDS <= labels.label_size(candidate) <= labels.MAX_WORDS:
            return candidate
    return None


def _names_site(tail: str, source: str | None) -> bool:
    return bool(tail) and (tail == source or _is_name(tail))


def _is_name(words: str) -> bool:
    """A site's or section's name: at most three words, none of them starting in lower case."""
    found = words.split()
    return 0 < len(found) <= 3 and not any(w[0].islower() for w in found)


def _events(
    sents: list[text.Sentence],
    anchor: dt.date | None,
    language: str | None,
    found: entities.FoundEntities,
    skip: Container[int] = frozenset(),
) -> tuple[Event, ...]:
    """Every dated mention, with a short label of what happened then and the entities its sentence names;
    none from the sentences at `skip` (page furniture)."""
    # a decade ("the 1970s": TimeML value "197") is found so it is not read as a year, but is no calendar
    # date to put on a timeline
    found_dates = [dates.find_dates(s.text, anchor, language=language) for s in sents]
    report = dates.report_tense((m for mentions in found_dates for m in mentions), anchor)
    # the months dated before each sentence: a month named there without its year is the one dated last
    before: list[dict[int, int]] = []
    months: dict[int, int] = {}
    for mentions in found_dates:
        before.append(months)
        months = dates.dated_months(mentions, months)
    # where a parser reads the verbs' tense, a weekday or month follows its clause's verbs, as in English
    verbs = ud_tense.verb_cues([s.text for s in sents], found_dates, language)
    if report is not None or any(before) or any(verbs):  # else the article's dates, then its tense
        found_dates = [
            dates.find_dates(s.text, anchor, language=language, report=report, months=dated, verbs=cues)
            if any(dates.tense_free(m) for m in first)
            else first
            for s, dated, cues, first in zip(sents, before, verbs, found_dates, strict=True)
        ]
    dated = [
        (n, s.text, [m for m in mentions if m.granularity != "decade" and not _bare_day_word(s.text, m)])
        for n, (s, mentions) in enumerate(zip(sents, found_dates, strict=True))
    ]
    dated = [(n, sentence, mentions) for n, sentence, mentions in dated if mentions and n not in skip]
    named = [found.mentioned_in(n, sentence) for n, sentence, _ in dated]
    people = {e.name for e in found.entities if e.type == "person"}
    antecedents = _last_person_before(found, people, len(sents))
    speakers = quotation_speakers([s.text for s in sents], found.named_in, people)
    cut = labels.label_dates(
        [sentence for _, sentence, _ in dated],
        [[(m.start, m.end) for m in mentions] for _, _, mentions in dated],
        language=language,
        people=[
            [name for name in names if name in people] or antecedents[n][:1]
            for (n, _, _), names in zip(dated, named, strict=True)
        ],
        previous=[sents[n - 1].text if n else "" for n, _, _ in dated],
        earlier=[_people_before(found, people, n) for n, _, _ in dated],
        speakers=[speakers[n] for n, _, _ in dated],
    )
    events = [
        Event(
            m.value, m.granularity, m.expression, sentence, m.end_value, name_roles(label, found.roles), names
        )
        for (_, sentence, mentions), names, sentence_labels in zip(dated, named, cut, strict=True)
        for m, label in zip(mentions, sentence_labels, strict=True)
    ]
    return tuple(sorted(events, key=lambda e: (e.date, e.end or "")))


def _bare_day_word(sentence: str, mention: dates.DateMention) -> bool:
    """A line that is a day word and nothing else ("Ieri", "Today") heads a list of items on the page; it
    tells no event, and its date is the day the page was read, not one any story gives."""
    return mention.relative and not any(c.isalnum() for c in sentence.replace(mention.expression, "", 1))


# Codes a page may declare for the language lingua names otherwise (Serbo-Croatian's standards, Norwegian).
_SAME_LANGUAGE = {
    frozenset(pair) for pair in (("sh", "hr"), ("sh", "sr"), ("sh", "bs"), ("no", "nb"), ("no", "nn"))
}


def _language_notes(body: str, detected: str | None, declared: str | None) -> list[str]:
    """What a reader should know about the language: a page that declares another language than it is
    written in, text whose language is not recognised, or two scripts mixed."""
    notes = []
    if (
        detected
        and declared
        and detected != declared
        and frozenset((detected, declared)) not in _SAME_LANGUAGE
    ):
        notes.append(
            f"language: the page says {text.language_label(declared)}, the text reads as "
            f"{text.language_label(detected)}"
        )
    elif detected is None:
        guess = f"; taken as {text.language_label(declared)}, as the page says" if declared else ""
        notes.append(f"language: not recognised from the text{guess}")
    scripts = text.mixed_scripts(body)
    if scripts:
        notes.append(f"language: the text mixes {scripts[0]} and {scripts[1]} script")
    return notes


def _last_person_before(found: entities.FoundEntities, people: set[str], count: int) -> list[tuple[str, ...]]:
    """For each sentence, the person named last in the sentences just before it ('He entered Downing Street
    in 1976' after a sentence naming James Callaghan): who a lone 'he' or 'she' most likely is."""
    last: list[tuple[str, ...]] = []
    current: tuple[str, ...] = ()
    quiet = 0
    for n in range(count):
        last.append(current if quiet <= ANTECEDENT_SENTENCES else ())
        named = [name for name in (found.named_in[n] if n < len(found.named_in) else ()) if name in people]
        if named:
            current, quiet = (named[-1],), 0
        else:
            quiet += 1
    return last


_QUOTES = {"«": "»", "„": "“", "“": "”"}  # an opening mark and the one that closes it


def quotation_speakers(
    texts: Sequence[str], named_in: Sequence[Sequence[str]], people: set[str]
) -> list[str | None]:
    """For each sentence, the person who says it when it is inside a quotation («…», - заявил М.
    Тасмаганбетов.): the first person the sentence that closes the quotation names after its closing mark
    (by the last word of the name); None outside quotations or where no person follows."""
    speakers: list[str | None] = [None] * len(texts)
    opened: tuple[int, str] | None = None
    for n, sentence in enumerate(texts):
        for at, mark in enumerate(sentence):
            if opened is None and mark in _QUOTES:
                opened = (n, _QUOTES[mark])
            elif opened is not None and mark == opened[1]:
                tail = sentence[at + 1 :]
                names = named_in[n] if n < len(named_in) else ()
                speaker = next((p for p in names if p in people and p.split()[-1] in tail), None)
                speakers[opened[0] : n + 1] = [speaker] * (n + 1 - opened[0])
                opened = None
    return speakers


def _people_before(found: entities.FoundEntities, people: set[str], n: int) -> tuple[str, ...]:
    """The people the sentences just before sentence n name, the last named first: whom a "he" or "she"
    may mean when the person named last is of the other gender."""
    named: list[str] = []
    for k in range(n - 1, max(-1, n - 2 - ANTECEDENT_SENTENCES), -1):
        for name in reversed(found.named_in[k] if k < len(found.named_in) else ()):
            if name in people and name not in named:
                named.append(name)
    return tuple(named)


def _looks_binary(sample: str) -> bool:
    head = sample[:4096]
    if head.startswith("%PDF-"):
        return True
    bad = sum(1 for ch in head if (ord(ch) < 32 and ch not in "\t\n\r\f\v") or ch == "\ufffd")
    return bad > max(8, len(head) // 50)
