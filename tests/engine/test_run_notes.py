"""A run's status tells its update's note (Newton's remedies, the line search running out)
while paused or running; a converged or diverged run says that instead."""

from gradviz.engine import session as sessions
from gradviz.engine.run_status import Status, with_note
from gradviz.engine.scene import compute_run, objective_for


def _run(text, optimizer, start, steps=5, **hyper):
    session = sessions.Session(text=text, domain=((-3, 3), (-3, 3)), start=start,
                               panels=(sessions.PanelConfig(optimizer, hyper),), steps=steps)
    return compute_run(objective_for(session), session, 0)


def test_newton_on_a_saddle_says_the_hessian_is_not_positive_definite():
    run = _run("x^2 - y^2", "newton", (1.0, 1.0))
    # H = diag(2, -2): eigenvalues -2 and 2, one negative, so |λ| is taken
    assert run.note(1).startswith("Hessian not positive definite (eigenvalues \u22122, 2)")
    assert run.status(1) == ("paused", "Hessian not positive definite")
    assert run.status(1, playing=True) == ("running", "Hessian not positive definite")
    assert run.note(0) == "" and run.status(0) == ("paused", "paused")


def test_newton_on_a_bowl_has_no_note_and_converges():
    run = _run("x^2 + 3*y^2", "newton", (1.0, 1.0))
    assert run.note(1) == ""   # the plain step lands on the minimum
    assert run.status(run.steps)[0] == "converged"


def test_plain_descent_never_has_a_note():
    run = _run("x^2 - y^2", "gd", (1.0, 1.0), lr=0.1)
    assert [run.note(k) for k in range(run.steps + 1)] == [""] * 6


def test_with_note_keeps_a_converged_status_and_shortens_the_note():
    converged = Status("converged", "converged at step 3", "converged")
    assert with_note(converged, "Hessian nearly singular (eigenvalues 0, 2): ...") is converged
    paused = Status("paused", "paused", "paused")
    assert with_note(paused, "no sufficient decrease in 30 trials: took the smallest, t = 1e-9"
                     ) == Status("paused", "no sufficient decrease in 30 trials",
                                 "no sufficient decrease in 30 trials")
