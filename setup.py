"""Package build step: the compiled translations go into every wheel and ``pip install .``.

The metadata lives in pyproject.toml; this file only adds the step that runs
``pyside6-lrelease`` on ``translations/*.ts`` while the package is built (PySide6-Essentials is
a build requirement for it), so no install route depends on ``dev.py`` having run first.
"""

from __future__ import annotations

import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

sys.path.insert(0, str(Path(__file__).resolve().parent / "scripts"))

from qt_translations import compile_catalogues  # found through the path above


class BuildWithTranslations(build_py):
    def run(self) -> None:
        super().run()
        if not self.dry_run:
            compile_catalogues(Path(self.build_lib) / "operator_app" / "i18n")


setup(cmdclass={"build_py": BuildWithTranslations})
