"""Local servers the tests start: the fixture web server (web.py) and the Bot API fake (botapi.py)."""
