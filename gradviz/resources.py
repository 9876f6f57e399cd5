"""Find the files under ``resources/`` (example sessions, lessons, data) wherever gradviz runs.

    resource_dir() -> Path          the resources folder
    examples() -> list[Path]        the example sessions, sorted by file name
    lessons() -> list[Path]         the lessons in the order of their numbers
    data_file(name) -> Path         a bundled data set, e.g. data_file("houses.csv")

Looked for, in order: ``$GRADVIZ_RESOURCES``; a PyInstaller bundle (``sys._MEIPASS/resources``,
or ``resources`` beside the executable); a source checkout (``resources/`` beside the
``gradviz`` package); an installed wheel, whose ``data-files`` (pyproject.toml) put them in
``<prefix>/share/gradviz/resources`` for the prefix or the user scheme. Standard library only.
"""

import os
import sys
import sysconfig
from pathlib import Path

EXAMPLES = "examples"
EXAMPLE_SUFFIX = ".gradviz.json"
LESSONS = "lessons"
LESSON_SUFFIX = ".gradviz-lesson.json"
DATA = "data"
SHARE = Path("share", "gradviz", "resources")


class ResourcesNotFound(FileNotFoundError):
    """No resources folder anywhere gradviz looks."""


def candidates():
    """Every folder that may hold the resources, most specific first."""
    found = []
    if os.environ.get("GRADVIZ_RESOURCES"):
        found.append(Path(os.environ["GRADVIZ_RESOURCES"]))
    if getattr(sys, "frozen", False):
        if hasattr(sys, "_MEIPASS"):
            found.append(Path(sys._MEIPASS) / "resources")
        found.append(Path(sys.executable).resolve().parent / "resources")
    found.append(Path(__file__).resolve().parent.parent / "resources")
    found.append(Path(sys.prefix) / SHARE)
    for kind in ("prefix", "user"):
        try:
            found.append(Path(sysconfig.get_path("data", sysconfig.get_preferred_scheme(kind)))
                         / SHARE)
        except (KeyError, ValueError):
            pass
    return found


def resource_dir() -> Path:
    """The first candidate folder that holds example sessions."""
    for folder in candidates():
        if (folder / EXAMPLES).is_dir():
            return folder
    raise ResourcesNotFound("gradviz's resources folder is missing; reinstall gradviz")


def examples() -> list:
    """The example session files, sorted by name (the file names start with a number)."""
    return sorted((resource_dir() / EXAMPLES).glob("*" + EXAMPLE_SUFFIX))


def lessons() -> list:
    """The lesson files in the order of the numbers their names start with (2 before 10),
    then by name; [] when the resources folder has no lessons folder."""
    return sorted((resource_dir() / LESSONS).glob("*" + LESSON_SUFFIX), key=lesson_order)


def lesson_order(path) -> tuple:
    """(the number a lesson's file name starts with, or none, and the name): a sort key."""
    name = Path(path).name
    number = name.partition("-")[0]
    return (int(number) if number.isdigit() else float("inf"), name)


def data_file(name: str) -> Path:
    """The bundled data set ``name`` (a file in ``resources/data``); FileNotFoundError if absent."""
    path = resource_dir() / DATA / name
    if not path.is_file():
        raise FileNotFoundError(f"gradviz's data set {name} is missing; reinstall gradviz")
    return path
