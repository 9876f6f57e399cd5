"""The colour bar's tick labels: one notation per bar (issue 16, from the gallery's review:
"5e5, 1e5, 20000" on one bar)."""

from gradviz.engine.colorbar import log_ticks, tick_labels


def test_a_bar_reaching_1e5_writes_every_tick_in_powers_of_ten():
    labels = [text for _, text in log_ticks(4.0, 5.8, 0.0)]
    assert labels == ["1e4", "2e4", "5e4", "1e5", "2e5", "5e5"]
    assert tick_labels([20000.0, 1e5, 5e5]) == ["2e4", "1e5", "5e5"]
    assert tick_labels([1.5e-4, 0.01, 0.0]) == ["1.5e-4", "1e-2", "0"]


def test_a_bar_that_reads_plainly_stays_plain():
    assert [t for _, t in log_ticks(0.3, 2.0, 0.0)] == ["2", "5", "10", "20", "50", "100"]
    assert tick_labels([0.001, 0.5, 20000.0]) == ["0.001", "0.5", "20000"]
