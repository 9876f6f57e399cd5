"""``gradviz --lesson NAME`` and ``gradviz LESSON-FILE``: the lesson reaches the window loaded;
an unknown name or a broken file is one line and exit code 2, before any window."""

import types
from pathlib import Path

from gradviz import cli

REPO = Path(__file__).resolve().parents[1]
RATE = REPO / "resources" / "lessons" / "3-choosing-a-learning-rate.gradviz-lesson.json"


def fake_app(monkeypatch):
    seen = []
    monkeypatch.setattr(cli, "_load_app", lambda: types.SimpleNamespace(
        run_app=lambda args: seen.append(args) or 0))
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    return seen


def test_a_lesson_by_number_or_file_reaches_the_window_loaded(monkeypatch):
    seen = fake_app(monkeypatch)
    assert cli.main(["--lesson", "3", "--screenshot", "out.png"]) == 0
    assert cli.main([str(RATE), "--screenshot", "out.png"]) == 0
    for args in seen:
        lesson, name = args.lesson
        assert lesson.title == "Choosing a learning rate"
        assert name == "3-choosing-a-learning-rate" and args.file is None


def test_an_unknown_lesson_or_a_broken_file_is_one_line(monkeypatch, capsys, tmp_path):
    seen = fake_app(monkeypatch)
    assert cli.main(["--lesson", "nosuch"]) == 2
    broken = tmp_path / "b.gradviz-lesson.json"
    broken.write_text("{", encoding="utf-8")
    assert cli.main([str(broken)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and not seen
    assert err[0].startswith("gradviz: cannot open the lesson: no lesson is called 'nosuch'")
    assert err[1].startswith("gradviz: cannot open the lesson: ")
