"""Switching the whole application's language at runtime.

Qt posts LanguageChange to every widget after a translator changes; each screen rebuilds its
texts in ``retranslate_ui``. Translators are kept referenced here, or Qt would drop them.
"""

from __future__ import annotations

import logging
from importlib import resources

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from operator_app.site_config.model import SUPPORTED_LANGUAGES

log = logging.getLogger(__name__)

# The source strings are English; other languages need a compiled .qm beside the package.
SOURCE_LANGUAGE = "en"

# Translators are the application's, not a window's: so is the language they put on screen.
_installed_language = SOURCE_LANGUAGE


def installed_language() -> str:
    """The language the application's screens are in now (for names the site file gives)."""
    return _installed_language


class Translations:
    def __init__(self) -> None:
        self.language = SOURCE_LANGUAGE
        self._installed: list[QTranslator] = []

    def switch(self, language: str) -> bool:
        """Install ``language``; False (and the previous language kept) when it cannot load."""
        if language not in SUPPORTED_LANGUAGES:
            return False
        app = QCoreApplication.instance()
        if app is None:
            return False
        translators: list[QTranslator] = []
        if language != SOURCE_LANGUAGE:
            own = QTranslator()
            folder = resources.files("operator_app") / "i18n"
            if not own.load(f"operator_app_{language}", str(folder)):
                log.error("no compiled translation for %s in %s", language, folder)
                return False
            translators.append(own)
            qt = QTranslator()
            qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            if qt.load(f"qtbase_{language}", qt_dir):
                translators.append(qt)
        for old in self._installed:
            QCoreApplication.removeTranslator(old)
        for new in translators:
            QCoreApplication.installTranslator(new)
        self._installed = translators
        self.language = language
        global _installed_language
        _installed_language = language
        QLocale.setDefault(QLocale(language))
        return True
