"""The ISA-101 style the client starts with, applied for a test and taken off after it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from widgets.style import apply_isa101_style


@pytest.fixture
def isa101(qapp: QApplication) -> Iterator[None]:
    sheet, font, palette = qapp.styleSheet(), qapp.font(), qapp.palette()
    style = qapp.style().name()
    apply_isa101_style(qapp)
    yield
    qapp.setStyleSheet(sheet)
    qapp.setFont(font)
    qapp.setPalette(palette)
    qapp.setStyle(style)
