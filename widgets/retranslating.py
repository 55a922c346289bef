"""Widgets that rebuild their texts when the application's language changes."""

from __future__ import annotations

from PySide6.QtCore import QEvent


class Retranslating:
    """Mix in before the Qt class: ``class Screen(Retranslating, QWidget)``.

    Qt posts LanguageChange to every widget after a translator is installed; the widget then
    sets every text again through ``tr()`` in its ``retranslate_ui``.
    """

    def retranslate_ui(self) -> None:
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)  # type: ignore[misc]
