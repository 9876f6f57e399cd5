"""Nothing essential is ever cut: the window walked at 1280x720 and 1920x1080, normal and
presentation, light and dark, with 1 to 4 panels. Every panel title shows its optimizer's
learning rate, and no title, status, readout, inspector tab or legend is elided ("…") or wider
than the room it has; every readout number reads back as the value it stands for."""

import math

import pytest
from gui_helpers import open_window
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication
from test_window_layout import cut_labels

from gradviz.engine.names import rate_text
from gradviz.engine.session import PanelConfig, Session
from gradviz.gui import theme
from gradviz.state.intents import AddPanel, SetPanel, SetStep

PANELS = (PanelConfig("gd", {"lr": 0.0005}), PanelConfig("adam", {"lr": 0.05}),
          PanelConfig("momentum", {"lr": 0.00125}), PanelConfig("rmsprop", {"lr": 0.002}))
ELLIPSIS = "\u2026"


def _session(count):
    return Session(text="(1-x)^2 + 100*(y-x^2)^2", domain=((-2.0, 2.0), (-1.0, 3.0)),
                   start=(-1.5, 2.5), panels=PANELS[:count], steps=300, current_step=150)


def _settle(qtbot):
    for _ in range(3):
        QApplication.processEvents()
    qtbot.wait(30)


def _fits(label, text=None) -> bool:
    text = label.text() if text is None else text
    return label.fontMetrics().horizontalAdvance(text) <= label.contentsRect().width() + 1


def _inside(widget, top) -> bool:
    rect = QRect(widget.mapTo(top, QPoint(0, 0)), widget.size())
    return top.rect().contains(rect)


def _reads_back(text: str, value: float) -> bool:
    """``text`` is ``value`` rounded to the last digit written (not a cut number)."""
    if not math.isfinite(value):
        return text in ("inf", "-inf", "nan")
    mantissa, _, exponent = text.partition("e")
    decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
    unit = 10.0 ** (-decimals + (int(exponent) if exponent else 0))
    return abs(float(text) - value) <= unit / 2 * (1 + 1e-9)


def problems(window, lrs):
    found = []
    for i, (view, lr) in enumerate(zip(window.views, lrs)):
        header = view.header
        title = header.title_label.text()
        if rate_text(lr) not in title:
            found.append(f"panel {i + 1}: title {title!r} lacks lr {rate_text(lr)}")
        for label in (header.title_label, header.status_words):
            if label.isVisible() and (ELLIPSIS in label.text() or not _fits(label)
                                      or not _inside(label, header)):
                found.append(f"panel {i + 1}: {label.objectName()} {label.text()!r} cut")
        if not _inside(header.status_label, header):
            found.append(f"panel {i + 1}: status icon outside the header")
        readout = view.readout
        for key, label in readout.value_labels.items():
            if not label.isVisible() or label.text() == "\u2013":
                continue
            if not _fits(label) or not _inside(label, view):
                found.append(f"panel {i + 1}: readout {key} {label.text()!r} cut")
            value = readout.value(key)
            if key != "step" and value is not None and not _reads_back(label.text(), value):
                found.append(f"panel {i + 1}: readout {key} {label.text()!r} is not {value!r}")
        legend = view.marks.legend
        if legend.isVisible():
            box = view.view_box.boundingRect()
            x, y = legend.pos().x(), legend.pos().y()
            w, h = legend.size()
            if x < 0 or y < 0 or x + w > box.width() + 0.5 or y + h > box.height() + 0.5:
                found.append(f"panel {i + 1}: the canvas legend leaves the plot")
    tabs = window.inspector.tabs
    if tabs.isVisible():
        for i in range(tabs.count()):
            text = tabs.tabText(i)
            need = tabs.fontMetrics().horizontalAdvance(text)
            if ELLIPSIS in text or need > tabs.tabRect(i).width():
                found.append(f"tab {text!r} cut ({need} > {tabs.tabRect(i).width()})")
    curves = window.curves
    if curves.isVisible():
        names = curves.legend_names()
        plain = "   ".join(f"\u2501\u2501 {n}" for n in names)
        if any(ELLIPSIS in n for n in names) or not _fits(curves.legend, plain):
            found.append(f"curves legend {names!r} cut")
    found += [p for p in cut_labels(window) if "panel_note" not in p]
    return found


@pytest.fixture
def restore_style():
    yield
    theme.set_current(theme.make_style())
    QApplication.instance().setPalette(theme.palette(theme.current()))


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("presentation", [False, True], ids=["normal", "presentation"])
@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)], ids=["1280x720", "1920x1080"])
def test_nothing_essential_is_cut(qtbot, restore_style, size, presentation, scheme):
    window = open_window(qtbot, _session(1), size)
    window.appearance.set_mode(scheme)
    if presentation:
        window.presentation.set_active(True)
        window.setWindowState(Qt.WindowState.WindowNoState)   # offscreen: an 800x800 screen
        window.resize(*size)
    _settle(qtbot)
    c = window.state
    for count in (1, 2, 3, 4):
        while len(c.session.panels) < count:
            panel = PANELS[len(c.session.panels)]
            c.apply(AddPanel(panel.optimizer))
            c.apply(SetPanel(count - 1, panel.optimizer, panel.hyper))
        c.apply(SetStep(150))
        _settle(qtbot)
        lrs = [p.hyper["lr"] for p in c.session.panels]
        assert len(window.views) == count
        found = problems(window, lrs)
        assert found == [], (size, presentation, scheme, count, found)
    if presentation:
        window.presentation.set_active(False)


@pytest.mark.parametrize("size", [(640, 480), (1280, 720)], ids=["640x480", "1280x720"])
def test_exported_pictures_keep_every_rate_and_the_legend_where_there_is_room(qtbot, size):
    """What File > Export and ``gradviz render`` draw (``export.offscreen_scene``, framed by
    ``frames.PanelCamera``) for every example: each title names its optimizer's rate, whole;
    at the default render size (1280x720) the first panel shows the legend of the marks."""
    from gradviz.engine import session_io
    from gradviz.gui.export import offscreen_scene
    from gradviz.gui.frames import PanelCamera
    from gradviz.resources import examples

    for path in examples():
        session = session_io.load(path)
        with offscreen_scene(session, size=size) as win:
            camera = PanelCamera(win)
            camera.fit(*size)
            camera.image(session.current_step, 1, size)
            for view, panel in zip(win.views, session.panels):
                label = view.header.title_label
                assert rate_text(panel.hyper["lr"]) in label.text(), (path.name, label.text())
                assert ELLIPSIS not in label.text() and _fits(label), (path.name, label.text())
            if size == (1280, 720):
                assert "current point" in win.views[0].legend_texts(), path.name
