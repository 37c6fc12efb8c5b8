"""briefbot: the Telegram bot, the store, fetching and the operator's command line."""

import sys

# httpx imports its command-line client whenever rich, pygments and click are installed (spaCy's CLI brings
# them): 3 MB of the bot's process for a client it never runs. Without the module httpx takes the path it
# takes when they are missing (`httpx.main` then says how to install them).
sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
