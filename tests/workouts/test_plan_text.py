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


# Errors quote what the coach typed and say what would fit there


def error(text):
    with pytest.raises(PlanSyntaxError) as raised:
        parse_plan(text)
    return raised.value


@pytest.mark.parametrize("text", ["", "  \n ", " , ,"])
def test_asks_for_at_least_one_stage(text):
    assert str(error(text)) == "Type at least one stage, like 20min easy."
    assert error(text).expected == "a stage"


def test_points_at_the_word_that_is_not_a_zone():
    raised = error("30min E, 20min X")
    assert isinstance(raised, ValueError)
    assert raised.position == 15
    assert raised.expected.startswith("a zone")
    assert str(raised) == (
        "'X' after 20min is not a zone: easy, steady, marathon or threshold (E, S, M, T), "
        "or a pace like @4:30/km."
    )


@pytest.mark.parametrize(
    ("text", "position", "expected", "message"),
    [
        # No amount
        (
            "easy",
            0,
            "an amount like 30min or 8km",
            "'easy' needs an amount before it, like 20min easy or 5km easy.",
        ),
        (
            "30min easy, , x",
            14,
            "an amount like 30min or 8km",
            "Stage 2 starts with 'x': start each stage with an amount, like 20min or 5km.",
        ),
        # No unit, or one that is not a unit
        (
            "30 easy",
            3,
            "a unit (s, min, h, m, km or mi)",
            "30 needs a unit, like 30min or 30km (s, min, h, m, km or mi).",
        ),
        ("30", 2, "a unit", "30 needs a unit, like 30min or 30km (s, min, h, m, km or mi)."),
        ("30mineasy", 2, "a unit", "'mineasy' after 30 is not a unit: use s, min, h, m, km or mi."),
        ("1.5.km E", 3, "a unit", "'.km' after 1.5 is not a unit: use s, min, h, m, km or mi."),
        (
            "1h5km E",
            3,
            "a time unit (h, min or s) to go on with the duration",
            "'km' after 1h5 is not a time unit: a duration goes on in h, min or s, as in 1h30min.",
        ),
        ("1h30 easy", 5, "a time unit", "1h30 needs a time unit after 30, as in 1h30min."),
        # No zone, or one that is not a zone
        ("30min", 5, "a zone", "30min needs a zone after it: " + "easy, steady"),
        ("30min, 20min steady", 5, "a zone", "30min needs a zone after it: easy"),
        ("30min\n20min steady", 5, "a zone", "30min needs a zone after it: easy"),
        ("30min 20min steady", 6, "a zone", "'20min' after 30min is not a zone: easy"),
        ("30min easy, 20min fast", 18, "a zone", "'fast' after 20min is not a zone: easy"),
        # Stages run together
        (
            "30min easy 20min steady",
            11,
            "a comma or a new line before the next stage",
            "A comma is missing between '30min easy' and '20min': separate stages with commas "
            "or new lines.",
        ),
        (
            "30min easy; 20min steady",
            10,
            "a comma or a new line",
            "';' after '30min easy' does not separate stages: use a comma or a new line.",
        ),
        # A bad pace
        (
            "30min @fast/km",
            7,
            "a pace like 4:30",
            "'fast/km' after @ is not a pace: write minutes and seconds, like @4:30/km or "
            "@4:30-4:40/km.",
        ),
        ("30min @4:30-/km", 12, "a pace like 4:30", "'/km' after @4:30- is not a pace: write"),
        ("30min @", 7, "a pace like 4:30", "@ needs a pace after it, like @4:30/km"),
        (
            "30min @4:75/km",
            9,
            "seconds from 00 to 59",
            "'4:75' is not a pace: the seconds go from 00 to 59.",
        ),
        (
            "30min @0:00/km",
            7,
            "a pace above 0:00",
            "'0:00' is not a pace: a running pace is above 0:00.",
        ),
        (
            "30min @4:30",
            11,
            "/km or /mi after the pace",
            "@4:30 needs /km or /mi after it, like @4:30/km.",
        ),
        (
            "30min @4:30/yd",
            11,
            "/km or /mi",
            "'/yd' after @4:30 is not a pace unit: write /km or /mi.",
        ),
        ("30min @4:30/", 11, "/km or /mi", "'/' after @4:30 is not a pace unit: write /km or /mi."),
    ],
)
def test_says_what_is_wrong_in_the_coachs_own_words(text, position, expected, message):
    raised = error(text)
    assert raised.position == position
    assert raised.expected.startswith(expected)
    assert str(raised).startswith(message)
    assert "character" not in str(raised)


@pytest.mark.parametrize(
    ("text", "position", "message"),
    [
        ("0min easy", 0, "'0min' has no length: a stage of 0 minutes is not a stage."),
        ("20min E, 0.0km M", 9, "'0.0km' has no length: a stage of 0 km is not a stage."),
        ("0h0min E", 0, "'0h0min' has no length: a stage of 0 hours is not a stage."),
    ],
)
def test_refuses_a_stage_of_nothing(text, position, message):
    raised = error(text)
    assert raised.position == position
    assert raised.expected == "an amount above 0"
    assert str(raised) == message


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


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("13h easy", "'13h'"),
        ("201km easy", "'201km'"),
        ("9" * 400 + "min easy", "'" + "9" * 19 + "…'"),
    ],
)
def test_refuses_a_stage_longer_than_any_run(text, quoted):
    raised = error(text)
    assert raised.position == 0
    assert str(raised) == (
        f"{quoted} is longer than any run: a stage is at most 12 h or 200 km long."
    )


@pytest.mark.parametrize("text", ["10min @1:59/km", "10min @4:30-20:01/km", "10min @99999:00/km"])
def test_refuses_a_pace_no_one_runs(text):
    raised = error(text)
    assert raised.position == 7
    assert str(raised) == (
        f"{text.removeprefix('10min ')} is not a pace anyone runs: give a running pace between "
        "2:00 and 20:00 per km."
    )


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
