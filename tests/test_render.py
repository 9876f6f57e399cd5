"""``gradviz render`` from the command line, in a fresh process with no display: every example
session, every output kind, and one-line errors for broken sessions and options."""

import csv
import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((REPO / "resources" / "examples").glob("*.gradviz.json"))
NO_DISPLAY = {"DISPLAY": "", "WAYLAND_DISPLAY": "", "QT_QPA_PLATFORM": "xcb"}  # xcb would abort


@pytest.fixture
def render(fresh_python):
    def run(*arguments):
        return fresh_python("-m", "gradviz", "render", *map(str, arguments), env=NO_DISPLAY)
    return run


def _png_size(path):
    import imageio.v3 as iio

    return iio.imread(path).shape[1::-1]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name.split(".")[0])
def test_every_example_renders_a_png(render, example, tmp_path):
    out = tmp_path / "picture.png"
    result = render(example, "-o", out, "--size", "960x540")
    assert result.returncode == 0, result.stderr
    assert _png_size(out) == (960, 540)
    assert result.stderr.strip().splitlines()[-1] == f"gradviz: wrote {out}"
    assert "propagateSizeHints" not in result.stderr


def test_png_at_2x_and_one_panel(render, tmp_path):
    example = EXAMPLES[0]
    assert render(example, "-o", tmp_path / "a.png", "--size", "640x360", "--scale", "2",
                  "--steps", "40").returncode == 0
    assert _png_size(tmp_path / "a.png") == (1280, 720)
    assert render(example, "-o", tmp_path / "b.png", "--size", "500x400",
                  "--panel", "2").returncode == 0
    assert _png_size(tmp_path / "b.png") == (500, 400)


def test_svg_is_a_vector_drawing_of_the_panels(render, tmp_path):
    import xml.etree.ElementTree as ET

    example = EXAMPLES[0]
    session = json.loads(example.read_text(encoding="utf-8"))
    out = tmp_path / "picture.svg"
    result = render(example, "-o", out, "--size", "960x540", "--steps", "40")
    assert result.returncode == 0, result.stderr
    root = ET.parse(out).getroot()
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{ns}svg"
    assert root.get("viewBox") == "0 0 960 540"
    assert root.find(f"{ns}title").text == session["title"]
    texts = ["".join(t.itertext()).strip() for t in root.iter(f"{ns}text")]
    # the panel titles and the readout are text, not pixels
    assert any(t.startswith("Gradient descent") for t in texts), texts[:10]
    assert any(t.startswith("Adam") for t in texts), texts[:10]
    assert "40" in texts   # the readout's step
    vectors = [e for e in root.iter() if e.tag in (f"{ns}path", f"{ns}polyline")]
    assert len(vectors) > 10              # contours, arrow field, paths: lines, not pixels
    assert list(root.iter(f"{ns}image"))                   # the heatmap, embedded


def test_gif_frames_and_mp4(render, tmp_path):
    import imageio.v3 as iio
    import imageio_ffmpeg

    example = REPO / "resources" / "examples" / "2-learning-rate-too-large.gradviz.json"
    gif = tmp_path / "a.gif"
    result = render(example, "-o", gif, "--size", "480x320", "--steps", "0:20", "--fps", "10")
    assert result.returncode == 0, result.stderr
    assert iio.imread(gif, index=None).shape == (21, 320, 480, 3)
    assert "gradviz: frame 21 of 21" in result.stderr
    mp4 = tmp_path / "a.mp4"
    result = render(example, "-o", mp4, "--size", "481x320", "--steps", "10:30")
    assert result.returncode == 0, result.stderr
    assert "rendering 482x320" in result.stderr
    reader = imageio_ffmpeg.read_frames(str(mp4))
    assert next(reader)["size"] == (482, 320)
    assert sum(1 for _ in reader) == 21


def test_ten_second_gif_is_small(render, tmp_path):
    """A 10-second 800x600 GIF at 20 fps (200 frames) stays well under 5 MB."""
    import imageio.v3 as iio

    gif = tmp_path / "ten.gif"
    example = REPO / "resources" / "examples" / "4-several-minima.gradviz.json"
    result = render(example, "-o", gif, "--size", "800x600", "--fps", "20", "--seconds", "10")
    assert result.returncode == 0, result.stderr
    assert len(iio.imread(gif, index=None)) == 200
    assert gif.stat().st_size < 2_500_000


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_data_files(render, tmp_path, suffix):
    example = REPO / "resources" / "examples" / "4-several-minima.gradviz.json"  # 3 x 400 steps
    out = tmp_path / f"data{suffix}"
    result = render(example, "-o", out)
    assert result.returncode == 0, result.stderr
    if suffix == ".csv":
        with open(out, newline="") as stream:
            assert len(list(csv.DictReader(stream))) == 3 * (400 + 1)
    else:
        data = json.loads(out.read_text())
        assert [len(p["columns"]["x"]) for p in data["panels"]] == [401, 401, 401]


BROKEN = {
    "truncated.gradviz.json": ('{"format": "gradviz-session", "version": 1, "te',
                               "the file ends too early"),
    "unknown.gradviz.json": (json.dumps({"format": "gradviz-session", "version": 1,
                                         "text": "x^2", "domain": [[0, 1], [0, 1]],
                                         "start": [0, 0], "panels": [{"optimizer": "lbfgs"}]}),
                             'panels[0].optimizer: unknown optimizer "lbfgs"'),
    "notjson.gradviz.json": ("<html>", "not valid JSON"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_session_is_one_line_and_exit_2(render, tmp_path, name):
    text, expected = BROKEN[name]
    path = tmp_path / name
    path.write_text(text)
    result = render(path, "-o", tmp_path / "out.png")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and expected in result.stderr
    assert result.stderr.startswith(f"gradviz: cannot open {path}: ")
    assert not (tmp_path / "out.png").exists()


@pytest.mark.parametrize("arguments, expected", [
    (["-o", "out.bmp"], "the output must end in .png, .svg, .gif, .mp4, .csv or .json"),
    (["-o", "out.gif", "--steps", "0:99999"], "--steps: step 99999 is beyond"),
    (["-o", "out.png", "--panel", "7"], "--panel 7: the session has panels 1 to 2"),
    (["-o", "nowhere/out.png"], "does not exist"),
    (["-o", "out.gif", "--fps", "0"], "expected frames a second from 1 to 60, not '0'"),
    (["-o", "out.gif", "--fps", "2.5"], "expected frames a second from 1 to 60, not '2.5'"),
    (["-o", "out.gif", "--seconds", "nan"], "expected seconds from 0.1 to 600, not 'nan'"),
    (["-o", "out.gif", "--seconds", "601"], "expected seconds from 0.1 to 600, not '601'"),
])
def test_bad_options_are_one_line(render, tmp_path, arguments, expected):
    arguments = [str(tmp_path / a) if a.startswith(("out", "nowhere")) else a for a in arguments]
    result = render(EXAMPLES[0], *arguments)
    assert result.returncode == 2 and expected in result.stderr
    assert result.stderr.count("\n") == 1


def test_regression_lesson_draws_the_data_view_and_exports_w_and_b(render, tmp_path):
    import imageio.v3 as iio

    example = REPO / "resources" / "examples" / "6-house-prices-scaling.gradviz.json"
    out = tmp_path / "houses.png"
    result = render(example, "-o", out, "--size", "900x400")
    assert result.returncode == 0, result.stderr
    grey = iio.imread(out).mean(axis=2)
    assert grey.shape == (400, 900)
    data = grey[:, 640:]            # the right 34 %: the data view, mostly white, dark points
    assert (data > 240).mean() > 0.5 and (data < 80).sum() > 300
    table = tmp_path / "houses.csv"
    assert render(example, "-o", table, "--steps", "0:3").returncode == 0
    with open(table, newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert len(rows) == 2 * 4 and {"w", "b"} <= set(rows[0])
    assert rows[0]["w"] == "0" and rows[0]["b"] == "0"      # both start from the line y = 0


def test_a_schedule_and_noise_reach_the_rendered_data(render, tmp_path):
    session = {"format": "gradviz-session", "version": 1, "text": "x^2 + y^2",
               "domain": [[-2, 2], [-2, 2]], "start": [1, 2], "steps": 4,
               "noise_std": 0.5, "noise_seed": 1,
               "panels": [{"optimizer": "gd", "hyper": {"lr": 0.1}, "schedule": "step",
                           "schedule_params": {"step_size": 2, "gamma": 0.5}}]}
    path = tmp_path / "s.gradviz.json"
    path.write_text(json.dumps(session))
    out = tmp_path / "data.csv"
    result = render(path, "-o", out)
    assert result.returncode == 0, result.stderr
    with open(out, newline="") as stream:
        rows = list(csv.DictReader(stream))
    # StepLR: updates 1, 2 at 0.1, then 0.05; the last point has no update
    assert [r["lr"] for r in rows] == ["0.1", "0.1", "0.05", "0.05", ""]
    assert rows[0]["noise_x"] != "" and rows[4]["noise_x"] == ""


def _hostile_sessions():
    """tests/engine/hostile_sessions.py, the list of hostile files every front end is tried on."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("hostile_sessions", REPO / "tests" / "engine" / "hostile_sessions.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


HOSTILE = _hostile_sessions()
REFUSED = sorted(name for name, case in HOSTILE.HOSTILE.items() if case.refused is not None)


@pytest.mark.parametrize("name", REFUSED)
def test_a_hostile_session_is_one_printable_line_and_exit_2(render, tmp_path, name):
    paths = HOSTILE.write(tmp_path)
    if name not in paths:
        pytest.skip("no FIFOs on this platform")
    result = render(paths[name], "-o", tmp_path / "out.png")   # a FIFO would block: it must not
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and HOSTILE.HOSTILE[name].refused in result.stderr
    assert result.stderr.rstrip("\n").isprintable()   # no escape, bidi override or surrogate raw
    assert not (tmp_path / "out.png").exists()


def test_an_lr_that_overflows_renders_a_run_marked_diverged(render, tmp_path):
    paths = HOSTILE.write(tmp_path)
    session = paths["exponential-gamma-10"]   # lr x10 a step: past float64 at update 309
    out = tmp_path / "diverged.png"
    result = render(session, "-o", out, "--size", "640x360", "--steps", "500")
    assert result.returncode == 0, result.stderr
    assert result.stderr == f"gradviz: wrote {out}\n"            # no traceback, one line
    table = tmp_path / "diverged.csv"
    assert render(session, "-o", table).returncode == 0
    with open(table, newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert len(rows) == 501 and rows[308]["lr"] == "1e+306" and rows[309]["lr"] == "inf"
    data = tmp_path / "diverged.json"   # .csv and .json exited 1 with a traceback before
    result = render(session, "-o", data)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    panel, = json.loads(data.read_text(encoding="utf-8"))["panels"]
    lr = panel["columns"]["lr"]
    assert panel["diverged_at"] is not None
    assert lr[308] == 1e306 and lr[309] is None   # JSON has no inf: the lr past float64 is null


def test_the_ideas_a_session_turns_on_are_drawn(render, tmp_path):
    """Issue 18: a session's Hessian axes and gradient flow reach the rendered picture (the
    axes' orange and cyan, #FF9F40 and #7FE0FF, only where they are on; the flow changes it)."""
    import dataclasses

    import imageio.v3 as iio
    import numpy as np

    from gradviz.engine import session_io

    # the ravine 0.1x² + 10y²: descent at lr 0.09 zigzags across the flow's smooth curve
    base = session_io.from_json((REPO / "resources" / "examples" / "1-ravine-adam.gradviz.json")
                                .read_text(encoding="utf-8")).replace(probe=(1.0, -1.0))
    pictures = {}
    for name, options in (("plain", {}), ("flow", {"flow": True}),
                          ("axes", {"curvature": True})):
        path = tmp_path / f"{name}.gradviz.json"
        path.write_text(session_io.to_json(base.replace(
            display=dataclasses.replace(base.display, **options))), encoding="utf-8")
        result = render(path, "-o", tmp_path / f"{name}.png", "--size", "640x480")
        assert result.returncode == 0, result.stderr
        pictures[name] = iio.imread(tmp_path / f"{name}.png")[..., :3].astype(int)

    def near(picture, rgb):
        return int((np.abs(picture - np.array(rgb)).max(axis=2) <= 16).sum())

    for rgb in ((0xFF, 0x9F, 0x40), (0x7F, 0xE0, 0xFF)):
        assert near(pictures["axes"], rgb) > 50 + near(pictures["plain"], rgb)
    changed = np.abs(pictures["flow"] - pictures["plain"]).max(axis=2) > 60
    assert changed.sum() > 100
