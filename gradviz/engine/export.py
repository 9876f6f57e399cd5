"""The trajectories of a session as data: CSV and JSON with every per-step value.

One row per panel per step k (k = first..last, default 0..steps), so a full export has
``len(panels) * (steps + 1)`` rows. Columns (the union over the panels' optimizers; a column
an optimizer does not have is empty in CSV and absent from that panel in JSON):

- ``panel`` (1-based), ``optimizer``, ``step``
- ``x``, ``y``: the point p_k; ``f``: f(p_k); ``dfdx``, ``dfdy``: grad f(p_k);
  ``grad_norm``: |grad f(p_k)|
- ``update_x``, ``update_y``: the step applied from p_k to p_{k+1} (empty on the last row)
- regression sessions only: ``w``, ``b``, the fitted line y = w*x + b at step k in the data's
  units (with feature scaling the landscape's x, y are (w', b') of the scaled feature; these
  are the same line converted back); without scaling they equal x and y
- ``lr``: the learning rate of that update (the panel's schedule at update k + 1, or its
  constant lr; empty on the last row)
- ``noise_x``, ``noise_y`` (only when the session has gradient noise): the noise added to the
  gradient the optimizer used for that update (empty on the last row)
- the optimizer's state after k updates, named as in torch.optim: ``count``, then
  ``<field>_x``, ``<field>_y`` for each array (``momentum_buffer``, ``exp_avg``,
  ``exp_avg_sq``, ``max_exp_avg_sq``, ``sum``, ``square_avg``, ``grad_avg``)

Numbers are written with full float64 precision (``repr``); CSV writes ``inf`` and ``nan``
as Python and numpy read them, JSON writes them as ``null``. Pure: no Qt.
"""

from __future__ import annotations

import csv
import io
import json
import math

import numpy as np

from gradviz.engine import field_checks, session_io

FORMAT = "gradviz-trajectories"
VERSION = 1
POINT_COLUMNS = ("x", "y", "f", "dfdx", "dfdy", "grad_norm", "update_x", "update_y", "lr")
NOISE_COLUMNS = ("noise_x", "noise_y")
UPDATE_COLUMNS = ("update_x", "update_y", "lr") + NOISE_COLUMNS
"""Columns about the update leaving step k: empty on the last row."""


def compute(session):
    """The Runs of every panel of ``session`` (engine.scene.Run: label, trajectory, ...)."""
    from gradviz.engine.scene import compute_runs, objective_for

    return compute_runs(objective_for(session), session)


def _line(session):
    """``to_original(w, b)`` of a regression session's loss, else None."""
    if getattr(session, "mode", "function") != "regression":
        return None
    from gradviz.engine.regression_mode import loss_for

    return loss_for(session).to_original


def step_range(session, first=None, last=None):
    """(first, last) clipped to 0..steps; ValueError if the range is empty."""
    first = 0 if first is None else int(first)
    last = session.steps if last is None else int(last)
    if not 0 <= first <= last <= session.steps:
        raise ValueError(f"steps {first}:{last} are outside the run (0 to {session.steps})")
    return first, last


def panel_columns(trajectory, line=None):
    """{column name: 1-D array over steps 0..steps} for one panel (state columns included);
    ``line``: a regression loss's ``to_original``, which adds the columns w and b."""
    steps = trajectory.steps
    updates = np.full((steps + 1, 2), np.nan)
    updates[:steps] = trajectory.updates
    lrs = np.full(steps + 1, np.nan)
    lrs[:steps] = trajectory.hyper["lr"] if trajectory.lrs is None else trajectory.lrs
    columns = {
        "x": trajectory.points[:, 0], "y": trajectory.points[:, 1], "f": trajectory.values,
        "dfdx": trajectory.grads[:, 0], "dfdy": trajectory.grads[:, 1],
        "grad_norm": trajectory.grad_norms,
        "update_x": updates[:, 0], "update_y": updates[:, 1], "lr": lrs,
    }
    if line is not None:
        w, b = line(trajectory.points[:, 0], trajectory.points[:, 1])
        columns["w"], columns["b"] = np.asarray(w, dtype=float), np.asarray(b, dtype=float)
    if trajectory.noise_added is not None:
        noise = np.full((steps + 1, 2), np.nan)
        noise[:steps] = trajectory.noise_added
        columns["noise_x"], columns["noise_y"] = noise[:, 0], noise[:, 1]
    for name, values in zip(trajectory.states._fields, trajectory.states):
        values = np.asarray(values)
        if values.ndim == 1:
            columns[name] = values
        elif values.shape[1:] == (2,):
            columns[f"{name}_x"], columns[f"{name}_y"] = values[:, 0], values[:, 1]
        # wider fields (the line search's trial_points, trial_values) do not fit a row
    return columns


def to_csv(session, runs=None, first=None, last=None) -> str:
    """CSV text: a header, then one row per panel and step (panel 1 first, steps in order)."""
    runs = compute(session) if runs is None else runs
    first, last = step_range(session, first, last)
    line = _line(session)
    tables = [panel_columns(run.trajectory, line) for run in runs]
    noise = [n for n in NOISE_COLUMNS if any(n in table for table in tables)]
    state_names = []
    for table in tables:
        state_names += [n for n in table
                        if n not in POINT_COLUMNS + NOISE_COLUMNS and n not in state_names]
    header = ["panel", "optimizer", "step", *POINT_COLUMNS, *noise, *state_names]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for index, (panel, table) in enumerate(zip(session.panels, tables)):
        names = [*POINT_COLUMNS, *noise, *state_names]
        for k in range(first, last + 1):
            row = [index + 1, panel.optimizer, k]
            for name in names:
                # no update leaves the last point
                empty = name not in table or (k == session.steps and name in UPDATE_COLUMNS)
                row.append("" if empty else _csv_number(table[name][k]))
            writer.writerow(row)
    return out.getvalue()


def to_json(session, runs=None, first=None, last=None) -> str:
    """JSON text: the session itself (as in a session file) and per panel its optimizer,
    full hyperparameters, divergence and convergence steps and one array per column."""
    runs = compute(session) if runs is None else runs
    first, last = step_range(session, first, last)
    panels, line = [], _line(session)
    for index, run in enumerate(runs):
        trajectory = run.trajectory
        table = panel_columns(trajectory, line)
        panels.append({
            "panel": index + 1,
            "optimizer": trajectory.optimizer,
            "label": run.label,
            "hyper": field_checks.plain(trajectory.hyper),
            "diverged_at": trajectory.diverged_at,
            "converged_at": run.converged_at,
            "steps": list(range(first, last + 1)),
            "columns": {name: [_json_number(v) for v in values[first:last + 1]]
                        for name, values in table.items()},
        })
    document = {"format": FORMAT, "version": VERSION, "first_step": first, "last_step": last,
                "session": session_io.to_dict(session), "panels": panels}
    return json.dumps(document, allow_nan=False, ensure_ascii=False) + "\n"


def _csv_number(value):
    value = float(value)
    if value.is_integer() and abs(value) < 2**53:
        return str(int(value)) if value != 0 or math.copysign(1, value) > 0 else "0"
    return repr(value)


def _json_number(value):
    value = float(value)
    if not math.isfinite(value):
        return None
    return value
