"""Which steps an animation shows, and the encoders' files (GIF frames, MP4 readable)."""

import numpy as np
import pytest

from gradviz import video


def test_every_step_while_it_fits():
    assert list(video.frame_steps(0, 20, fps=30, seconds=10)) == list(range(21))
    assert list(video.frame_steps(5, 8, fps=30)) == [5, 6, 7, 8]


def test_long_runs_are_spread_over_the_seconds():
    steps = video.frame_steps(0, 1000, fps=30, seconds=10)
    assert len(steps) == 300 and steps[0] == 0 and steps[-1] == 1000
    assert np.all(np.diff(steps) >= 3) and np.all(np.diff(steps) <= 4)  # 1000 / 299 = 3.34


def _frame(step):
    """A 64x48 frame with a bar whose length is the step: frames differ, colours are few."""
    frame = np.full((48, 64, 3), 255, np.uint8)
    frame[20:28, : 4 + 2 * step] = (230, 159, 0)
    return frame


def test_gif_has_one_frame_per_step(tmp_path):
    import imageio.v3 as iio

    path = tmp_path / "a.gif"
    video.write_animation(path, _frame, range(10), fps=10)
    frames = iio.imread(path, index=None)
    assert frames.shape == (10, 48, 64, 3)
    assert tuple(frames[9][24, 20]) == pytest.approx((230, 159, 0), abs=12)
    assert [p.name for p in tmp_path.iterdir()] == ["a.gif"]


def test_mp4_is_readable(tmp_path):
    import imageio_ffmpeg

    path = tmp_path / "a.mp4"
    video.write_animation(path, _frame, range(12), fps=12)
    reader = imageio_ffmpeg.read_frames(str(path))
    meta = next(reader)
    assert meta["size"] == (64, 48) and meta["fps"] == 12
    assert sum(1 for _ in reader) == 12


def test_cancel_leaves_no_file(tmp_path):
    path = tmp_path / "a.gif"
    with pytest.raises(video.Cancelled):
        video.write_animation(path, _frame, range(10), fps=10,
                              progress=lambda done, total: done < 4)
    assert list(tmp_path.iterdir()) == []


def test_suffix_must_be_an_animation(tmp_path):
    with pytest.raises(ValueError, match=".gif or .mp4"):
        video.write_animation(tmp_path / "a.avi", _frame, range(3), fps=10)
