"""The computation graph view: f's graph laid out by depth, one step of backpropagation shown.

Shows a :class:`~gradviz.engine.backprop.Walkthrough` it is given (``set_walkthrough``) at a
step (``show_step``): every node's value once the forward pass has reached it, the adjoints
that have arrived, the edge in use highlighted with its local derivative and contribution on a
label, and at the end ∂f/∂x and ∂f/∂y marked at the inputs. Computes nothing but pixels: the
layout's columns and rows come from :mod:`gradviz.engine.graph_layout`.

The wheel zooms (about the mouse), dragging pans, ``fit()`` shows the whole graph (never
smaller than ``MIN_FIT``, so the type stays readable: a larger graph is shown at
``FOLLOW_SCALE`` and the view follows the step).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QPainter
from PySide6.QtWidgets import QFrame, QGraphicsScene, QGraphicsSimpleTextItem, QGraphicsView

from gradviz.engine.backprop_text import number
from gradviz.engine.graph_layout import layout
from gradviz.gui import theme
from gradviz.gui.views.graph_edges import EdgeItem, LabelItem
from gradviz.gui.views.graph_items import FIXED, GraphStyle, NodeItem

COLUMN_GAP = 90.0      # between columns of boxes, at the normal size: room for arrows
ROW_GAP = 26.0
ZOOM_STEP = 1.15
ZOOM_RANGE = (0.15, 4.0)
LABEL_ROOM = 70.0
NARROWEST = "−0.0000"
MIN_FIT = 0.7
"""Fit to view shrinks the graph at most this far to show all of it (in presentation mode, as far
as normal type's MIN_FIT: its type is larger); a larger graph is shown at FOLLOW_SCALE and
scrolled, following the step."""
FOLLOW_SCALE = 0.85


class GraphView(QGraphicsView):
    """Draws a walkthrough; ``node_items`` and ``edge_items`` in the walkthrough's order,
    ``label`` the current edge's label, ``message`` what is said instead of a graph."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)    # keys go to the panel
        self.gs = GraphStyle.of(theme.current())
        self.walk = None
        self.node_items, self.edge_items = [], []
        self.label = LabelItem(self.gs)
        self.message = QGraphicsSimpleTextItem()
        self._used_at = {}
        self._step = 0
        self._structure = None
        self._follow = False
        self._reset_scene()

    # --- what is shown --------------------------------------------------------------------

    def set_walkthrough(self, walk) -> None:
        """Show ``walk``: rebuilt when its graph differs, else only the numbers change."""
        self.walk = walk
        self._used_at = {s.edge: k for k, s in enumerate(walk.steps) if s.edge is not None}
        if walk.refusal or not walk.nodes:
            self._structure = None
            self._reset_scene()
            self.message.setText(walk.refusal or "nothing to draw")
            self.message.setVisible(True)
            return
        if (walk.structure != self._structure or len(self.node_items) != len(walk.nodes)
                or not all(item.fits(_widest(i, walk), node.note)
                           for i, (item, node) in enumerate(zip(self.node_items, walk.nodes)))):
            self._structure = walk.structure
            self._build(walk)
        else:
            for item, node in zip(self.node_items, walk.nodes):
                item.set_node(node)
            for item, edge in zip(self.edge_items, walk.edges):
                item.set_edge(edge)
        self.show_step(min(self._step, len(walk.steps) - 1))

    def show_step(self, k: int) -> None:
        """Draw the state after step ``k`` of the walkthrough."""
        walk = self.walk
        if walk is None or not walk.steps or not self.node_items:
            return
        self._step = k = max(0, min(int(k), len(walk.steps) - 1))
        step = walk.steps[k]
        for i, item in enumerate(self.node_items):
            item.set_state(*self._node_state(walk, step, i))
        for e, item in enumerate(self.edge_items):
            item.set_mode(self._edge_mode(walk, step, k, e))
        self._show_label(walk, step)
        if self._follow:
            for item in self._focus_items(step):   # the last one is sure to be seen
                self.ensureVisible(item, 30, 30)

    def _node_state(self, walk, step, i):
        node = walk.nodes[i]
        value = f"= {number(node.value)}" if i < step.known else ""
        adjoint, o = step.adjoints[i], walk.output
        final = i in step.complete
        if adjoint is not None:
            text = f"∂{o}/∂{node.name} = {number(adjoint)}"
            if not final:
                text = f"∂{o}/∂{node.name} so far {number(adjoint)}"
        elif step.phase in ("backward", "done") and node.kind in FIXED:
            text = FIXED[node.kind]
        else:
            text = ""
        role = ""
        edge = walk.edges[step.edge] if step.edge is not None else None
        if step.node == i or (edge is not None and edge.source == i):
            role = "current"
        if step.phase == "done" and i in walk.inputs:
            role = "gradient"
        return value, text, final, role

    def _edge_mode(self, walk, step, k, e):
        edge = walk.edges[e]
        if step.phase in ("start", "forward"):
            if edge.target == step.node:
                return "forward"
            return "idle" if edge.target < step.known else "waiting"
        if e == step.edge:
            return "backward"
        if edge.local is None:
            return "none"
        return "used" if self._used_at.get(e, len(walk.steps)) <= k else "idle"

    def _show_label(self, walk, step):
        if step.edge is None:
            self.label.set_rows([])
            return
        edge = walk.edges[step.edge]
        adjoint = walk.steps[self._step].adjoints[edge.target]
        local = number(edge.local)
        rule = edge.local_text if edge.local_text.endswith(f"= {local}") else \
            f"{edge.local_text} = {local}"
        self.label.set_rows([
            (rule, "ink"),
            (f"{number(adjoint)} × {_p(local)} = {number(edge.contribution)}", "backward")])
        item = self.edge_items[step.edge]
        self.label.setPos(self._label_place(item))
        self.label.set_anchor(item.path().pointAtPercent(0.5))

    def _label_place(self, item):
        """Where the label of edge ``item`` covers no box: above the middle of the arrow,
        else below it, else along it; above the middle when nothing is free."""
        rect = self.label.plate()
        lift = rect.height() / 2 + self.gs.px(8)
        boxes = [n.sceneBoundingRect() for n in self.node_items]
        best, least = None, None
        for away in (1.0, 2.0, 3.0, 4.5, 6.0):      # further off only when nearer is covered
            for percent in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8):
                point = item.path().pointAtPercent(percent)
                for centre in (point + QPointF(0, -lift * away), point + QPointF(0, lift * away)):
                    placed = rect.translated(centre)
                    covered = sum(_area(placed.intersected(box)) for box in boxes)
                    if least is None or covered < least - 1e-6:
                        best, least = centre, covered
            if least == 0:
                break
        return best

    def _focus_items(self, step):
        """What a step is about, least important first: the label and the user, then the
        node that gets the adjoint (backward) or is computed (forward); at the start and the
        end the rectangle round the inputs."""
        if step.edge is not None:
            edge = self.walk.edges[step.edge]
            return [self.label, self.node_items[edge.target], self.node_items[edge.source]]
        if step.node is not None:
            return [self.node_items[step.node]]
        # the start (the forward pass starts from them) and the end (the gradient is marked
        # on them): the inputs, all of them (centred on the graph, they were cut off at the
        # left edge of the dock at 1280 px)
        inputs = [self.node_items[k] for k in self.walk.inputs if k < len(self.node_items)]
        if not inputs:
            return []
        rect = inputs[0].sceneBoundingRect()
        for item in inputs[1:]:
            rect = rect.united(item.sceneBoundingRect())
        return [rect]

    def step(self) -> int:
        return self._step

    # --- building -----------------------------------------------------------------------

    def _reset_scene(self):
        scene = self.scene()
        scene.clear()
        self.node_items, self.edge_items = [], []
        self.label = LabelItem(self.gs)
        self.label.setVisible(False)
        scene.addItem(self.label)
        self.message = QGraphicsSimpleTextItem()
        self.message.setFont(self.gs.title)
        self.message.setBrush(QBrush(self.gs.muted))
        self.message.setVisible(False)
        scene.addItem(self.message)
        scene.setBackgroundBrush(QBrush(self.gs.background))

    def _build(self, walk):
        self._reset_scene()
        self.node_items = [NodeItem(n, walk.output, self.gs, _widest(i, walk))
                           for i, n in enumerate(walk.nodes)]
        places = layout([n.args for n in walk.nodes], [n.kind for n in walk.nodes])
        centres, widths = self._place(places)
        for item, centre in zip(self.node_items, centres):
            item.setPos(centre)
            self.scene().addItem(item)
        routes = _spread([self._route(e, places, widths) for e in range(len(walk.edges))],
                         walk.edges, self.node_items, self.gs.px(14))
        for edge, points in zip(walk.edges, routes):
            item = EdgeItem(edge, points, self.gs)
            item.setToolTip(edge.local_text)
            self.edge_items.append(item)
            self.scene().addItem(item)
        room = self.gs.px(LABEL_ROOM)      # above and below: the edge labels may go there
        bounds = self.scene().itemsBoundingRect().adjusted(-40, -room, 40, room)
        self.scene().setSceneRect(bounds)
        self.fit()

    def _place(self, places):
        """Centres of the nodes in scene pixels, and each column's width."""
        gs = self.gs
        widths = [0.0] * places.width
        height = 0.0
        for item, c in zip(self.node_items, places.columns):
            w, h = item.size()
            widths[c] = max(widths[c], w)
            height = max(height, h)
        self._row = height + gs.px(ROW_GAP)
        lefts, x = [], 0.0
        for w in widths:
            lefts.append(x)
            x += w + gs.px(COLUMN_GAP)
        self._lefts, self._widths = lefts, widths
        return ([QPointF(lefts[c] + widths[c] / 2, r * self._row)
                 for c, r in zip(places.columns, places.rows)], widths)

    def _route(self, e, places, widths):
        """The arrow's waypoints: through each column it crosses, at its row (ends added by
        ``_spread``)."""
        points = []
        for column, row in places.bends[e]:
            y = row * self._row
            points += [QPointF(self._lefts[column], y),
                       QPointF(self._lefts[column] + widths[column], y)]
        return points

    # --- zoom --------------------------------------------------------------------------

    def fit(self) -> None:
        """Show the whole graph, or (when that would take less than MIN_FIT times its size)
        the part around the current step at FOLLOW_SCALE, following the steps."""
        rect = self.scene().sceneRect()
        if rect.isEmpty():
            return
        self.resetTransform()
        view = self.viewport().rect()
        scale = min(view.width() / rect.width(), view.height() / rect.height(), 1.25)
        # presentation type is larger: shrunk to normal type's MIN_FIT it still reads
        self._follow = scale < MIN_FIT / max(theme.current().font_scale, 1.0)
        if self._follow:
            scale = FOLLOW_SCALE
        self.scale(scale, scale)
        self.centerOn(rect.center())
        if self._follow and self.node_items:
            self.show_step(self._step)

    def zoom(self, factor: float) -> None:
        current = self.transform().m11()
        target = min(max(current * factor, ZOOM_RANGE[0]), ZOOM_RANGE[1])
        self.scale(target / current, target / current)

    def wheelEvent(self, event):  # noqa: N802 (Qt's name)
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.zoom(ZOOM_STEP ** steps)
            event.accept()

    def resizeEvent(self, event):  # noqa: N802
        super().resizeEvent(event)
        self.fit()

    def apply_style(self, style) -> None:
        """Restyle for ``style`` (theme and presentation size): boxes are measured again."""
        self.gs = GraphStyle.of(style)
        walk, self._structure = self.walk, None
        if walk is not None:
            self.set_walkthrough(walk)
        else:
            self._reset_scene()


def _widest(i, walk) -> str:
    """The longest number node ``i`` shows at this point (its value or an adjoint so far), at
    least as long as ``NARROWEST``: its box is measured for it, and built again when a later
    point needs more room."""
    numbers = [number(walk.nodes[i].value), NARROWEST]
    numbers += [number(s.adjoints[i]) for s in walk.steps if s.adjoints[i] is not None]
    return max(numbers, key=len)


def _spread(routes, edges, nodes, gap):
    """Each route with its two ends: out of the argument's right side, into the user's left
    side, ends spread over the side in the order of where they come from (or go to), so the
    arrows at one box do not cross there."""
    starts, ends = {}, {}
    for e, (edge, inner) in enumerate(zip(edges, routes)):
        after = inner[0].y() if inner else nodes[edge.target].pos().y()
        before = inner[-1].y() if inner else nodes[edge.source].pos().y()
        starts.setdefault(edge.source, []).append((after, e))
        ends.setdefault(edge.target, []).append((before, e))
    start_of, end_of = {}, {}
    for table, place, side in ((starts, start_of, 1), (ends, end_of, -1)):
        for node, pairs in table.items():
            box = nodes[node].box()
            step = min(gap, box.height() / (len(pairs) + 1))
            for k, (_, e) in enumerate(sorted(pairs)):
                offset = (k - (len(pairs) - 1) / 2) * step
                place[e] = nodes[node].pos() + QPointF(side * box.width() / 2, offset)
    return [[start_of[e]] + inner + [end_of[e]] for e, inner in enumerate(routes)]


def _area(rect) -> float:
    return max(rect.width(), 0.0) * max(rect.height(), 0.0)


def _p(text: str) -> str:
    return f"({text})" if text.startswith("−") else text

