"""The QApplication gradviz draws with, made ready once: engine first, then Qt without its two
start-up taxes (qt_start.py), the application's names and icon, pyqtgraph's configuration.
Shared by the window (app.py) and the pictures drawn without one (export.py)."""

from __future__ import annotations


def start_qt():
    """The QApplication (created if needed), configured; returns it. A Qt platform that cannot
    start ends the process here with one line (``probe.application``), not an abort."""
    import gc

    # Automatic collection is off for good once the QApplication exists (gc_on_gui_thread.py);
    # off from here, it spares the ~100 young-generation collections that the imports of
    # numpy, the engine, PySide6 and pyqtgraph set off (~20 ms of CPU, nothing to free).
    gc.disable()
    _import_engine_first()
    from gradviz.gui.platform_check import application
    from gradviz.gui.theme import configure_pyqtgraph

    app = application()
    app.setApplicationName("gradviz")
    app.setOrganizationName("gradviz")
    app.setDesktopFileName("gradviz")  # Wayland and docks match the window to gradviz.desktop
    app.setWindowIcon(app_icon())
    configure_pyqtgraph()
    return app


def _import_engine_first():
    """Import numpy, contourpy and the engine the first frame uses before anything imports
    PySide6: once loaded, PySide6 reads the source of every module imported after it (the
    import hook of its ``__feature__`` switch), about 70 ms of CPU at start-up for these."""
    import contourpy  # noqa: F401
    import numpy.ma  # noqa: F401  (np.percentile and the contours load it anyway)

    from gradviz.engine import (  # noqa: F401
        expression,
        inspect,
        presets,
        scene,
        session_io,
        trajectory,
    )
    from gradviz.gui.qt_start import prepare

    prepare()   # PySide6 and pyqtgraph without two start-up taxes (gui/qt_start.py)


def app_icon():
    """gradviz's icon at every size shipped in resources/icons (an empty icon if not found)."""
    from PySide6.QtGui import QIcon

    from gradviz.resources import ResourcesNotFound, resource_dir

    icon = QIcon()
    try:
        pngs = sorted((resource_dir() / "icons").glob("gradviz-*.png"))
    except ResourcesNotFound:
        pngs = []
    for png in pngs:
        icon.addFile(str(png))
    return icon
