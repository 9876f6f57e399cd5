"""Panel titles: the optimizer and its rate, and shorter spellings that keep the rate."""

from gradviz.engine.names import panel_title, rate_text, title_forms


def test_panel_title_names_optimizer_rate_and_schedule():
    assert panel_title("Gradient descent", 0.02) == "Gradient descent, lr 0.02"
    assert panel_title("Adam", 0.1, "cosine") == "Adam, lr 0.1, cosine"
    assert panel_title("Adam", 6.3e-6) == "Adam, lr 6.3e-6"
    assert panel_title("Adagrad") == "Adagrad"
    assert rate_text(0.00012345) == "0.000123"


def test_title_forms_get_shorter_and_every_one_keeps_the_rate():
    forms = title_forms("Gradient descent, lr 0.02")
    assert forms == ("Gradient descent, lr 0.02", "GD, lr 0.02", "GD lr 0.02", "GD 0.02")
    assert all("0.02" in f for f in forms)
    assert [len(f) for f in forms] == sorted((len(f) for f in forms), reverse=True)
    assert title_forms("Adam, lr 0.1, cosine")[-1] == "Adam 0.1 cosine"
    assert title_forms("Overlay: Gradient descent \u00b7 Adam")[-1] == "GD \u00b7 Adam"
