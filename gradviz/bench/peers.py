"""Section "peers": gradviz beside PyTorch and JAX, in the same run, when they are installed.

Two jobs, each done by every library present, in interleaved rounds (``pip install
gradviz[peers]`` brings both; neither is ever needed by gradviz):

- **Adam batch**: Rosenbrock from 100,000 starts (the optimizer section's, fixed seed) for 100
  steps, float64, lr 0.1, torch.optim.Adam's formulas. gradviz: ``trajectory.run(...,
  record="final")``. PyTorch: eager, autograd on the summed f, ``torch.optim.Adam``, one thread
  (``torch.set_num_threads(1)``: on a shared machine its thread pool was 30 times slower).
  JAX: the whole loop jitted (``lax.fori_loop``, ``jax.grad`` of the summed f), compiled
  before timing, its own thread settings.
- **Grid gradient**: Rosenbrock's f and grad f on a 1000x1000 grid over its preset domain.
  gradviz: ``field.sample_grid``; PyTorch: autograd on meshgrid tensors; JAX: jitted
  ``value_and_grad`` over the meshgrid.

Each peer's result is checked against gradviz's (final points, f and gradient to 1e-9
relative) before it is timed, so the ratios compare the same computation. The figures are
medians of wall time with the CPU time beside it (more CPU than wall: several threads).
"""

from __future__ import annotations

import time

from gradviz.bench.timing import interleaved, median

STARTS, STEPS, LR = 100_000, 100, 0.1
GRID_N = 1000
ROUNDS = (5, 1)
PEERS = ("torch", "jax")


def _rosenbrock(lib, x, y):
    return (1 - x) ** 2 + 100 * (y - x * x) ** 2


def _torch_jobs(starts, steps, domain):
    import torch

    torch.set_num_threads(1)

    def adam():
        p = torch.tensor(starts, dtype=torch.float64, requires_grad=True)
        opt = torch.optim.Adam([p], lr=LR)
        for _ in range(steps):
            opt.zero_grad()
            _rosenbrock(torch, p[:, 0], p[:, 1]).sum().backward()
            opt.step()
        return p.detach().numpy()

    (x0, x1), (y0, y1) = domain
    xs = torch.linspace(x0, x1, GRID_N, dtype=torch.float64)
    ys = torch.linspace(y0, y1, GRID_N, dtype=torch.float64)

    def grid():
        Y, X = torch.meshgrid(ys, xs, indexing="ij")
        X.requires_grad_(True)
        Y.requires_grad_(True)
        f = _rosenbrock(torch, X, Y)
        f.sum().backward()
        return f.detach().numpy(), X.grad.numpy(), Y.grad.numpy()

    return adam, grid, torch.__version__


def _jax_jobs(starts, steps, domain):
    import jax

    jax.config.update("jax_enable_x64", True)
    import jax.numpy as jnp
    from jax import lax

    b1, b2, eps = 0.9, 0.999, 1e-8
    grad = jax.grad(lambda p: jnp.sum(_rosenbrock(jnp, p[:, 0], p[:, 1])))

    @jax.jit
    def run(p):
        def body(k, carry):
            p, m, v = carry
            g = grad(p)
            m = m + (1 - b1) * (g - m)
            v = b2 * v + (1 - b2) * g * g
            t = k + 1
            denom = jnp.sqrt(v) / jnp.sqrt(1 - b2**t) + eps
            return p - (LR / (1 - b1**t)) * m / denom, m, v

        zeros = jnp.zeros_like(p)
        return lax.fori_loop(0, steps, body, (p, zeros, zeros))[0]

    (x0, x1), (y0, y1) = domain
    Y, X = jnp.meshgrid(jnp.linspace(y0, y1, GRID_N), jnp.linspace(x0, x1, GRID_N), indexing="ij")
    both = jax.jit(jax.value_and_grad(lambda X, Y: jnp.sum(_rosenbrock(jnp, X, Y)), argnums=(0, 1)))
    value = jax.jit(lambda X, Y: _rosenbrock(jnp, X, Y))
    p0 = jnp.asarray(starts)

    def adam():
        return run(p0).block_until_ready()

    def grid():
        _, (gx, gy) = both(X, Y)
        return value(X, Y).block_until_ready(), gx.block_until_ready(), gy

    adam()   # compile both before anything is timed
    grid()
    return adam, grid, jax.__version__


def _installed():
    """name -> (adam, grid, version) job factories for the peers that import."""
    from importlib.util import find_spec

    return {name: factory for name, factory in (("torch", _torch_jobs), ("jax", _jax_jobs))
            if find_spec(name) is not None}


def _clocked(fn, cpu):
    """Wall seconds of ``fn()``; its CPU seconds appended to ``cpu``."""
    c0, t0 = time.process_time(), time.perf_counter()
    fn()
    wall = time.perf_counter() - t0
    cpu.append(time.process_time() - c0)
    return wall


def run(quick: bool = False) -> dict:
    """``{"peers": {name: version or None}, "rows": [...]}``: one row per job and library with
    median wall and CPU seconds and the ratio to gradviz (peer time / gradviz time: above 1,
    gradviz is faster). A peer that is not installed has version None and no rows."""
    import numpy as np

    from gradviz.engine import trajectory
    from gradviz.engine.expression import parse_expression
    from gradviz.engine.field import sample_grid
    from gradviz.engine.presets import PRESETS

    preset = PRESETS["rosenbrock"]
    objective = parse_expression(preset.expression)
    rng = np.random.default_rng(0)
    starts = np.column_stack([rng.uniform(-1.5, 1.5, STARTS), rng.uniform(-0.5, 2.0, STARTS)])
    jobs = {"gradviz": (
        lambda: trajectory.run(objective, "adam", starts, STEPS, record="final", lr=LR).final_points,
        lambda: sample_grid(objective, preset.domain, GRID_N))}
    versions = {name: None for name in PEERS}
    for name, factory in _installed().items():
        adam, grid, versions[name] = factory(starts, STEPS, preset.domain)
        _check(np, name, adam(), grid(), jobs["gradviz"])
        jobs[name] = (adam, grid)
    cpu = {}
    cases = {}
    for name, pair in jobs.items():
        for job, fn in zip(("adam", "grid"), pair):
            cpu[(name, job)] = []
            cases[(name, job)] = lambda fn=fn, out=cpu[(name, job)]: _clocked(fn, out)
    times = interleaved(cases, ROUNDS[1 if quick else 0], warmup=0 if quick else 1)
    rows = []
    for (name, job), seconds in times.items():
        wall = median(seconds)
        rows.append({"job": job, "library": name, "wall_s": wall,
                     "cpu_s": median(cpu[(name, job)][-len(seconds):]),
                     "ratio": wall / median(times[("gradviz", job)])})
    return {"peers": versions, "rows": rows, "starts": STARTS, "steps": STEPS, "grid_n": GRID_N}


def _check(np, name, final_points, grid, ours):
    """The peer computes what gradviz computes, or its time means nothing."""
    mine = ours[0]()
    field = ours[1]()
    finite = np.isfinite(mine).all(axis=1)
    same = np.allclose(np.asarray(final_points)[finite], mine[finite], rtol=1e-9, atol=1e-9)
    for a, b in zip(grid, (field.f, field.dfdx, field.dfdy)):
        same = same and np.allclose(np.asarray(a), b, rtol=1e-9, atol=1e-9 * np.abs(b).max())
    if not same:
        raise AssertionError(f"peers bench: {name} and gradviz disagree")
