"""``gradviz bench``: the quick run reports every figure, as JSON and as a table (speed itself is
measured, never asserted)."""

import json
import math
import os

import pytest

from gradviz import cli
from gradviz.bench import basins, command, drag, grid, optim, peers, report, window

EXPECTED_GRID = len(grid.FUNCTIONS) * len(grid.SIZES)
EXPECTED_FRAMES = 2 * len(window.PATH_POINTS)
EXPECTED_OPTIMIZER = len(optim.RATES) * (len(optim.BATCHES) + 2)   # + the general path
# for 1 start and for the largest batch
EXPECTED_BASINS = (len(basins.OPTIMIZERS) + 1) * len(basins.LEVELS)   # + the window's


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    """One real ``gradviz bench --quick --json`` in a fresh process, offscreen."""
    import subprocess
    import sys

    from tests.conftest import REPO

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    done = subprocess.run([sys.executable, "-m", "gradviz", "bench", "--quick", "--json"],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return json.loads(done.stdout)


def test_quick_run_reports_every_figure(quick):
    assert quick["quick"] is True and quick["command"] == "gradviz bench --quick"
    assert len(quick["grid"]) == EXPECTED_GRID
    assert {(r["function"], r["n"]) for r in quick["grid"]} == {
        (f, n) for f in grid.FUNCTIONS for n in grid.SIZES}
    assert len(quick["frame"]) == EXPECTED_FRAMES
    assert {(r["panels"], r["path_points"]) for r in quick["frame"]} == {
        (2, 100), (2, 5000), (4, 100), (4, 5000)}
    assert len(quick["optimizer"]) == EXPECTED_OPTIMIZER
    assert {r["starts"] for r in quick["optimizer"]} == {1, 100, 10_000, 100_000}
    assert {r["optimizer"] for r in quick["optimizer"]} == {"adam", "gd"}
    assert set(quick["edit"]["phases_p50_ms"]) == {"parse", "landscape", "runs", "paint"}
    assert set(quick["drag"]) == {"param", "lr"}
    assert [quick["drag"][k]["moves"] for k in ("param", "lr")] == [drag.MOVES[0]] * 2
    assert 0 < quick["drag"]["param"]["settle_s"] < drag.SETTLE_LIMIT_S
    assert {(r["optimizer"], r["level"]) for r in quick["basins"]} == {
        (o, level) for o in basins.OPTIMIZERS for level in basins.LEVELS} | {
        ("gd+adam", f"window {level}") for level in basins.LEVELS}
    shown = {r["level"]: r["seconds"] for r in quick["basins"] if r["optimizer"] == "gd+adam"}
    assert 0 < shown["window coarse"] < shown["window full"]   # the coarse map first
    installed = [name for name, version in quick["peers"]["peers"].items() if version]
    assert set(quick["peers"]["peers"]) == set(peers.PEERS)
    assert {(r["job"], r["library"]) for r in quick["peers"]["rows"]} == {
        (job, lib) for job in ("adam", "grid") for lib in ["gradviz"] + installed}
    figures = report.figures(quick)
    assert len(figures) == (3 * EXPECTED_GRID + 2 + 9 + 5 * EXPECTED_FRAMES + EXPECTED_OPTIMIZER
                            + EXPECTED_BASINS + 2 + 4 * len(installed) + 1)
    for name, value in figures:
        assert math.isfinite(value) and value > 0, name
    assert {t["target"].split(",")[0].split(" (")[0] for t in quick["targets"]} >= {
        "edit latency p95", "frame p95", "start-up to the first frame"}
    # grid, edit (and with the pause), 2 drags, frames of 2 and 4 panels, 60 fps, Adam,
    # basins coarse and full, start-up
    assert len(quick["targets"]) == 12 + ("jax" in installed)
    for key in ("cpu", "cores", "os", "python", "numpy", "PySide6"):
        assert quick["machine"][key]


def test_table_shows_every_figure_and_target(quick):
    text = report.table(quick)
    lines = text.splitlines()
    for name in grid.FUNCTIONS:
        assert sum(line.startswith(name + " ") for line in lines) == len(grid.SIZES)
    assert "p95" in text and "5,000" in text and "100,000" in text
    assert "200x200" in text and "6. Peers" in text and "2b. Dragging a slider" in text
    if not all(quick["peers"]["peers"].values()):
        assert "not installed" in text and "pip install gradviz[peers]" in text
    assert text.count(" met") + text.count("NOT met") >= len(quick["targets"])
    for t in quick["targets"]:
        assert t["target"] in text


def test_unknown_section_is_one_line(capsys):
    with pytest.raises(SystemExit) as stop:
        cli.build_parser().parse_args(["bench", "--only", "grid,nope"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "unknown section(s) nope" in err and "Traceback" not in err


def test_sections_option_is_parsed():
    args = cli.build_parser().parse_args(["bench", "--quick", "--only", "grid, startup"])
    assert args.quick and args.only == ("grid", "startup") and not args.json
    assert args.command.module == "gradviz.bench.command"
    assert command.SECTIONS == ("grid", "edit", "drag", "frame", "optimizer", "basins", "peers",
                                "startup")
