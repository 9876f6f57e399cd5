"""The regression mode's settings in the control column: the gradient formulas are mathematics as
the function mode's (issue 16, smaller), and nothing is cut in presentation mode."""

from gradviz.engine import regression_mode
from gradviz.engine.session import RegressionConfig
from gradviz.gui.panels.regression import RegressionSettings


def test_the_loss_gradient_is_typeset_with_its_plain_text_in_the_tooltip(qtbot):
    panel = RegressionSettings()
    qtbot.addWidget(panel)
    panel.resize(360, 400)
    panel.show()
    config = RegressionConfig()
    panel.set_state(config, regression_mode.loss_of(config))
    w, b = panel.gradient_labels
    assert w.plain_text() == "∂L/∂w = 2*(15979*w + 118.3*b - 55652.6)"
    assert b.plain_text() == "∂L/∂b = 2*(118.3*w + b - 412.933)"
    qtbot.waitUntil(lambda: w.is_typeset() and b.is_typeset(), timeout=20000)
    for label in (w, b):
        assert label.toolTip() == label.plain_text()
        # a fraction (∂L over ∂w) stands taller than a line of text
        assert label.pixmap().height() / label.pixmap().devicePixelRatio() \
            > 1.6 * label.fontMetrics().height()


def test_the_scaled_feature_names_w_prime_and_a_formula_it_cannot_set_stays_text(qtbot):
    panel = RegressionSettings()
    qtbot.addWidget(panel)
    config = RegressionConfig(scaled=True, loss="mae")
    panel.set_state(config, regression_mode.loss_of(config))
    w, b = panel.gradient_labels
    assert w.plain_text() == "∂L/∂w′ = mean(sign(r)*x')" and not w.is_typeset()
    assert w.text() == w.plain_text()           # shown as text, never a blank
    assert b.plain_text() == "∂L/∂b′ = mean(sign(r))"


def test_in_presentation_mode_the_regression_settings_fit_the_control_column(qtbot):
    """At 1280x720 with F11 the settings were 441 px wide in a 360 px column, cut on the
    right: the mode tab, the scaling formula and the gradient lost their ends."""
    from gui_helpers import open_window
    from PySide6.QtWidgets import QApplication

    from gradviz.engine import session_io
    from gradviz.resources import examples

    path = next(p for p in examples() if "house" in p.name)
    win = open_window(qtbot, session_io.load(path), (1280, 720))
    settings = win.controls.findChild(RegressionSettings)
    try:
        win.presentation.set_active(True)
        win.column.open()   # folded to its strip in presentation mode: opened as Ctrl+1 does
        QApplication.processEvents()
        column = win.docks["controls"].widget()
        assert settings.isVisible()
        assert settings.minimumSizeHint().width() <= column.width() - 8
        right = settings.mapTo(column, settings.rect().topRight()).x()
        assert right <= column.width()
    finally:
        win.presentation.set_active(False)
