"""The wheel carries config/ (defaults.toml, feeds.opml) as bot/config/: the one copy of the defaults.

config/ stays where the README and operators find it; a build copies it into the package, so a plain
`pip install .` (not editable) has its defaults too. bot.settings.config_file reads bot/config/ when it
is there (an installed wheel) and config/ beside the package otherwise (a checkout or an editable
install); no other copy exists. Not setuptools data-files (they land outside the package, under the
environment's prefix) and not a symlink (a wheel would hold a second copy or a dangling link).

The gettext catalogs are compiled here too: every bot/locales/<locale>/LC_MESSAGES/messages.po becomes
messages.mo inside the built package, so an installed bot speaks every language without a compile step
(a checkout compiles a missing .mo in memory, bot.i18n.catalog). Babel is a build requirement for it.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

CONFIG_FILES = ("defaults.toml", "feeds.opml")


class BuildWithConfig(build_py):
    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "bot" / "config"
        self.mkpath(str(target))
        for name in CONFIG_FILES:
            self.copy_file(str(Path("config") / name), str(target / name))
        self.compile_catalogs()

    def compile_catalogs(self) -> None:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po in sorted(Path("bot", "locales").glob("*/LC_MESSAGES/*.po")):
            target = Path(self.build_lib) / po.with_suffix(".mo")
            self.mkpath(str(target.parent))
            with po.open("rb") as source:
                catalog = read_po(source, locale=po.parent.parent.name)
            with target.open("wb") as out:
                write_mo(out, catalog)


setup(cmdclass={"build_py": BuildWithConfig})
