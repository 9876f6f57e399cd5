"""Section "basins": basins of attraction on Himmelblau, the coarse map and the full one.

What the basins window computes when a learning rate changes (``engine.basins.refine_basins``'s
default levels): gradient descent and Adam at the preset's demonstration rates, the preset's
four known minima, 1,000 steps, from the 50x50 (coarse) and the 200x200 (full) grid of starts.

Then the same in the basins window (offscreen, on the worker thread it uses), from a change of
the first panel's lr to the coarse map of it on screen ("window coarse") and to both full maps
on screen ("window full"): the latency a person sees.
"""

from __future__ import annotations

import time

from gradviz.bench.timing import clock, interleaved, median, timed

STEPS = 1000
LEVELS = {"coarse": (50, 50), "full": (200, 200)}
OPTIMIZERS = ("gd", "adam")
ROUNDS = (3, 1)


def run(quick: bool = False) -> list[dict]:
    """One row per optimizer and level: the median seconds of one map."""
    from gradviz.engine.basins import compute_basins
    from gradviz.engine.expression import parse_expression
    from gradviz.engine.presets import PRESETS

    preset = PRESETS["himmelblau"]
    objective = parse_expression(preset.expression)
    cases = {}
    for name in OPTIMIZERS:
        for level, resolution in LEVELS.items():
            def case(name=name, resolution=resolution):
                return timed(lambda: compute_basins(
                    objective, name, preset.domain, STEPS, resolution,
                    hyper={"lr": preset.lr[name]}, known=preset.minima))

            cases[(name, level)] = case
    times = interleaved(cases, ROUNDS[1 if quick else 0], warmup=0 if quick else 1)
    rows = [{"optimizer": name, "level": level, "resolution": "x".join(map(str, LEVELS[level])),
             "steps": STEPS, "seconds": median(seconds)}
            for (name, level), seconds in times.items()]
    shown = window_latency(ROUNDS[1 if quick else 0])
    return rows + [{"optimizer": "+".join(OPTIMIZERS), "level": f"window {level}",
                    "resolution": "x".join(map(str, LEVELS[level])), "steps": STEPS,
                    "seconds": median(shown[level])} for level in LEVELS]


WAIT_S = 30.0


def _wait(app, done):
    t0 = clock()
    while not done():
        if clock() - t0 > WAIT_S:
            raise RuntimeError("bench: the basins window did not show its maps")
        app.processEvents()
        time.sleep(0.001)
    return clock() - t0


def window_latency(rounds: int) -> dict:
    """{"coarse": [s], "full": [s]}: from an lr change to the maps on screen, ``rounds`` times."""
    from gradviz.bench.window import _close, _open
    from gradviz.engine.optimizers import OPTIMIZERS as SPECS
    from gradviz.engine.session import from_preset
    from gradviz.gui.basins_worker import open_basins
    from gradviz.state.intents import SetPanel

    app, window = _open(from_preset("himmelblau", optimizers=OPTIMIZERS, steps=STEPS))
    dialog = open_basins(window)
    state = window.state
    out = {"coarse": [], "full": []}
    try:
        _wait(app, lambda: dialog.status.text().startswith("Stars"))
        for r in range(rounds):
            panel = state.session.panels[0]
            lr = panel.hyper["lr"] * (0.9 if r % 2 else 1.1)
            title = f"{SPECS[panel.optimizer].label}, lr {lr:g}"
            t0 = clock()
            state.apply(SetPanel(0, panel.optimizer, {**panel.hyper, "lr": lr}))
            _wait(app, lambda: dialog.titles[:1] == [title])
            out["coarse"].append(clock() - t0)
            _wait(app, lambda: dialog.status.text().startswith("Stars"))
            out["full"].append(clock() - t0)
    finally:
        dialog.done(0)
        _close(window)
    return out
