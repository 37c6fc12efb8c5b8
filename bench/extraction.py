"""Main-text extraction on the Article Extraction Benchmark's dev half (../shared/data/aeb/).

Run from the repository root:  .venv/bin/python -m bench.extraction [--failures] [--save DIR]
Every page is read three ways and scored with ../shared/tools/score_extraction.py (its definitions: word
4-gram shingles per page, precision and recall averaged over pages, F1 their harmonic mean; "lead recall"
is the share of pages whose first gold paragraph of 8 or more words has 80% of its shingles in the text):
- plain trafilatura: `trafilatura.extract(html)` with its defaults;
- extraction: the text `summarizers.extract_html` finds (trafilatura on the page's structure: lead kept,
  furniture elements removed);
- briefing text: what a briefing is built on (`summarizers.article_text`: that text without the headline
  it repeats; what `briefbot extract` prints).
`--failures` lists, per reading, the pages whose lead was missed and the pages with the lowest F1.
It prints a table; it asserts nothing.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
AEB = SHARED / "data" / "aeb"
sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402

import summarizers  # noqa: E402


def scorer() -> ModuleType:
    """The shared scorer, loaded from its file so both sides use one definition of every figure."""
    spec = importlib.util.spec_from_file_location(
        "score_extraction", SHARED / "tools" / "score_extraction.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pages() -> dict[str, bytes]:
    return {
        path.name.removesuffix(".html.gz"): gzip.decompress(path.read_bytes())
        for path in sorted((AEB / "html").glob("*.html.gz"))
    }


def plain_trafilatura(html: bytes) -> str:
    return trafilatura.extract(html) or ""


def extraction(html: bytes) -> str:
    return summarizers.extract_html(html).text


def briefing_text(html: bytes) -> str:
    return summarizers.article_text(html).text


READINGS: dict[str, Callable[[bytes], str]] = {
    "plain trafilatura (extract)": plain_trafilatura,
    "extraction (extract_html)": extraction,
    "briefing text (article_text)": briefing_text,
}


def predictions(read: Callable[[bytes], str], html: dict[str, bytes]) -> dict[str, dict[str, str]]:
    return {key: {"articleBody": read(page)} for key, page in html.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--failures", action="store_true", help="list missed leads and the lowest-F1 pages")
    parser.add_argument(
        "--save", type=Path, default=None, metavar="DIR", help="write each reading's predictions"
    )
    args = parser.parse_args(argv)
    score = scorer()
    gold = json.loads((AEB / "ground-truth.json").read_text("utf-8"))
    html = pages()
    print(f"Article Extraction Benchmark, dev half: {len(html)} pages\n")
    print("| reading | F1 | precision | recall | exact | lead recall |")
    print("|---|---:|---:|---:|---:|---:|")
    failures: list[str] = []
    for name, read in READINGS.items():
        pred = predictions(read, html)
        if args.save:
            args.save.mkdir(parents=True, exist_ok=True)
            (args.save / f"{read.__name__}.json").write_text(json.dumps(pred, ensure_ascii=False), "utf-8")
        s = score.score(gold, pred)
        print(
            f"| {name} | {s['f1']:.3f} | {s['precision']:.3f} | {s['recall']:.3f} | {s['accuracy']:.3f} "
            f"| {s['lead_recall']:.3f} |"
        )
        if args.failures:
            failures.append(f"\n{name}: lead missed on {len(s['lead_missed'])} page(s)")
            failures += [f"  {key[:16]}  {gold[key].get('url', '')}" for key in s["lead_missed"]]
            rows = []
            for key in gold:
                tp, fp, fn = score.counts(gold[key]["articleBody"], pred[key]["articleBody"])
                p, r = score.precision(tp, fp, fn), score.recall(tp, fp, fn)
                rows.append((2 * p * r / (p + r) if p + r else 0.0, p, r, key))
            failures.append("  lowest F1 (F1 P R):")
            failures += [
                f"  {key[:16]}  {f:.3f} {p:.3f} {r:.3f}  {gold[key].get('url', '')}"
                for f, p, r, key in sorted(rows)[:8]
            ]
    print("\n".join(failures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
