import pytest

from athletes.units import (
    distance_name,
    format_distance,
    format_pace_range,
    parse_distance,
    parse_pace,
)


@pytest.mark.parametrize(
    "text,metres",
    [
        ("5K", 5000),
        ("half  Marathon", 21097.5),
        ("marathon", 42195),
        ("10 miles", 16093.44),
        ("21.1 km", 21100),
        ("13.1mi", 13.1 * 1609.344),
        ("800 m", 800),
    ],
)
def test_parse_distance_reads_race_names_and_amounts(text, metres):
    assert parse_distance(text) == pytest.approx(metres)


def test_parse_distance_says_what_it_accepts():
    with pytest.raises(ValueError, match="'a long way' is not a distance: write 5K"):
        parse_distance("a long way")


def test_a_zero_distance_is_refused():
    with pytest.raises(ValueError, match="more than zero"):
        parse_distance("0 km")


def test_official_distances_get_their_race_name_and_others_their_length():
    assert distance_name(21097.5) == "Half marathon"
    assert distance_name(12000) == "12 km"


def test_format_distance_in_km_and_miles():
    assert format_distance(10000) == "10 km"
    assert format_distance(21097.5, "mi") == "13.11 mi"


def test_a_pace_band_is_written_once_with_its_unit():
    assert format_pace_range(296, 334) == "4:56–5:34 /km"


def test_a_band_narrower_than_a_second_reads_as_one_pace():
    assert format_pace_range(270.2, 270.4) == "4:30 /km"


def test_parse_pace_per_km_and_per_mile():
    assert parse_pace("4:30") == 270
    assert parse_pace("7:15", "mi") == pytest.approx(435 / 1.609344)


@pytest.mark.parametrize("text", ["4.30", "4:75", "abc", ""])
def test_parse_pace_refuses_what_is_not_m_ss(text):
    with pytest.raises(ValueError, match="is not a pace"):
        parse_pace(text)


@pytest.mark.parametrize("text", ["0:30", "25:00"])
def test_parse_pace_refuses_what_no_runner_runs(text):
    with pytest.raises(ValueError, match="is not a running pace"):
        parse_pace(text)
