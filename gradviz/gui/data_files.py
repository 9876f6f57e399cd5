"""File > Load Data from CSV: fit the regression mode's line to the points of a file."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from gradviz.state.intents import UseData
from gradviz.state.regression import data_from_file

CSV_FILTER = "CSV files (*.csv *.txt *.tsv);;All files (*)"


def load_csv(window, path=None) -> bool:
    """Ask for a CSV file (or take ``path``) and fit to it; a broken file: one dialog naming
    the problem, and the session stays as it was. Returns True when loaded."""
    if path is None:
        path, _ = QFileDialog.getOpenFileName(window, "Load data (two columns: x, y)",
                                              os.path.expanduser("~"), CSV_FILTER)
        if not path:
            return False
    config, message = data_from_file(window.state.session, path)
    if message is not None:
        box = QMessageBox(QMessageBox.Icon.Warning, "Cannot load the data",
                          f"Cannot load {os.path.basename(os.fspath(path))}.",
                          QMessageBox.StandardButton.Ok, window)
        box.setInformativeText(message)
        # Plain text: a message quoting a cell "<img src=FIFO>" shown as rich text read the
        # file it names, for ever (issue 15's audit)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setObjectName("data_error")
        box.exec()
        return False
    window.state.apply(UseData(config))
    window.statusBar().showMessage(f"Loaded {path}", 5000)
    return True
