"""Section 4: optimizer throughput, steps a second, for batches of 1 to 100,000 starts.

Rosenbrock, Adam (lr 0.1) and plain gradient descent (lr 2e-4, small enough that no start in
the box below diverges), starts spread uniformly over [-1.5, 1.5] x [-0.5, 2] with a fixed
seed. One start records everything (record="all", what the app asks for); batches record only
the final points (record="final"), so the figure is the arithmetic, not memory traffic. The
single start and the largest batch are also timed on the general numpy path
(``FAST_SINGLE = False``, ``FAST_BATCH = False``), the speed before their fast paths existed.
"""

from __future__ import annotations

from gradviz.bench.timing import interleaved, median, timed

BATCHES = (1, 100, 10_000, 100_000)
RATES = {"adam": 0.1, "gd": 2e-4}
# steps per timed run (full, quick): about 0.1-0.5 s a run on a 2-core machine. A run of a
# batch also pays ~3 ms to set up (the starts copied into rows, buffers, the first f): 8% of a
# 20-step run of 100,000 Adam starts, 1.5% of a 100-step one. Throughput is the steady rate a
# long run sees (the basins view runs 40,000 starts for the session's 1,000 steps), so the
# largest batch runs 100 steps.
STEPS = {1: (1000, 200), 100: (1000, 100), 10_000: (100, 10), 100_000: (100, 3)}
ROUNDS = (5, 1)


def run(quick: bool = False) -> list[dict]:
    import numpy as np

    from gradviz.engine import trajectory
    from gradviz.engine.expression import parse_expression
    from gradviz.engine.presets import PRESETS

    objective = parse_expression(PRESETS["rosenbrock"].expression)
    rng = np.random.default_rng(0)
    cases, meta = {}, {}
    for n in BATCHES:
        starts = np.column_stack([rng.uniform(-1.5, 1.5, n), rng.uniform(-0.5, 2.0, n)])
        steps = STEPS[n][1 if quick else 0]
        compared = n in (1, BATCHES[-1])
        variants = [("fast path", True)] + ([("general path", False)] if compared else [])
        for name, lr in RATES.items():
            for label, fast in variants:
                start = tuple(starts[0]) if n == 1 else starts
                record = "all" if n == 1 else "final"

                def case(start=start, steps=steps, name=name, lr=lr, record=record, fast=fast):
                    trajectory.FAST_SINGLE = trajectory.FAST_BATCH = fast
                    try:
                        return timed(lambda: trajectory.run(objective, name, start, steps,
                                                            record=record, lr=lr))
                    finally:
                        trajectory.FAST_SINGLE = trajectory.FAST_BATCH = True

                cases[(name, n, label)] = case
                meta[(name, n, label)] = (steps, record)
    times = interleaved(cases, ROUNDS[1 if quick else 0], warmup=0 if quick else 1)
    rows = []
    for (name, n, label), seconds in times.items():
        steps, record = meta[(name, n, label)]
        rows.append({"optimizer": name, "starts": n, "path": label,
                     "record": record, "steps": steps, "steps_per_s": steps / median(seconds),
                     "point_steps_per_s": n * steps / median(seconds)})
    return rows
