"""Divergence: the step a run-away began, for an event mark and for a panel's status
("diverging since step k"), computed from a single-start Trajectory (record "all" or "path").

A run-away is confirmed at the first step c where any of these holds: f or the point is no
longer finite (``diverged_at``); for the last GROW_STEPS steps each step moved further than
the one before and f rose, and f is above its starting value; the point is more than FAR times
the domain's half-diagonal from the domain's centre. It started at the step after f was last
at its lowest before c, or, if sooner, the first step of the point's final departure from the
domain. A growth that f recovers from (back down to that lowest value) is no run-away.

Example: gradient descent on x^2 at lr 1.1 multiplies x by -1.2 a step, so f rises from step 1
and each step is longer than the last: confirmed at step 5, diverging since step 1.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

GROW_STEPS = 4        # steps each longer than the last, with f rising: a run-away
FAR = 10.0            # ... or this many half-diagonals of the domain from its centre


def checked(trajectory):
    """``trajectory`` itself, if it is a single start with its path recorded (else ValueError)."""
    if trajectory.batch or trajectory.points is None:
        raise ValueError('events need a single-start trajectory with record="all" or "path"')
    return trajectory


def values_of(trajectory, upto=None):
    """f at steps 0..upto (default: all) as a new array, from a divergence on +inf."""
    f = np.array(trajectory.values[: (trajectory.steps if upto is None else upto) + 1], float)
    f[~np.isfinite(f)] = np.inf
    if trajectory.diverged_at is not None:
        f[trajectory.diverged_at:] = np.inf
    return f


def diverging_since(trajectory, upto=None, domain=None):
    """The step a run-away began, if it is confirmed by step ``upto`` (default: the last), else
    None: what a panel's status shows as "diverging since step k" at playback step ``upto``,
    using nothing after it. ``domain`` ``((xmin, xmax), (ymin, ymax))`` enables the "far from
    the domain" test. See the module docstring for the rule."""
    found = runaway(trajectory, upto, domain)
    return None if found is None else found.start


class Runaway(NamedTuple):
    """A confirmed run-away: it ``start``-ed at a step, was ``confirmed`` at a later (or the
    same) one because of ``cause`` ("inf", "grow" or "far"); ``low`` is the lowest f before
    it started (None when the start is the point's departure from the domain)."""

    start: int
    confirmed: int
    cause: str
    low: float | None


def runaway(trajectory, upto=None, domain=None):
    """The :class:`Runaway` of ``trajectory`` confirmed by step ``upto``, or None. A growth
    that f later recovers from (f back down to its low before ``upto``) is no run-away: the
    search goes on from there."""
    t = checked(trajectory)
    last = t.steps if upto is None else max(0, min(int(upto), t.steps))
    f = values_of(t, last)
    begin = 0
    while True:
        confirmed, cause = _confirmation(t, f, last, domain, begin)
        if confirmed is None:
            return None
        start, low = confirmed, None
        before = f[begin:confirmed]
        if before.size and np.isfinite(before).any() and f[confirmed] > before.min():
            low = float(before.min())
            start = begin + int(np.flatnonzero(before == low)[-1]) + 1
        if domain is not None:
            inside = _inside(t.points[: confirmed + 1], domain)
            if not inside[confirmed] and inside.any() and np.flatnonzero(inside)[-1] + 1 < start:
                start, low = int(np.flatnonzero(inside)[-1]) + 1, None
        back = np.flatnonzero(f[confirmed:] <= low) if cause == "grow" and low is not None else []
        if len(back) == 0:
            return Runaway(start, confirmed, cause, low)
        begin = confirmed + int(back[0])


def _confirmation(t, f, last, domain, begin=0):
    """(the first step in begin..last that proves a run-away, why) or (None, None)."""
    found = []
    if t.diverged_at is not None and begin <= t.diverged_at <= last:
        found.append((t.diverged_at, "inf"))
    pts = np.asarray(t.points[: last + 1], float)
    with np.errstate(all="ignore"):
        moved = np.hypot(*np.diff(pts, axis=0).T)          # moved[j-1]: the step into p_j
        longer = np.concatenate([[False, False], moved[1:] > moved[:-1]])[: last + 1]
        rising = np.concatenate([[False], f[1:] > f[:-1]])
        both = (longer & rising).astype(int)
        streak = np.convolve(both, np.ones(GROW_STEPS, int))[: len(both)]
        grown = np.flatnonzero((streak >= GROW_STEPS) & (f > f[0]) & np.isfinite(f))
    grown = grown[grown >= begin]
    if grown.size:
        found.append((int(grown[0]), "grow"))
    if domain is not None:
        (x0, x1), (y0, y1) = domain
        reach = FAR * math.hypot(x1 - x0, y1 - y0) / 2
        with np.errstate(invalid="ignore"):
            far = np.flatnonzero(np.hypot(pts[:, 0] - (x0 + x1) / 2,
                                          pts[:, 1] - (y0 + y1) / 2) > reach)
        far = far[far >= begin]
        if far.size:
            found.append((int(far[0]), "far"))
    return min(found) if found else (None, None)


def _inside(points, domain):
    (x0, x1), (y0, y1) = domain
    with np.errstate(invalid="ignore"):
        return ((points[:, 0] >= x0) & (points[:, 0] <= x1)
                & (points[:, 1] >= y0) & (points[:, 1] <= y1))
