"""The navigation rail down the left edge: who is there, then one full-width button per place.

A bar across the top ran out of width with a supervisor's entries, or in Spanish; a rail grows
downwards, where a screen has room, and its width follows the longest word of its labels, so
no label is cut whatever the language. Labels wrap between words. The places in the middle
scroll if ever there are more than the display's height holds (a supervisor's, in Spanish, on
a 1024x700 window), with an arrow above or below them saying more are that way; the bottom
buttons (language, sign out) stay in reach.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QScrollArea,
    QScroller,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from widgets.style import (
    BORDER,
    BUTTON_CHROME_PX,
    GAP_PX,
    MIN_TOUCH_PX,
    SLIM_BUTTON_TEXT_PX,
    SURFACE,
)
from widgets.touch_button import CHROME_PX, TouchButton, wrap_words

RAIL_MIN_PX = 2 * MIN_TOUCH_PX + 20
# The widest a person's name makes the rail; a longer name wraps.
NAME_MAX_PX = 4 * MIN_TOUCH_PX


class RailButton(TouchButton):
    """A rail entry: keeps its label whole and shows it wrapped to the rail's width."""

    def __init__(self, parent: QWidget | None = None, *, primary: bool = False) -> None:
        super().__init__("", parent, primary=primary)
        self.label = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setCheckable(False)

    def set_label(self, label: str) -> None:
        self.label = label
        self.setText(label)

    def show_wrapped(self, text: str) -> None:
        self.setText(text)
        self.hold_height()

    def event(self, e: QEvent) -> bool:
        handled = super().event(e)
        # The style sheet's min-height is applied again at each polish: the lines' height is
        # set again after it (``mark_current`` polishes directly, without an event).
        if e.type() in (QEvent.Type.Polish, QEvent.Type.StyleChange):
            self.hold_height()
        return handled

    def hold_height(self) -> None:
        """At least its wrapped lines' height: a 60 px minimum let a short rail (1024x700, a
        supervisor's places in Spanish) squeeze two lines into one's room."""
        lines = self.text().count("\n") + 1
        needed = max(MIN_TOUCH_PX, lines * self.fontMetrics().lineSpacing() + BUTTON_CHROME_PX)
        if self.minimumHeight() != needed:
            self.setMinimumHeight(needed)


class SideRail(QFrame):
    """A header, then the ``places`` (scrolling if need be), then the ``bottom`` buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SideRail")
        # A rail button is 60 px with its padding (6 px) and border (2 px); more when it wraps.
        self.setStyleSheet(
            f"#SideRail {{ background: {SURFACE}; border-right: 2px solid {BORDER}; }}"
            f"#SideRail QPushButton {{ min-height: {SLIM_BUTTON_TEXT_PX}px; }}"
        )
        self.header = QVBoxLayout()
        self.header.setSpacing(2)
        places = self._places_widget = QWidget()
        places.setObjectName("SideRailPlaces")
        places.setStyleSheet(f"#SideRailPlaces {{ background: {SURFACE}; }}")
        self.places = QVBoxLayout(places)
        self.places.setContentsMargins(0, 0, 0, 0)
        self.places.setSpacing(GAP_PX)
        self.places.addStretch(1)
        self.places_area = QScrollArea(self)
        self.places_area.setObjectName("SideRailScroll")
        self.places_area.setWidget(places)
        self.places_area.setWidgetResizable(True)
        self.places_area.setFrameShape(QFrame.Shape.NoFrame)
        # Touch only: keyboard focus here would take a badge reader's digits.
        self.places_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.places_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.places_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        QScroller.grabGesture(
            self.places_area.viewport(), QScroller.ScrollerGestureType.TouchGesture
        )
        # Arrows, not a scroll bar: a bar would take the width the labels were fitted to.
        self.more_above = self._more_arrow()
        self.more_below = self._more_arrow()
        self.places_area.verticalScrollBar().valueChanged.connect(self._show_more_arrows)
        self.places_area.verticalScrollBar().rangeChanged.connect(self._show_more_arrows)
        self.places_area.viewport().installEventFilter(self)
        self.bottom = QVBoxLayout()
        self.bottom.setSpacing(GAP_PX)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(GAP_PX, GAP_PX // 2, GAP_PX, GAP_PX // 2)
        layout.setSpacing(GAP_PX)
        layout.addLayout(self.header)
        layout.addWidget(self.more_above)
        layout.addWidget(self.places_area, 1)
        layout.addWidget(self.more_below)
        layout.addLayout(self.bottom)
        self.buttons: list[RailButton] = []
        self.labels: list[QLabel] = []

    def _more_arrow(self) -> QLabel:
        label = QLabel(self)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setProperty("role", "muted")
        # As high without its arrow as with it: the room for the places stays put.
        label.setFixedHeight(label.fontMetrics().height())
        label.hide()
        return label

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.places_area.viewport() and event.type() == QEvent.Type.Resize:
            self._show_more_arrows()
        return super().eventFilter(watched, event)

    def _show_more_arrows(self) -> None:
        """Both arrows' rows while the places scroll, each with its arrow only when there is
        more that way: rows that came and went with the position would change the room."""
        bar = self.places_area.verticalScrollBar()
        scrolls = bar.maximum() > bar.minimum()
        for label, arrow, more in (
            (self.more_above, "▲", bar.value() > bar.minimum()),
            (self.more_below, "▼", bar.value() < bar.maximum()),
        ):
            label.setText(arrow if more else "")
            label.setVisible(scrolls)

    def shows_more(self) -> bool:
        """Whether an arrow says places are out of sight above or below."""
        return any(a.isVisible() and a.text() for a in (self.more_above, self.more_below))

    def add_label(self, label: QLabel) -> QLabel:
        label.setWordWrap(True)
        self.header.addWidget(label)
        self.labels.append(label)
        return label

    def add_button(self, where: str, *, primary: bool = False) -> RailButton:
        """A button among the ``places`` or at the ``bottom``."""
        button = RailButton(self, primary=primary)
        if where == "places":
            self.places.insertWidget(self.places.count() - 1, button)
        else:
            self.bottom.addWidget(button)
        self.buttons.append(button)
        return button

    def fit(self) -> None:
        """Width for the longest word of any label, labels wrapped to it, heights to match.

        Called after the labels change (language, who is signed in)."""
        metrics = self.fontMetrics()
        words = [w for b in self.buttons for w in b.label.split()]
        text_px = max([RAIL_MIN_PX - CHROME_PX, *map(metrics.horizontalAdvance, words)])
        # A name on one line where it can be: a second line takes a place's height.
        names = [label.fontMetrics().horizontalAdvance(label.text()) + 4 for label in self.labels]
        text_px = max([text_px, *(min(n, NAME_MAX_PX) - CHROME_PX for n in names)])
        for button in self.buttons:
            wrapped = wrap_words(button.label, metrics, text_px)
            button.show_wrapped(wrapped)
        self.setFixedWidth(text_px + CHROME_PX + 2 * GAP_PX)
        places = self._places_widget
        places.adjustSize()
        # The places scroll only when the display is too short for all of them.
        self.places_area.setMinimumHeight(min(places.sizeHint().height(), MIN_TOUCH_PX))

    def mark_current(self, current: RailButton | None) -> None:
        """Show where the person is: the place's button looks pressed (grey, never a colour)."""
        for button in self.buttons:
            here = button is current
            if button.property("current") != here:
                button.setProperty("current", here)
                button.style().unpolish(button)
                button.style().polish(button)
                button.hold_height()

    def overflowing(self) -> bool:
        """Whether some place is out of sight until the places are scrolled."""
        needed = self._places_widget.sizeHint().height()
        return self.places_area.viewport().height() < needed
