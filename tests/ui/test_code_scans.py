"""A wedge scanner's order numbers and product codes, told from typing like a badge is."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from operator_app.screens.badge_reader import BadgeReader


@pytest.fixture
def reader(qapp: QApplication) -> Iterator[BadgeReader]:
    reader = BadgeReader()
    qapp.installEventFilter(reader)
    yield reader
    qapp.removeEventFilter(reader)


@pytest.fixture
def field(qtbot: QtBot) -> QLineEdit:
    line = QLineEdit()
    qtbot.addWidget(line)
    line.show()
    line.setFocus()
    qtbot.waitUntil(line.hasFocus)
    return line


def scan(qtbot: QtBot, field: QLineEdit, code: str) -> None:
    for char in code:
        if char.isupper():
            # A scanner presses Shift for a capital, as a keyboard does.
            qtbot.keyPress(field, Qt.Key.Key_Shift)
        qtbot.keyClicks(field, char)
        if char.isupper():
            qtbot.keyRelease(field, Qt.Key.Key_Shift)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def test_an_order_number_is_a_scan_while_codes_are_wanted(
    qtbot: QtBot, reader: BadgeReader, field: QLineEdit
) -> None:
    codes: list[str] = []
    badges: list[str] = []
    reader.code_scanned.connect(codes.append)
    reader.badge_scanned.connect(badges.append)
    reader.codes_wanted = True
    field.setText("half typed ")
    scan(qtbot, field, "ORD-4711")
    assert codes == ["ORD-4711"]
    assert badges == []
    # The scan's keys are taken back out of the field it landed in.
    assert field.text() == "half typed "
    # Digits alone stay a badge's, for the window to decide (a badge or a numeric order).
    scan(qtbot, field, "10000001")
    assert badges == ["10000001"]


def test_letters_typed_fast_are_typing_where_no_code_is_wanted(
    qtbot: QtBot, reader: BadgeReader, field: QLineEdit
) -> None:
    codes: list[str] = []
    badges: list[str] = []
    reader.code_scanned.connect(codes.append)
    reader.badge_scanned.connect(badges.append)
    scan(qtbot, field, "PART-AB")
    assert codes == []
    assert badges == []
    assert field.text() == "PART-AB"
    # A badge after them still signs in, its digits taken back.
    field.clear()
    qtbot.keyClicks(field, "sticks")
    scan(qtbot, field, "10000002")
    assert badges == ["10000002"]
    assert field.text() == "sticks"
