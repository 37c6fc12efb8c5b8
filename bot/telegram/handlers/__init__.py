"""Telegram handlers: parse the command, call a service, render the reply. No SQL, no NLP here."""
