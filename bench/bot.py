"""Latency of `/summary URL` from the user's message to the bot's reply, and the bot's peak memory.

The bot runs as `briefbot run` in its own process (production settings: process pool for the engine),
against the local Bot API server and the fixture web server. Each request asks for a different URL, so
no answer comes from the cache. Run from the repository root:

    .venv/bin/python bench/bot.py [--requests 50]

It prints figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.servers.botapi import BotApiServer  # noqa: E402
from tests.servers.web import FixtureWebServer  # noqa: E402

PAGES = (
    "bbc.com.52241221.html",
    "theguardian.com.academics.html",
    "reuters.com.parasite.html",
    "washingtonpost.com__1676872902.html",
    "time.com__newspaper4k-time_001.html",
)
USER = 42


def _peak_rss_mb(pid: int) -> float:
    """VmHWM of the bot and its engine workers, summed."""
    total = 0
    for proc in [pid, *_children(pid)]:
        try:
            for line in Path(f"/proc/{proc}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            continue
    return total / 1024


def _children(pid: int) -> list[int]:
    try:
        found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except FileNotFoundError:
        return []
    kids = [int(p) for p in found]
    return kids + [g for k in kids for g in _children(k)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--requests", type=int, default=50)
    args = ap.parse_args(argv)
    web = FixtureWebServer().start()
    with BotApiServer() as api, tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": api.token,
            "TELEGRAM_API_URL": api.base_url,
            "TELEGRAM_FILE_URL": api.file_url,
            "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
            "FETCH_ALLOW_PRIVATE": "true",
            "ON_DEMAND_PER_MINUTE": "100000",
            "LOG_LEVEL": "WARNING",
        }
        bot = subprocess.Popen([sys.executable, "-m", "bot", "run"], cwd=tmp, env=env)
        try:
            started = time.perf_counter()
            while not api.calls("deleteWebhook"):
                if bot.poll() is not None:
                    raise SystemExit("the bot exited early")
                time.sleep(0.05)
            print(f"bot ready (polling) after {time.perf_counter() - started:.1f} s")
            latencies = []
            for i in range(args.requests):
                url = f"{web.base_url}/pages/{PAGES[i % len(PAGES)]}?request={i}"
                before = max((m.message_id for m in api.sent_messages(USER)), default=0)
                t0 = time.perf_counter()
                api.push_message(USER, USER, f"/summary {url}")
                while True:
                    done = [
                        m for m in api.sent_messages(USER) if m.message_id > before and "•" in (m.text or "")
                    ]
                    if done:
                        break
                    if time.perf_counter() - t0 > 120:
                        raise SystemExit(f"no reply to request {i}: {api.describe()}")
                    time.sleep(0.005)
                latencies.append((time.perf_counter() - t0) * 1000)
            peak = _peak_rss_mb(bot.pid)
        finally:
            bot.terminate()
            bot.wait(timeout=60)
            web.stop()
    latencies.sort()
    p95 = latencies[min(len(latencies) - 1, round(0.95 * (len(latencies) - 1)))]
    print(f"\n/summary URL -> reply over {len(latencies)} requests (page served locally, no cache):")
    print("| p50 ms | p95 ms | max ms | min ms |")
    print("|---:|---:|---:|---:|")
    print(f"| {statistics.median(latencies):.0f} | {p95:.0f} | {max(latencies):.0f} | {latencies[0]:.0f} |")
    print(f"\npeak memory (VmHWM, bot + engine worker): {peak:.0f} MB")
    print(f"Bot API errors answered: {len(api.errors)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
