"""Animated GIF and MP4 from RGB frames, through the ffmpeg inside the imageio-ffmpeg wheel.

    write_animation(path, frame_at, steps, fps, progress=None)

``frame_at(step) -> numpy uint8 array (height, width, 3)``; ``steps`` are the steps to show, one
frame each; ``progress(done, total) -> bool`` is called after every frame and stops the export
when it returns False (the partial file is removed; :class:`Cancelled` is raised).

GIF: a palette is built first from a few frames spread over the animation (the landscape under
the paths hardly changes, so a handful of frames hold every colour), then all frames stream
through ffmpeg's ``paletteuse`` in one pass: memory stays constant however long the animation
is, and only rectangles that change between frames are stored (a 10 s 800x600 GIF: well under
1 MB). MP4: H.264, yuv420p, ``+faststart`` so it plays in a browser or slide deck.

imageio_ffmpeg is imported only here, when an animation is written. No Qt.
"""

from __future__ import annotations

import os
import subprocess
import tempfile

import numpy as np

from gradviz.engine.files import atomic_path

PALETTE_FRAMES = 6
GIF_FILTER = "paletteuse=dither=bayer:bayer_scale=4:diff_mode=rectangle"
MP4_QUALITY = 7  # imageio-ffmpeg's 0-10 scale; 7 keeps thin contour lines clean
MAX_FRAMES = 10_000


class Cancelled(Exception):
    """The export was stopped by its progress callback."""


class EncoderMissing(RuntimeError):
    """imageio-ffmpeg is not installed."""


def frame_steps(first, last, fps, seconds=None):
    """The step shown in each frame: every step from ``first`` to ``last``, or, when that would
    last longer than ``seconds`` at ``fps`` frames a second, ``fps * seconds`` steps spread
    evenly (first and last included). Returns an int array."""
    count = last - first + 1
    if seconds is not None:
        count = max(2, min(count, int(round(fps * seconds))))
    count = min(count, MAX_FRAMES)
    if count >= last - first + 1:
        return np.arange(first, last + 1)
    return np.unique(np.round(np.linspace(first, last, count)).astype(int))


def ffmpeg_exe():
    try:
        import imageio_ffmpeg
    except ImportError:
        raise EncoderMissing("GIF and MP4 export need the imageio-ffmpeg package "
                             "(pip install imageio-ffmpeg)") from None
    try:
        return imageio_ffmpeg.get_ffmpeg_exe()
    except RuntimeError:  # its own ffmpeg left out (a build made with --no-ffmpeg), none on PATH
        raise EncoderMissing("GIF and MP4 export need ffmpeg, and none was found: install it "
                             "(on Debian or Ubuntu: sudo apt-get install ffmpeg) or set "
                             "IMAGEIO_FFMPEG_EXE to one") from None


def write_animation(path, frame_at, steps, fps, progress=None):
    """Write a GIF or MP4 (by ``path``'s suffix) atomically: a temporary file beside ``path``
    is renamed at the end, so a cancelled or failed export leaves nothing behind."""
    path = os.fspath(path)
    suffix = os.path.splitext(path)[1].lower()
    if suffix not in (".gif", ".mp4"):
        raise ValueError(f"an animation is a .gif or .mp4 file, not {suffix or 'no suffix'}")
    writer = _write_gif if suffix == ".gif" else _write_mp4
    with atomic_path(path) as temporary:
        writer(temporary, frame_at, list(steps), fps, progress or (lambda done, total: True))


def _frames(frame_at, steps, progress, size):
    """Frames as bytes, checked for size; Cancelled when progress says stop."""
    for done, step in enumerate(steps, 1):
        frame = np.ascontiguousarray(frame_at(step), dtype=np.uint8)
        if frame.shape != (size[1], size[0], 3):
            raise ValueError(f"frame of step {step} is {frame.shape}, expected {size}")
        yield frame.tobytes()
        if not progress(done, len(steps)):
            raise Cancelled()


def _write_mp4(path, frame_at, steps, fps, progress):
    import imageio_ffmpeg

    ffmpeg_exe()
    first = frame_at(steps[0])
    size = (first.shape[1], first.shape[0])
    writer = imageio_ffmpeg.write_frames(
        path, size, fps=fps, codec="libx264", pix_fmt_out="yuv420p", quality=MP4_QUALITY,
        macro_block_size=2, ffmpeg_log_level="error", output_params=["-movflags", "+faststart"])
    writer.send(None)
    try:
        for data in _frames(frame_at, steps, progress, size):
            writer.send(data)
    finally:
        writer.close()


def _write_gif(path, frame_at, steps, fps, progress):
    exe = ffmpeg_exe()
    first = frame_at(steps[0])
    size = (first.shape[1], first.shape[0])
    raw = ["-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{size[0]}x{size[1]}"]
    with tempfile.TemporaryDirectory(prefix="gradviz-gif-") as scratch:
        palette = os.path.join(scratch, "palette.png")
        samples = [steps[int(i)] for i in np.linspace(0, len(steps) - 1,
                                                       min(PALETTE_FRAMES, len(steps)))]
        sample_bytes = b"".join(np.ascontiguousarray(frame_at(s), dtype=np.uint8).tobytes()
                                for s in samples)
        _run([exe, "-v", "error", "-y", *raw, "-i", "-", "-vf",
              "palettegen=stats_mode=full", palette], sample_bytes)
        command = [exe, "-v", "error", "-y", *raw, "-r", str(fps), "-i", "-", "-i", palette,
                   "-lavfi", GIF_FILTER, "-loop", "0", "-f", "gif", path]
        with subprocess.Popen(command, stdin=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
            try:
                for data in _frames(frame_at, steps, progress, size):
                    proc.stdin.write(data)
            except (Cancelled, Exception):
                proc.kill()
                raise
            finally:
                if proc.stdin and not proc.stdin.closed:
                    try:
                        proc.stdin.close()
                    except BrokenPipeError:
                        pass
            error = proc.stderr.read().decode(errors="replace").strip()
            if proc.wait() != 0:
                raise RuntimeError(f"ffmpeg could not write the GIF: {error.splitlines()[-1:]}")


def _run(command, data):
    result = subprocess.run(command, input=data, capture_output=True)
    if result.returncode != 0:
        message = result.stderr.decode(errors="replace").strip().splitlines()[-1:]
        raise RuntimeError(f"ffmpeg failed: {message}")
