"""The python-telegram-bot Application that `briefbot run` builds, wired to the runtime's services."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from telegram import Bot, BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, NetworkError, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot.background_briefings import BackgroundBriefings
from bot.errors import UserFacingError
from bot.health import HealthServer, ReadinessChecks
from bot.i18n import DEFAULT_LOCALE, LOCALES, telegram_code, translator
from bot.ingest.poller import schedule_polling
from bot.retention import schedule_pruning
from bot.runtime import Runtime
from bot.settings import Settings
from bot.telegram.connection import (
    LINK_KEY,
    MonitoredRequest,
    TelegramLink,
    build_sender_bot,
    connect,
    describe,
    keep_checking,
)
from bot.telegram.fair_use import FAIR_USE_KEY, FairUse, in_background
from bot.telegram.handlers import (
    callbacks,
    channels,
    digest,
    errors,
    feeds,
    follow,
    inline,
    membership,
    settings,
    sources,
    start,
    summary,
    text,
    timeline,
    upcoming,
)
from bot.telegram.handlers.common import RIGHTS_KEY
from bot.telegram.rights import AdminRights
from bot.telegram.throttle import SharedClockRateLimiter
from bot.telegram.webhook import WebhookListener

log = logging.getLogger(__name__)
HEALTH_KEY = "health_server"
# each costs a fetch, NLP, a digest or a merge of stored events
ON_DEMAND_COMMANDS = frozenset({"summary", "timeline", "digest", "upcoming"})
# Run as background jobs (bot.telegram.fair_use), never in an update worker: the on-demand ones, and
# /subscribe, whose fetch can take as long as the slowest site.
LONG_RUNNING_COMMANDS = ON_DEMAND_COMMANDS | {"subscribe", "follow"}
UPDATE_WORKERS = 8  # cheap handlers only: long-running work leaves them at once
Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[None]]


def file_url(settings: Settings) -> str:
    """Bot API file downloads live beside the methods: .../bot<token> -> .../file/bot<token>."""
    if settings.telegram_file_url:
        return settings.telegram_file_url
    base = settings.telegram_api_url
    head, sep, _ = base.rpartition("/bot")
    return f"{head}/file/bot" if sep else base.rstrip("/") + "/file/bot"


def build_application(runtime: Runtime, *, schedule_jobs: bool = True) -> Application:
    settings_ = runtime.settings
    link = TelegramLink(settings_.telegram_api_url)
    link.on_change(runtime.metrics.telegram_reachable)
    application = (
        ApplicationBuilder()
        .token(settings_.telegram_bot_token)
        .request(MonitoredRequest(link, connection_pool_size=256))
        .get_updates_request(MonitoredRequest(link, connection_pool_size=1))
        .base_url(settings_.telegram_api_url)
        .base_file_url(file_url(settings_))
        .defaults(
            Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True))
        )
        .rate_limiter(
            SharedClockRateLimiter(
                runtime.database,
                settings_.send_rate_per_second,
                on_retry_after=runtime.metrics.told_to_wait,
                max_retries=3,
            )
        )
        .concurrent_updates(UPDATE_WORKERS)
        .build()
    )
    application.bot_data["runtime"] = runtime
    application.bot_data[LINK_KEY] = link
    application.bot_data["schedule_jobs"] = schedule_jobs
    application.bot_data[RIGHTS_KEY] = AdminRights()
    fair = application.bot_data[FAIR_USE_KEY] = FairUse.from_settings(settings_, runtime.limiter)
    application.bot_data[inline.BACKGROUND_KEY] = BackgroundBriefings(runtime.briefings, budget=fair.budget)
    add_handlers(application)
    return application


def add_handlers(application: Application) -> None:
    commands = {
        "start": start.start,
        "help": start.help_command,
        "subscribe": feeds.subscribe,
        "unsubscribe": feeds.unsubscribe,
        "feeds": feeds.list_feeds,
        "stop": feeds.stop,
        "export": feeds.export,
        "summary": summary.summary,
        "timeline": timeline.timeline,
        "upcoming": upcoming.upcoming,
        "sources": sources.sources_command,
        "follow": follow.follow,
        "unfollow": follow.unfollow,
        "settings": settings.show_settings,
        "manage": channels.manage,
        "digest": digest.digest_command,
        "filter": digest.filter_command,
    }
    for name, handler in commands.items():
        if name in ON_DEMAND_COMMANDS:
            handler = counted_on_demand(name, handler)
        if name in LONG_RUNNING_COMMANDS:
            handler = in_background(name, handler, counted=name in ON_DEMAND_COMMANDS)
        application.add_handler(CommandHandler(name, handler))
    application.add_handler(CallbackQueryHandler(callbacks.on_button))
    # Not blocking: a page may take WAIT_SECONDS to brief, and the update workers stay free meanwhile.
    application.add_handler(InlineQueryHandler(inline.on_inline_query, block=False))
    application.add_handler(ChatMemberHandler(membership.on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER))
    application.add_handler(ChatMemberHandler(membership.on_chat_member, ChatMemberHandler.CHAT_MEMBER))
    application.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, membership.on_migration))
    application.add_handler(
        MessageHandler(
            filters.Document.FileExtension("opml"), in_background("import", feeds.import_opml, counted=False)
        )
    )
    application.add_handler(MessageHandler(filters.COMMAND, start.unknown_command))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, text.on_text))
    application.add_error_handler(errors.on_error)


def counted_on_demand(command: str, handler: Handler) -> Handler:
    """The handler, counted and timed in the on-demand metrics (briefbot_on_demand_*)."""

    async def run(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        runtime: Runtime = context.application.bot_data["runtime"]
        with runtime.metrics.on_demand(command):
            await handler(update, context)

    return run


async def on_start(application: Application) -> None:
    """Register the command menu, and start polling feeds and pruning expired data in this process."""
    await set_command_menus(application.bot)
    runtime: Runtime = application.bot_data["runtime"]
    await runtime.start_delivery(build_sender_bot(runtime.settings, link=application.bot_data.get(LINK_KEY)))
    if application.bot_data.get("schedule_jobs") and application.job_queue is not None:
        schedule_polling(application.job_queue.scheduler, runtime.poller)
        schedule_pruning(application.job_queue.scheduler, runtime.pruner)
    log.info("briefbot is up as @%s", application.bot.username)


async def set_command_menus(bot: Bot) -> None:
    """The command menu in every language the bot speaks: English for every app, then one per locale for
    the apps in that language (Telegram matches the app's two-letter language_code)."""
    await bot.set_my_commands([BotCommand(n, d) for n, d in start.command_menu(translator(DEFAULT_LOCALE))])
    for locale in LOCALES:
        if locale != DEFAULT_LOCALE:
            menu = start.command_menu(translator(locale))
            await bot.set_my_commands(
                [BotCommand(n, d) for n, d in menu], language_code=telegram_code(locale)
            )


async def serve(application: Application, stop: asyncio.Event) -> None:
    """Run until `stop` is set: long polling, or a webhook when WEBHOOK_URL is set.

    Telegram is tried until it answers (see bot.telegram.connection.connect); a rejected token raises
    TokenRejected before anything else starts.
    """
    settings_: Settings = application.bot_data["runtime"].settings
    link: TelegramLink = application.bot_data[LINK_KEY]
    health = await start_health_server(application)
    try:
        if not await connect(application.initialize, link, stop):
            await application.shutdown()
            return
        application.bot_data["runtime"].warm_up()
        await _run(application, stop, settings_, link)
    finally:
        if health is not None:
            await health.stop()


async def start_health_server(application: Application) -> HealthServer | None:
    """The /healthz /readyz /metrics listener, when the settings want it; it answers during start-up too."""
    runtime: Runtime = application.bot_data["runtime"]
    settings_ = runtime.settings
    if not settings_.health_enabled:
        return None
    link: TelegramLink = application.bot_data[LINK_KEY]
    checks = ReadinessChecks(runtime.database, link, lambda: scheduler_running(application))
    server = HealthServer(checks, runtime.metrics, host=settings_.health_host, port=settings_.health_port)
    application.bot_data[HEALTH_KEY] = server
    return server if await server.start() else None


def scheduler_running(application: Application) -> bool:
    """The JobQueue's scheduler (feed polls) and the delivery loops (planner, sender) are all alive."""
    job_queue = application.job_queue
    return (
        application.running
        and (job_queue is None or job_queue.scheduler.running)
        and application.bot_data["runtime"].delivery_running
    )


async def _run(
    application: Application, stop: asyncio.Event, settings_: Settings, link: TelegramLink
) -> None:
    async with application:
        await on_start(application)
        await application.start()
        try:
            await _take_updates_until(stop, application, settings_, link)
        finally:
            # Stopped before the context shuts down, or a failure (a taken port, a refused webhook) would
            # surface as python-telegram-bot's "still running" instead of itself.
            await application.bot_data["runtime"].stop_delivery()
            await application.bot_data[inline.BACKGROUND_KEY].close()
            await application.stop()


async def _take_updates_until(
    stop: asyncio.Event, application: Application, settings_: Settings, link: TelegramLink
) -> None:
    """Updates by webhook or long polling until `stop` is set."""
    assert application.updater is not None
    if not settings_.webhook_mode:
        await application.updater.start_polling(
            allowed_updates=Update.ALL_TYPES, error_callback=lambda exc: _polling_failed(link, exc)
        )
        try:
            await stop.wait()
        finally:
            await application.updater.stop()
        return
    listener = WebhookListener(
        application,
        listen="0.0.0.0",
        port=settings_.port,
        path=urlsplit(settings_.webhook_url).path,
        secret=settings_.webhook_secret,
    )
    await listener.start()  # listening before Telegram is told where to post
    try:
        await _set_webhook(application, settings_, link, stop)
        await keep_checking(application.bot, link, stop)
    finally:
        await listener.stop()


async def _set_webhook(
    application: Application, settings_: Settings, link: TelegramLink, stop: asyncio.Event
) -> None:
    """Tell Telegram where to post, retried like getMe while it cannot be reached; a URL it refuses
    ("bad webhook: …") ends the start in one line."""

    def tell() -> Awaitable[bool]:
        return application.bot.set_webhook(
            settings_.webhook_url,
            secret_token=settings_.webhook_secret or None,
            allowed_updates=Update.ALL_TYPES,
        )

    try:
        await connect(tell, link, stop)
    except BadRequest as exc:
        raise WebhookRefused(f"Telegram refused WEBHOOK_URL {settings_.webhook_url}: {exc.message}") from exc


class WebhookRefused(UserFacingError):
    """setWebhook answered 400: the URL or its certificate is not one Telegram posts to."""


def _polling_failed(link: TelegramLink, error: TelegramError) -> None:
    """getUpdates failed: python-telegram-bot retries; the link logs a lost connection once, not a traceback."""
    if isinstance(error, NetworkError):
        link.failed(describe(error))
    else:
        log.warning("getUpdates failed: %s", error)
