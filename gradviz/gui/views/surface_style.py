"""What the 3D view draws with, taken from the window's ``theme.Style`` (light or dark, normal or
presentation size). Plain data, no OpenGL: the page keeps one for the view to use (and tests to
read) when OpenGL is missing too.

Sizes are in logical pixels. OpenGL draws line widths and point sizes in device pixels, so the
view multiplies them by the screen's device pixel ratio (and an exported picture by its scale).
"""

from __future__ import annotations

from dataclasses import dataclass

from gradviz.gui import theme

# The 3D paths are half a pixel (their halos one pixel) wider than the flat panels' paths: on a
# lit, turned surface a line seen at a slant looks thinner than on the flat heatmap.
PATH_EXTRA, HALO_EXTRA = 0.5, 1.0
# Markers at normal size; presentation mode multiplies them as the flat panels' markers grow
# (current point 16 -> 24 px: x1.5).
MARKER_SIZE, MARKER_HALO = 15.0, 21.0
MINIMUM_SIZE, MINIMUM_HALO = 11.0, 16.0
NORMAL_CURRENT_SIZE = 16.0
# The floor's frame and its grid lines: between the background and the text colour (light: the
# mid grey 0.52 and the pale 0.81 this view had before themes).
FLOOR_MIX, GRID_MIX = 0.55, 0.22


@dataclass(frozen=True)
class SceneStyle:
    """Colours are "#RRGGBB" strings or (r, g, b, a) tuples of floats in 0-1; sizes in logical
    pixels; font sizes in points."""

    scheme: str
    presentation: bool
    background: str
    text: str               # tick labels and axis names
    floor: tuple            # the box's edges and the vertical axis
    grid: tuple             # grid lines on the floor
    undefined: tuple        # where f is undefined on the surface
    path_halo: tuple
    marker_outline: tuple
    minimum: tuple
    warning: str            # a diverged run's current point
    path_width: float
    halo_width: float
    marker_size: float
    marker_halo: float
    minimum_size: float
    minimum_halo: float
    tick_pt: float
    title_pt: float
    legend_pt: float        # the legend over an exported picture (the page's header size)


def rgba(color, alpha=1.0) -> tuple:
    """"#RRGGBB" -> (r, g, b, alpha) in 0-1."""
    text = color.lstrip("#")
    return tuple(int(text[i:i + 2], 16) / 255 for i in (0, 2, 4)) + (alpha,)


def _mix(a: str, b: str, t: float) -> tuple:
    """The colour ``t`` of the way from ``a`` to ``b`` (opaque)."""
    ca, cb = rgba(a), rgba(b)
    return tuple(x + t * (y - x) for x, y in zip(ca[:3], cb[:3])) + (1.0,)


def scene_style(style: theme.Style) -> SceneStyle:
    """The 3D view's look in ``style``."""
    grow = style.current_size / NORMAL_CURRENT_SIZE     # 1 at normal size, 1.5 presenting
    return SceneStyle(
        scheme=style.scheme, presentation=style.presentation,
        background=style.background, text=style.foreground,
        floor=_mix(style.background, style.foreground, FLOOR_MIX),
        grid=_mix(style.background, style.foreground, GRID_MIX),
        undefined=rgba(style.undefined_color), path_halo=rgba(style.path_halo, 0.9),
        marker_outline=rgba(style.marker_outline), minimum=rgba(theme.MINIMUM_BRUSH),
        warning=style.warning_color,
        path_width=style.path_width + PATH_EXTRA, halo_width=style.path_halo_width + HALO_EXTRA,
        marker_size=MARKER_SIZE * grow, marker_halo=MARKER_HALO * grow,
        minimum_size=MINIMUM_SIZE * grow, minimum_halo=MINIMUM_HALO * grow,
        tick_pt=style.pt(theme.AXIS_PT), title_pt=style.pt(theme.LABEL_PT),
        legend_pt=style.pt(theme.READOUT_PT))
