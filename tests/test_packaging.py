"""`pip install .` (not editable) carries the defaults: config/ goes into the wheel as bot/config/, and the
installed package reads that one copy, not a file of the checkout. Settings have no second copy of their
defaults in code: a value missing from defaults.toml is an error."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from bot.i18n import LOCALES
from bot.settings import Settings, SettingsError

ROOT = Path(__file__).resolve().parents[1]


def test_settings_take_every_default_from_defaults_toml(tmp_path: Path) -> None:
    assert all(f.default is dataclasses.MISSING for f in dataclasses.fields(Settings))
    partial = tmp_path / "defaults.toml"
    partial.write_text('digest_time = "07:00"\n')
    with pytest.raises(SettingsError, match="no default for telegram_bot_token"):
        Settings.load(environ={}, env_file=None, defaults=partial)


@pytest.mark.slow
def test_a_built_wheel_holds_the_config_and_the_installed_package_reads_it(tmp_path: Path) -> None:
    source = tmp_path / "checkout"
    files = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    for name in filter(None, files.decode().split("\0")):
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            (source / name).write_bytes((ROOT / name).read_bytes())
    pip = [sys.executable, "-m", "pip"]
    subprocess.run(
        [*pip, "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(tmp_path / "dist"), str(source)],
        check=True,
        timeout=300,
    )
    (wheel,) = (tmp_path / "dist").glob("briefbot-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"bot/config/defaults.toml", "bot/config/feeds.opml"} <= names
    catalogs = {n for n in names if n.startswith("bot/locales/") and n.endswith("/LC_MESSAGES/messages.mo")}
    assert len(catalogs) == len(LOCALES), sorted(catalogs)  # compiled at build time, one per locale
    assert not any(n.endswith(".po") for n in names)  # so what the installed bot reads is the .mo
    assert not any(n.startswith("config/") for n in names)
    site = tmp_path / "site"
    subprocess.run(
        [*pip, "install", "-q", "--no-deps", "--target", str(site), str(wheel)], check=True, timeout=300
    )
    probe = (
        "import bot.opml as o, bot.settings as s; "
        "print(s.DEFAULTS_PATH); print(o.DEFAULT_FEEDS_PATH); "
        "print(s.Settings.load(env_file=None).digest_time, len(o.default_feeds())); "
        "import bot.i18n as i; print(i.catalog('de').__class__.__name__); print(i.LOCALES_DIR); "
        "print(i.translator('de-AT')._('unsubscribe from everything'))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    defaults, feeds, values, catalog, locales, german = done.stdout.splitlines()
    assert defaults == str(site / "bot" / "config" / "defaults.toml")
    assert feeds == str(site / "bot" / "config" / "feeds.opml")
    assert values == "08:00 6"
    assert (catalog, locales) == ("Translations", str(site / "bot" / "locales"))  # the installed .mo
    assert german == "alles abbestellen"
