"""Colours, fonts and pyqtgraph settings shared by every view.

Chosen for a lecture-room projector: a perceptually uniform colour map (viridis, shipped inside
pyqtgraph, so it loads offline), path colours from the Okabe-Ito palette (colour-blind safe), and
text of at least 11 pt over the plots.

Light and dark themes and presentation mode are data: a ``Style`` (``make_style(scheme,
presentation)``) holds every colour, pen width, marker size and font scale the views use, and
``current()`` is the one in effect. Views read it when they are built and in their
``apply_style(style)``, which only restyles items (pens, brushes, fonts), never recomputes. The
module constants below are the light theme at normal size (what ``current()`` starts as).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette

# pyqtgraph.colormap.get() name; viridis runs dark purple -> teal -> yellow, so every path colour
# below gets a dark halo (see PATH_HALO) to read on both ends of it.
COLORMAP = "viridis"

# Okabe-Ito, ordered for the side-by-side panels: orange and sky blue first (the pair that stays
# most distinct under every common colour-vision deficiency), then reddish purple; fourth Paul
# Tol's sand: under simulated protan, deutan and tritan vision it keeps (nearly) as far from
# these three as they keep from each other, and under normal vision further than vermillion
# did (which read as panel 1's orange: CIELAB distance 33, sand 39; Okabe-Ito's bluish green
# came within 18 of orange for deutan vision, where the three keep 31 apart). Test: test_panel_colours.py.
# The dark halo under every path keeps them readable on viridis. Then the rest of Okabe-Ito.
PANEL_COLORS = (
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#CC79A7",  # reddish purple
    "#DDCC77",  # sand (Tol's muted scheme)
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
    "paused": ("#FFFFFF", "#505050"),       # (text, background)
    "running": ("#FFFFFF", "#505050"),
    "finished": ("#FFFFFF", "#505050"),
    "converged": ("#FFFFFF", "#007A5A"),    # darker Okabe-Ito bluish green
    "leaving": ("#FFFFFF", "#2F6690"),      # a run leaving a landscape with no floor: a fact
    "diverging": ("#FFFFFF", "#9A5200"),    # darker orange: a warning coming
    "diverged": ("#FFFFFF", "#B83C00"),     # darker vermillion: a warning, 5:1 against white
}
# The status in words under a title: the chip's colour where it reads on the window (4.5:1
# or more), lighter in the dark theme; quiet statuses in the muted text colour.
_STATUS_TEXT_DARK = {"converged": "#3CC79A", "leaving": "#7CBFF5", "diverging": "#F0A04B",
                     "diverged": "#FF7A45"}
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
# Momentum mint green, not yellow: a yellow (#FFD21F) read as panel 4's sand (CIELAB 9 apart
# under simulated tritan vision); mint keeps 21 or more from the four panel colours, the red
# and the white under every vision (test_panel_colours.py).
POINT_ARROW_COLORS = {"grad": "#FF3355", "step": "#FFFFFF", "momentum": "#88FFBB"}
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


def font(point_size: float, bold: bool = False, mono: bool = False) -> QFont:
    """The application font (or the system fixed-width font) at ``point_size`` pt, given at
    the normal scale: the current style's ``font_scale`` multiplies it (presentation mode)."""
    f = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont) if mono else QFont()
    f.setPointSizeF(current().pt(point_size))
    f.setBold(bold)
    return f


def panel_color(index: int) -> str:
    """The colour of panel ``index`` (0-based); the palette repeats after seven panels."""
    return PANEL_COLORS[index % len(PANEL_COLORS)]


def configure_pyqtgraph() -> None:
    """Global pyqtgraph options; call once before any plot is created (and again after a
    style change, so that plots created later start in the current style).

    Row-major images (``image[i, j]`` is the sample at row i = y, column j = x, as numpy and the
    engine lay grids out), the style's background, no global antialiasing: the few small items
    that need it (markers, arrows) turn it on themselves, long paths stay fast.
    """
    import pyqtgraph as pg

    style = current()
    pg.setConfigOptions(
        imageAxisOrder="row-major",
        antialias=False,
        background=style.background,
        foreground=style.foreground,
    )



# --- styles: themes x presentation mode ----------------------------------------------------

SCHEMES = ("light", "dark")


@dataclass(frozen=True)
class Style:
    """Everything the views draw with, for one theme (``scheme``) and size (``presentation``).

    Colours are "#RRGGBB" strings or (r, g, b, a) tuples in 0-255; widths and sizes in device-
    independent pixels; ``font_scale`` multiplies every point size (``pt``).
    """

    scheme: str
    presentation: bool
    # chrome (the Qt palette): window, base (fields), text, button, highlight, disabled text
    window: str
    base: str
    alternate_base: str
    text: str
    button: str
    highlight: str
    highlighted_text: str
    link: str
    disabled_text: str
    placeholder: str
    tooltip_base: str
    # plots
    background: str
    foreground: str
    muted_text: str
    undefined_color: str
    box_fill: tuple
    slice_color: str
    contour_color: tuple
    contour_width: float
    arrow_color: tuple
    arrow_width: float
    # sizes
    font_scale: float
    path_width: float
    path_halo_width: float
    current_size: float
    diverged_size: float
    start_size: float
    global_min_size: float
    local_min_size: float
    point_arrow_width: float
    arrow_head_px: float
    arrow_fixed_px: float
    curve_width: float
    dot_size: float
    cross_size: float
    icon_px: int
    column_width: int
    # the same in every style (the paths read on viridis over a dark halo)
    path_halo: str = PATH_HALO
    marker_outline: str = MARKER_OUTLINE
    warning_color: str = WARNING_COLOR
    tangent_color: str = TANGENT_COLOR

    def pt(self, base: float) -> float:
        """A point size given at the normal scale, in this style."""
        return base * self.font_scale

    @property
    def dark(self) -> bool:
        return self.scheme == "dark"


_LIGHT = dict(
    window="#EFEFEF", base="#FFFFFF", alternate_base="#F5F5F5", text="#000000",
    button="#E4E4E4", highlight="#2F7FC1", highlighted_text="#FFFFFF", link="#0057AE",
    disabled_text="#7A7A7A", placeholder="#6A6A6A", tooltip_base="#FFFFDC",
    background=BACKGROUND, foreground=FOREGROUND, muted_text=MUTED_TEXT,
    undefined_color=UNDEFINED_COLOR, box_fill=(255, 255, 255, 225), slice_color="#0072B2",
    contour_color=CONTOUR_COLOR, contour_width=CONTOUR_WIDTH, arrow_color=ARROW_COLOR,
    arrow_width=ARROW_WIDTH)
# Dark: near-black surfaces, light grey text (about 13:1); the slice in sky blue, since
# Okabe-Ito blue is too dark on black. The undefined grey stays distinct from viridis' purple.
_DARK = dict(
    window="#2A2A2A", base="#1C1C1C", alternate_base="#242424", text="#E8E8E8",
    button="#383838", highlight="#3D8FD6", highlighted_text="#FFFFFF", link="#7CBFF5",
    disabled_text="#8A8A8A", placeholder="#9A9A9A", tooltip_base="#3A3A3A",
    background="#1C1C1C", foreground="#E4E4E4", muted_text="#B4B4B4",
    undefined_color="#5E5E5E", box_fill=(28, 28, 28, 225), slice_color="#56B4E9",
    contour_color=CONTOUR_COLOR, contour_width=CONTOUR_WIDTH, arrow_color=ARROW_COLOR,
    arrow_width=ARROW_WIDTH)
# Presentation mode's high contrast: pure black on white (white on black), stronger overlays.
_HIGH_CONTRAST = {
    "light": dict(window="#FFFFFF", button="#EDEDED", foreground="#000000", muted_text="#2E2E2E"),
    "dark": dict(window="#141414", base="#000000", background="#000000", text="#FFFFFF",
                 foreground="#FFFFFF", muted_text="#DCDCDC"),
}
_NORMAL = dict(
    font_scale=1.0, path_width=PATH_WIDTH, path_halo_width=PATH_HALO_WIDTH, current_size=16,
    diverged_size=22, start_size=17, global_min_size=22, local_min_size=16,
    point_arrow_width=POINT_ARROW_WIDTH, arrow_head_px=13.0, arrow_fixed_px=72.0,
    curve_width=2.5, dot_size=11, cross_size=17, icon_px=24, column_width=360)
# Presentation: read from the back of a lecture room on a 1080p projector.
_PRESENTATION = dict(
    font_scale=1.4, path_width=5.0, path_halo_width=9.0, current_size=24, diverged_size=32,
    start_size=24, global_min_size=30, local_min_size=22, point_arrow_width=5.0,
    arrow_head_px=20.0, arrow_fixed_px=110.0, curve_width=4.0, dot_size=16, cross_size=24,
    icon_px=34, column_width=460, contour_color=(255, 255, 255, 200), contour_width=1.6,
    arrow_color=(255, 255, 255, 255), arrow_width=1.8)


def make_style(scheme: str = "light", presentation: bool = False) -> Style:
    """The style of ``scheme`` ("light" or "dark"), at presentation size if asked."""
    if scheme not in SCHEMES:
        raise ValueError(f"scheme must be one of {SCHEMES}, got {scheme!r}")
    values = dict(_LIGHT if scheme == "light" else _DARK)
    values.update(_NORMAL)
    if presentation:
        values.update(_PRESENTATION)
        values.update(_HIGH_CONTRAST[scheme])
    return Style(scheme=scheme, presentation=bool(presentation), **values)


_current = make_style()


def current() -> Style:
    """The style in effect (views built now use it)."""
    return _current


def set_current(style: Style) -> Style:
    """Make ``style`` the one in effect; returns the previous one."""
    global _current
    previous, _current = _current, style
    return previous


def palette(style: Style) -> QPalette:
    """The Qt palette of ``style``'s chrome (every role a Fusion widget reads)."""
    pal = QPalette()
    r = QPalette.ColorRole
    roles = {r.Window: style.window, r.WindowText: style.text, r.Base: style.base,
             r.AlternateBase: style.alternate_base, r.Text: style.text,
             r.Button: style.button, r.ButtonText: style.text, r.BrightText: "#FF5050",
             r.Highlight: style.highlight, r.HighlightedText: style.highlighted_text,
             r.Link: style.link, r.LinkVisited: style.link,
             r.ToolTipBase: style.tooltip_base, r.ToolTipText: style.text,
             r.PlaceholderText: style.placeholder}
    for role, color in roles.items():
        pal.setColor(role, QColor(color))
    # Fusion draws bevels and frames from these: derived from the button colour as Qt's own
    # QPalette(button) does, which works for dark buttons too.
    button = QColor(style.button)
    for role, shade in ((r.Light, button.lighter(150)), (r.Midlight, button.lighter(115)),
                        (r.Mid, button.darker(150)), (r.Dark, button.darker(200)),
                        (r.Shadow, QColor("#000000"))):
        pal.setColor(role, shade)
    disabled = QPalette.ColorGroup.Disabled
    for role in (r.WindowText, r.Text, r.ButtonText):
        pal.setColor(disabled, role, QColor(style.disabled_text))
    pal.setColor(disabled, r.Base, QColor(style.window))
    return pal


CHECK_BOX_BASE_DARK = "#767676"
"""The fill of a check box's indicator in the dark themes: Fusion fills it with the Base
colour and outlines it in the window's colour darkened, so on the dark window (#2A2A2A, base
#1C1C1C) an unchecked box was black on black (1.2:1); this grey keeps 3:1 against both dark
windows and the check mark (the text colour) 3.7:1 on it."""


def check_box_palette(style: Style) -> QPalette:
    """The palette of check boxes (``QApplication.setPalette(p, "QCheckBox")``): the style's,
    with an indicator that shows on a dark window."""
    pal = palette(style)
    if style.dark:
        pal.setColor(QPalette.ColorRole.Base, QColor(CHECK_BOX_BASE_DARK))
    return pal


def status_text_color(kind: str, style: Style) -> str:
    """The colour of a status's words (``STATUS_STYLES``'s kinds) on ``style``'s window."""
    if kind in ("paused", "running", "finished"):
        return style.muted_text
    return _STATUS_TEXT_DARK[kind] if style.dark else STATUS_STYLES[kind][1]


def panel_text_color(color: str, style: Style) -> QColor:
    """A panel colour for text on the style's window: darker on light, as is on dark."""
    c = QColor(color)
    return c if style.dark else c.darker(135)

