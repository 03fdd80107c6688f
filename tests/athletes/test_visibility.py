"""How far ahead an athlete sees their plan: the pure rule."""

from datetime import date

import pytest

from athletes.visibility import ALL, UNTIL, WINDOW, is_visible, last_visible_day

TODAY = date(2027, 3, 10)


def test_everything_has_no_last_day():
    assert last_visible_day(ALL, until=None, days=None, today=TODAY) is None
    assert is_visible(date(2099, 1, 1), None)


def test_up_to_a_date_ends_on_that_date():
    last = last_visible_day(UNTIL, until=date(2027, 3, 20), days=None, today=TODAY)
    assert last == date(2027, 3, 20)
    assert is_visible(date(2027, 3, 20), last)
    assert not is_visible(date(2027, 3, 21), last)


def test_a_date_already_gone_still_shows_what_was_run():
    last = last_visible_day(UNTIL, until=date(2027, 1, 1), days=None, today=TODAY)
    assert last == date(2027, 3, 9)  # yesterday: today's session is hidden, the past is not


def test_a_window_counts_from_today():
    last = last_visible_day(WINDOW, until=None, days=7, today=TODAY)
    assert last == date(2027, 3, 17)
    assert is_visible(TODAY, last)
    assert not is_visible(date(2027, 3, 18), last)


@pytest.mark.parametrize(
    ("mode", "until", "days", "message"),
    [
        (UNTIL, None, None, "need the date"),
        (WINDOW, None, None, "at least 1 day"),
        (WINDOW, None, 0, "at least 1 day"),
        ("sometimes", None, None, "not a way"),
    ],
)
def test_an_incomplete_setting_is_refused(mode, until, days, message):
    with pytest.raises(ValueError, match=message):
        last_visible_day(mode, until=until, days=days, today=TODAY)
