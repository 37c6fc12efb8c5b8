"""The memory of every process of `briefbot run`: idle after start, after a day of English feeds, and after a
mix of eight languages.

The bot runs as the real `briefbot run` (its engine in a worker process) against the strict local Bot API
server; feeds are served from loopback, each entry linking to a fixture page under its own URL. A user
subscribes to the feeds, the bot polls them and briefs every entry's page, and three `/summary` requests
follow each phase. After each phase the bench waits for the bot to settle and reads, for every process of
the bot (main, engine worker, and multiprocessing's resource tracker in versions that started one): RSS
(VmRSS), PSS (/proc/PID/smaps_rollup: shared pages split between the processes that map them, so the PSS
column adds up to what the processes really cost together) and peak RSS (VmHWM). Run from the repository root, alone on the machine:

    flock /tmp/bench.lock .venv/bin/python -m bench.memory [--engine-memory-mb 400] [--english-feeds 4]

`--single-shot` measures the one-off commands instead, each in fresh processes: `briefbot brief` of an
English page, of a page in a language without an NER model (German) and of a Japanese one (GiNZA), and
`briefbot poll --once` over one feed of 19 pages in mixed languages. Their peak is the largest sum of the
RSS of the command's processes, sampled every 20 ms, and each process's own peak (VmHWM).

It prints figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.servers.botapi import BotApiServer  # noqa: E402
from tests.servers.web import FixtureWebServer  # noqa: E402

USER = 42
SAMPLE_SECONDS = 0.02
ENGLISH = (
    "bbc.com.52241221.html",
    "bbc.com__readability-bbc-1.html",
    "edition.cnn.com-royal.html",
    "en.yna.co.kr__newspaper4k-yna_co_kr.html",
    "reuters.com.parasite.html",
    "seattletimes.com__readability-seattletimes-1.html",
    "theguardian.com.academics.html",
    "theguardian.com__readability-guardian-1.html",
    "time.com__newspaper4k-time_001.html",
    "washingtonpost.com__1676872902.html",
)
# Seven more languages: the four other NER models (fr, ja, ru, cs) and three languages without one.
MIX = {
    "fr": ("lemonde.fr__readability-lemonde-1.html", "liberation.fr__readability-liberation-1.html"),
    "ja": ("nikkei.com__newspaper4k-japanese_article.html", "yomiuri.co.jp-gaza.html"),
    "ru": ("tass.ru__1647262025.html",),
    "cs": ("aktualne.cz__readability-aktualne.html",),
    "de": ("zeit.de__0a12df42d1764095989ab078ee0f940b.html", "noz.de__1518961308.html"),
    "es": ("elmundo.es-PSOE.html", "elpais.com.ciencia.html"),
    "zh": ("qq.com__readability-qq.html", "sohu.com-Likeqiang.html"),
}


# The single-shot pages: English, a language without an NER model, and Japanese (GiNZA, the largest model).
BRIEF_PAGES = (
    ("English", "bbc.com.52241221.html"),
    ("German (no NER model)", "zeit.de__0a12df42d1764095989ab078ee0f940b.html"),
    ("Japanese", "nikkei.com__newspaper4k-japanese_article.html"),
)


@dataclass(frozen=True, slots=True)
class ProcessMemory:
    pid: int
    name: str
    rss_mb: float
    pss_mb: float | None
    peak_mb: float


class FeedSite:
    """Serves /feed/NAME.rss: `entries` items, each linking to a fixture page under its own URL."""

    def __init__(self, pages_url: str) -> None:
        self.pages_url = pages_url
        self.feeds: dict[str, tuple[str, ...]] = {}
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                name = self.path.removeprefix("/feed/").removesuffix(".rss")
                pages = site.feeds.get(name)
                if pages is None:
                    self.send_error(404)
                    return
                body = site.rss(name, pages)
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def add(self, name: str, pages: tuple[str, ...]) -> str:
        self.feeds[name] = pages
        return f"{self.base_url}/feed/{name}.rss"

    def rss(self, name: str, pages: tuple[str, ...]) -> bytes:
        items = "".join(
            f"<item><guid>{name}-{i}</guid><title>{escape(page)} {i}</title>"
            f"<link>{self.pages_url}/pages/{page}?feed={name}&amp;entry={i}</link>"
            f"<pubDate>Mon, 02 Jan 2023 {i % 24:02d}:00:00 GMT</pubDate><description>Entry {i}.</description></item>"
            for i, page in enumerate(pages)
        )
        return (
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>{name}</title>'
            f"<link>{self.base_url}/</link><description>bench</description>{items}</channel></rss>"
        ).encode()

    def stop(self) -> None:
        self.server.shutdown()


def processes_of(pid: int) -> list[ProcessMemory]:
    """The bot and every process below it."""
    found = []
    for proc in [pid, *_descendants(pid)]:
        memory = _memory_of(proc)
        if memory is not None:
            found.append(memory)
    return found


def _descendants(pid: int) -> list[int]:
    try:
        kids = [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []
    return kids + [g for k in kids for g in _descendants(k)]


def _memory_of(pid: int) -> ProcessMemory | None:
    try:
        status = dict(
            line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line
        )
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return None
    if "VmRSS" not in status:  # exiting: a zombie holds no memory
        return None
    pss = None
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                pss = int(line.split()[1]) / 1024
    except OSError:
        pass
    return ProcessMemory(
        pid,
        _role(cmdline),
        int(status["VmRSS"].split()[0]) / 1024,
        pss,
        int(status["VmHWM"].split()[0]) / 1024,
    )


def _role(cmdline: str) -> str:
    if "resource_tracker" in cmdline:
        return "resource tracker"
    if "engine_process" in cmdline or "spawn_main" in cmdline:
        return "engine worker"
    if "upgrade_from_stdin" in cmdline:
        return "migrations"
    return "main"


def report(phase: str, pid: int) -> list[ProcessMemory]:
    procs = processes_of(pid)
    print(f"\n{phase}:")
    print("| process | pid | RSS MB | PSS MB | peak RSS MB |")
    print("|---|---:|---:|---:|---:|")
    for p in procs:
        pss = f"{p.pss_mb:.0f}" if p.pss_mb is not None else "n/a"
        print(f"| {p.name} | {p.pid} | {p.rss_mb:.0f} | {pss} | {p.peak_mb:.0f} |")
    total_pss = sum(p.pss_mb or 0 for p in procs)
    print(f"| **all** | | **{sum(p.rss_mb for p in procs):.0f}** | **{total_pss:.0f}** | |")
    sys.stdout.flush()
    return procs


def entries_done(database: Path) -> int:
    """Feed entries the bot has finished with (briefed and stored, or matched to a stored copy)."""
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=5) as db:
            return int(db.execute("SELECT count(*) FROM seen_entries").fetchone()[0])
    except sqlite3.Error:
        return 0


def wait_for_entries(database: Path, expected: int, bot: subprocess.Popen[bytes], timeout: float) -> int:
    """Until `expected` entries are done (or the count stops growing for a minute)."""
    deadline, last, last_change = time.monotonic() + timeout, -1, time.monotonic()
    while time.monotonic() < deadline:
        if bot.poll() is not None:
            raise SystemExit("the bot exited")
        count = entries_done(database)
        if count >= expected:
            return count
        if count != last:
            last, last_change = count, time.monotonic()
        elif time.monotonic() - last_change > 60:
            break
        time.sleep(1)
    return entries_done(database)


def summaries(api: BotApiServer, urls: list[str]) -> None:
    for url in urls:
        before = max((m.message_id for m in api.sent_messages(USER)), default=0)
        api.push_message(USER, USER, f"/summary {url}")
        deadline = time.monotonic() + 180
        while not [m for m in api.sent_messages(USER) if m.message_id > before and "•" in (m.text or "")]:
            if time.monotonic() > deadline:
                replies = [m.text for m in api.sent_messages(USER) if m.message_id > before]
                raise SystemExit(f"no briefing in reply to /summary {url}: {replies}")
            time.sleep(0.05)


def subscribe(api: BotApiServer, feeds: list[str]) -> None:
    for url in feeds:
        api.push_message(USER, USER, f"/subscribe {url}")
        time.sleep(0.5)


def mixed_pages() -> tuple[str, ...]:
    """19 pages: 7 English, then the mix's 12 in seven languages."""
    return ENGLISH[:7] + tuple(page for pages in MIX.values() for page in pages)


def peak_of(command: list[str], env: dict[str, str], cwd: str) -> tuple[float, dict[str, float]]:
    """Run `command`; the largest sum of its processes' RSS, sampled, and each role's own peak (VmHWM)."""
    proc = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL)
    peak, roles = 0.0, {}
    while proc.poll() is None:
        procs = processes_of(proc.pid)
        peak = max(peak, sum(p.rss_mb for p in procs))
        for p in procs:
            roles[p.name] = max(roles.get(p.name, 0.0), p.peak_mb)
        time.sleep(SAMPLE_SECONDS)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited {proc.returncode}")
    return peak, roles


def single_shot() -> None:
    """`briefbot brief` of three pages and `briefbot poll --once` over 19 mixed pages, each from a fresh start."""
    web = FixtureWebServer().start()
    site = FeedSite(web.base_url)
    print("| command | peak RSS, all processes (MB) | each process's peak RSS (MB) |")
    print("|---|---:|---|")
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "DATABASE_URL": f"sqlite:///{Path(tmp) / 'bench.sqlite3'}",
            "FETCH_ALLOW_PRIVATE": "true",
            "LOG_LEVEL": "WARNING",
        }
        env.pop("TELEGRAM_BOT_TOKEN", None)
        bot = [sys.executable, "-m", "bot"]
        try:
            for label, page in BRIEF_PAGES:
                source = str(ROOT / ".." / "shared" / "fixtures" / "pages" / page)
                peak, roles = peak_of([*bot, "brief", source], env, tmp)
                print(f"| `briefbot brief` {label} ({page}) | {peak:.0f} | {_roles(roles)} |")
                sys.stdout.flush()
            feed = site.add("mixed", mixed_pages())
            subprocess.run(
                [*bot, "feeds", "add", feed], env=env, cwd=tmp, check=True, stdout=subprocess.DEVNULL
            )
            peak, roles = peak_of([*bot, "poll", "--once"], env, tmp)
            print(f"| `briefbot poll --once`, 19 pages in 8 languages | {peak:.0f} | {_roles(roles)} |")
        finally:
            site.stop()
            web.stop()


def _roles(roles: dict[str, float]) -> str:
    return ", ".join(f"{name} {mb:.0f}" for name, mb in roles.items())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--engine-memory-mb", type=float, default=None, help="ENGINE_MEMORY_MB (default: the bot's)"
    )
    ap.add_argument("--english-feeds", type=int, default=4, help="English feeds of 12 entries each")
    ap.add_argument("--settle", type=float, default=10.0, help="seconds of quiet before each reading")
    ap.add_argument("--single-shot", action="store_true", help="measure brief and poll --once instead")
    args = ap.parse_args(argv)
    if args.single_shot:
        single_shot()
        return 0
    web = FixtureWebServer().start()
    site = FeedSite(web.base_url)
    with BotApiServer() as api, tempfile.TemporaryDirectory() as tmp:
        database = Path(tmp) / "bench.sqlite3"
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "TELEGRAM_BOT_TOKEN": api.token,
            "TELEGRAM_API_URL": api.base_url,
            "TELEGRAM_FILE_URL": api.file_url,
            "DATABASE_URL": f"sqlite:///{database}",
            "FETCH_ALLOW_PRIVATE": "true",
            "ON_DEMAND_PER_MINUTE": "100000",
            "POLL_INTERVAL_MINUTES": "1440",
            "LOG_LEVEL": "WARNING",
        }
        if args.engine_memory_mb is not None:
            env["ENGINE_MEMORY_MB"] = f"{args.engine_memory_mb:g}"
        bot = subprocess.Popen([sys.executable, "-m", "bot", "run"], cwd=tmp, env=env)
        try:
            while not api.calls("deleteWebhook"):
                if bot.poll() is not None:
                    raise SystemExit("the bot exited early")
                time.sleep(0.05)
            time.sleep(args.settle + 20)  # the warm-up briefing loads the English models
            report("idle after start (warm-up briefing done)", bot.pid)

            entries = 12
            english = [
                site.add(f"en{n}", tuple(ENGLISH[(n * 3 + i) % len(ENGLISH)] for i in range(entries)))
                for n in range(args.english_feeds)
            ]
            started = time.monotonic()
            subscribe(api, english)
            stored = wait_for_entries(database, len(english) * entries, bot, timeout=900)
            summaries(api, [f"{web.base_url}/pages/{ENGLISH[i]}?summary=en{i}" for i in range(3)])
            print(
                f"\nEnglish: {stored} entries briefed in {time.monotonic() - started:.0f} s, 3 /summary answered"
            )
            time.sleep(args.settle)
            report(f"after a day of English feeds ({len(english)} feeds x {entries} entries)", bot.pid)

            mixed = [
                site.add(lang, tuple(pages[i % len(pages)] for i in range(6))) for lang, pages in MIX.items()
            ]
            started = time.monotonic()
            subscribe(api, mixed)
            expected = len(english) * entries + len(mixed) * 6
            stored = wait_for_entries(database, expected, bot, timeout=1200)
            summaries(
                api, [f"{web.base_url}/pages/{pages[0]}?summary={lang}" for lang, pages in MIX.items()][:3]
            )
            print(
                f"\nmix: {stored} entries briefed in {time.monotonic() - started:.0f} s, 3 /summary answered"
            )
            time.sleep(args.settle)
            report("after a mix of 8 languages (en + " + ", ".join(MIX) + ")", bot.pid)
        finally:
            bot.terminate()
            bot.wait(timeout=60)
            site.stop()
            web.stop()
    print(f"\nBot API errors answered: {len(api.errors)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
