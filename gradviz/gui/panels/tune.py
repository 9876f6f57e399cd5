"""A panel's "Tune learning rate" button, its progress while the sweep runs, and the statement
of the result ("lr 0.0316 tuned: lowest final f of 25 rates 1e-5 to 10 (log grid), ...").

The sweep itself runs off the GUI thread (gui/tune_worker.py); this widget only shows state and
emits ``tune_requested()`` / ``cancel_requested()``.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from gradviz.gui import theme

def help_text(f: str = "f") -> str:
    """The button's tooltip, saying the value's name (f, or L in the regression mode)."""
    return ("Fair comparison: run this optimizer from the same start for the same number of "
            "steps at 25 learning rates from 1e-5 to 10 (evenly spaced in log), with this "
            f"panel's schedule and the same gradient noise, and keep the rate with the lowest "
            f"final {f}. Runs that diverge lose.")


HELP = help_text()


class TuneBox(QWidget):
    """Button "tune" ("Tune learning rate"), a progress bar "tune_progress" with a "tune_cancel"
    button while running, and the note "tune_note" (word-wrapped, hidden when empty)."""

    tune_requested = Signal()
    cancel_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.button = QPushButton("Tune learning rate", objectName="tune")
        self.button.setToolTip(HELP)
        self.button.clicked.connect(self.tune_requested)
        self.progress = QProgressBar(objectName="tune_progress")
        self.progress.setRange(0, 1000)
        self.progress.setFormat("tuning %p %")
        self.cancel = QPushButton("Cancel", objectName="tune_cancel")
        self.cancel.setToolTip("Stop the sweep: the learning rate stays as it is")
        self.cancel.clicked.connect(self.cancel_requested)
        self.note = QLabel(objectName="tune_note")
        self.note.setWordWrap(True)
        self.note.setStyleSheet(f"color: {theme.current().muted_text};")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.button)
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel)
        row.addStretch(0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.note)
        self.set_running(False)
        self.set_note("")

    def set_names(self, names) -> None:
        """Name the value in the tooltip (an ``engine.names.Names``): f, or L."""
        self.button.setToolTip(help_text(names.f))

    def apply_style(self, style):
        """The note in ``style``'s muted colour."""
        self.note.setStyleSheet(f"color: {style.muted_text};")

    def set_running(self, running, fraction=0.0):
        """While a sweep runs: the progress bar and Cancel in place of the button."""
        self.button.setVisible(not running)
        self.progress.setVisible(running)
        self.cancel.setVisible(running)
        self.progress.setValue(round(1000 * fraction))

    def set_note(self, text):
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def running(self):
        return not self.progress.isHidden()
