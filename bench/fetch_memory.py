"""Peak memory of one fetch against hostile loopback servers, for each content coding, against the response
limit. Prints figures, asserts nothing. It measures memory, so run it alone, from the repository root:

flock /tmp/bench.lock .venv/bin/python bench/fetch_memory.py [--limit 5000000] [--bomb-mib 1024]

Each case is fetched twice, each time in a fresh process after one warm-up fetch (imports, the client):
once under tracemalloc (the peak of Python allocations during the fetch), once without it (the growth of
the peak RSS, VmHWM, over the RSS before the fetch). The server (tests/servers/hostile_bodies.py) runs in
a process of its own.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import subprocess
import sys
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.ingest.fetcher import Fetcher, FetchError  # noqa: E402
from bot.settings import Settings  # noqa: E402
from tests.servers.hostile_bodies import HostileBodyServer  # noqa: E402


def cases(bomb_mib: int) -> list[tuple[str, str]]:
    bomb = f"{bomb_mib:,} MiB"
    return [
        ("gzip page, 12 KB", "/page?encoding=gzip"),
        ("gzip, 4 MiB under the limit", "/bomb?encoding=gzip&mib=4"),
        ("identity 50 MB, Content-Length", "/identity?mb=50"),
        ("identity 50 MB, chunked, no length", "/chunked?mb=50"),
        ("identity 50 MB, until close", "/close?mb=50"),
        (f"gzip bomb, {bomb}", f"/bomb?encoding=gzip&mib={bomb_mib}"),
        (f"gzip, gzip bomb, {bomb}", f"/bomb?encoding=gzip,gzip&mib={bomb_mib}"),
        (f"deflate (zlib) bomb, {bomb}", f"/bomb?encoding=deflate&mib={bomb_mib}"),
        (f"deflate (raw) bomb, {bomb}", f"/bomb?encoding=raw-deflate&mib={bomb_mib}"),
        (f"deflate, gzip bomb, {bomb}", f"/bomb?encoding=deflate,gzip&mib={bomb_mib}"),
        ("unknown coding (br)", "/page?encoding=br"),
    ]


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise LookupError(field)


async def _one_fetch(base: str, path: str, limit: int, traced: bool) -> dict[str, object]:
    settings = Settings.load(
        environ={},
        env_file=None,
        fetch_allow_private=True,
        fetch_max_bytes=limit,
        fetch_read_timeout=120.0,
        fetch_total_timeout=300.0,
    )
    async with Fetcher(settings) as fetcher:
        await fetcher.fetch(f"{base}/page")
        gc.collect()
        if traced:
            tracemalloc.start()
        else:
            Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current RSS
        before = _status_kb("VmRSS")
        try:
            result = await fetcher.fetch(base + path)
            outcome = f"read {len(result.content):,} bytes"
        except FetchError as exc:
            outcome = f"{type(exc).__name__}: {exc.detail}"
        except MemoryError:
            outcome = "MemoryError"
        peak = tracemalloc.get_traced_memory()[1] if traced else _status_kb("VmHWM") - before
    return {"outcome": outcome, "peak": peak}


def _measure(base: str, path: str, limit: int, mode: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", base, path, str(limit), mode],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    try:
        return json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        return {"outcome": f"child failed: {done.stderr.strip().splitlines()[-1:]}", "peak": -1}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--limit", type=int, default=5_000_000, help="FETCH_MAX_BYTES for the fetches")
    parser.add_argument("--bomb-mib", type=int, default=1024, help="what each bomb inflates to")
    parser.add_argument("--child", nargs=4, metavar=("BASE", "PATH", "LIMIT", "MODE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        base, path, limit, mode = args.child
        print(json.dumps(asyncio.run(_one_fetch(base, path, int(limit), mode == "traced"))))
        return
    mb = 1_000_000
    print(f"one fetch each, response limit {args.limit / mb:g} MB; peak = limit + overhead")
    print(f"{'case':38} {'traced peak':>12} {'RSS growth':>12}  outcome")
    with HostileBodyServer() as server:
        for name, path in cases(args.bomb_mib):
            traced = _measure(server.base_url, path, args.limit, "traced")
            rss = _measure(server.base_url, path, args.limit, "rss")
            print(
                f"{name:38} {traced['peak'] / mb:9.1f} MB {rss['peak'] / mb:9.1f} MB  {traced['outcome']}",
                flush=True,
            )


if __name__ == "__main__":
    main()
