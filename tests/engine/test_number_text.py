"""Numbers that fit their room by losing digits, never characters."""

import pytest

from gradviz.engine.number_text import MIN_CHARS, WIDEST, fit_number, format_number


@pytest.mark.parametrize("value, chars, text", [
    (4.265e-6, 10, "4.265e-6"),
    (4.265e-6, 6, "4.3e-6"),      # presentation mode at 1280x720 showed "4.26"
    (0.1186, 6, "0.1186"),
    (0.1186, 4, "0.12"),          # ... and "0.11" for this one
    (-0.005667, 6, "-0.006"),     # ... and "-0.0"
    (84521.0, 5, "84521"),
    (84521.0, 4, "8e4"),
    (7.144e10, 6, "7.1e10"),
    (-1.234e-123, MIN_CHARS, "-1e-123"),   # longer than 6: the shortest there is
    (0.0, 6, "0"),
    (float("inf"), 6, "inf"),
])
def test_fit_number(value, chars, text):
    assert fit_number(value, chars) == text


@pytest.mark.parametrize("value", [4.265e-6, 0.1186, -0.005667, 84521.0, 7.331e-14, 1.69e6,
                                   -8.387e-7, 3.37e-10, 123.456, -2.5, 1e300, -9.99e-99])
@pytest.mark.parametrize("chars", range(MIN_CHARS, len(WIDEST) + 1))
def test_what_is_shown_is_the_number_to_the_digits_shown(value, chars):
    """Read back, the text is the value rounded to its own last digit: never a cut number."""
    text = fit_number(value, chars)
    assert len(text) <= max(chars, len(format_number(value, 1)))
    mantissa, _, exponent = text.partition("e")
    decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
    unit = 10.0 ** (-decimals + (int(exponent) if exponent else 0))
    assert abs(float(text) - value) <= unit / 2 * (1 + 1e-9)


@pytest.mark.parametrize("value, pixel, rounded", [
    (-1.2345678901234567, 0.0123, -1.23),
    (-1.2345678901234567, 0.123, -1.2),
    (1234.5678, 2.5, 1235.0),
    (1234.5678, 25.0, 1230.0),
    (-0.004, 0.01, 0.0),
    (0.1 + 0.2, 1e-3, 0.3),
])
def test_a_clicked_value_is_rounded_to_its_pixel(value, pixel, rounded):
    from gradviz.engine.number_text import round_to_resolution

    result = round_to_resolution(value, pixel)
    assert result == rounded and repr(result) == repr(rounded)
    assert abs(result - value) <= pixel
