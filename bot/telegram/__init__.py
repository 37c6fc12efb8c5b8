"""The Telegram side of the bot: the Application, its thin handlers, every message layout, HTML, keyboards."""
