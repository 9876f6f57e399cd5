"""docs/architecture.md stays true for the presenters: a newcomer reads there which presenter
shows which region, so every presenter class of gradviz/gui is named in it."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_presenter_is_in_the_architecture_page():
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    presenters = {name for path in (ROOT / "gradviz" / "gui").rglob("*.py")
                  for name in re.findall(r"^class (\w+Presenter)\b", path.read_text(
                      encoding="utf-8"), re.MULTILINE)}
    assert len(presenters) >= 15   # the search finds them
    named = set(re.findall(r"`(?:\w+\.)?(\w+Presenter)`", page))   # `menus.ActionsPresenter`
    assert sorted(presenters - named) == []
