"""The words and numbers a run is shown with, wherever it is shown (panels, overlay legend,
3D legend, regression lines)."""

from __future__ import annotations


def run_title(run) -> str:
    """A panel's title: the optimizer and its learning rate ("Gradient descent, lr 0.02"), so
    panels running one optimizer at different rates can be told apart."""
    lr = run.trajectory.hyper.get("lr")
    if lr is None:
        return run.label
    return f"{run.label}, lr {lr:.3g}".replace("e-0", "e-").replace("e+0", "e+")


def legend_tags(session, index) -> str:
    """", cosine lr, tuned" after a panel's name in the overlay legend: its schedule (if not
    constant) and whether its lr is a tuned one (still valid)."""
    from gradviz.engine.scene import tuned_note
    from gradviz.engine.schedules import SCHEDULES

    panel, tags = session.panels[index], []
    if panel.schedule != "constant":
        tags.append(f"{SCHEDULES[panel.schedule].label.lower()} lr")
    if tuned_note(session, index):
        tags.append("tuned")
    return "".join(f", {t}" for t in tags)


def scheduled_lr(traj, k):
    """The scheduled lr of the update leaving step k (NaN at the end), None without one."""
    if traj.lrs is None:
        return None
    return float(traj.lrs[k]) if k < len(traj.lrs) else float("nan")


def shown_step(traj, k) -> int:
    """The step whose point is drawn as current at step k: the last before a divergence."""
    return k if traj.diverged_at is None else min(k, traj.diverged_at)


def line_of(run, k) -> tuple:
    """(w, b) of a regression ``run`` at step ``k``: its point then."""
    w, b = run.trajectory.points[shown_step(run.trajectory, k)]
    return float(w), float(b)
