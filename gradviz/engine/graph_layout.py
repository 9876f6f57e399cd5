"""A layered drawing of a computation graph: inputs on the left, f on the right.

The classic way (Sugiyama's), kept small:

1. **Columns by longest path**: a leaf is in column 0, an operation one column right of its
   furthest argument, so every arrow points right. A parameter or data leaf sits just left of
   its first user instead (no long arrow from the far left); x and y stay in column 0.
2. **Waypoints**: an arrow that spans several columns gets a waypoint in each column it
   crosses, so it is ordered and routed like a node and never runs through a box.
3. **Order by barycentre**: a few sweeps left to right (each column sorted by the mean
   position of its items' arguments) and right to left (by their users'), keeping the order
   with the fewest crossings.
4. **Rows**: each item moved toward the mean row of its neighbours, keeping the order and a
   minimum gap (boxes 1 row apart, waypoints closer), by pooling adjacent violators: the
   least-squares placement for that order.

Units: a column is one column of boxes, a row one box height with its margin; the view
turns them into pixels. Edges are numbered as ``Walkthrough.edges`` numbers them: by user,
then argument.
"""

from __future__ import annotations

from typing import NamedTuple

SWEEPS = 6
ROUNDS = 8
_GAP = {(False, False): 1.0, (False, True): 0.6, (True, False): 0.6, (True, True): 0.35}
_NEAR_USERS = ("parameter", "data")


class Layout(NamedTuple):
    """``columns`` and ``rows`` of the nodes (rows from 0 at the top, may be fractional);
    ``bends[e]``: the (column, row) waypoints of edge e, left to right; ``width``: the number
    of columns; ``height``: the rows spanned."""

    columns: tuple
    rows: tuple
    bends: tuple
    width: int
    height: float


def layout(args, kinds=None) -> Layout:
    """The layout of nodes whose arguments are ``args[i]`` (positions, each before its user);
    ``kinds[i]``: a node's kind ("parameter" and "data" leaves sit beside their users)."""
    n = len(args)
    kinds = kinds or ("",) * n
    columns = _columns(args, kinds)
    edges = [(s, t) for t, a in enumerate(args) for s in a]
    items, paths = list(range(n)), []
    item_column = list(columns)
    links = []                                   # (left item, right item), adjacent columns
    for s, t in edges:
        path, previous = [], s
        for c in range(columns[s] + 1, columns[t]):
            items.append(len(items))
            item_column.append(c)
            path.append(items[-1])
            links.append((previous, items[-1]))
            previous = items[-1]
        links.append((previous, t))
        paths.append(path)
    width = max(columns, default=0) + 1
    layers = [[i for i in items if item_column[i] == c] for c in range(width)]
    layers = _order(layers, links)
    rows = _rows(layers, links, n)
    bends = tuple(tuple((item_column[i], rows[i]) for i in path) for path in paths)
    top = min(rows.values(), default=0.0)
    rows = {i: r - top for i, r in rows.items()}
    bends = tuple(tuple((c, r - top) for c, r in path) for path in bends)
    height = max(rows.values(), default=0.0)
    return Layout(tuple(columns), tuple(rows[i] for i in range(n)), bends, width, height)


def _columns(args, kinds):
    depth = [0] * len(args)
    for i, a in enumerate(args):
        if a:
            depth[i] = 1 + max(depth[j] for j in a)
    users = {}
    for i, a in enumerate(args):
        for j in a:
            users.setdefault(j, []).append(i)
    for j, kind in enumerate(kinds):
        if kind in _NEAR_USERS and not args[j] and j in users:
            depth[j] = max(0, min(depth[u] for u in users[j]) - 1)
    return depth


def _order(layers, links):
    """The layers reordered by barycentre sweeps, the order with fewest crossings kept."""
    left_of, right_of = {}, {}
    for a, b in links:
        right_of.setdefault(a, []).append(b)
        left_of.setdefault(b, []).append(a)
    best, best_crossings = [list(layer) for layer in layers], _crossings(layers, links)
    current = [list(layer) for layer in layers]
    for sweep in range(SWEEPS):
        forward = sweep % 2 == 0
        span = range(1, len(current)) if forward else range(len(current) - 2, -1, -1)
        for c in span:
            fixed = current[c - 1] if forward else current[c + 1]
            where = {item: k for k, item in enumerate(fixed)}
            near = left_of if forward else right_of
            current[c] = _sorted_by_barycentre(current[c], near, where)
        crossings = _crossings(current, links)
        if crossings < best_crossings:
            best, best_crossings = [list(layer) for layer in current], crossings
    return best


def _sorted_by_barycentre(layer, near, where):
    keys = {}
    for k, item in enumerate(layer):
        neighbours = [where[j] for j in near.get(item, ()) if j in where]
        keys[item] = sum(neighbours) / len(neighbours) if neighbours else float(k)
    return sorted(layer, key=lambda item: keys[item])


def _crossings(layers, links) -> int:
    where = {item: k for layer in layers for k, item in enumerate(layer)}
    column = {item: c for c, layer in enumerate(layers) for item in layer}
    by_column = {}
    for a, b in links:
        by_column.setdefault(column[a], []).append((where[a], where[b]))
    count = 0
    for pairs in by_column.values():
        for i, (a1, b1) in enumerate(pairs):
            for a2, b2 in pairs[i + 1:]:
                count += (a1 - a2) * (b1 - b2) < 0
    return count


def _rows(layers, links, n_nodes):
    """item -> row: each column spread on its own, then pulled toward its neighbours."""
    neighbours = {}
    for a, b in links:
        neighbours.setdefault(a, []).append(b)
        neighbours.setdefault(b, []).append(a)
    rows = {}
    for layer in layers:
        offsets = _offsets(layer, n_nodes)
        middle = offsets[-1] / 2 if offsets else 0.0
        rows.update({item: o - middle for item, o in zip(layer, offsets)})
    for _ in range(ROUNDS):
        for layer in layers:
            wanted = [sum(rows[j] for j in neighbours[i]) / len(neighbours[i])
                      if neighbours.get(i) else rows[i] for i in layer]
            rows.update(zip(layer, _placed(wanted, _offsets(layer, n_nodes))))
    return rows


def _offsets(layer, n_nodes):
    """Cumulative minimum distances from the first item of ``layer`` to each."""
    offsets, total = [], 0.0
    for k, item in enumerate(layer):
        if k:
            total += _GAP[(layer[k - 1] >= n_nodes, item >= n_nodes)]
        offsets.append(total)
    return offsets


def _placed(wanted, offsets):
    """Rows as close as possible (least squares) to ``wanted``, in order, with
    row[k] - row[k-1] >= offsets[k] - offsets[k-1]: pool adjacent violators on row - offset."""
    blocks = []                      # [mean of (wanted - offset), count]
    for w, o in zip(wanted, offsets):
        blocks.append([w - o, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            value, count = blocks.pop()
            mean, size = blocks[-1]
            blocks[-1] = [(mean * size + value * count) / (size + count), size + count]
    shifted = [value for value, count in blocks for _ in range(count)]
    return [s + o for s, o in zip(shifted, offsets)]
