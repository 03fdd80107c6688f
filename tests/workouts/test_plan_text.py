import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from athletes.paces import PaceRange
from workouts.plan_text import PlanSyntaxError, format_plan, format_stage, parse_plan
from workouts.progression import ZONE_NAMES, Stage


def mins(minutes, zone):
    return Stage(duration_s=minutes * 60, zone=zone)


def km(kilometres, zone=None, *, pace=None):
    return Stage(distance_m=kilometres * 1000, zone=zone, pace=pace)


# Reading plans


def test_reads_a_plan_by_time():
    assert parse_plan("30min easy, 20min steady, 10min marathon") == [
        mins(30, "easy"),
        mins(20, "steady"),
        mins(10, "marathon"),
    ]


def test_reads_a_plan_by_distance_with_zone_letters():
    assert parse_plan("8km E, 6km M, 2km T") == [
        km(8, "easy"),
        km(6, "marathon"),
        km(2, "threshold"),
    ]


def test_reads_stages_on_separate_lines_in_any_case():
    text = "\n 40 MIN Easy\r\n20min steady,\n\n 15min m ,\n"
    assert parse_plan(text) == [mins(40, "easy"), mins(20, "steady"), mins(15, "marathon")]


@pytest.mark.parametrize(
    ("text", "duration_s"),
    [
        ("45s", 45),
        ("90 sec", 90),
        ("1.5h", 5400),
        ("1h30min", 5400),
        ("1h30min15s", 5415),
        ("2 hours", 7200),
        ("0.5min", 30),
    ],
)
def test_reads_durations_in_any_time_unit(text, duration_s):
    assert parse_plan(f"{text} easy") == [Stage(duration_s=duration_s, zone="easy")]


@pytest.mark.parametrize(
    ("text", "distance_m"),
    [("800m", 800), ("1.5km", 1500), ("5mi", 8046.72), ("0.5 miles", 804.672), ("400 metres", 400)],
)
def test_reads_distances_in_metres_km_and_miles(text, distance_m):
    assert parse_plan(f"{text} easy") == [Stage(distance_m=distance_m, zone="easy")]


@pytest.mark.parametrize(
    ("word", "zone"),
    [
        ("E", "easy"),
        ("s", "steady"),
        ("M", "marathon"),
        ("t", "threshold"),
        ("I", "interval"),
        ("r", "repetition"),
        ("REST", "rest"),
        ("walk", "walk"),
        ("recovery", "recovery"),
    ],
)
def test_reads_every_zone_so_the_checker_can_refuse_some(word, zone):
    assert parse_plan(f"5min {word}") == [mins(5, zone)]


def test_reads_an_explicit_pace_range_fast_end_first():
    assert parse_plan("20min @4:40-4:30/km, 2km @ 4:15 – 4:20 / KM") == [
        Stage(duration_s=1200, pace=PaceRange(270, 280)),
        km(2, pace=PaceRange(255, 260)),
    ]


def test_reads_a_single_pace_as_a_narrow_range():
    assert parse_plan("3km @4:30/km") == [km(3, pace=PaceRange(270, 270))]


def test_stores_a_mile_pace_in_seconds_per_km():
    [stage] = parse_plan("5mi @7:15/mi")
    assert stage.distance_m == 8046.72
    assert stage.pace.fast_s_per_km == pytest.approx(435 / 1.609344)
    assert stage.pace.fast_s_per_km == stage.pace.slow_s_per_km


# Errors name where and what was expected


def error(text):
    with pytest.raises(PlanSyntaxError) as raised:
        parse_plan(text)
    return raised.value


@pytest.mark.parametrize("text", ["", "  \n ", " , ,"])
def test_asks_for_at_least_one_stage(text):
    assert str(error(text)) == "enter at least one stage"
    assert error(text).expected == "a stage"


def test_names_the_position_of_an_unknown_zone():
    raised = error("30min easy, 20min fast")
    assert isinstance(raised, ValueError)
    assert raised.position == 18
    assert raised.expected.startswith("a zone")
    assert str(raised) == (
        "At character 19: expected a zone (easy, steady, marathon, threshold or E/S/M/T) or a "
        "pace like @4:30/km, found 'fast'"
    )


@pytest.mark.parametrize(
    ("text", "position", "expected", "found"),
    [
        ("easy", 0, "an amount like 30min or 8km", "'easy'"),
        ("30min easy, , x", 14, "an amount like 30min or 8km", "'x'"),
        ("30 easy", 3, "a unit (s, min, h, m, km or mi)", "'easy'"),
        ("30", 2, "a unit (s, min, h, m, km or mi)", "the end of the text"),
        ("30mineasy", 2, "a unit (s, min, h, m, km or mi)", "'mineasy'"),
        ("1.5.km E", 3, "a unit (s, min, h, m, km or mi)", "'.km'"),
        ("1h5km E", 3, "a time unit (h, min or s) to go on with the duration", "'km'"),
        ("30min", 5, "a zone", "the end of the text"),
        ("30min, 20min steady", 5, "a zone", "','"),
        ("30min\n20min steady", 5, "a zone", "a new line"),
        ("30min 20min steady", 6, "a zone", "'20min'"),
        ("30min easy 20min steady", 11, "a comma or a new line before the next stage", "'20min'"),
        ("30min easy; 20min steady", 10, "a comma or a new line before the next stage", "';'"),
        ("30min @fast/km", 7, "a pace like 4:30", "'fast/km'"),
        ("30min @4:30-/km", 12, "a pace like 4:30", "'/km'"),
        ("30min @4:75/km", 9, "seconds from 00 to 59", "'75/km'"),
        ("30min @0:00/km", 7, "a pace above 0:00", "'0:00/km'"),
        ("30min @4:30", 11, "/km or /mi after the pace", "the end of the text"),
        ("30min @4:30/yd", 11, "/km or /mi after the pace", "'/yd'"),
        ("30min @4:30/", 11, "/km or /mi after the pace", "'/'"),
    ],
)
def test_names_the_position_and_what_was_expected(text, position, expected, found):
    raised = error(text)
    assert raised.position == position
    assert raised.expected.startswith(expected)
    assert str(raised).startswith(f"At character {position + 1}: expected {expected}")
    assert str(raised).endswith(f", found {found}")


@pytest.mark.parametrize(
    ("text", "position", "unit"),
    [("0min easy", 0, "minutes"), ("20min E, 0.0km M", 9, "km"), ("0h0min E", 0, "hours")],
)
def test_refuses_a_stage_of_nothing(text, position, unit):
    raised = error(text)
    assert raised.position == position
    assert raised.expected == "an amount above 0"
    assert str(raised) == f"At character {position + 1}: a stage of 0 {unit} is not a stage"


# Writing plans


def test_writes_the_canonical_form():
    stages = parse_plan(
        "1.5h E, 90s S, 0.8km m, 1.5km T, 8km t, 20min @4:40-4:30/km, 5min @4:15/km"
    )
    assert format_plan(stages) == (
        "90min easy, 90s steady, 800m marathon, 1.5km threshold, 8km threshold, "
        "20min @4:30-4:40/km, 5min @4:15/km"
    )


def test_writes_a_stage_alone():
    assert format_stage(Stage(duration_s=12.5, zone="walk")) == "12.5s walk"


def test_writes_miles_and_mile_paces_as_typed():
    assert format_plan(parse_plan("5mi @7:15/mi")) == "5mi @7:15/mi"
    assert format_plan(parse_plan("3.25mi easy, 1.25mi steady")) == "3.25mi easy, 1.25mi steady"


def test_writes_km_paces_per_km_and_whole_metres_in_km():
    assert format_plan(parse_plan("5000m @4:30-4:40/km")) == "5km @4:30-4:40/km"


def test_writes_nothing_for_no_stages():
    assert format_plan([]) == ""


# Round trips

zones = st.sampled_from(sorted(ZONE_NAMES))
# Within the bounds of a stage: 12 h or 200 km at most.
amounts = st.floats(min_value=0.001, max_value=43_200, allow_nan=False, allow_infinity=False)
whole_amounts = st.integers(1, 43_200)
paces = st.tuples(st.integers(120, 900), st.integers(0, 60)).map(
    lambda fast_spread: PaceRange(fast_spread[0], fast_spread[0] + fast_spread[1])
)


@st.composite
def stages(draw):
    amount = draw(st.one_of(amounts, whole_amounts, st.integers(1, 720).map(lambda n: n * 60)))
    field = draw(st.sampled_from(["duration_s", "distance_m"]))
    target = draw(st.one_of(zones.map(lambda z: {"zone": z}), paces.map(lambda p: {"pace": p})))
    return Stage(**{field: amount}, **target)


@given(st.lists(stages(), min_size=1, max_size=8))
def test_reads_back_what_it_writes(plan):
    assert parse_plan(format_plan(plan)) == plan


@given(
    st.lists(
        st.tuples(
            st.decimals(min_value="0.1", max_value="12", places=1),  # within 12 h and 200 km
            st.sampled_from(["s", "min", "h", "m", "km", "mi"]),
            st.sampled_from(["E", "steady", "M", "T", "@4:30-4:40/km", "@7:15/mi", "@8:05/mi"]),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_the_canonical_form_is_stable(parts):
    text = ", ".join(f"{number}{unit} {target}" for number, unit, target in parts)
    canonical = format_plan(parse_plan(text))
    assert format_plan(parse_plan(canonical)) == canonical


@pytest.mark.parametrize("text", ["13h easy", "201km easy", "9" * 400 + "min easy"])
def test_refuses_a_stage_longer_than_any_run(text):
    raised = error(text)
    assert raised.position == 0
    assert str(raised) == "At character 1: a stage is at most 12 h or 200 km long"


@pytest.mark.parametrize("text", ["10min @1:59/km", "10min @4:30-20:01/km", "10min @99999:00/km"])
def test_refuses_a_pace_no_one_runs(text):
    raised = error(text)
    assert raised.position == 7
    assert "a running pace between 2:00 and 20:00 per km" in str(raised)


def reads_or_refuses(text: str) -> None:
    try:
        stages = parse_plan(text)
    except PlanSyntaxError:
        return
    assert parse_plan(format_plan(stages)) == stages


@given(st.text(max_size=60))
@settings(max_examples=300, deadline=None)
def test_any_text_reads_as_stages_or_a_syntax_error(text):
    reads_or_refuses(text)


TOKENS = ["30min", "1h", "8km", "E", "steady", ",", " ", "@4:30/km", "-4:40", "9" * 30, "km", "@"]


@given(st.lists(st.sampled_from(TOKENS), max_size=12))
@settings(max_examples=300, deadline=None)
def test_plan_like_text_reads_as_stages_or_a_syntax_error(tokens):
    reads_or_refuses("".join(tokens))
