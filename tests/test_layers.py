"""Imports run one way: cli -> telegram -> services -> delivery -> ingest -> store -> summarizers.

Read from the source (every `import` and `from ... import` in every module, also inside functions and
`if TYPE_CHECKING:` blocks), so a lazy import cannot hide an upward dependency. `BASE` modules are the
shared leaves below the store (they import nothing else of ours); top-level modules of `bot/` not named
in `MODULES` are services.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ("summarizers", "base", "store", "ingest", "delivery", "services", "telegram", "cli")
PACKAGES = {
    "bot.commands": "cli",
    "bot.telegram": "telegram",
    "bot.delivery": "delivery",
    "bot.ingest": "ingest",
    "bot.store": "store",
    "summarizers": "summarizers",
}
BASE = (
    "bot.settings",
    "bot.errors",
    "bot.metrics",
    "bot.redact",
    "bot.i18n",
)  # leaves every layer of bot/ may use
MODULES = {
    "bot": "base",
    **dict.fromkeys(BASE, "base"),
    "bot.cli": "cli",
    "bot.__main__": "cli",
    "bot.health": "telegram",  # the operators' listener beside the Telegram application; reads its link
}


def layer_of(module: str) -> str | None:
    """The layer of one of our modules (None for third-party ones)."""
    if module in MODULES:
        return MODULES[module]
    for package, layer in PACKAGES.items():
        if module == package or module.startswith(package + "."):
            return layer
    if module.startswith("bot."):
        return "services"
    return None


def our_modules() -> dict[str, Path]:
    modules = {}
    for top in ("bot", "summarizers"):
        for path in sorted((ROOT / top).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            modules[name] = path
    return modules


def imports_of(module: str, path: Path) -> set[str]:
    """Every module `module` imports, relative imports resolved; `from a import b` counts a.b when a.b
    is a module, else a."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def upward_imports() -> list[str]:
    modules = our_modules()
    rank = {layer: n for n, layer in enumerate(LAYERS)}
    problems = []
    for module, path in modules.items():
        own = layer_of(module)
        assert own is not None, module
        for imported in sorted(imports_of(module, path)):
            if imported not in modules:
                continue  # third-party, or a name inside one of our modules (its module is counted too)
            other = layer_of(imported)
            if other is not None and rank[other] > rank[own]:
                problems.append(f"{module} ({own}) imports {imported} ({other})")
    return problems


def test_imports_never_go_up_a_layer() -> None:
    assert upward_imports() == []


def test_every_layer_has_modules_and_the_base_imports_nothing_of_ours_but_itself() -> None:
    modules = our_modules()
    layers = {layer_of(m) for m in modules}
    assert layers == set(LAYERS)
    for name in BASE:
        ours = {m for m in imports_of(name, modules[name]) if m in modules}
        assert ours <= {"bot", *BASE}, (name, ours)


def test_the_check_sees_an_upward_import(tmp_path: Path) -> None:
    """The checker itself: a store module importing the Telegram side is caught, even inside a function."""
    source = tmp_path / "bad.py"
    source.write_text("def f():\n    from bot.telegram.render import LAYOUT\n    return LAYOUT\n")
    assert "bot.telegram.render" in imports_of("bot.store.bad", source)
    assert layer_of("bot.store.bad") == "store" and layer_of("bot.telegram.render") == "telegram"


def test_only_the_store_speaks_sql_and_only_its_engine_knows_the_database() -> None:
    """Outside bot.store nothing imports SQLAlchemy (the session type aside); inside it, SQLite/PostgreSQL
    branches live in store/engine.py alone."""
    modules = our_modules()
    sql = {
        module
        for module, path in modules.items()
        if not module.startswith(("bot.store", "summarizers"))
        for imported in imports_of(module, path)
        if imported.split(".")[0] == "sqlalchemy" and not imported.startswith("sqlalchemy.ext.asyncio")
    }
    assert sql == set()
    branches = {
        module
        for module, path in modules.items()
        if module.startswith("bot")
        and module != "bot.store.engine"
        and any(word in path.read_text("utf-8") for word in ("is_sqlite", "dialect.name", "dialect_name"))
    }
    assert branches == set()
