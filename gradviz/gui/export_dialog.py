"""File > Export: a picture (PNG, 1x or 2x, all panels or one), an animation (GIF or MP4: step
range, frame rate, size) or the data (CSV or JSON: step range). The dialog asks for the options,
then where to save; animations render with a progress dialog that can be cancelled.

Pictures are drawn offscreen from a state of their own (gui/export.py), so the window on screen
keeps its size and step while an animation renders. While the 3D view is shown and draws
(OpenGL), a PNG is a picture of it as it is turned now (``SurfacePresenter.picture``); SVG, GIF
and MP4 always show the flat panels, and the dialog says so.
"""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QSpinBox,
    QWidget,
)

KINDS = {
    "picture": ("Export a picture", (("PNG picture", ".png"),
                                     ("SVG drawing (vector lines and text)", ".svg"))),
    "animation": ("Export an animation", (("GIF animation", ".gif"), ("MP4 video", ".mp4"))),
    "data": ("Export the data", (("CSV table", ".csv"), ("JSON", ".json"))),
}


def _spin(low, high, value, suffix=""):
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(value)
    box.setSuffix(suffix)
    return box


class ExportDialog(QDialog):
    def __init__(self, window, kind, session, folder):
        super().__init__(window)
        self.window_ = window
        self.kind = kind
        self.session = session
        self.folder = folder
        title, formats = KINDS[kind]
        self.setWindowTitle(title)
        self.setObjectName(f"export_{kind}")
        form = QFormLayout(self)
        self.format = QComboBox(objectName="format")
        for label, suffix in formats:
            self.format.addItem(f"{label} ({suffix})", suffix)
        form.addRow("Format", self.format)
        steps = session.steps
        if kind == "picture":
            self.step = _spin(0, steps, session.current_step)
            form.addRow("Step", self.step)
            self.panel = QComboBox(objectName="panel")
            self.panel.addItem("All panels side by side", None)
            for i, panel in enumerate(session.panels):
                self.panel.addItem(f"Panel {i + 1} only", i)
            form.addRow("Show", self.panel)
            self.scale = QComboBox(objectName="scale")
            self.scale.addItem("1x (screen)", 1)
            self.scale.addItem("2x (print, slides on large screens)", 2)
            form.addRow("Resolution", self.scale)
        else:
            self.first, self.last = _spin(0, steps, 0), _spin(0, steps, steps)
            form.addRow("Steps", self._pair(self.first, "to", self.last))
        if kind != "data":
            self.width_box = _spin(160, 3840, 1280 if kind == "picture" else 800, " px")
            self.height_box = _spin(120, 2160, 720 if kind == "picture" else 600, " px")
            form.addRow("Size", self._pair(self.width_box, "\u00d7", self.height_box))
        self.view_note = None
        if kind != "data" and window.surface.active:
            self.view_note = QLabel(objectName="view_note")
            self.view_note.setWordWrap(True)
            form.addRow(self.view_note)
            self.format.currentIndexChanged.connect(self._update_view_note)
            self._update_view_note()
        if kind == "animation":
            self.fps = _spin(1, 60, 30, " frames/s")
            self.seconds = _spin(1, 120, 10, " s at most")
            form.addRow("Frame rate", self.fps)
            form.addRow("Length", self.seconds)
            self.note = QLabel(objectName="note")
            self.note.setWordWrap(True)
            form.addRow(self.note)
            for box in (self.first, self.last, self.fps, self.seconds):
                box.valueChanged.connect(self._update_note)
            self._update_note()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export...")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    @staticmethod
    def _pair(a, word, b):
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(a)
        layout.addWidget(QLabel(word))
        layout.addWidget(b)
        return row

    def _surface(self):
        """The window's 3D view presenter while the 3D view is shown and drawing, else None."""
        surface = self.window_.surface
        return surface if surface.showing_scene() else None

    def shows_3d(self, suffix) -> bool:
        """Whether a file with ``suffix`` will show the 3D view (a PNG, while it draws)."""
        return self.kind == "picture" and suffix == ".png" and self._surface() is not None

    def _update_view_note(self):
        suffix = self.format.currentData()
        if self.shows_3d(suffix):
            text = "The picture shows the 3D view as it is turned now."
        elif self._surface() is None:
            text = ("The 3D view cannot draw here (no OpenGL): the "
                    + ("picture" if self.kind == "picture" else "animation")
                    + " shows the flat panels.")
        elif self.kind == "picture":
            text = "An SVG shows the flat panels: the 3D view can only be saved as a PNG."
        else:
            text = "Animations show the flat panels, not the 3D view."
        self.view_note.setText(text)

    def frame_steps(self):
        from gradviz.video import frame_steps

        first, last = sorted((self.first.value(), self.last.value()))
        return frame_steps(first, last, self.fps.value(), self.seconds.value())

    def _update_note(self):
        steps = self.frame_steps()
        seconds = len(steps) / self.fps.value()
        every = len(steps) > abs(self.last.value() - self.first.value())
        self.note.setText(f"{len(steps)} frames, {seconds:.1f} s"
                          + ("" if every else ": steps spread evenly to fit"))

    # --- running -----------------------------------------------------------------------------

    def run(self):
        """Ask for the options, then the file; export. Returns the path written or None."""
        if self.exec() != QDialog.DialogCode.Accepted:
            return None
        suffix = self.format.currentData()
        stem = os.path.join(self.folder, "gradviz")
        path, _ = QFileDialog.getSaveFileName(self.window_, self.windowTitle(), stem + suffix,
                                              f"{self.format.currentText()}")
        if not path:
            return None
        if not path.lower().endswith(suffix):
            path += suffix
        return self.export_to(path)

    def export_to(self, path):
        try:
            if self.kind == "data":
                self._export_data(path)
            elif self.kind == "picture":
                self._export_picture(path)
            elif not self._export_animation(path):
                return None
        except Exception as error:  # noqa: BLE001 - one dialog, never a traceback
            QMessageBox.warning(self.window_, "Export failed", f"Could not write {path}: {error}")
            return None
        shown = ""
        if self.view_note is not None and self.kind != "data":
            shown = (" (the 3D view)" if self.shows_3d(os.path.splitext(path)[1].lower())
                     else " (the flat panels)")
        self.window_.statusBar().showMessage(f"Exported {path}{shown}", 8000)
        return path

    def _export_picture(self, path):
        from gradviz.gui.export import render_picture, save_image

        size = (self.width_box.value(), self.height_box.value())
        step, scale, panel = self.step.value(), self.scale.currentData(), self.panel.currentData()
        if self.shows_3d(os.path.splitext(path)[1].lower()):
            save_image(self._surface().picture(step, size, scale, panel), path)
        else:
            render_picture(self.session, path, step, size, scale, panel, self._caption())

    def _caption(self):
        """A lesson scene's caption, which pictures of it show below the panels."""
        from gradviz.state.lesson_view import caption

        return caption(self.window_.state)

    def _export_data(self, path):
        from gradviz.engine import export
        from gradviz.engine.files import atomic_path

        first, last = sorted((self.first.value(), self.last.value()))
        write = export.to_csv if path.lower().endswith(".csv") else export.to_json
        text = write(self.session, first=first, last=last)
        with atomic_path(path) as temporary:
            with open(temporary, "w", encoding="utf-8", newline="") as stream:
                stream.write(text)

    def _export_animation(self, path):
        """Render with a cancellable progress dialog; False when cancelled."""
        from PySide6.QtWidgets import QApplication

        from gradviz.gui.export import render_animation
        from gradviz.video import Cancelled

        steps = self.frame_steps()
        progress = QProgressDialog("Rendering the animation...", "Cancel", 0, len(steps),
                                   self.window_)
        progress.setObjectName("export_progress")
        progress.setWindowTitle("Export")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.setValue(0)

        def advance(done, total):
            progress.setLabelText(f"Frame {done} of {total}")
            progress.setValue(done)
            QApplication.processEvents()
            return not progress.wasCanceled()

        size = (self.width_box.value(), self.height_box.value())
        if path.lower().endswith(".mp4"):
            size = (size[0] + size[0] % 2, size[1] + size[1] % 2)
        try:
            render_animation(self.session, path, steps, self.fps.value(), size, advance,
                             self._caption())
        except Cancelled:
            self.window_.statusBar().showMessage("Export cancelled", 5000)
            return False
        finally:
            progress.close()
        return True
