import ast
from decimal import Decimal
from pathlib import Path

import pytest

from athletes.paces import MILE_M, PaceRange, format_mmss, ladder_paces
from athletes.units import (
    UNIT_METRES,
    distance_name,
    format_distance,
    format_pace_range,
    parse_distance,
    parse_pace,
)
from workouts import plan_text, progression
from workouts.progression import Stage

APP_DIRS = ("athletes", "workouts", "coach")
REPO = Path(__file__).resolve().parents[2]


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


# -- One home for each fact ----------------------------------------------------------------


def app_sources():
    for app in APP_DIRS:
        for path in sorted((REPO / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def literals(path):
    return {
        node.value
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Constant)
    }


def test_the_mile_is_written_down_once():
    # The metres in a mile, the km in a mile, or a mile per km, as a number or a string.
    spellings = {1609.344, "1609.344", 1.609344, "1.609344", 1000 / 1609.344}
    homes = [str(p.relative_to(REPO)) for p in app_sources() if literals(p) & spellings]
    assert homes == ["athletes/paces.py"]


def test_every_unit_table_takes_the_mile_from_its_home():
    assert UNIT_METRES["mi"] == UNIT_METRES["mile"] == MILE_M
    assert plan_text.METRES_PER_MILE == Decimal("1609.344")
    assert progression.PACE_UNITS["mi"] == MILE_M / 1000


def test_m_ss_is_written_by_one_function_everywhere():
    assert not [p.name for p in app_sources() if "def _mmss" in p.read_text()]


def test_plan_text_and_the_checker_round_half_a_second_up_like_format_pace():
    assert format_mmss(270.5) == "4:31"
    stage = Stage(distance_m=2000, pace=PaceRange(270.5, 280.5))
    assert plan_text.format_stage(stage) == "2km @4:31-4:41/km"
    stages = [
        Stage(duration_s=2400, zone="easy"),
        Stage(duration_s=1200, zone="steady"),
        Stage(duration_s=600, pace=PaceRange(210.5, 210.5)),
    ]
    findings = progression.check_progression(stages, paces=ladder_paces(50))
    [finish] = [f for f in findings if f.code == "finish-too-hard"]
    assert "@3:31/km" in finish.message
