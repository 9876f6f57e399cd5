"""The ``gradviz`` command: the window by default, and headless sub-commands.

    gradviz                                   open the window
    gradviz FILE                              open the window with a session file
    gradviz --lesson NAME                     open the window in a lesson (a number, a name, a
                                              lesson file; FILE may be a lesson file too)
    gradviz [FILE] --screenshot out.png [--steps N] [--size WxH]
                                              render one frame (of FILE) to a PNG and exit
    gradviz render SESSION -o OUT             a session file to .png .svg .gif .mp4 .csv .json
    gradviz bench [--quick] [--json]          measure speed on this machine
    gradviz --self-check                      versions, Qt platform, optional features
    gradviz --version

Start-up stays cheap: this module imports only the standard library, and each command imports
what it needs (Qt, numpy, sympy) inside its own function, so ``gradviz --version`` answers at once.

Adding a sub-command: append a ``Command`` to ``COMMANDS``; ``gradviz NAME ...`` then calls
``module.function(args) -> int`` with the parsed arguments.

No traceback reaches a user: an unexpected error prints one line naming the log file that holds
the details (set ``GRADVIZ_DEBUG=1`` to see the traceback instead; gradviz/logs.py). Hints name
the command that works from where the user stands (``arguments.program``). Nothing imports this
module: it is the top of the program.
"""

import argparse
import os
import sys
import traceback
from importlib import import_module
from typing import Callable, NamedTuple, Optional, Sequence

from gradviz import __version__
from gradviz.arguments import UserError, program, step_count, window_size
from gradviz.logs import append_log, log_path
from gradviz.resources import LESSON_SUFFIX

GUI_MODULE = "gradviz.gui.app"


class Command(NamedTuple):
    """A sub-command. ``configure(parser)`` adds its options; ``module.function(args)`` runs it."""

    name: str
    help: str
    module: str
    function: str
    configure: Optional[Callable[[argparse.ArgumentParser], None]] = None


def _configure_render(parser):
    from gradviz.render import configure

    configure(parser)


def _configure_bench(parser):
    from gradviz.bench.command import configure

    configure(parser)


COMMANDS: tuple = (
    Command("render", "render a session file to .png .svg .gif .mp4 .csv or .json, no display needed",
            "gradviz.render", "main", _configure_render),
    Command("bench", "measure gradviz's speed on this machine", "gradviz.bench.command", "main",
            _configure_bench),
)


class _OneLineParser(argparse.ArgumentParser):
    """argparse's parser, but a wrong option is one line (argparse prints the whole usage first,
    and a sub-command's usage repeats the main one): what is wrong and where the options are."""

    def error(self, message):
        self.exit(2, f"gradviz: {_printable(message)} (`{self.prog} --help` lists the "
                     "options)\n")


def build_parser(commands: Sequence[Command] = None) -> argparse.ArgumentParser:
    commands = COMMANDS if commands is None else commands
    names = " | ".join(command.name for command in commands)
    parser = _OneLineParser(
        prog=program(),
        usage=f"%(prog)s [FILE] [--screenshot PNG [--steps N]] [--size WxH]\n"
              f"       %(prog)s {{{names}}} ...  |  --self-check  |  --version"
              if commands else None,
        description="Make gradients visible: type f(x, y), watch optimizers walk it.\n\n"
                    "FILE is a session (*.gradviz.json) to open in the window, or, with "
                    "--screenshot, to picture.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"gradviz {__version__}")
    parser.add_argument("--self-check", action="store_true",
                        help="print versions, the Qt platform and which optional features "
                             "work here, then exit")
    parser.add_argument("--screenshot", metavar="PNG",
                        help="render the window (with FILE's session, if given) once into "
                             "this PNG file and exit (no display needed)")
    parser.add_argument("--steps", type=step_count, metavar="N",
                        help="with --screenshot: optimizer steps to run before the picture")
    parser.add_argument("--lesson", metavar="NAME",
                        help="start in a lesson: its number (3), a word of its name "
                             "(momentum) or a lesson file (*.gradviz-lesson.json)")
    parser.add_argument("--size", type=window_size, metavar="WxH",
                        help="window size in pixels, such as 1280x720")
    parser.set_defaults(command=None)
    if commands:
        sub = parser.add_subparsers(title="commands", metavar="COMMAND", prog=program(),
                                    parser_class=_OneLineParser)
        for command in commands:
            command_parser = sub.add_parser(command.name, help=command.help)
            if command.configure is not None:
                command.configure(command_parser)
            command_parser.set_defaults(command=command)
    return parser


def main(argv: Sequence[str] = None) -> int:
    """Run gradviz with ``argv`` (default: the process arguments); return the exit code."""
    if os.environ.get("GRADVIZ_GL_PROBE") == "1":   # the 3D view's OpenGL test (gui/gl_check.py)
        return import_module("gradviz.gui.gl_check").probe_main()
    argv = list(sys.argv[1:] if argv is None else argv)
    file = argv.pop(0) if argv and _is_file_argument(argv[0]) else None
    if file is not None and not _looks_like_a_file(file):
        print(f"gradviz: {unknown_command(file)}", file=sys.stderr)
        return 2
    args = build_parser().parse_args(argv)
    args.file = file  # gradviz FILE: open this session
    previous_hook = sys.excepthook
    # Qt calls sys.excepthook for errors inside slots; they must not print tracebacks either.
    sys.excepthook = _excepthook
    try:
        return _dispatch(args)
    except UserError as error:
        print(f"gradviz: {_printable(str(error))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # noqa: BLE001 - the last line of defence, by design
        if os.environ.get("GRADVIZ_DEBUG"):
            raise
        _report(type(error), error, error.__traceback__)
        return 1
    finally:
        sys.excepthook = previous_hook


def _is_file_argument(word: str) -> bool:
    """``gradviz lesson.gradviz.json``: a first argument that is neither an option nor a
    command is a session to open."""
    return not word.startswith("-") and word not in {c.name for c in COMMANDS}


def _looks_like_a_file(word: str) -> bool:
    """A session file exists, or has a suffix or a folder; a bare word is a mistyped command."""
    return os.path.exists(word) or "." in os.path.basename(word) or os.sep in word or "/" in word


def unknown_command(word: str, commands: Sequence[Command] = None) -> str:
    """One line for ``gradviz rendr ...``: the word, the nearest command, what FILE must be."""
    import difflib

    names = [command.name for command in (COMMANDS if commands is None else commands)]
    nearest = difflib.get_close_matches(word, names, n=1, cutoff=0.5)
    guess = f": did you mean `{program()} {nearest[0]}`?" if nearest else ""
    return (f"{word!r} is neither a command nor a file{guess} (commands: {', '.join(names)}; "
            "a session FILE ends in .gradviz.json)")


def _dispatch(args: argparse.Namespace) -> int:
    if args.command is not None:
        function = getattr(import_module(args.command.module), args.command.function)
        return function(args)
    if args.self_check:
        from gradviz.selfreport import run_report

        return run_report()
    return _run_gui(args)


def _run_gui(args: argparse.Namespace) -> int:
    """Open the window, or with ``--screenshot`` render one frame to a file and exit."""
    if args.screenshot and not _has_display():
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # Qt aborts the process when its platform plugin cannot start: say why before it tries.
    from gradviz.selfcheck import platforms_to_try, qt_start_problem

    problem = qt_start_problem()
    if problem:
        raise UserError(problem)
    # gradviz FILE --screenshot: the picture shows FILE (a broken file is one line, here).
    if args.file and args.file.endswith(LESSON_SUFFIX) and not getattr(args, "lesson", None):
        args.lesson, args.file = args.file, None   # gradviz LESSON-FILE
    args.lesson = _open_lesson(args.lesson) if getattr(args, "lesson", None) else None
    args.session = _open_session(args.file) if args.screenshot and args.file else None
    app = _load_app()
    if app is None:
        print("gradviz: the window is not built yet in this version.", file=sys.stderr)
        return 1
    if not args.screenshot and platforms_to_try(os.environ)[:1] in (["offscreen"], ["minimal"]) \
            and os.environ.get("GRADVIZ_FIRST_FRAME") != "exit":
        _say_the_window_is_invisible()
    return int(app.run_app(args) or 0)


def _open_session(path):
    from gradviz.render import open_session

    return open_session(path)


def _open_lesson(name):
    """(the lesson, its short name) for ``--lesson NAME``; a broken or unknown one: one line."""
    from gradviz.engine import lessons
    from gradviz.engine.lesson_find import find, short_name

    try:
        path = find(name)
        return lessons.load(path), short_name(path)
    except lessons.LessonError as error:
        raise UserError(f"cannot open the lesson: {error.message}") from None


def _say_the_window_is_invisible():
    """``QT_QPA_PLATFORM=offscreen gradviz``: a window drawn in memory shows nowhere and
    would run unseen forever; say so, and let Ctrl+C end it (Qt's event loop ignores it)."""
    import signal

    # Qt is not imported here: numpy and the engine load faster before it (gui/qt_app.py);
    # the offscreen plugin's "propagateSizeHints" notes are quieted once Qt runs (gui/app.py).
    print(f"gradviz: QT_QPA_PLATFORM={os.environ['QT_QPA_PLATFORM']} draws the window in "
          "memory only: nothing appears on a screen, and it runs until Ctrl+C. For a picture: "
          f"`{program()} --screenshot out.png`", file=sys.stderr, flush=True)
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _has_display() -> bool:
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _load_app():
    """The GUI module, or None while it does not exist yet."""
    try:
        return import_module(GUI_MODULE)
    except ModuleNotFoundError as error:
        if error.name == GUI_MODULE:
            return None
        if error.name and not error.name.startswith("gradviz"):
            raise UserError(f"the Python package {error.name!r} is missing; reinstall gradviz "
                            "(python3 packaging/bootstrap.py run, or pip install .)") from error
        raise
    except ImportError as error:
        if ".so" in str(error):
            raise UserError(f"Qt cannot load a system library ({error}). On Debian or Ubuntu, "
                            "python3 packaging/bootstrap.py run installs what is missing; "
                            "see README.md.") from error
        raise


def _excepthook(kind, error, trace) -> None:
    if issubclass(kind, KeyboardInterrupt) or os.environ.get("GRADVIZ_DEBUG"):
        sys.__excepthook__(kind, error, trace)
        return
    _report(kind, error, trace)


def _report(kind, error, trace) -> None:
    """Print one line about an unexpected error and append its traceback to the log file."""
    summary = f"{kind.__name__}: {error}".strip().rstrip(":").splitlines()[0]
    path = log_path()
    try:
        append_log(path, "".join(traceback.format_exception(kind, error, trace)))
        where = f"details in {path}"
    except OSError as log_error:
        where = f"could not write the details to {path}: {log_error.strerror}"
    print(f"gradviz: unexpected error: {_printable(summary)} ({_printable(where)})", file=sys.stderr)


def _printable(text: str) -> str:
    """``text`` with control characters escaped: a message may quote a file's bytes."""
    from gradviz.engine.printable import printable

    return printable(text)
