"""The wheel carries config/ (defaults.toml, feeds.opml) as bot/config/: the one copy of the defaults.

config/ stays where the README and operators find it; a build copies it into the package, so a plain
`pip install .` (not editable) has its defaults too. bot.settings.config_file reads bot/config/ when it
is there (an installed wheel) and config/ beside the package otherwise (a checkout or an editable
install); no other copy exists. Not setuptools data-files (they land outside the package, under the
environment's prefix) and not a symlink (a wheel would hold a second copy or a dangling link).
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


setup(cmdclass={"build_py": BuildWithConfig})
