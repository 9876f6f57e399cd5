"""Finding a lesson by what a person types: ``gradviz --lesson 3``, ``--lesson momentum``,
``--lesson choosing-a-learning-rate`` or ``--lesson my.gradviz-lesson.json`` (a file)."""

from __future__ import annotations

import os
from pathlib import Path

from gradviz.engine.lesson_types import SUFFIX, LessonError


def short_name(path) -> str:
    """"3-choosing-a-learning-rate" for .../3-choosing-a-learning-rate.gradviz-lesson.json."""
    name = Path(path).name
    return name[: -len(SUFFIX)] if name.endswith(SUFFIX) else name


def find(name: str, shipped=None) -> Path:
    """The lesson file ``name`` stands for: an existing file (or one ending in the lesson
    suffix), else the one shipped lesson whose short name is ``name``, starts with
    ``name-`` (its number) or contains it. LessonError in one line otherwise."""
    if shipped is None:
        from gradviz.resources import lessons

        shipped = lessons()
    if os.path.exists(name) or name.endswith(SUFFIX) or os.sep in name:
        return Path(name)
    word = name.strip().lower()
    names = {short_name(p): p for p in shipped}
    for matches in ([n for n in names if n == word],
                    [n for n in names if n.startswith(word + "-")],
                    [n for n in names if word and word in n]):
        if len(matches) == 1:
            return names[matches[0]]
        if len(matches) > 1:
            raise LessonError(f"{name!r} names several lessons: {', '.join(sorted(matches))}")
    raise LessonError(f"no lesson is called {name!r}; the lessons: {', '.join(names) or 'none'}")
