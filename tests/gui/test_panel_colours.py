"""The four panel colours are told apart, by everyone: no two close in CIELAB under normal
vision (vermillion fourth read as panel 1's orange) nor under simulated colour-vision
deficiencies (Machado, Oliveira and Fernandes 2009, full severity)."""

import itertools

import numpy as np

from gradviz.gui import theme

SIMULATIONS = {
    "normal": np.eye(3),
    "protan": np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                        [-0.003882, -0.048116, 1.051998]]),
    "deutan": np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                        [-0.011820, 0.042940, 0.968881]]),
    "tritan": np.array([[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
                        [0.004733, 0.691367, 0.303900]]),
}


def _linear(hex_color):
    c = np.array([int(hex_color[i:i + 2], 16) / 255 for i in (1, 3, 5)])
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _lab(rgb):
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722],
                    [0.0193, 0.1192, 0.9505]]) @ np.clip(rgb, 0, 1)
    xyz = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def _distance(a, b, vision):
    m = SIMULATIONS[vision]
    return float(np.linalg.norm(_lab(m @ _linear(a)) - _lab(m @ _linear(b))))


def test_lab_distance_of_black_and_white_is_100():
    assert abs(_distance("#000000", "#FFFFFF", "normal") - 100) < 0.1


def test_four_panel_colours_are_far_apart_for_every_vision():
    first, fourth = theme.PANEL_COLORS[:3], theme.PANEL_COLORS[3]
    assert min(_distance(fourth, c, "normal") for c in first) > 38   # vermillion: 33
    for vision in ("protan", "deutan", "tritan"):
        among = min(_distance(a, b, vision) for a, b in itertools.combinations(first, 2))
        assert min(_distance(fourth, c, vision) for c in first) >= 0.9 * among, vision


def test_the_momentum_arrow_is_told_from_the_panels_and_the_other_arrows():
    """The yellow momentum arrow (#FFD21F) read as panel 4's sand: 9.1 apart under tritan
    vision, 16 from orange under deutan; each arrow at the point must stand out from the paths
    and from the other arrows for everyone."""
    momentum = theme.POINT_ARROW_COLORS["momentum"]
    others = (*theme.PANEL_COLORS[:4], theme.POINT_ARROW_COLORS["grad"],
              theme.POINT_ARROW_COLORS["step"])
    for vision in SIMULATIONS:
        assert min(_distance(momentum, c, vision) for c in others) >= 20, vision
    assert _distance(momentum, theme.PANEL_COLORS[3], "normal") >= 45


def _contrast(a, b):
    def luminance(c):
        lin = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
               for v in (c.redF(), c.greenF(), c.blueF())]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_an_unchecked_check_box_shows_in_the_dark_theme(qtbot):
    """In the dark theme the curves dock's unchecked "log f" was a black box on black."""
    from gui_helpers import open_window
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QApplication, QCheckBox, QStyle, QStyleOptionButton

    window = open_window(qtbot, None, (1280, 720))
    try:
        window.appearance.set_mode("dark")
        QApplication.processEvents()
        box = QCheckBox("log f", window)
        box.setChecked(False)
        box.show()
        QApplication.processEvents()
        option = QStyleOptionButton()
        box.initStyleOption(option)
        rect = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
        image = box.grab().toImage()
        ratio = image.devicePixelRatio()
        centre = rect.center()
        inside = QColor(image.pixel(QPoint(round(centre.x() * ratio), round(centre.y() * ratio))))
        window_color = window.palette().color(window.backgroundRole())
        assert _contrast(inside, window_color) >= 3.0, (inside.name(), window_color.name())
    finally:
        theme.set_current(theme.make_style())
        QApplication.instance().setPalette(theme.palette(theme.current()))
        QApplication.instance().setPalette(theme.palette(theme.current()), "QCheckBox")
