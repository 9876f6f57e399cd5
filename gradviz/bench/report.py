"""The bench's results: targets checked, a human-readable table, and every figure's name.

``results`` is the dict :mod:`gradviz.bench.command` builds (``--json`` prints it as is).
"""

from __future__ import annotations

GRID_TARGET_N = 1000
EDIT_P95_MS = 50.0
EDIT_SHOWN_P95_MS = 130.0   # from the last key: the pause in typing included
DRAG_P95_MS = {"param": 33.0, "lr": 16.0}   # 30 and 60 redraws a second
FRAME_P95_MS = 8.0          # 2 panels: 120 frames a second of headroom
FRAME_60FPS_MS = 1000 / 60  # 5,000-point paths: a 60 Hz frame still fits
ADAM_100K_STEPS = 1000.0
BASINS_S = {"coarse": 0.3, "full": 2.0}   # the coarse map of a change, then the full one
STARTUP_S = 0.5          # issue 19: the first frame within half a second


def targets(results: dict) -> list[dict]:
    """Each target (issues 7 and 19) with the measured value and whether it is met."""
    out = []

    def add(name, target, value, met):
        out.append({"target": name, "goal": target, "value": value, "met": bool(met)})

    if "grid" in results:
        worst = max((r for r in results["grid"] if r["n"] == GRID_TARGET_N),
                    key=lambda r: r["ratio"])
        add(f"grid f+grad at {GRID_TARGET_N}x{GRID_TARGET_N}, worst ratio to numpy",
            "<= 1.0x", f"{worst['ratio']:.2f}x ({worst['function']})", worst["ratio"] <= 1.0)
    if "edit" in results:
        p95 = results["edit"]["p95_ms"]
        add("edit latency p95", f"<= {EDIT_P95_MS:.0f} ms", f"{p95:.1f} ms", p95 <= EDIT_P95_MS)
        from gradviz.state.app_state import TYPING_PAUSE

        shown = TYPING_PAUSE * 1e3 + p95
        add("edit on screen after the last key, p95", f"<= {EDIT_SHOWN_P95_MS:.0f} ms",
            f"{shown:.1f} ms ({TYPING_PAUSE * 1e3:.0f} ms pause)", shown <= EDIT_SHOWN_P95_MS)
    for name, words in (("param", "function parameter"), ("lr", "lr")):
        if name in results.get("drag", {}):
            row, goal = results["drag"][name], DRAG_P95_MS[name]
            value = row["cpu_p95_ms"] if busy(results) else row["p95_ms"]
            add(f"{words} slider drag p95", f"<= {goal:.0f} ms",
                f"{value:.1f} ms{' CPU' if busy(results) else ''}", value <= goal)
    if "frame" in results:
        frames = results["frame"]
        key = "cpu_p95_ms" if busy(results) else "p95_ms"
        for panels in (2, 4):
            rows = [r for r in frames if r["panels"] == panels]
            worst = max(rows, key=lambda r: r[key])
            add(f"frame p95, {panels} panels", f"<= {FRAME_P95_MS:.0f} ms",
                f"{worst[key]:.1f} ms{' CPU' if busy(results) else ''} "
                f"({worst['path_points']} points)", worst[key] <= FRAME_P95_MS)
        long = [r for r in frames if r["path_points"] == max(x["path_points"] for x in frames)]
        worst = max(long, key=lambda r: r[key])
        add(f"60 fps with {worst['path_points']:,}-point paths (p95)",
            f"<= {FRAME_60FPS_MS:.1f} ms", f"{worst[key]:.1f} ms{' CPU' if busy(results) else ''}"
            f" ({worst['panels']} panels)", worst[key] <= FRAME_60FPS_MS)
    if "optimizer" in results:
        adam = [r for r in results["optimizer"] if r["optimizer"] == "adam"
                and r["starts"] == max(x["starts"] for x in results["optimizer"])
                and r["path"] != "general path"]   # what gradviz runs, not the comparison
        if adam:
            value = adam[0]["steps_per_s"]
            add(f"Adam with {adam[0]['starts']:,} starts", f">= {ADAM_100K_STEPS:.0f} steps/s",
                f"{value:,.0f} steps/s", value >= ADAM_100K_STEPS)
    for level, goal in BASINS_S.items():   # in the window when measured there
        rows = [r for r in results.get("basins", []) if r["level"] == f"window {level}"] or \
            [r for r in results.get("basins", []) if r["level"] == level]
        if rows:
            worst = max(rows, key=lambda r: r["seconds"])
            add(f"basins {level} map {worst['resolution']}", f"<= {goal} s",
                f"{worst['seconds']:.2f} s ({worst['optimizer']})", worst["seconds"] <= goal)
    jax = [r for r in results.get("peers", {}).get("rows", [])
           if r["library"] == "jax" and r["job"] == "adam"]
    if jax:
        add("Adam batch against JAX's jitted loop", "faster (ratio >= 1)",
            f"JAX takes {jax[0]['ratio']:.2f}x gradviz's time", jax[0]["ratio"] >= 1.0)
    if "startup" in results:
        value = results["startup"]["p50_s"]
        add("start-up to the first frame (p50)", f"<= {STARTUP_S} s", f"{value:.2f} s",
            value <= STARTUP_S)
    return out


def busy(results: dict) -> bool:
    """True when other work shared the cores (the 1-minute load average, before or after, was
    within half a core of their number): then CPU time is what gradviz itself spent."""
    m = results["machine"]
    loads = [v for v in (m.get("load_average"), m.get("load_average_after")) if v is not None]
    return bool(loads) and max(loads) > (m["cores"] or 1) - 0.5


def table(results: dict) -> str:
    """The results as plain-text tables, one per section, then the targets."""
    lines = []
    m = results["machine"]
    lines.append(f"gradviz {results['version']} bench{' --quick' if results['quick'] else ''}: "
                 f"{m['cpu']}, {m['cores']} cores, {m['os']}, Python {m['python']}, "
                 f"numpy {m['numpy']}, Qt {m['PySide6']} ({m['rendering']})")
    if m.get("load_average") is not None:
        lines.append(f"load average (1 min) {m['load_average']} before, "
                     f"{m.get('load_average_after')} after"
                     + (": other work shared the cores, so every figure is slower than this "
                        "machine can do (targets in CPU time where measured)"
                        if busy(results) else ""))
    if "grid" in results:
        lines += ["", "1. f and grad f on a grid: gradviz / hand-written numpy (median ms)",
                  f"{'function':<20}{'n':>6}{'gradviz':>10}{'numpy':>10}{'ratio':>8}"]
        for r in results["grid"]:
            lines.append(f"{r['function']:<20}{r['n']:>6}{r['gradviz_ms']:>10.2f}"
                         f"{r['numpy_ms']:>10.2f}{r['ratio']:>7.2f}x")
    if "edit" in results:
        e = results["edit"]
        ph = "  ".join(f"{k} {v:.1f}" for k, v in e["phases_p50_ms"].items())
        lines += ["", f"2. Edit latency, text to both panels repainted ({e['samples']} edits, "
                      f"{e['presets']} presets)",
                  f"p50 {e['p50_ms']:.1f} ms   p95 {e['p95_ms']:.1f} ms   (p50 by phase, ms: {ph})"]
    if "drag" in results:
        lines += ["", "2b. Dragging a slider, value change to both panels repainted (ms)",
                  f"{'slider':<11}{'moves':>6}{'p50':>8}{'p95':>8}{'CPU p50':>9}{'CPU p95':>9}"]
        for name, r in results["drag"].items():
            lines.append(f"{name:<11}{r['moves']:>6}{r['p50_ms']:>8.1f}{r['p95_ms']:>8.1f}"
                         f"{r['cpu_p50_ms']:>9.1f}{r['cpu_p95_ms']:>9.1f}")
        lines.append(f"(param: the coarse grid while it moves; the full grid "
                     f"{results['drag']['param']['settle_s'] * 1e3:.0f} ms after the last move)")
    if "frame" in results:
        lines += ["", "3. Frame time of the main window, offscreen 1280x720",
                  f"{'panels':>6}{'path points':>13}{'p50 ms':>9}{'p95 ms':>9}"
                  f"{'fps p50':>9}{'fps p95':>9}{'CPU p95':>9}"]
        for r in results["frame"]:
            lines.append(f"{r['panels']:>6}{r['path_points']:>13,}{r['p50_ms']:>9.2f}"
                         f"{r['p95_ms']:>9.2f}{r['fps_p50']:>9.0f}{r['fps_p95']:>9.0f}"
                         f"{r['cpu_p95_ms']:>9.2f}")
    if "optimizer" in results:
        lines += ["", "4. Optimizer throughput on Rosenbrock (steps a second of the whole batch)",
                  f"{'optimizer':<10}{'starts':>9}  {'path':<13}{'record':<8}{'steps/s':>12}"
                  f"{'point-steps/s':>15}"]
        for r in results["optimizer"]:
            lines.append(f"{r['optimizer']:<10}{r['starts']:>9,}  {r['path']:<13}{r['record']:<8}"
                         f"{r['steps_per_s']:>12,.0f}{r['point_steps_per_s']:>15,.0f}")
    if "basins" in results:
        lines += ["", "5. Basins of attraction on Himmelblau, 1,000 steps (median seconds a map;"
                      " window: from an lr change to the maps on screen)",
                  f"{'optimizer':<10}{'level':<15}{'grid':>9}{'seconds':>10}"]
        for r in results["basins"]:
            lines.append(f"{r['optimizer']:<10}{r['level']:<15}{r['resolution']:>9}"
                         f"{r['seconds']:>10.3f}")
    if "peers" in results:
        lines += ["", *_peers_table(results["peers"])]
    if "startup" in results:
        s = results["startup"]
        ph = "  ".join(f"{k} {v:.2f}" for k, v in s["phases_p50_s"].items())
        lines += ["", f"7. Start-up to the first painted frame ({s['runs']} fresh processes)",
                  f"p50 {s['p50_s']:.2f} s"
                  + (f", CPU {s['cpu_p50_s']:.2f} s" if "cpu_p50_s" in s else "")
                  + f"   (p50 by phase, s: {ph})"]
    if results.get("targets"):
        lines += ["", "Targets"]
        for t in results["targets"]:
            mark = "met" if t["met"] else "NOT met"
            lines.append(f"  {t['target']:<52} {t['goal']:<18} {t['value']:<28} {mark}")
    return "\n".join(lines)


def figures(results: dict) -> list[tuple[str, float]]:
    """Every number the bench reports, as (name, value): what the test checks is present."""
    out = []
    for r in results.get("grid", []):
        for key in ("gradviz_ms", "numpy_ms", "ratio"):
            out.append((f"grid {r['function']} {r['n']} {key}", r[key]))
    if "edit" in results:
        for key in ("p50_ms", "p95_ms"):
            out.append((f"edit {key}", results["edit"][key]))
    for name, r in results.get("drag", {}).items():
        for key in ("p50_ms", "p95_ms", "cpu_p50_ms", "cpu_p95_ms"):
            out.append((f"drag {name} {key}", r[key]))
    if "drag" in results:
        out.append(("drag param settle_s", results["drag"]["param"]["settle_s"]))
    for r in results.get("frame", []):
        for key in ("p50_ms", "p95_ms", "fps_p50", "fps_p95", "cpu_p95_ms"):
            out.append((f"frame {r['panels']} panels {r['path_points']} points {key}", r[key]))
    for r in results.get("optimizer", []):
        out.append((f"optimizer {r['optimizer']} {r['starts']} {r['path']} steps_per_s",
                    r["steps_per_s"]))
    for r in results.get("basins", []):
        out.append((f"basins {r['optimizer']} {r['level']} seconds", r["seconds"]))
    for r in results.get("peers", {}).get("rows", []):
        out.append((f"peers {r['job']} {r['library']} wall_s", r["wall_s"]))
        if r["library"] != "gradviz":
            out.append((f"peers {r['job']} {r['library']} ratio", r["ratio"]))
    if "startup" in results:
        out.append(("startup p50_s", results["startup"]["p50_s"]))
    return out


_NAMES = {"torch": "PyTorch", "jax": "JAX", "gradviz": "gradviz"}


def _peers_table(peers: dict) -> list[str]:
    """Section 6: each job by each library, and which peers are not installed."""
    have = ", ".join(f"{_NAMES[k]} {v}" for k, v in peers["peers"].items() if v)
    missing = [_NAMES[k] for k, v in peers["peers"].items() if not v]
    lines = [f"6. Peers, the same jobs in the same run: Adam on Rosenbrock, {peers['starts']:,} "
             f"starts x {peers['steps']} steps; f and grad f on a {peers['grid_n']}x"
             f"{peers['grid_n']} grid (median s; ratio = peer / gradviz)",
             f"installed: {have or 'none'}"
             + (f"; not installed: {', '.join(missing)} (pip install gradviz[peers])"
                if missing else ""),
             f"{'job':<6}{'library':<10}{'wall s':>9}{'CPU s':>9}{'ratio':>8}"]
    for r in peers["rows"]:
        lines.append(f"{r['job']:<6}{_NAMES[r['library']]:<10}{r['wall_s']:>9.4f}"
                     f"{r['cpu_s']:>9.4f}{r['ratio']:>7.2f}x")
    return lines
