"""The OpenGL scene of the 3D view: f as a lit, viridis-coloured surface, a floor with tick
labels, each panel's path lifted onto the surface and its current point, the known minima.

Imported only once ``gradviz.gui.gl_check`` has said OpenGL works here (pyqtgraph.opengl needs
PyOpenGL and a context). Every item is created once; the setters hand arrays over. All the
geometry comes from ``gradviz.engine.surface`` (world coordinates: the domain spans a box 2
units wide, f runs from z = 0 to ``surface.HEIGHT``).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pyqtgraph.opengl as gl
from OpenGL import GL
from pyqtgraph.opengl import shaders
from pyqtgraph.opengl.GLViewWidget import GLViewMixin
from PySide6.QtCore import QRect
from PySide6.QtGui import QVector3D
from PySide6.QtOpenGL import QOpenGLWindow
from PySide6.QtWidgets import QWidget

from gradviz.engine.surface import HEIGHT, clip_to_box, inside_box, vertex_normals
from gradviz.gui import theme
from gradviz.gui.views.surface_labels import TICKS, fit_distance, label_font, label_texts
from gradviz.gui.views.surface_style import scene_style

CAMERA = {"elevation": 48.0, "azimuth": -100.0}
FLOOR_WIDTH, GRID_WIDTH = 1.5, 1.0

# Lighting that keeps the colour map readable: a head light, never darker than 62 % of the
# heatmap's colour, lit from both sides (the surface is seen from below when turned over).
_LIT = None


def _lit_shader():
    global _LIT
    if _LIT is None:
        shaded = shaders.getShaderProgram("shaded")
        _LIT = shaders.ShaderProgram("gradviz_lit", [shaded.shaders[0], shaders.FragmentShader("""
            #ifdef GL_ES
            precision mediump float;
            #endif
            varying vec4 v_color;
            varying vec3 v_normal;
            void main() {
                float p = abs(dot(normalize(v_normal), normalize(vec3(0.35, 0.55, 1.0))));
                gl_FragColor = vec4(v_color.rgb * (0.62 + 0.38 * p), v_color.a);
            }
        """)])
    return _LIT


class _SurfaceData(gl.MeshData):
    """MeshData with the engine's vertex normals (pyqtgraph's own loop over vertices in Python
    takes about 100 ms for the 10,000 vertices of the mesh)."""

    def __init__(self, mesh, colors):
        super().__init__(vertexes=mesh.vertices, faces=mesh.faces, vertexColors=colors)
        self._normals = vertex_normals(mesh)

    def vertexNormals(self, indexed=None):
        return self._normals if indexed is None else super().vertexNormals(indexed)


def _rgba(color, alpha=1.0):
    c = pg.mkColor(color)
    return (c.redF(), c.greenF(), c.blueF(), alpha)


# Paths and markers drawn over the surface: depth-tested against it, but the dark halo writes
# no depth, so the coloured core drawn after it at the same depth is never rejected.
_HALO_OPTIONS = {GL.GL_DEPTH_TEST: True, GL.GL_BLEND: True, GL.GL_LINE_SMOOTH: True,
                 "glDepthMask": (GL.GL_FALSE,),
                 "glBlendFunc": (GL.GL_SRC_ALPHA, GL.GL_ONE_MINUS_SRC_ALPHA)}
_CORE_OPTIONS = {GL.GL_DEPTH_TEST: True, GL.GL_BLEND: True, GL.GL_LINE_SMOOTH: True,
                 "glDepthMask": (GL.GL_TRUE,),   # back on: glClear obeys the mask too
                 "glBlendFunc": (GL.GL_SRC_ALPHA, GL.GL_ONE_MINUS_SRC_ALPHA)}
# The surface is pushed back a little in depth, so the paths on it win every tie with it.
_MESH_OPTIONS = {GL.GL_DEPTH_TEST: True, GL.GL_BLEND: False, GL.GL_POLYGON_OFFSET_FILL: True,
                 "glPolygonOffset": (1.5, 3.0)}
# Markers (current points, minima) are seen through hills, drawn last, halo before core.
_MARKER_OPTIONS = {GL.GL_DEPTH_TEST: False, GL.GL_BLEND: True,
                   "glBlendFunc": (GL.GL_SRC_ALPHA, GL.GL_ONE_MINUS_SRC_ALPHA)}
_MARKER_DEPTH = 10


def _marker(size, color, depth=_MARKER_DEPTH):
    item = gl.GLScatterPlotItem(size=size, pxMode=True, color=color, glOptions=_MARKER_OPTIONS)
    item.setDepthValue(depth)
    return item


class PathItems:
    """One panel's lifted path (a dark halo under a coloured line) and its current point."""

    def __init__(self, view: gl.GLViewWidget, color):
        self.color = _rgba(color)
        self.diverged = False
        self.halo = gl.GLLinePlotItem(antialias=True, glOptions=_HALO_OPTIONS)
        self.core = gl.GLLinePlotItem(color=self.color, antialias=True, glOptions=_CORE_OPTIONS)
        self.marker_halo = _marker(1.0, (0, 0, 0, 1), _MARKER_DEPTH + 2)
        self.marker = _marker(1.0, self.color, _MARKER_DEPTH + 3)
        self.items = (self.halo, self.core, self.marker_halo, self.marker)
        for item in self.items:
            view.addItem(item)
        self.lifted = None
        self.half = (1.0, 1.0)   # the box's world half-widths (the scene's frame.half)
        self.look = None

    def restyle(self, look, px: float) -> None:
        """Colours and sizes of ``look`` (a SceneStyle), ``px`` device pixels a pixel."""
        self.look = look
        self.halo.setData(width=look.halo_width * px, color=look.path_halo)
        self.core.setData(width=look.path_width * px)
        self.marker_halo.setData(size=look.marker_halo * px, color=look.marker_outline)
        self.marker.setData(size=look.marker_size * px, color=self._marker_color())

    def _marker_color(self):
        return _rgba(self.look.warning) if self.diverged and self.look else self.color

    def remove(self, view):
        for item in self.items:
            view.removeItem(item)

    def show_step(self, k: int, diverged: bool) -> None:
        """The path up to step k (the last finite step if the run stopped before k)."""
        lifted = self.lifted
        if lifted is None or len(lifted.step_index) == 0:
            for item in self.items:
                item.setVisible(False)
            return
        k = max(0, min(int(k), len(lifted.step_index) - 1))
        end = int(lifted.step_index[k]) + 1
        shown = lifted.points[:end]
        inside = inside_box(shown, self.half)
        if inside.all():
            mode, line = "line_strip", shown
        else:   # a run that left the domain: drawn up to the box's edge, as in the panels
            mode, line = "lines", clip_to_box(shown, self.half)
        drawn = len(line) > 1
        for item in (self.halo, self.core):
            item.setVisible(drawn)
        if drawn:
            self.halo.setData(pos=line, mode=mode)
            self.core.setData(pos=line, mode=mode)
        self.diverged = bool(diverged)
        self.marker.setData(pos=shown[-1:], color=self._marker_color())
        self.marker_halo.setData(pos=shown[-1:])
        self.marker.setVisible(bool(inside[-1]))
        self.marker_halo.setVisible(bool(inside[-1]))


class SurfaceGLView(GLViewMixin, QOpenGLWindow):
    """The scene; ``set_scene`` with an engine ``SurfaceScene``, ``show_step`` every frame.

    A QOpenGLWindow (a native window of its own, embedded with ``container()``), not a
    QOpenGLWidget: a QOpenGLWidget switches the whole main window to OpenGL composition, which
    with software OpenGL made every frame of the flat panels cost 4 times as much (measured:
    26-30 ms of CPU a frame at 1920x1080 before, 112-131 ms after the 3D view had been shown
    once). In its own window the GL drawing stays inside the 3D view.
    """

    def __init__(self, look=None):
        super().__init__()
        self.setObjectName("surface_gl")
        self.look = look or scene_style(theme.current())
        self.colormap = pg.colormap.get(theme.COLORMAP)
        self.mesh = gl.GLMeshItem(smooth=True, shader=_lit_shader(), glOptions=_MESH_OPTIONS)
        self.floor = gl.GLLinePlotItem(mode="lines", antialias=True)
        self.grid = gl.GLLinePlotItem(mode="lines", antialias=True)
        self.minima_halo = _marker(1.0, (0, 0, 0, 1))
        self.minima = _marker(1.0, (1, 1, 1, 1), _MARKER_DEPTH + 1)
        self.mesh.setVisible(False)   # an empty mesh cannot be drawn
        self.labels = []
        self._scene = None            # (SurfaceScene, axis names) last shown, for restyling
        for item in (self.grid, self.floor, self.mesh, self.minima_halo, self.minima):
            self.addItem(item)
        self.paths: list[PathItems] = []
        self.apply_style(self.look)
        # line widths and point sizes are device pixels: again on a screen of another scale
        self.screenChanged.connect(lambda _screen: self.restyle_items(self.pixel_scale()))
        self.reset_view()

    @property
    def shown_scene(self):
        """``(SurfaceScene, axis names)`` last shown, or None before the first scene."""
        return self._scene

    # --- style -------------------------------------------------------------------------------

    def apply_style(self, look) -> None:
        """Show the scene in ``look`` (a ``surface_style.SceneStyle``): background, floor and
        grid, text, path and marker sizes. Only restyles; the surface is recoloured only when
        the colour of undefined places changes."""
        recolour = self._scene is not None and look.undefined != self.look.undefined
        self.look = look
        self.restyle_items(self.pixel_scale())
        if self._scene is not None:
            scene, names = self._scene
            if recolour:
                self._set_mesh(scene.mesh)
            self._set_labels(scene.frame, names)

    def pixel_scale(self) -> float:
        """Device pixels per logical pixel (OpenGL sizes lines and points in device pixels)."""
        return max(1.0, float(self.devicePixelRatio()))

    def restyle_items(self, px: float) -> None:
        """Colours and sizes of ``self.look``, lines and points ``px`` times as wide."""
        look = self.look
        self.setBackgroundColor(look.background)
        self.floor.setData(color=look.floor, width=FLOOR_WIDTH * px)
        self.grid.setData(color=look.grid, width=GRID_WIDTH * px)
        self.minima_halo.setData(size=look.minimum_halo * px, color=look.marker_outline)
        self.minima.setData(size=look.minimum_size * px, color=look.minimum)
        for path in self.paths:
            path.restyle(look, px)

    def container(self, parent=None) -> QWidget:
        """A widget that holds this window, for a layout."""
        widget = QWidget.createWindowContainer(self, parent)
        widget.setObjectName("surface_gl_container")
        widget.setMinimumSize(200, 150)
        return widget

    # What pyqtgraph's GL items ask of their view, which a QWindow spells differently.
    def devicePixelRatioF(self) -> float:
        return float(self.devicePixelRatio())

    def rect(self) -> QRect:
        return QRect(0, 0, self.width(), self.height())

    def keyPressEvent(self, event) -> None:
        event.ignore()   # arrow keys step the timeline, as everywhere in the window

    def keyReleaseEvent(self, event) -> None:
        event.ignore()

    def reset_view(self) -> None:
        """The default camera: from the front, a little to the left, 48 degrees up, as close
        as the view's shape allows with the whole surface in sight."""
        self._default_camera = True
        self.setCameraPosition(pos=QVector3D(0.0, -0.05, HEIGHT * 0.3),
                               distance=self._fit_distance(), **CAMERA)

    def _fit_distance(self) -> float:
        return fit_distance(self.opts["fov"], self.aspect())

    def aspect(self) -> float:
        """Height over width of the view (0.6 before it has a size)."""
        return self.height() / self.width() if self.width() > 0 else 0.6

    def resizeGL(self, width, height) -> None:
        if getattr(self, "_default_camera", False):
            self.reset_view()

    def mousePressEvent(self, event) -> None:
        self._default_camera = False   # the user's own view is kept across resizes
        super().mousePressEvent(event)

    def wheelEvent(self, event) -> None:
        self._default_camera = False
        super().wheelEvent(event)

    # --- the scene ---------------------------------------------------------------------------

    def set_scene(self, scene, colors, names=("x", "y", "f")) -> None:
        """Show an engine ``SurfaceScene``; ``colors``: one panel colour per path; ``names``:
        the axes' (("w", "b", "L") for the regression's loss)."""
        self._scene = (scene, names)
        self._set_mesh(scene.mesh)
        self._set_floor(scene.frame)
        self._set_labels(scene.frame, names)
        for marks, item in ((scene.minima, self.minima), (scene.minima, self.minima_halo)):
            item.setData(pos=marks if len(marks) else np.zeros((0, 3)))
        while len(self.paths) > len(scene.paths):
            self.paths.pop().remove(self)
        for i, color in enumerate(colors[: len(scene.paths)]):
            if i == len(self.paths):
                self.paths.append(PathItems(self, color))
                self.paths[i].restyle(self.look, self.pixel_scale())
            elif self.paths[i].color != _rgba(color):
                self.paths[i].remove(self)
                self.paths[i] = PathItems(self, color)
                self.paths[i].restyle(self.look, self.pixel_scale())
            self.paths[i].lifted = scene.paths[i]
            self.paths[i].half = scene.frame.half

    def show_step(self, k: int, diverged: list[bool]) -> None:
        for path, is_diverged in zip(self.paths, diverged):
            path.show_step(k, is_diverged)

    def _set_mesh(self, mesh) -> None:
        t = np.nan_to_num(mesh.color_t, nan=0.0)
        rgba = self.colormap.map(t, mode="float").astype(np.float32)
        rgba[np.isnan(mesh.color_t)] = self.look.undefined
        self.mesh.setMeshData(meshdata=_SurfaceData(mesh, rgba))
        self.mesh.setVisible(len(mesh.faces) > 0)

    def _set_floor(self, frame) -> None:
        hx, hy = frame.half
        corners = np.array([[-hx, -hy], [hx, -hy], [hx, hy], [-hx, hy]])
        edges = np.stack([corners, np.roll(corners, -1, axis=0)], axis=1).reshape(-1, 2)
        z_axis = np.array([[-hx, hy, 0.0], [-hx, hy, HEIGHT]])
        self.floor.setData(pos=np.vstack([np.column_stack([edges, np.zeros(len(edges))]),
                                          z_axis]))
        (_, wx), (_, wy) = frame.ticks(TICKS)
        inside = 1e-9
        lines = [[(x, -hy, 0), (x, hy, 0)] for x in wx if abs(x) < hx - inside]
        lines += [[(-hx, y, 0), (hx, y, 0)] for y in wy if abs(y) < hy - inside]
        self.grid.setData(pos=np.array(lines, dtype=float).reshape(-1, 3))

    def _set_labels(self, frame, names) -> None:
        for item in self.labels:
            self.removeItem(item)
        fonts = (label_font(self.look, False), label_font(self.look, True))
        self.labels = [gl.GLTextItem(pos=pos, text=text, color=self.look.text, font=fonts[title],
                                     alignment=alignment)
                       for pos, text, title, alignment in label_texts(frame, names)]
        for item in self.labels:
            self.addItem(item)
