"""The installed Qt binding must not lose references to ``None``.

Why this test exists: PySide6-Essentials 6.12.0 under CPython 3.11 drops one reference to
``None`` on every call of a C++ method that returns ``void`` (``QPainter.setPen``,
``QWidget.setWindowTitle``, ...). ``None`` is not immortal before Python 3.12, so its
reference count runs down with every repaint until it reaches zero and the interpreter aborts
with "Fatal Python error: none_dealloc" — within seconds of a live trend plot. 6.11.3 is fine,
and pyproject.toml pins it. This test makes an upgrade that brings the bug back fail here, on
the developer's machine, instead of on a line PC in the middle of a shift.

It counts: ``sys.getrefcount(None)`` before and after many thousands of void calls. A leaking
binding moves the count by one per call (thousands); a healthy one moves it by a handful at
most (other objects coming and going in the interpreter meanwhile).
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QApplication, QLabel, QWidget

CALLS = 5_000
# Far below CALLS: a leak of one reference per call cannot hide under it, while the odd object
# that holds or releases None elsewhere in the interpreter during the loop stays well inside.
NOISE = 50


def none_drift(action: Callable[[], object], calls: int = CALLS) -> int:
    action()  # warm up: caches, lazy type registration
    gc.collect()
    before = sys.getrefcount(None)
    for _ in range(calls):
        action()
    gc.collect()
    return sys.getrefcount(None) - before


@pytest.fixture
def painter(qapp: QApplication) -> Iterator[QPainter]:
    image = QImage(64, 64, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    p = QPainter(image)
    yield p
    p.end()


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_detects_a_leak_of_one_reference_per_call() -> None:
    """The measurement itself must see a leak of the kind 6.12.0 had (one reference per call)."""
    kept: list[None] = []
    assert none_drift(lambda: kept.append(None)) >= CALLS - NOISE


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_painter_void_calls_keep_none_references(painter: QPainter) -> None:
    pen = QPen(QColor("black"), 1)

    def paint() -> None:
        painter.setPen(pen)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.drawLine(QPointF(0, 0), QPointF(10, 10))
        painter.setBrush(Qt.BrushStyle.NoBrush)

    drift = none_drift(paint)
    assert abs(drift) <= NOISE, f"None refcount moved by {drift} over {CALLS} void calls"


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_widget_void_calls_keep_none_references(qapp: QApplication) -> None:
    widget = QWidget()
    label = QLabel(widget)

    def configure() -> None:
        widget.setWindowTitle("line 1")
        widget.setMinimumWidth(60)
        label.setText("Press 1")
        label.setEnabled(True)

    drift = none_drift(configure)
    widget.deleteLater()
    assert abs(drift) <= NOISE, f"None refcount moved by {drift} over {CALLS} void calls"
