"""``gradviz --lesson NAME``: a number, a word of the name or a file; anything else one line."""

from pathlib import Path

import pytest

from gradviz.engine.lesson_find import find, short_name
from gradviz.engine.lessons import LessonError

SHIPPED = [Path(f"/r/{n}.gradviz-lesson.json") for n in
           ("1-what-a-gradient-is", "3-choosing-a-learning-rate", "6-momentum-in-a-ravine",
            "13-adam")]


@pytest.mark.parametrize("name, expected", [
    ("3", "3-choosing-a-learning-rate"), ("1", "1-what-a-gradient-is"),
    ("momentum", "6-momentum-in-a-ravine"), ("6-momentum-in-a-ravine", "6-momentum-in-a-ravine"),
    ("13", "13-adam"), ("learning-rate", "3-choosing-a-learning-rate")])
def test_a_number_or_a_word_finds_one_shipped_lesson(name, expected):
    assert short_name(find(name, SHIPPED)) == expected


def test_a_file_is_itself(tmp_path):
    path = tmp_path / "mine.gradviz-lesson.json"
    assert find(str(path), SHIPPED) == path


@pytest.mark.parametrize("name, words", [("zzz", "no lesson is called 'zzz'; the lessons: 1-"),
                                         ("a", "'a' names several lessons: ")])
def test_an_unknown_or_ambiguous_name_is_one_line(name, words):
    with pytest.raises(LessonError) as caught:
        find(name, SHIPPED)
    assert caught.value.message.startswith(words) and "\n" not in caught.value.message
