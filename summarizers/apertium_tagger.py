"""Part-of-speech tags for Spanish, Portuguese, Italian, Romanian, Catalan and Polish from Apertium.

No parser or tagger for these languages installs from PyPI beside spaCy 3.8, and a clause past a label's
length was cut at its 12th word, often inside a phrase. Apertium's language data (Debian's packages
`apertium-es-pt`, `apertium-spa-ita`, …; GPL, loaded from disk, nothing downloaded) holds each language's
morphological analyser and a hidden-Markov tagger trained on it (Italian adds its constraint grammar). They
run as one pipeline of Apertium's own programs per language, kept open with null-flushing (`-z`), so a
call costs a write and a read, not a start.

Tags come out in STTS, the tag set the Hanover Tagger gives for German, so the label and tense rules read
every tagged language alike (`summarizers.clause_compression`). The pipeline is a cached model: the model
cache starts it on first use and stops it when it evicts it. Without Apertium installed there is no tagger
(None), and labels fall back to cuts at punctuation and function words.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from summarizers.model_cache import model_cache_with_unload

log = logging.getLogger(__name__)

DATA = Path(os.environ.get("APERTIUM_DATA", "/usr/share/apertium"))
# language: (package directory, the pair whose analysis side reads the language)
PAIRS = {
    "es": ("apertium-es-pt", "es-pt"),
    "pt": ("apertium-es-pt", "pt-es"),
    "ro": ("apertium-es-ro", "ro-es"),
    "it": ("apertium-spa-ita", "ita-spa"),
    "ca": ("apertium-spa-cat", "cat-spa"),
    "pl": ("apertium-pol-szl", "pol-szl"),
}
DEBIAN_PACKAGES = ("apertium", *sorted({package for package, _ in PAIRS.values()}))
_RESERVED = re.compile(r"[\\^$/@<>\[\]{}*#+~]")  # Apertium's stream syntax: kept out of the text
_UNIT = re.compile(r"\^((?:[^/$\\]|\\.)*)/((?:[^$\\]|\\.)*)\$")  # ^surface/analysis$
_TAG = re.compile(r"<([^>]+)>")
Tagged = tuple[str, str, str]  # word, lemma, STTS tag: the Hanover Tagger's shape
Reading = tuple[str, str, tuple[str, ...]]  # word, lemma, Apertium's tags


@dataclass
class _Pipeline:
    processes: list[subprocess.Popen[bytes]]
    lock: threading.Lock = field(default_factory=threading.Lock)
    pid: int = field(default_factory=os.getpid)

    def analyse(self, text: str) -> str:
        """The tagger's stream for `text`: written with a null byte, read up to the null it flushes."""
        first, last = self.processes[0], self.processes[-1]
        assert first.stdin is not None and last.stdout is not None
        with self.lock:
            first.stdin.write(text.encode("utf-8") + b"\n\0")
            first.stdin.flush()
            out = bytearray()
            while not out.endswith(b"\0"):
                chunk = last.stdout.read1(65536)
                if not chunk:
                    raise OSError("apertium pipeline closed")
                out += chunk
        return out.rstrip(b"\0").decode("utf-8", "replace")

    def close(self) -> None:
        for process in self.processes:
            process.kill()
            process.wait()


def _commands(language: str) -> list[list[str]] | None:
    package, pair = PAIRS[language]
    base = DATA / package / pair
    analyser, model = Path(f"{base}.automorf.bin"), Path(f"{base}.prob")
    if not (
        analyser.exists() and model.exists() and shutil.which("lt-proc") and shutil.which("apertium-tagger")
    ):
        return None
    grammar = Path(f"{base}.rlx.bin")
    with_grammar = grammar.exists() and shutil.which("cg-proc") is not None
    commands = [["lt-proc", "-z", *(["-w"] if with_grammar else []), str(analyser)]]
    if with_grammar:
        commands.append(["cg-proc", "-z", "-w", str(grammar)])
    commands.append(["apertium-tagger", "-z", "-p", "-g", str(model)])
    return commands


def _stop(pipeline: _Pipeline | None) -> None:
    if pipeline is not None:
        pipeline.close()


@model_cache_with_unload(_stop)
def _pipeline(language: str, pid: int) -> _Pipeline | None:
    """One pipeline per language and process (a forked worker starts its own)."""
    commands = _commands(language)
    if commands is None:
        log.info("no Apertium data for %s under %s: labels are cut without a tagger", language, DATA)
        return None
    processes: list[subprocess.Popen[bytes]] = []
    for command in commands:
        stdin = processes[-1].stdout if processes else subprocess.PIPE
        processes.append(
            subprocess.Popen(command, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        )
    return _Pipeline(processes)


def apertium_tagger(language: str) -> Callable[[list[str]], list[Tagged]] | None:
    """A tagger for `language` with the Hanover Tagger's interface (a list of words in, one (word, lemma,
    STTS tag) per word out), or None when Apertium has no data for it here."""
    read = readings(language)
    if read is None:
        return None
    return lambda words: [(word, lemma, stts(tags)) for word, lemma, tags in read(words)]


def readings(language: str) -> Callable[[list[str]], list[Reading]] | None:
    """Apertium's own reading of each word (word, lemma, tags such as ("vblex", "ifi", "p3", "sg")), for
    rules that need person or tense; None when Apertium has no data for the language here."""
    if language not in PAIRS or _pipeline(language, os.getpid()) is None:
        return None

    def read(words: list[str]) -> list[Reading]:
        pipeline = _pipeline(language, os.getpid())
        if pipeline is None or not words:
            return [(w, w, ()) for w in words]
        try:
            stream = pipeline.analyse(_RESERVED.sub(" ", " ".join(words)))
        except OSError:  # the pipeline was stopped (evicted) or died: untagged, the label is cut plainly
            log.warning("apertium pipeline for %s failed", language, exc_info=True)
            return [(w, w, ()) for w in words]
        return read_words(words, stream)

    return read


_ELISION = "'’"  # an elided article or preposition ends on an apostrophe


def read_words(words: Sequence[str], stream: str) -> list[Reading]:
    """Each word with the reading of the first unit of Apertium's stream that covers it: a multiword ("a
    pesar de") gives all its words its reading, a word Apertium splits ("1°") takes its first part's, but
    one that opens with an elided article or pronoun ("l’Italia", "l’ha") takes the reading of what
    follows it: the noun or verb is what the word is ("dell’anno" stays a preposition)."""
    text = _RESERVED.sub(" ", " ".join(words))
    spans: list[tuple[int, int, str, tuple[str, ...]]] = []
    at = 0
    for unit in _UNIT.finditer(stream):
        surface = unit.group(1).replace("\\", "")
        found = text.find(surface, at)
        if found < 0:
            continue
        at = found + len(surface)
        spans.append((found, at, *_reading(unit.group(2), surface)))
    out: list[Reading] = []
    start = 0
    for word in words:
        end = start + len(word)
        units = [(s, e, lemma, tags) for s, e, lemma, tags in spans if s < end and e > start]
        while (
            len(units) > 1 and text[units[0][1] - 1] in _ELISION and units[0][3][:1] in (("det",), ("prn",))
        ):
            units.pop(0)  # "l’Italia", "l’ha": the word is what follows the elided article or pronoun
        covering = next(((lemma, tags) for _, _, lemma, tags in units), None)
        if covering is None:
            covering = (word, () if any(c.isalnum() for c in word) else ("lpar",))
        out.append((word, *covering))
        start = end + 1
    return out


def _reading(analysis: str, surface: str) -> tuple[str, tuple[str, ...]]:
    """The lemma and tags of one unit's chosen reading; an unknown word ("*Kirchner") is a name when
    capitalised, a noun otherwise; a preposition joined to an article ("del" = de + el) says "+det"."""
    if analysis.startswith("*"):
        return surface, ("np",) if surface[:1].isupper() else ("n",)
    first, _, rest = analysis.partition("+")
    joined = ("+det",) if rest and "<det>" in rest else ()
    return first.split("<", 1)[0], (*_TAG.findall(first), *joined)


_VERBS = frozenset({"vblex", "vbser", "vbhaver", "vbmod", "vaux", "vbavea", "vbdo"})
_AUXILIARIES = frozenset({"vbser", "vbhaver", "vaux", "vbavea", "vbmod"})
_SIMPLE = {
    "n": "NN",
    "np": "NE",
    "num": "CARD",
    "adj": "ADJA",
    "adv": "ADV",
    "preadv": "ADV",
    "cnjcoo": "KON",
    "cnjsub": "KOUS",
    "cnjadv": "KOUS",
    "ij": "ITJ",
    "abbr": "NN",
    "acr": "NE",
    "cm": "$,",
    "sent": "$.",
}


def is_finite(tags: Sequence[str]) -> bool:
    """A reading of a finite verb: a verb that is no infinitive, participle or gerund."""
    return bool(tags) and tags[0].startswith("v") and not {"inf", "pp", "ger"} & set(tags)


def stts(tags: Sequence[str]) -> str:
    """Apertium's tags of one reading in STTS terms."""
    if not tags:
        return "XY"
    head = tags[0]
    if head == "pr":
        return "APPRART" if "+det" in tags else "APPR"
    if head in _VERBS:
        return _verb(head, tags)
    if head == "det":
        return _determiner(tags)
    if head == "prn":
        return _pronoun(tags)
    if head == "rel":
        return "PWAV" if "adv" in tags else "PRELS"  # "como", "donde", "cuando" relate a clause, not a noun
    return _SIMPLE.get(head, "$(" if head in ("lpar", "rpar", "lquest", "guio", "apos") else "XY")


def _verb(head: str, tags: Sequence[str]) -> str:
    kind = "VA" if head in _AUXILIARIES else "VV"
    if "inf" in tags:
        return kind + "INF"
    if "pp" in tags:
        return kind + "PP"
    if "ger" in tags:
        return kind + "GER"  # not STTS (German has no gerund): a verb form that is not finite
    return kind + "FIN"


def _determiner(tags: Sequence[str]) -> str:
    if "pos" in tags:
        return "PPOSAT"
    if "dem" in tags:
        return "PDAT"
    if "qnt" in tags:
        return "PIAT"
    if "itg" in tags:
        return "PWAT"
    return "ART"


def _pronoun(tags: Sequence[str]) -> str:
    for feature, tag in (("rel", "PRELS"), ("dem", "PDS"), ("pos", "PPOSS"), ("itg", "PWS"), ("ref", "PRF")):
        if feature in tags:
            return tag
    if "ind" in tags or "qnt" in tags:
        return "PIS"
    return "PPER"
