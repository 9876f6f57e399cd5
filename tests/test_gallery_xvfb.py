"""The whole gallery, for real: every state's gradviz started under Xvfb with openbox, driven
by its tour, pictured, and checked against what the window said (skipped without Xvfb or
openbox; takes 2 to 3 minutes)."""

import shutil

import pytest

from gradviz import gallery
from gradviz.gallery_states import STATES

pytestmark = pytest.mark.skipif(any(shutil.which(tool) is None for tool in gallery.NEEDED),
                                reason="needs Xvfb and openbox")


def test_the_whole_gallery_under_xvfb(qapp, tmp_path, capsys):
    from PySide6.QtGui import QImage

    from gradviz.gui.contact_sheet import GAP, THUMB_WIDTH

    code = gallery.main([str(tmp_path)])
    said = capsys.readouterr().out
    assert code == 0, said                 # every picture made, each what it claims to be
    assert said.splitlines() == [f"{s.name}: ok" for s in STATES]
    for state in STATES:
        picture = QImage(str(tmp_path / f"{state.name}.png"))
        width, height = (int(v) for v in state.size.split("x"))
        assert (picture.width(), picture.height()) == (width, height), state.name
        # a screen, not a blank: many colours (landscape, text, paths)
        colours = {picture.pixel(x, y) for x in range(0, width, 37) for y in range(0, height, 23)}
        assert len(colours) > 50, state.name
    sheet = QImage(str(tmp_path / "sheet.png"))
    assert sheet.width() == GAP + 4 * (THUMB_WIDTH + GAP)
    index = (tmp_path / "index.md").read_text(encoding="utf-8")
    rows = [line for line in index.splitlines() if line.startswith("| [")]
    assert len(rows) == len(STATES) and all(row.endswith("|  |") for row in rows)
