"""Colours, fonts and pyqtgraph settings shared by every view.

Chosen for a lecture-room projector: a perceptually uniform colour map (viridis, shipped inside
pyqtgraph, so it loads offline), path colours from the Okabe-Ito palette (colour-blind safe), and
text of at least 11 pt over the plots.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase

# pyqtgraph.colormap.get() name; viridis runs dark purple -> teal -> yellow, so every path colour
# below gets a dark halo (see PATH_HALO) to read on both ends of it.
COLORMAP = "viridis"

# Okabe-Ito, ordered for the side-by-side panels: orange and sky blue first (the pair that stays
# most distinct under every common colour-vision deficiency), then reddish purple and vermillion,
# which viridis itself never shows. Bluish green, blue and yellow last: viridis contains them.
PANEL_COLORS = (
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#CC79A7",  # reddish purple
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#0072B2",  # blue
    "#F0E442",  # yellow
)

BACKGROUND = "#FFFFFF"
FOREGROUND = "#202020"      # axes, ticks, labels
MUTED_TEXT = "#505050"      # readout field names
UNDEFINED_COLOR = "#B0B0B0"  # behind the heatmap: shows where f is inf or NaN

# Status colours: text on a filled chip, so contrast does not depend on what is behind it.
STATUS_STYLES = {
    "running": ("#FFFFFF", "#505050"),      # (text, background)
    "converged": ("#FFFFFF", "#007A5A"),    # darker Okabe-Ito bluish green
    "diverged": ("#FFFFFF", "#B83C00"),     # darker vermillion: a warning, 5:1 against white
}
WARNING_COLOR = STATUS_STYLES["diverged"][1]

# Overlays on the heatmap. (r, g, b, alpha) in 0-255.
CONTOUR_COLOR = (255, 255, 255, 150)
CONTOUR_WIDTH = 1.0
ARROW_COLOR = (255, 255, 255, 220)
ARROW_HALO = (0, 0, 0, 70)  # a faint edge, so white arrows still show on the yellow end
ARROW_WIDTH = 1.2
PATH_WIDTH = 3.0            # wide pens cost only when the whole path is redrawn (path_item.py)
PATH_HALO = "#111111"
PATH_HALO_WIDTH = 6.0
MARKER_OUTLINE = "#111111"
# Arrows at the current point, each over a dark halo: none of them is a panel colour.
POINT_ARROW_COLORS = {"grad": "#FF3355", "step": "#FFFFFF", "momentum": "#FFD21F"}
POINT_ARROW_WIDTH = 3.0
PROBE_COLOR = "#FFFFFF"
TANGENT_COLOR = "#D55E00"
MINIMUM_BRUSH = "#FFFFFF"
START_COLOR = "#FFFFFF"

# Point sizes: the readout is read from the back of a lecture room.
TITLE_PT = 14
READOUT_PT = 13
AXIS_PT = 11
LABEL_PT = 12
NOTE_PT = 11  # a panel's note under its title (schedule, noise, tuned lr)


def font(point_size: int, bold: bool = False, mono: bool = False) -> QFont:
    """The application font (or the system fixed-width font) at ``point_size`` pt."""
    f = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont) if mono else QFont()
    f.setPointSize(point_size)
    f.setBold(bold)
    return f


def panel_color(index: int) -> str:
    """The colour of panel ``index`` (0-based); the palette repeats after seven panels."""
    return PANEL_COLORS[index % len(PANEL_COLORS)]


def configure_pyqtgraph() -> None:
    """Global pyqtgraph options; call once before any plot is created.

    Row-major images (``image[i, j]`` is the sample at row i = y, column j = x, as numpy and the
    engine lay grids out), white background, no global antialiasing: the few small items that
    need it (markers, arrows) turn it on themselves, long paths stay fast.
    """
    import pyqtgraph as pg

    pg.setConfigOptions(
        imageAxisOrder="row-major",
        antialias=False,
        background=BACKGROUND,
        foreground=FOREGROUND,
    )
