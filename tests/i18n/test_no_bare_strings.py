"""No user-facing words bypass gettext: an AST check of bot/telegram/ and of every user-facing error raised
in bot/, so a reply, a button or an error message written as a bare literal fails here, not in a chat.

What counts as user-facing: a sentence (two words or more) anywhere in bot/telegram/ outside docstrings,
logs and internal exceptions; any letters in what a reply, a button, a toast or a layout span shows; the
message of an error whose class derives from UserFacingError, except the operator's own (CLI, settings,
database, token: those stay English, as the CLI does).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TELEGRAM = ROOT / "bot" / "telegram"
GETTEXT = {"_", "gettext", "ngettext", "pgettext", "N_", "lazy_ngettext", "pieces"}
LOGGING = {"debug", "info", "warning", "error", "exception", "critical", "log"}
SINKS = {  # callables whose text argument a user reads: name -> positions or keywords of that text
    "reply_text": (0, "text"),
    "edit_text": (0, "text"),
    "edit_message_text": (0, "text"),
    "send_message": (1, "text"),
    "answer_tap": (2, "text"),
    "InlineKeyboardButton": (0, "text"),
    "Span": (0, "text"),
    "reply_document": ("caption",),
    "reply_photo": ("caption",),
    "with_holding_reply": (3, "holding_text"),
    "render_text": (0,),
}
OPERATOR_ERRORS = {  # raised for the operator (CLI, configuration, database), never shown in a chat
    "SettingsError",
    "DatabaseURLError",
    "BackupError",
    "DatabaseUnavailable",
    "CommandError",
    "SourceError",
    "TokenRejected",
    "ListenerUnavailable",
    "WebhookRefused",
}
SENTENCE = re.compile(r"[^\W\d_]{2,}[,.:;!?]?\s+[^\W\d_]{2,}")
LETTERS = re.compile(r"[^\W\d_]{2,}")


def _name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _literal_text(node: ast.AST) -> str | None:
    """The words of a str literal or an f-string's literal parts; None for anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return " ".join(
            v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
        )
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return " ".join(t for t in (_literal_text(node.left), _literal_text(node.right)) if t)
    return None


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}


def _exempt(node: ast.AST, parents: dict[ast.AST, ast.AST], lines: list[str]) -> bool:
    """Inside a gettext call, a log call, a pattern (re.*), a docstring, an internal exception, an index,
    a comparison or a dict key; or on a line marked `# i18n: internal`."""
    if "# i18n: internal" in lines[getattr(node, "lineno", 1) - 1]:
        return True
    child, parent = node, parents.get(node)
    while parent is not None:
        if isinstance(parent, ast.Call):
            name = _name(parent.func)
            if name in GETTEXT or (name in LOGGING and isinstance(parent.func, ast.Attribute)):
                return True
            if isinstance(parent.func, ast.Attribute) and _name(parent.func.value) == "re":
                return True
        if isinstance(parent, ast.Expr) and isinstance(child, ast.Constant):
            return True  # a docstring or a bare string statement
        if isinstance(parent, ast.Raise):
            exc = parent.exc.func if isinstance(parent.exc, ast.Call) else parent.exc
            return _name(exc) not in _user_facing_errors()
        if isinstance(parent, ast.Subscript) and child is parent.slice:
            return True
        if isinstance(parent, ast.Compare):
            return True
        if isinstance(parent, ast.keyword) and parent.arg in {
            "name",
            "filename",
            "parse_mode",
            "callback_data",
        }:
            return True  # a task's or a file's name, not words for a reader
        if isinstance(parent, ast.Dict) and child in parent.keys:
            return True
        child, parent = parent, parents.get(parent)
    return False


_USER_FACING: set[str] = set()


def _user_facing_errors() -> set[str]:
    """Every class in bot/ deriving (by name, transitively) from UserFacingError, the operator's aside."""
    if not _USER_FACING:
        bases: dict[str, set[str]] = {}
        for path in (ROOT / "bot").rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if isinstance(node, ast.ClassDef):
                    bases.setdefault(node.name, set()).update(n for b in node.bases if (n := _name(b)))
        found = {"UserFacingError"}
        while grown := {c for c, b in bases.items() if b & found and c not in found}:
            found |= grown
        _USER_FACING.update(found - OPERATOR_ERRORS)
    return _USER_FACING


def bare_strings(path: Path) -> list[str]:
    """`path:line: text` for each user-facing literal that bypasses gettext."""
    source = path.read_text("utf-8")
    tree, lines = ast.parse(source), source.splitlines()
    parents = _parents(tree)
    telegram = TELEGRAM in path.parents
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        is_str = isinstance(node, ast.Constant) and isinstance(node.value, str)
        if telegram and is_str and SENTENCE.search(node.value) and not _exempt(node, parents, lines):
            found.append((node.lineno, node.value))
        if isinstance(node, ast.Call) and (_name(node.func) in SINKS) and telegram:
            where = SINKS[_name(node.func) or ""]
            args = [node.args[i] for i in where if isinstance(i, int) and i < len(node.args)]
            args += [k.value for k in node.keywords if k.arg in where]
            for arg in args:
                text = _literal_text(arg)
                if text and LETTERS.search(text):
                    found.append((arg.lineno, text))
        raised = node.exc if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) else None
        if raised is not None and _name(raised.func) in _user_facing_errors():
            for arg in raised.args:
                text = _literal_text(arg)
                if text and LETTERS.search(text):
                    found.append((arg.lineno, text))
        if isinstance(node, ast.ClassDef) and _user_facing_errors() & {_name(b) for b in node.bases}:
            for statement in node.body:  # a class-level `reason = "..."` is a message too
                text = _literal_text(statement.value) if isinstance(statement, ast.Assign) else None
                if text and LETTERS.search(text):
                    found.append((statement.lineno, text))
    relative = path.relative_to(ROOT)
    return [f"{relative}:{line}: {text!r}" for line, text in sorted(set(found))]


def test_no_user_facing_literal_bypasses_gettext():
    problems = [p for path in sorted((ROOT / "bot").rglob("*.py")) for p in bare_strings(path)]
    assert problems == []


def test_the_check_catches_a_bare_reply_a_button_and_an_error(tmp_path, monkeypatch):
    module = TELEGRAM / "handlers" / "probe_not_a_module.py"
    source = (
        "from bot.ingest.fetcher import FetchError\n"
        "async def f(message, t, url):\n"
        "    '''A docstring is fine.'''\n"
        "    log.info('a log line is fine too')\n"
        "    await message.reply_text('Thanks for the link!')\n"
        "    await message.reply_text(t._('This one is translated.'))\n"
        "    InlineKeyboardButton('Summarize', callback_data='sum')\n"
        "    raise FetchError(url, 'the server is on fire')\n"
        "    raise ValueError('an internal error is fine')\n"
        "    return f'Done with {url}, see you'\n"
    )
    _user_facing_errors()  # read from the real tree before read_text is replaced
    monkeypatch.setattr(Path, "read_text", lambda self, encoding=None: source)
    found = bare_strings(module)
    assert [p.split(": ", 1)[1] for p in found] == [
        "'Thanks for the link!'",
        "'Summarize'",
        "'the server is on fire'",
        "', see you'",  # both literal parts of the f-string
        "'Done with '",
    ]
