"""ISA-101 look: one fixed grey palette, colour kept for abnormal states only.

The OS theme is ignored on purpose: a line PC must look the same on every plant's image, and
a running machine is grey, not green. Colour is always backed by text, never alone.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

# Touch targets: about 20 mm for gloved fingers; 60 px is the floor on any panel.
MIN_TOUCH_PX = 60
GAP_PX = 8
# A button's padding (6 px) and border (2 px) above and below its text (STYLE_SHEET).
BUTTON_CHROME_PX = 2 * (6 + 2)
# The text height of a button exactly MIN_TOUCH_PX high: where a short display needs every
# pixel (the rail, the stop prompt).
SLIM_BUTTON_TEXT_PX = MIN_TOUCH_PX - BUTTON_CHROME_PX
# Table rows and scroll bars a finger can hit; kinetic scrolling comes on top (touch_scrolling).
ROW_PX = 48
SCROLL_BAR_PX = 28

BACKGROUND = "#c8c8c8"
SURFACE = "#dcdcdc"
RAISED = "#e8e8e8"
PRESSED = "#9a9a9a"
TEXT = "#1a1a1a"
MUTED_TEXT = "#4a4a4a"
BORDER = "#7a7a7a"
# A line of text that reports a problem (backed by its words, never by colour alone).
PROBLEM_COLOUR = "#8b0000"
PROBLEM_TEXT = f"color: {PROBLEM_COLOUR}; font-weight: bold;"


class Status(StrEnum):
    NORMAL = "normal"
    ATTENTION = "attention"  # needs the operator: an unnamed stop, a value near a limit
    STOPPED = "stopped"  # an abnormal state the operator should see at a glance
    ALARM = "alarm"  # a fault or a limit exceeded
    NO_SIGNAL = "no_signal"  # the data itself cannot be trusted


# Background colours of a status; NORMAL stays grey.
STATUS_COLOURS: dict[Status, str] = {
    Status.NORMAL: SURFACE,
    Status.ATTENTION: "#f2c744",
    Status.STOPPED: "#e39b2f",
    Status.ALARM: "#d23c3c",
    Status.NO_SIGNAL: "#b05cc6",
}

STYLE_SHEET = f"""
QWidget {{ color: {TEXT}; }}
QMainWindow, QDialog {{ background: {BACKGROUND}; }}
QPushButton {{
    background: {RAISED}; border: 2px solid {BORDER}; border-radius: 6px;
    padding: 6px 12px; min-height: {MIN_TOUCH_PX}px; min-width: {MIN_TOUCH_PX}px;
}}
QPushButton:pressed {{ background: {PRESSED}; border: 3px solid {TEXT}; }}
QPushButton:disabled {{ color: #8a8a8a; border-color: #a8a8a8; }}
QPushButton:checked {{ background: {PRESSED}; border: 3px solid {TEXT}; }}
QPushButton[current="true"] {{ background: {PRESSED}; border: 2px solid {TEXT}; }}
QPushButton[role="primary"] {{ font-weight: bold; border: 3px solid {TEXT}; }}
QPushButton[role="crumb"] {{ background: {SURFACE}; border-style: dashed; }}
QLabel[role="title"] {{ font-weight: bold; }}
QLabel[role="muted"] {{ color: {MUTED_TEXT}; }}
QLineEdit, QPlainTextEdit, QListWidget {{
    background: {RAISED}; border: 2px solid {BORDER}; border-radius: 4px; padding: 6px;
}}
QListWidget::item {{ min-height: {MIN_TOUCH_PX}px; border-bottom: 1px solid {BORDER}; }}
QListWidget::item:selected {{ background: {PRESSED}; color: {TEXT}; }}
QStatusBar {{ background: {SURFACE}; border-top: 1px solid {BORDER}; }}
QTabBar::tab {{
    background: {SURFACE}; border: 2px solid {BORDER}; border-bottom: none;
    border-top-left-radius: 6px; border-top-right-radius: 6px;
    min-height: {MIN_TOUCH_PX}px; min-width: {2 * MIN_TOUCH_PX}px; padding: 0 16px;
}}
QTabBar::tab:selected {{ background: {RAISED}; border: 3px solid {TEXT}; border-bottom: none; }}
QScrollBar:vertical {{ width: {SCROLL_BAR_PX}px; }}
QScrollBar:horizontal {{ height: {SCROLL_BAR_PX}px; }}
"""


def status_style(status: Status) -> str:
    """Style sheet fragment for a frame showing ``status``."""
    return f"background: {STATUS_COLOURS[status]}; border: 2px solid {BORDER}; border-radius: 6px;"


def apply_isa101_style(app: QApplication, *, font_pt: int = 16) -> None:
    app.setStyle(QStyleFactory.create("Fusion"))
    palette = QPalette()
    grey = QColor(BACKGROUND)
    palette.setColor(QPalette.ColorRole.Window, grey)
    palette.setColor(QPalette.ColorRole.Base, QColor(RAISED))
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor(SURFACE))
    palette.setColor(QPalette.ColorRole.Button, QColor(RAISED))
    palette.setColor(QPalette.ColorRole.Text, QColor(TEXT))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(TEXT))
    palette.setColor(QPalette.ColorRole.ButtonText, QColor(TEXT))
    palette.setColor(QPalette.ColorRole.Highlight, QColor(PRESSED))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor(TEXT))
    app.setPalette(palette)
    font = QFont(app.font())
    font.setPointSize(font_pt)
    app.setFont(font)
    app.setStyleSheet(STYLE_SHEET)
