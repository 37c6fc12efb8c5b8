"""One Settings object: environment > .env > config/defaults.toml. Built once, passed explicitly."""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.errors import UserFacingError

DEFAULTS_PATH = Path(__file__).resolve().parent.parent / "config" / "defaults.toml"


class SettingsError(UserFacingError):
    """A setting has a value briefbot cannot use; the message names the setting and what it accepts."""


@dataclass(frozen=True, slots=True)
class Settings:
    telegram_bot_token: str = ""
    telegram_api_url: str = "https://api.telegram.org/bot"
    telegram_file_url: str = ""
    database_url: str = "sqlite:///data/briefbot.sqlite3"
    fetch_allow_private: bool = False
    webhook_url: str = ""
    webhook_secret: str = ""
    port: int = 8080
    health_server: str = "auto"
    health_host: str = "0.0.0.0"
    health_port: int = 8081
    log_level: str = "INFO"
    poll_interval_minutes: float = 15
    poll_jitter_seconds: int = 60
    poll_max_feeds_at_once: int = 16
    poll_max_per_host: int = 2
    feed_backfill: int = 30
    feed_failure_limit: int = 10
    fetch_max_bytes: int = 5_000_000
    fetch_connect_timeout: float = 10.0
    fetch_read_timeout: float = 20.0
    fetch_total_timeout: float = 45.0
    fetch_max_redirects: int = 5
    digest_time: str = "08:00"
    default_timezone: str = "UTC"
    send_rate_per_second: float = 30
    summary_sentences: int = 3
    on_demand_per_minute: int = 10
    nlp_workers: int = 1

    @classmethod
    def load(
        cls,
        *,
        environ: dict[str, str] | None = None,
        env_file: Path | None = Path(".env"),
        defaults: Path = DEFAULTS_PATH,
        **overrides: Any,
    ) -> Settings:
        """Merge the three sources; later ones win. Unknown keys are ignored, bad values raise SettingsError."""
        merged: dict[str, Any] = {}
        if defaults.exists():
            try:
                merged.update(tomllib.loads(defaults.read_text("utf-8")))
            except tomllib.TOMLDecodeError as exc:
                raise SettingsError(f"{defaults} is not valid TOML: {exc}") from exc
        if env_file is not None and env_file.exists():
            merged.update({k.lower(): v for k, v in _read_env_file(env_file).items()})
        env = os.environ if environ is None else environ
        names = {f.name for f in dataclasses.fields(cls)}
        merged.update({k.lower(): v for k, v in env.items() if k.lower() in names})
        merged.update(overrides)
        return cls(
            **{f.name: _coerce(f, merged[f.name]) for f in dataclasses.fields(cls) if f.name in merged}
        )

    @property
    def webhook_mode(self) -> bool:
        return bool(self.webhook_url)

    @property
    def health_enabled(self) -> bool:
        """/healthz, /readyz and /metrics: on by default with a webhook, opt-in when long polling."""
        return self.health_server == "on" or (self.health_server == "auto" and self.webhook_mode)


def _coerce(f: dataclasses.Field[Any], value: Any) -> Any:
    kind = f.type if isinstance(f.type, str) else f.type.__name__
    if kind == "bool":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in {"1", "true", "yes", "on"}:
            return True
        if text in {"0", "false", "no", "off", ""}:
            return False
        raise SettingsError(f"{f.name.upper()} must be true or false, not {value!r}")
    try:
        if kind == "int":
            return int(str(value).replace("_", ""))
        if kind == "float":
            return float(value)
    except ValueError as exc:
        raise SettingsError(f"{f.name.upper()} must be a number, not {value!r}") from exc
    return str(value)


def _read_env_file(path: Path) -> dict[str, str]:
    """KEY=VALUE lines; '#' comments and surrounding quotes are allowed."""
    values: dict[str, str] = {}
    for line in path.read_text("utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        key = key.strip().removeprefix("export ").strip()
        values[key] = value.strip().strip("'\"")
    return values
