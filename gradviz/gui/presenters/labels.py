"""The words and numbers a run is shown with, wherever it is shown (panels, overlay legend,
3D legend, regression lines)."""

from __future__ import annotations


def run_title(run, extra: str = "") -> str:
    """A panel's title: the optimizer and its learning rate ("Gradient descent, lr 0.02"), so
    panels running one optimizer at different rates can be told apart; ``extra``: what tells
    it from a panel of the same optimizer and rate (see :func:`run_titles`)."""
    from gradviz.engine.names import panel_title

    return panel_title(run.label, run.trajectory.hyper.get("lr"), extra=extra)


def run_titles(runs) -> list[str]:
    """Every run's title, with what tells it from a run of the same optimizer at the same lr
    ("Momentum, lr 0.05, \u03bc 0.9" beside "Momentum, lr 0.05, \u03bc 0.5")."""
    from gradviz.engine.names import distinctions

    extras = distinctions([(run.label, dict(run.trajectory.hyper)) for run in runs])
    return [run_title(run, extra) for run, extra in zip(runs, extras)]


def overlay_title(runs) -> str:
    """The overlay's title: every run's title ("Overlay: Gradient descent, lr 0.02 \u00b7 Adam,
    lr 0.1"), the optimizer named once where all runs share it and differ only in lr
    ("Overlay: Gradient descent, lr 0.02 \u00b7 0.09 \u00b7 0.11")."""
    from gradviz.engine.names import rate_text

    titles = run_titles(runs)
    lrs = [run.trajectory.hyper.get("lr") for run in runs]
    plain = [run_title(run) for run in runs]
    if len({run.label for run in runs}) == 1 and None not in lrs and titles == plain:
        return f"Overlay: {runs[0].label}, lr " + " \u00b7 ".join(rate_text(lr) for lr in lrs)
    return "Overlay: " + " \u00b7 ".join(titles)


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
