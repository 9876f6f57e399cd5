"""The inspector: one panel's optimizer from the inside, at the current step.

A tab per comparison panel (in the panel's colour); under it a table of what the update at this
step is made of (gradient, inner state, the step applied, what plain descent would take) and the
update rule with the current numbers. It shows an engine ``Inspection``; it computes nothing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QGridLayout, QLabel, QScrollArea, QTabBar, QVBoxLayout,
                               QWidget)

from gradviz.engine.inspect import fmt
from gradviz.engine.names import title_forms
from gradviz.engine.typeset import rule_latex
from gradviz.gui.panels.update_rule import UpdateRule
from gradviz.gui import theme
from gradviz.gui.views.math_view import MathLabel

VALUE_WIDTH_CHARS = 10
NARROW_WIDTH = 380  # narrower: each row's name above its numbers (_place_rows)
TAB_PADDING = 26   # a tab's width beyond its text (the style's margins and frame), in pixels


def _label(text="", *, mono=False, muted=False, bold=False, size=None):
    label = QLabel(text)
    label.setFont(theme.font(size or theme.READOUT_PT - 1, bold=bold, mono=mono))
    if muted:
        label.setProperty("muted", True)
        label.setStyleSheet(f"color: {theme.current().muted_text};")
    return label


NOT_THERE = "\u2013"
"""Shown for a value that does not exist (no update leaves the last step), not "NaN"."""


def _cell(v, missing: bool) -> str:
    return NOT_THERE if missing and v != v else fmt(v)   # v != v: NaN


def _cells(value, missing: bool = False) -> tuple[str, str]:
    """(x text, y text) of a per-axis pair, or (text, "") of a scalar; with ``missing`` (the
    last step) a NaN is a dash: there is no such value, nothing went wrong."""
    if isinstance(value, (tuple, list)):
        return _cell(value[0], missing), _cell(value[1], missing)
    return _cell(value, missing), ""


def _name_label(text: str) -> QLabel:
    """A row's name: typeset when it holds a hat (m̂, v̂: a combining accent most fonts drop
    beside a letter, "m = m/(1−β₁ᵗ)" on screen), else plain."""
    if "\u0302" not in text:
        return _label(text)
    label = MathLabel(scale=1.0)
    label.setFont(theme.font(theme.READOUT_PT - 1))
    _set_name(label, text)
    return label


def _name_text(label) -> str:
    return label.plain_text() if isinstance(label, MathLabel) else label.text()


def _set_name(label, text: str) -> None:
    if not isinstance(label, MathLabel):
        label.setText(text)
        return
    head, sep, words = text.partition(", ")
    try:
        latex = rule_latex(head) + (f"\\text{{, {words}}}" if sep else "")
    except ValueError:
        latex = ""
    label.set_math(latex, text)


class Inspector(QWidget):
    """Signals ``panel_selected(int)`` when the user picks another panel's tab."""

    panel_selected = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setToolTip("The inspected panel at the step shown: its point, the gradient, the "
                        "optimizer's state and the step it takes next, number by number. The "
                        "tabs (or I) pick the panel.")
        self.tabs = QTabBar(self, objectName="inspector_tabs")
        self.tabs.setExpanding(True)
        # _fit_tabs shortens only the names that must (Qt's own eliding cut "2  Adam" to "2 \u2026"
        # beside a long "1  Gradient descent").
        self.tabs.setElideMode(Qt.TextElideMode.ElideNone)
        self.tabs.setUsesScrollButtons(False)
        self.tabs.setDrawBase(False)
        self.tabs.setMinimumWidth(40)   # its texts fit whatever width it gets (_fit_tabs)
        self.tabs.setFont(theme.font(theme.READOUT_PT, bold=True))
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        self.title = _label(bold=True, size=theme.READOUT_PT)
        self.title.setWordWrap(True)
        self.table = QWidget(self)
        self._grid = QGridLayout(self.table)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(10)
        self._grid.setVerticalSpacing(2)
        self._rows: dict[str, tuple[QLabel, QLabel, QLabel]] = {}
        self._keys: tuple = ()
        self.formula = UpdateRule(self)   # each equation typeset, this step's numbers under it
        self.hint = _label("Run an optimizer to see inside it.", muted=True)
        body = QWidget(self)
        inner = QVBoxLayout(body)
        inner.setContentsMargins(8, 4, 8, 8)
        inner.setSpacing(8)
        inner.addWidget(self.title)
        inner.addWidget(self.table)
        inner.addWidget(_label("Update rule", bold=True))
        inner.addWidget(self.formula)
        inner.addWidget(self.hint)
        inner.addStretch(1)
        self.scroll = scroll = QScrollArea(self)
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.tabs)
        layout.addWidget(scroll, 1)
        self._header = None
        self._narrow = None
        self._tab_texts: list[str] = []
        self._colors = []
        self._fit_minimum_width()

    def _fit_minimum_width(self) -> None:
        # as narrow as the narrow rows allow, and no narrower (a dock squeezed below its
        # content cut the numbers at the right edge: 3 panels at 1600 x 900)
        scrollbar = self.scroll.verticalScrollBar().sizeHint().width()
        self.setMinimumWidth(2 * self._cell_width() + 2 * 10 + 16 + 24 + scrollbar)

    def apply_style(self, style) -> None:
        """Muted text, tab colours and number columns for ``style`` (fonts follow the window)."""
        for label in self.findChildren(QLabel):
            if label.property("muted"):
                label.setStyleSheet(f"color: {style.muted_text};")
        for i, color in enumerate(self._colors):
            self.tabs.setTabTextColor(i, theme.panel_text_color(color, style))
        width = self._cell_width()
        for _, x, y in self._rows.values():
            x.setFixedWidth(width)
            y.setFixedWidth(width)
        self._fit_minimum_width()
        self._narrow = None
        self._place_rows()
        self._fit_tabs()

    @staticmethod
    def _cell_width() -> int:
        return _label(mono=True).fontMetrics().horizontalAdvance("-8.888e-88") + 4

    # --- panels ----------------------------------------------------------------------------

    def set_panels(self, labels, colors) -> None:
        """One tab per panel; keeps the selected panel when it still exists."""
        current = self.tabs.currentIndex()
        self.tabs.blockSignals(True)
        while self.tabs.count() > len(labels):
            self.tabs.removeTab(self.tabs.count() - 1)
        self._tab_texts = [f"{i + 1}  {label}" for i, label in enumerate(labels)]
        for i, (text, color) in enumerate(zip(self._tab_texts, colors)):
            if i >= self.tabs.count():
                self.tabs.addTab(text)
            self.tabs.setTabTextColor(i, theme.panel_text_color(color, theme.current()))
        self._colors = list(colors)
        self.tabs.setCurrentIndex(min(max(current, 0), len(labels) - 1))
        self.tabs.blockSignals(False)
        self._fit_tabs()

    def tab_labels(self) -> list[str]:
        """The tabs' whole texts, e.g. "1  Gradient descent" (a narrow tab shows less)."""
        return list(self._tab_texts)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_tabs()
        self._place_rows()

    def _fit_tabs(self) -> None:
        """Every tab's text in full if all fit the width, else all in a shorter spelling
        (``engine.names.title_forms``: "1  GD, lr 0.02", "1  GD 0.02"), else the numbers
        alone (in the panel's colour); never cut. The whole text goes to the tooltip."""
        texts = self._tab_texts
        if not texts:
            return
        metrics = self.tabs.fontMetrics()
        room = self.width() - TAB_PADDING * len(texts)
        split = [text.partition("  ") for text in texts]
        names = [title_forms(name) for _, _, name in split]
        depth = max(len(f) for f in names)
        # level by level for every tab at once (a short name keeps its last spelling), and
        # the numbers alone last
        forms = [[f"{number}  {f[min(level, len(f) - 1)]}" for level in range(depth)]
                 + [number] for (number, _, _), f in zip(split, names)]
        depth += 1
        for level in range(depth):
            shown = [f[min(level, len(f) - 1)] for f in forms]
            if sum(metrics.horizontalAdvance(t) for t in shown) <= room:
                break
        for i, (text, label) in enumerate(zip(texts, shown)):
            if self.tabs.tabText(i) != label:
                self.tabs.setTabText(i, label)
            self.tabs.setTabToolTip(i, text if label != text else "")

    def selected(self) -> int:
        return max(self.tabs.currentIndex(), 0)

    def select(self, index: int) -> None:
        """Select panel ``index`` as a click on its tab does (``panel_selected`` follows)."""
        self.tabs.setCurrentIndex(index)

    def set_selected(self, index: int) -> None:
        """Show panel ``index``'s tab as selected, silently."""
        self.tabs.blockSignals(True)
        self.tabs.setCurrentIndex(index)
        self.tabs.blockSignals(False)

    def _on_tabs_current_changed(self, index: int) -> None:
        if index >= 0:
            self.panel_selected.emit(index)

    # --- contents --------------------------------------------------------------------------

    def set_inspection(self, ins) -> None:
        """Show an engine Inspection (None: nothing to show)."""
        self.hint.setVisible(ins is None)
        self.table.setVisible(ins is not None)
        if ins is None:
            self.title.setText("")
            self.formula.show_lines(())
            return
        if self.title.text() != ins.title:
            self.title.setText(ins.title)
        keys = tuple(row.key for row in ins.rows)
        if keys != self._keys:
            self._build_rows(ins.rows)
        for head, text in zip((self._header or [])[1:], ins.names[:2]):   # x, y or w, b
            if head.text() != text:
                head.setText(text)
        last = ins.t is None    # no update leaves the last point: its values do not exist
        for row in ins.rows:
            name, x, y = self._rows[row.key]
            if _name_text(name) != row.label:   # the same rows, renamed (a switch of the mode)
                _set_name(name, row.label)
            tx, ty = _cells(row.value, last)
            if x.text() != tx:
                x.setText(tx)
            if y.text() != ty:
                y.setText(ty)
        self.formula.show_lines(ins.formula)

    def _build_rows(self, rows) -> None:
        while self._grid.count():
            widget = self._grid.takeAt(0).widget()
            widget.hide()   # deleteLater waits for the event loop; do not show it meanwhile
            widget.deleteLater()
        self._rows.clear()
        self._header = [_label("", muted=True), _label("x", muted=True, bold=True),
                        _label("y", muted=True, bold=True)]
        for col, label in enumerate(self._header):
            self._grid.addWidget(label, 0, col,
                                 alignment=Qt.AlignmentFlag.AlignRight if col else
                                 Qt.AlignmentFlag.AlignLeft)
        width = self._cell_width()
        for r, row in enumerate(rows, start=1):
            name = _name_label(row.label)
            name.setWordWrap(True)
            if getattr(row, "note", ""):
                name.setToolTip(row.note)
            x, y = _label(mono=True), _label(mono=True)
            for cell in (x, y):
                cell.setFixedWidth(width)   # new numbers never change the layout
                cell.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self._rows[row.key] = (name, x, y)
        self._grid.setColumnStretch(0, 1)
        self._keys = tuple(row.key for row in rows)
        self._narrow = None
        self._place_rows()

    def _place_rows(self) -> None:
        """Each row's name beside its two numbers, or, in a dock narrower than NARROW_WIDTH,
        above them (the numbers keep their fixed width; the names no longer wrap into four
        lines of a dozen pixels, and nothing is cut at the right edge)."""
        narrow = self.width() < NARROW_WIDTH
        if narrow == self._narrow or not self._rows:
            return
        self._narrow = narrow
        for r, (name, x, y) in enumerate(self._rows.values(), start=1):
            for widget in (name, x, y):
                self._grid.removeWidget(widget)
            if narrow:
                self._grid.addWidget(name, 2 * r - 1, 0, 1, 3)
                self._grid.addWidget(x, 2 * r, 1)
                self._grid.addWidget(y, 2 * r, 2)
            else:
                self._grid.addWidget(name, 2 * r - 1, 0)
                self._grid.addWidget(x, 2 * r - 1, 1)
                self._grid.addWidget(y, 2 * r - 1, 2)

    def row_text(self, key: str) -> tuple[str, str]:
        """(x, y) texts shown for row ``key`` (tests)."""
        _, x, y = self._rows[key]
        return x.text(), y.text()

    def row_label(self, key: str) -> str:
        """The name shown for row ``key``, e.g. "∇f = (∂f/∂x, ∂f/∂y)" (tests)."""
        return _name_text(self._rows[key][0])

    def column_heads(self) -> tuple[str, str]:
        """The number columns' heads: ("x", "y"), or ("w", "b") in the regression mode."""
        if not self._header:
            return "", ""
        return self._header[1].text(), self._header[2].text()

    def formula_text(self) -> str:
        """The update rule with its numbers as plain text, a line each."""
        return self.formula.text()

    def rule_labels(self) -> list:
        """The typeset equations (MathLabel), in order (tests)."""
        return self.formula.rule_labels()
