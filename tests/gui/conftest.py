"""GUI tests run offscreen: no display needed."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from gradviz.gui.qt_start import prepare  # noqa: E402

prepare()   # as the app does before pyqtgraph is imported: the suite tests the same imports


@pytest.fixture(autouse=True, scope="session")
def _pyqtgraph_configured():
    """Configure pyqtgraph once, as the app does at start-up (row-major images)."""
    from gradviz.gui.theme import configure_pyqtgraph

    configure_pyqtgraph()
    yield
