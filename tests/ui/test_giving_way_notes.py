"""A figure's note that gives way goes whole: the Spanish home at 1024×768 showed the OEE's
"objetivo 65,0" as a sliver of its first letters beside "72,0 %"."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from operator_app.screens.scoreboard_view import Figure
from widgets.style import Status


def drawn(figure: Figure) -> bool:
    """Whether the note puts any of its text on screen: its picture differs from its blank."""
    note = figure.note
    with_text = note.grab().toImage()
    text = note.text()
    note.setText("")
    blank = note.grab().toImage()
    note.setText(text)
    return with_text != blank


def test_a_note_without_room_for_its_words_is_not_drawn_in_part(qtbot: QtBot) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    figure = Figure(holder, 1.0)
    figure.show_value("OEE", "72,0 %", "objetivo 65,0", Status.NORMAL)
    holder.show()
    value_width = figure.value.sizeHint().width()
    for width in (value_width + 400, *range(value_width + 120, value_width, -4)):
        figure.resize(width, 90)
        QApplication.processEvents()
        room = figure.note.contentsRect()
        words = max(figure.note.fontMetrics().horizontalAdvance(w) for w in ("objetivo", "65,0"))
        if room.width() >= words:
            assert drawn(figure), f"a note with room ({room.width()} px) must be shown"
        else:
            assert not drawn(figure), f"a note cut to {room.width()} px must not be drawn"
