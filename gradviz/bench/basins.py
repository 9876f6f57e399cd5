"""Section "basins": basins of attraction on Himmelblau, the coarse map and the full one.

What the basins window computes when a learning rate changes (``engine.basins.refine_basins``'s
default levels): gradient descent and Adam at the preset's demonstration rates, the preset's
four known minima, 1,000 steps, from the 50x50 (coarse) and the 200x200 (full) grid of starts.
"""

from __future__ import annotations

from gradviz.bench.timing import interleaved, median, timed

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
    return [{"optimizer": name, "level": level, "resolution": "x".join(map(str, LEVELS[level])),
             "steps": STEPS, "seconds": median(seconds)}
            for (name, level), seconds in times.items()]
