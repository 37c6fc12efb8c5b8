"""Catalog upkeep with the project's Babel options: extract, update, compile, check (see README.md here).

python -m bot.locales extract   # bot/**.py -> messages.pot
python -m bot.locales update    # messages.pot -> every <locale>/LC_MESSAGES/messages.po (en filled in)
python -m bot.locales compile   # .po -> .mo (a build does this too: setup.py)
python -m bot.locales check     # untranslated, fuzzy or broken-placeholder entries; exit 1 if any
"""

from __future__ import annotations

import sys

from bot.locales.catalogs import check, compile_all, extract, update


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "extract":
        extract()
    elif command == "update":
        update()
    elif command == "compile":
        compile_all()
    elif command == "check":
        problems = check()
        for problem in problems:
            print(problem)
        print(f"{len(problems)} problem(s)")
        return 1 if problems else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
