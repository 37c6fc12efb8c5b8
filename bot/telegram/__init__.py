"""The Telegram side of the bot: rendering, keyboards, and (soon) the Application and its handlers."""
