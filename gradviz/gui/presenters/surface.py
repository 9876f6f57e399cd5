"""The 3D view: shown in place of the flat panels while the session's ``display.view3d`` is on.
Finds out once whether OpenGL works (``gl_check``, in a child process, without blocking) and
shows the state's scene (``state.queries.surface_scene``) and step in it.

Nothing is computed or drawn for the 3D view while it is hidden; showing it computes the scene
(a few ms) from the current landscape and runs.
"""

from __future__ import annotations

from PySide6.QtCore import QProcess, QProcessEnvironment
from PySide6.QtWidgets import QApplication

from gradviz.gui import gl_check, theme
from gradviz.gui.presenters.labels import run_titles
from gradviz.gui.views.surface3d import CHECKING, unavailable_text
from gradviz.state.changes import EVERYTHING
from gradviz.state.queries import names, surface_scene


class SurfacePresenter:
    def __init__(self, state, page, stack, panels):
        """``stack``: the QStackedWidget showing ``panels`` (the flat panels) or ``page``."""
        self.state, self.page, self.stack, self.panels = state, page, stack, panels
        self.active = False
        self._dirty = True
        self._process = None
        self._legend = None
        page.reset_requested.connect(self.reset_view)
        state.changed.connect(self._on_state_changed)
        self._on_state_changed(EVERYTHING)

    # --- showing and hiding ----------------------------------------------------------------

    def _on_state_changed(self, parts) -> None:
        if parts & {"landscape", "runs"}:
            self._dirty = True
            if self.showing_scene():
                self._push_scene()
        elif parts & {"step", "playing"}:   # "playing": the legend says running or paused
            self.show_step()
        if "display" in parts and bool(self.state.session.display.view3d) != self.active:
            self.set_active(self.state.session.display.view3d)

    def set_active(self, on: bool) -> None:
        """Show the 3D page (and check OpenGL, the first time) or the flat panels."""
        self.active = bool(on)
        self.stack.setCurrentWidget(self.page if self.active else self.panels)
        if self.active:
            self._show_verdict_or_check()

    def _show_verdict_or_check(self) -> None:
        answer = gl_check.known_answer()
        if answer is None:
            problem = gl_check.quick_problem(QApplication.instance().platformName())
            if problem:
                gl_check.remember(False, problem)
                answer = gl_check.known_answer()
        if answer is None:
            self.page.show_message(CHECKING)
            self._start_check()
        elif answer[0]:
            self._show_scene()
        else:
            self.page.show_message(unavailable_text(answer[1]))

    def _start_check(self) -> None:
        if self._process is not None:
            return
        program, arguments = gl_check.probe_command()
        process = QProcess(self.page)
        environment = QProcessEnvironment()
        for key, value in gl_check.child_environment().items():
            environment.insert(key, value)
        process.setProcessEnvironment(environment)
        process.finished.connect(lambda code, status: self._on_check_finished(process, code,
                                                                             status))
        process.errorOccurred.connect(lambda error: self._on_check_error(process, error))
        self._process = process
        process.start(program, arguments)

    def wait_for_check(self, msecs: int = gl_check.PROBE_TIMEOUT_MS) -> None:
        """Block until the OpenGL check has answered (pictures and tests)."""
        if self._process is not None and not self._process.waitForFinished(msecs):
            self._process.kill()
            self._process.waitForFinished(2000)
            self._conclude(False, f"a test drawing with OpenGL did not answer in {msecs // 1000} s")

    def _on_check_finished(self, process, code, status) -> None:
        if process is not self._process:
            return
        crashed = status == QProcess.ExitStatus.CrashExit
        stdout = bytes(process.readAllStandardOutput()).decode(errors="replace")
        stderr = bytes(process.readAllStandardError()).decode(errors="replace")
        self._conclude(*gl_check.reason_from(code, crashed, stdout, stderr))

    def _on_check_error(self, process, error) -> None:
        if process is self._process and error == QProcess.ProcessError.FailedToStart:
            self._conclude(False, f"the OpenGL test could not start ({process.errorString()})")

    def _conclude(self, available: bool, detail: str) -> None:
        if self._process is not None:
            self._process.deleteLater()
            self._process = None
        if gl_check.known_answer() is None:
            gl_check.remember(available, detail)
        if self.active:
            self._show_verdict_or_check()

    # --- the scene -------------------------------------------------------------------------

    def _show_scene(self) -> None:
        if self.page.gl_view is None:
            from gradviz.gui.views.surface_gl import SurfaceGLView

            self.page.show_scene(SurfaceGLView(self.page.look))
            self._dirty = True
        else:
            self.page.show_scene()
        self._push_scene()

    def _push_scene(self) -> None:
        if self._dirty:
            scene = surface_scene(self.state)
            if scene is None:
                return
            self._dirty = False
            self._legend = None
            colors = [theme.panel_color(i) for i in range(len(scene.paths))]
            self.page.gl_view.set_scene(scene, colors, tuple(names(self.state)))
        self.show_step()

    def show_step(self) -> None:
        if not self.showing_scene() or self._dirty:
            return
        k, runs = self.state.step, self.state.runs
        statuses = [run.status(k, self.state.playing) for run in runs]
        self.page.gl_view.show_step(k, [kind == "diverged" for kind, _ in statuses])
        legend = [(theme.panel_color(i), f"{title}: {text}")
                  for i, (title, (_, text)) in enumerate(zip(run_titles(runs), statuses))]
        legend += self._minimum_entry()
        if legend != self._legend:   # text layout costs: only when a status changes
            self._legend = legend
            self.page.set_legend(legend)
        self.page.set_step(k)

    def _minimum_entry(self) -> list:
        """The legend's entry for the white dots, where the landscape has known minima."""
        land = self.state.landscape
        return [(theme.MINIMUM_BRUSH, "minimum")] if land is not None and land.minima else []

    def showing_scene(self) -> bool:
        """True while the 3D view is shown and draws with OpenGL (its pictures are of it)."""
        return self.active and self.page.showing_scene()

    def picture(self, step: int, size, scale: int = 1, panel=None):
        """A QImage of the 3D view as it is turned now, at ``step``: ``size`` (w, h) logical
        pixels times ``scale``, with a legend above; only panel ``panel`` (0-based) if given.
        None when the 3D view is not drawing. The view shows the current step again after."""
        if not self.showing_scene():
            return None
        from gradviz.gui.views.surface_picture import picture

        if self._dirty:
            self._push_scene()
        runs = self.state.runs
        statuses = [run.status(step) for run in runs]
        view = self.page.gl_view
        try:
            view.show_step(step, [kind == "diverged" for kind, _ in statuses])
            chosen = [i for i in range(len(view.paths)) if panel is None or i == panel]
            for i, path in enumerate(view.paths):
                if i not in chosen:
                    for item in path.items:
                        item.setVisible(False)
            titles = run_titles(runs)
            legend = [(theme.panel_color(i), f"{titles[i]}: {statuses[i][1]}")
                      for i in chosen if i < len(runs)] + self._minimum_entry()
            return picture(view, size[0], size[1], scale, legend, f"step {step}")
        finally:
            now = self.state.step
            view.show_step(now, [run.status(now)[0] == "diverged" for run in runs])

    def reset_view(self) -> None:
        if self.page.gl_view is not None:
            self.page.gl_view.reset_view()
