"""One Settings object: environment > .env > config/defaults.toml. Built once, passed explicitly."""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.errors import UserFacingError


def config_file(name: str) -> Path:
    """config/<name>, the one copy: inside the package in an installed wheel (setup.py puts config/ there
    as bot/config/), beside the package in a checkout or an editable install."""
    packaged = Path(__file__).resolve().parent / "config" / name
    return packaged if packaged.exists() else Path(__file__).resolve().parent.parent / "config" / name


DEFAULTS_PATH = config_file("defaults.toml")
FREE_SEND_LIMIT = 30  # Telegram's messages a second to all chats together
PAID_BROADCAST_LIMIT = 1000  # with allow_paid_broadcast: 0.1 Telegram Stars a message above the free 30

RETENTION_SETTINGS = (
    "article_text_days",
    "article_days",
    "outbox_days",
    "seen_entry_days",
    "digest_run_days",
)


SUMMARY_LENGTHS = (3, 4, 5)  # the summary lengths a chat may choose in /settings


class SettingsError(UserFacingError):
    """A setting has a value briefbot cannot use; the message names the setting and what it accepts."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Every setting, typed; the values and their defaults come from config/defaults.toml (the only copy),
    then .env, then the environment."""

    telegram_bot_token: str
    telegram_api_url: str
    telegram_file_url: str
    database_url: str
    fetch_allow_private: bool
    webhook_url: str
    webhook_secret: str
    port: int
    health_server: str
    health_host: str
    health_port: int
    log_level: str
    poll_interval_minutes: float
    poll_lease_seconds: int
    poll_max_feeds_at_once: int
    poll_max_per_host: int
    feed_backfill: int
    feed_max_entries: int
    feed_failure_limit: int
    fetch_max_bytes: int
    fetch_connect_timeout: float
    fetch_read_timeout: float
    fetch_total_timeout: float
    fetch_max_redirects: int
    digest_time: str
    default_timezone: str
    send_rate_per_second: float
    telegram_paid_broadcast: bool
    summary_sentences: int
    on_demand_per_minute: int
    jobs_per_user: int
    jobs_at_once: int
    nlp_workers: int
    engine_memory_mb: float
    article_text_days: int
    article_days: int
    outbox_days: int
    seen_entry_days: int
    digest_run_days: int

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
        missing = [f.name for f in dataclasses.fields(cls) if f.name not in merged]
        if missing:
            raise SettingsError(f"{defaults} has no default for {', '.join(missing)}")
        return cls(**{f.name: _coerce(f, merged[f.name]) for f in dataclasses.fields(cls)})

    def __post_init__(self) -> None:
        limit = PAID_BROADCAST_LIMIT if self.telegram_paid_broadcast else FREE_SEND_LIMIT
        if not 0 < self.send_rate_per_second <= limit:
            raise SettingsError(
                f"SEND_RATE_PER_SECOND must be above 0 and at most {limit:g}"
                + ("" if self.telegram_paid_broadcast else " (up to 1000 with TELEGRAM_PAID_BROADCAST=true)")
                + f", not {self.send_rate_per_second:g}"
            )
        for name in RETENTION_SETTINGS:
            if getattr(self, name) < 0:
                raise SettingsError(
                    f"{name.upper()} must be 0 (keep forever) or a number of days, not {getattr(self, name)}"
                )
        if 0 < self.article_days < self.article_text_days:
            raise SettingsError(
                f"ARTICLE_DAYS ({self.article_days}) must be 0 or at least ARTICLE_TEXT_DAYS "
                f"({self.article_text_days}): an article's text cannot outlive the article"
            )

    @property
    def briefed_sentences(self) -> int:
        """Sentences a stored briefing keeps: the longest summary any chat may show, so each chat shows its
        own length (the first N, in article order) without briefing the article again."""
        return max(*SUMMARY_LENGTHS, self.summary_sentences)

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
