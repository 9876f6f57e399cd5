"""Panel titles: the optimizer and its rate, and shorter spellings that keep the rate."""

from gradviz.engine.names import distinctions, hyper_text, panel_title, rate_text, title_forms


def test_panel_title_names_optimizer_rate_and_schedule():
    assert panel_title("Gradient descent", 0.02) == "Gradient descent, lr 0.02"
    assert panel_title("Adam", 0.1, "cosine") == "Adam, lr 0.1, cosine"
    assert panel_title("Adam", 6.3e-6) == "Adam, lr 6.3e-6"
    assert panel_title("Adagrad") == "Adagrad"
    assert rate_text(0.00012345) == "0.000123"


def test_title_forms_get_shorter_and_every_one_keeps_the_rate():
    forms = title_forms("Gradient descent, lr 0.02")
    assert forms == ("Gradient descent, lr 0.02", "GD, lr 0.02", "GD 0.02")
    assert all("0.02" in f for f in forms)
    assert [len(f) for f in forms] == sorted((len(f) for f in forms), reverse=True)
    assert title_forms("Adam, lr 0.1, cosine")[-1] == "Adam 0.1 cosine"
    assert title_forms("Overlay: Gradient descent \u00b7 Adam")[-1] == "GD \u00b7 Adam"


def test_no_form_keeps_lr_without_its_comma():
    # "Momentum lr 0.005" beside "GD, lr 0.02" read as two rules in one window
    assert title_forms("Momentum, lr 0.005") == ("Momentum, lr 0.005", "Momentum, lr 0.005",
                                                 "Momentum 0.005")
    forms = title_forms("Overlay: Gradient descent, lr 0.02 \u00b7 Adam, lr 0.1")
    assert forms[-2:] == ("Overlay: GD 0.02 \u00b7 Adam 0.1", "GD 0.02 \u00b7 Adam 0.1")


def test_like_panels_are_told_apart_by_what_differs():
    mom = {"lr": 0.05, "momentum": 0.9, "dampening": 0.0, "nesterov": False}
    runs = [("Gradient descent", {"lr": 0.05}), ("Momentum", mom),
            ("Momentum", {**mom, "momentum": 0.5}), ("Momentum", {**mom, "lr": 0.1}),
            ("Momentum", {**mom, "lr": 0.1, "nesterov": True})]
    assert distinctions(runs) == ["", "\u03bc 0.9", "\u03bc 0.5", "", "nesterov"]
    assert panel_title("Momentum", 0.05, extra="\u03bc 0.9") == "Momentum, lr 0.05, \u03bc 0.9"
    assert title_forms("Momentum, lr 0.05, \u03bc 0.9")[-1] == "Momentum 0.05 \u03bc 0.9"
    assert hyper_text("betas", (0.9, 0.99)) == "\u03b2 0.9/0.99"
