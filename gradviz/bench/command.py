"""``gradviz bench [--quick] [--json] [--only SECTIONS]``: the entry point.

Imports only the standard library at module level (the parser is built for every gradviz
command); each section imports numpy, sympy or Qt when it runs.
"""

from __future__ import annotations

import argparse
import json
import sys

SECTIONS = ("grid", "edit", "drag", "frame", "optimizer", "basins", "peers", "startup")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Measure gradviz's speed on this machine: grid evaluation against "
                          "hand-written numpy, edit latency, slider drags, frame time, optimizer throughput, "
                          "basins maps, the same jobs in PyTorch and JAX where installed "
                          "(pip install gradviz[peers]) and start-up. Takes a few minutes "
                          "(--quick: well under a minute).")
    parser.add_argument("--quick", action="store_true",
                        help="fewer rounds and samples: every figure, in seconds, less precise")
    parser.add_argument("--json", action="store_true",
                        help="print the results as JSON instead of a table")
    parser.add_argument("--only", metavar="SECTIONS", type=_sections, default=SECTIONS,
                        help=f"comma-separated sections to run: {','.join(SECTIONS)}")


def _sections(text: str) -> tuple:
    chosen = tuple(s.strip() for s in text.split(",") if s.strip())
    unknown = [s for s in chosen if s not in SECTIONS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(
            f"unknown section(s) {', '.join(unknown) or '(none)'}; choose from {', '.join(SECTIONS)}")
    return chosen


def measure(quick: bool = False, sections=SECTIONS, progress=None) -> dict:
    """Run the chosen sections; return the results dict (see :mod:`gradviz.bench.report`)."""
    from gradviz import __version__
    from gradviz.bench import basins, drag, grid, optim, peers, report, startup, timing, window

    results = {"version": __version__, "quick": quick,
               "command": "gradviz bench" + (" --quick" if quick else ""),
               "machine": timing.machine()}
    steps = {"grid": lambda: grid.run(quick), "edit": lambda: window.edit_latency(quick),
             "drag": lambda: drag.run(quick),
             "frame": lambda: window.frame_times(quick), "optimizer": lambda: optim.run(quick),
             "basins": lambda: basins.run(quick), "peers": lambda: peers.run(quick),
             "startup": lambda: startup.run(quick)}
    for name in SECTIONS:
        if name in sections:
            if progress:
                progress(name)
            results[name] = steps[name]()
    results["machine"]["load_average_after"] = timing.load_average()
    results["targets"] = report.targets(results)
    return results


def main(args: argparse.Namespace) -> int:
    from gradviz.bench import report

    def progress(name):
        print(f"gradviz bench: measuring {name}...", file=sys.stderr, flush=True)

    results = measure(args.quick, args.only, None if args.json else progress)
    if args.json:
        print(json.dumps(results, indent=1))
    else:
        print(report.table(results))
    return 0
