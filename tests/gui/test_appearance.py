"""Light and dark themes: what changes on screen, that it all comes back, and that the choice is
remembered (a QSettings file in a temporary folder)."""

import pytest
from gui_helpers import open_window as open_main_window
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from gradviz.engine.session import PanelConfig, Session
from gradviz.gui import appearance, theme
from gradviz.state.intents import SetStep

ROSENBROCK = "(1-x)^2 + 100*(y-x^2)^2"


def make_session():
    return Session(text=ROSENBROCK, domain=((-2.0, 2.0), (-1.0, 3.0)), start=(-1.5, 2.5),
                   panels=(PanelConfig("gd", {"lr": 5e-4}), PanelConfig("adam", {"lr": 0.05})),
                   steps=100)


def open_window(qtbot):
    win = open_main_window(qtbot, make_session(), (1600, 900))
    win.state.apply(SetStep(40))
    return win


@pytest.fixture
def window(qtbot):
    return open_window(qtbot)


def color(c):
    return c.name().lower()


def on_screen(win):
    """The colours a person sees, read back from the widgets and plot items."""
    app = QApplication.instance()
    view = win.views[0]
    axis = view.plot.getAxis("bottom")
    curve_axis = win.curves.f_plot.plot.getAxis("left")
    return {
        "window": color(app.palette().color(QPalette.ColorRole.Window)),
        "text": color(app.palette().color(QPalette.ColorRole.WindowText)),
        "field": color(win.controls.editor.line_edit.palette().color(QPalette.ColorRole.Base)),
        "plot_background": color(view.graphics.backgroundBrush().color()),
        "axis_pen": color(axis.pen().color()),
        "axis_text": color(axis.textPen().color()),
        "curves_background": color(win.curves.graphics.backgroundBrush().color()),
        "curves_axis": color(curve_axis.pen().color()),
        "slices_background": color(win.slices.graphics.backgroundBrush().color()),
        "readout_names": win.views[1].readout.name_labels["step"].styleSheet().lower(),
        "probe_box_text": color(view.probe.box.color),
        "paths": [color(v.items.path._pens[1].color()) for v in win.views],
        "halos": [color(v.items.path._pens[0].color()) for v in win.views],
    }


def test_the_default_is_the_light_theme_when_the_desktop_says_nothing(window):
    # offscreen Qt reports an unknown colour scheme: "system" then means light
    assert window.appearance.mode == "system" and window.appearance.scheme() == "light"
    seen = on_screen(window)
    assert seen["plot_background"] == "#ffffff" and seen["axis_pen"] == "#202020"
    assert seen["paths"] == ["#e69f00", "#56b4e9"]   # Okabe-Ito orange and sky blue


def test_dark_theme_changes_chrome_plots_and_docks_and_light_brings_them_back(qtbot, window):
    before = on_screen(window)
    window.mode_actions["theme_dark"].trigger()
    dark = on_screen(window)
    assert dark["window"] == "#2a2a2a" and dark["text"] == "#e8e8e8"
    assert dark["field"] == "#1c1c1c"            # a styled field takes the new palette too
    assert dark["plot_background"] == "#1c1c1c"
    assert dark["axis_pen"] == dark["axis_text"] == "#e4e4e4"
    assert dark["curves_background"] == dark["slices_background"] == "#1c1c1c"
    assert dark["curves_axis"] == "#e4e4e4"
    assert "#b4b4b4" in dark["readout_names"]
    assert dark["probe_box_text"] == "#e4e4e4"
    # the paths keep their colours and their dark halo: they are drawn on the heatmap
    assert dark["paths"] == before["paths"] and dark["halos"] == ["#111111"] * 2
    window.mode_actions["theme_light"].trigger()
    assert on_screen(window) == before


def test_restyling_recomputes_nothing(window):
    c = window.state
    landscape, runs = c.landscape, c.runs
    window.appearance.set_mode("dark")
    assert c.landscape is landscape and c.runs is runs
    assert window.views[0].items.path.points().shape == (41, 2)   # the path is still step 40


def test_the_chosen_theme_is_remembered(qtbot, tmp_path):
    path = str(tmp_path / "settings.ini")
    first = open_window(qtbot)
    first.appearance.use_settings(QSettings(path, QSettings.Format.IniFormat))
    assert first.mode_actions["theme_system"].isChecked()
    first.mode_actions["theme_dark"].trigger()
    assert QSettings(path, QSettings.Format.IniFormat).value(appearance.SETTINGS_KEY) == "dark"
    first.close()

    second = open_window(qtbot)
    second.appearance.use_settings(QSettings(path, QSettings.Format.IniFormat))
    assert second.appearance.mode == "dark" and second.mode_actions["theme_dark"].isChecked()
    assert on_screen(second)["plot_background"] == "#1c1c1c"
    second.appearance.set_mode("light")   # leave the application light for the other tests


def test_a_broken_setting_falls_back_to_the_system(qtbot, tmp_path, window):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue(appearance.SETTINGS_KEY, "purple")
    window.appearance.use_settings(settings)
    assert window.appearance.mode == "system"


def test_system_mode_follows_the_desktop_when_it_switches(monkeypatch, window):
    hints = QGuiApplication.styleHints()
    monkeypatch.setattr(appearance, "system_scheme", lambda: "dark")
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert window.appearance.scheme() == "dark"
    assert on_screen(window)["plot_background"] == "#1c1c1c"
    window.appearance.set_mode("light")          # a choice of theme stops the following
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert on_screen(window)["plot_background"] == "#ffffff"


def contrast(a, b):
    """WCAG contrast ratio of two "#rrggbb" colours."""
    def luminance(hex_color):
        channels = [int(hex_color[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("scheme", theme.SCHEMES)
def test_every_path_colour_reads_against_its_halo_and_the_text_against_the_plot(scheme):
    style = theme.make_style(scheme)
    for panel in theme.PANEL_COLORS[:4]:           # at most four panels
        assert contrast(panel, style.path_halo) >= 4.5
    assert contrast(style.foreground, style.background) >= 12
    assert contrast(style.muted_text, style.background) >= 6
    assert contrast(style.slice_color, style.background) >= 4.5
