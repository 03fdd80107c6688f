from datetime import date, datetime, timedelta
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from athletes.paces import ladder_paces
from workouts.block_plan import (
    BLOCK_PHASES,
    PHASE_SEVERITIES,
    PLACEMENT_SEVERITIES,
    Block,
    BlockFinding,
    PhaseSpan,
    PlacementRules,
    PlannedRun,
    Unavailable,
    block_weeks,
    check_phases,
    check_placement,
    in_recovery_message,
    propose_phases,
    propose_progressions,
    replan_from,
)
from workouts.plan_text import format_plan
from workouts.progression import PHASES, Rules, Stage, check_progression

DAY = timedelta(days=1)
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
EVERY_DAY = set(range(7))
# Sunday 27 April 2025 and Saturday 26 April 2025: spring marathons.
SUNDAY_RACE = date(2025, 4, 27)
SATURDAY_RACE = date(2025, 4, 26)


def mins(minutes, zone):
    return Stage(duration_s=minutes * 60, zone=zone)


def km(kilometres, zone):
    return Stage(distance_m=kilometres * 1000, zone=zone)


BASE_RUN = (mins(36, "easy"), mins(15, "steady"), mins(9, "marathon"))
FAST_FINISH_LONG_RUN = (km(18, "easy"), km(6, "steady"), km(6, "marathon"))


def progression(day, stages=BASE_RUN, **kwargs):
    return PlannedRun(date=day, kind="progression", stages=stages, **kwargs)


def long_progression(day, stages=FAST_FINISH_LONG_RUN, **kwargs):
    return PlannedRun(date=day, kind="long_run_progression", stages=stages, **kwargs)


def session(day, kind):
    return PlannedRun(date=day, kind=kind)


def day_in(block, week, weekday):
    """The day of a block week that falls on a weekday."""
    start = block.weeks[week - 1].start
    return start + timedelta(days=(weekday - start.weekday()) % 7)


def codes(findings):
    return [finding.code for finding in findings]


def spans(*lengths):
    """Phases of these lengths in order, base first."""
    result, first = [], 1
    for phase, length in zip(BLOCK_PHASES, lengths, strict=True):
        result.append(PhaseSpan(phase, first, first + length - 1))
        first += length
    return result


def minutes(run):
    return sum(stage.duration_s for stage in run.stages) / 60


def kilometres(stages, zone=None):
    return sum(s.distance_m for s in stages if zone is None or s.zone == zone) / 1000


def placed(proposal, kind=None, phase=None, block=None):
    return [
        run
        for run in proposal.runs
        if (kind is None or run.kind == kind)
        and (phase is None or block.phase_on(run.date) == phase)
    ]


# Weeks counted back from race day


@pytest.mark.parametrize("n_weeks", [8, 18, 20, 30])
@pytest.mark.parametrize("race_date", [SUNDAY_RACE, SATURDAY_RACE, date(2025, 10, 15)])
def test_the_last_week_ends_on_race_day_whatever_its_weekday(race_date, n_weeks):
    weeks = block_weeks(race_date, n_weeks)
    assert [week.index for week in weeks] == list(range(1, n_weeks + 1))
    assert weeks[-1].end == race_date
    assert weeks[0].start == race_date - timedelta(days=7 * n_weeks - 1)
    assert all(week.end - week.start == 6 * DAY for week in weeks)
    assert all(after.start == before.end + DAY for before, after in pairwise(weeks))


def test_a_saturday_race_makes_the_weeks_run_sunday_to_saturday():
    weeks = block_weeks(SATURDAY_RACE, 18)
    assert weeks[0].start == date(2024, 12, 22)
    assert {week.start.weekday() for week in weeks} == {SUN}
    assert {week.end.weekday() for week in weeks} == {SAT}
    assert date(2024, 12, 25) in weeks[0] and date(2024, 12, 29) not in weeks[0]


@pytest.mark.parametrize(
    ("n_weeks", "message"),
    [
        (7, "a marathon block lasts 8 to 30 weeks, not 7"),
        (31, "a marathon block lasts 8 to 30 weeks, not 31"),
        (0, "a marathon block lasts 8 to 30 weeks, not 0"),
        (18.0, "a block lasts a whole number of weeks, not 18.0"),
        (True, "a block lasts a whole number of weeks, not True"),
        ("18", "a block lasts a whole number of weeks, not '18'"),
    ],
)
def test_refuses_a_block_shorter_than_8_or_longer_than_30_weeks(n_weeks, message):
    with pytest.raises(ValueError, match=message):
        block_weeks(SUNDAY_RACE, n_weeks)
    with pytest.raises(ValueError, match=message):
        propose_phases(n_weeks)


def test_refuses_a_race_date_with_a_time_of_day():
    with pytest.raises(ValueError, match="the race date must be a day"):
        block_weeks(datetime(2025, 4, 27, 9, 0), 18)


# Phases


@pytest.mark.parametrize(
    ("n_weeks", "lengths"),
    [
        (8, (2, 2, 2, 2)),  # docs/running.md §4.4's example
        (12, (4, 3, 3, 2)),
        (18, (6, 5, 5, 2)),
        (19, (7, 5, 5, 2)),
        (20, (7, 5, 5, 3)),
        (24, (8, 6, 7, 3)),
        (30, (11, 8, 8, 3)),
    ],
)
def test_proposes_phases_of_about_40_30_30_percent_before_the_taper(n_weeks, lengths):
    assert propose_phases(n_weeks) == spans(*lengths)


@pytest.mark.parametrize("n_weeks", range(8, 31))
def test_proposed_phases_cover_every_week_in_order_each_at_least_2_weeks(n_weeks):
    proposed = propose_phases(n_weeks)
    assert [span.phase for span in proposed] == list(BLOCK_PHASES)
    assert [week for span in proposed for week in range(span.first_week, span.last_week + 1)] == (
        list(range(1, n_weeks + 1))
    )
    assert min(span.n_weeks for span in proposed) >= 2
    assert proposed[-1].n_weeks == (3 if n_weeks >= 20 else 2)
    assert check_phases(proposed, n_weeks) == []


def test_accepts_phases_a_coach_moved_that_still_cover_the_block():
    assert check_phases(spans(4, 6, 6, 2), 18) == []
    assert check_phases(spans(1, 1, 1, 5), 8) == []


@pytest.mark.parametrize(
    ("moved", "code", "message"),
    [
        (
            [("base", 1, 6), ("transition", 6, 11), ("long_run", 12, 16), ("taper", 17, 18)],
            "phase-overlap",
            "Week 6 is in both the base phase and the transition phase; phases must not overlap.",
        ),
        (
            [("base", 1, 7), ("transition", 6, 11), ("long_run", 12, 16), ("taper", 17, 18)],
            "phase-overlap",
            "Weeks 6–7 are in both the base phase and the transition phase;",
        ),
        (
            [("base", 1, 5), ("transition", 7, 11), ("long_run", 12, 16), ("taper", 17, 18)],
            "phase-gap",
            "Week 6 is in no phase; the phases must cover every week of the block.",
        ),
        (
            [("base", 3, 6), ("transition", 7, 11), ("long_run", 12, 16), ("taper", 17, 18)],
            "phase-gap",
            "Weeks 1–2 are in no phase;",
        ),
        (
            [("base", 1, 6), ("transition", 7, 11), ("long_run", 12, 16), ("taper", 17, 17)],
            "phase-gap",
            "Week 18 is in no phase;",
        ),
        (
            [("base", 1, 6), ("transition", 7, 6), ("long_run", 7, 16), ("taper", 17, 18)],
            "phase-empty",
            "The transition phase runs from week 7 to week 6; a phase lasts at least 1 week.",
        ),
        (
            [("base", 1, 6), ("long_run", 7, 11), ("transition", 12, 16), ("taper", 17, 18)],
            "phase-order",
            "The long-run phase comes before the transition phase; the phases run base → "
            "transition → long-run phase → taper.",
        ),
        (
            [("base", 1, 6), ("transition", 7, 11), ("long_run", 12, 18)],
            "phase-missing",
            "The block has no taper; a block runs base → transition → long-run phase → taper",
        ),
        (
            [("base", 1, 3), ("base", 4, 6), ("transition", 7, 11), ("long_run", 12, 16)]
            + [("taper", 17, 18)],
            "phase-repeated",
            "The base phase appears 2 times; each phase comes once.",
        ),
        (
            [("base", 1, 6), ("transition", 7, 11), ("long_run", 12, 16), ("taper", 17, 19)],
            "phase-outside-block",
            "The taper runs over weeks 17–19, outside the block's weeks 1 to 18.",
        ),
        (
            [("base", 0, 6), ("transition", 7, 11), ("long_run", 12, 16), ("taper", 17, 18)],
            "phase-outside-block",
            "The base phase runs over weeks 0–6, outside the block's weeks 1 to 18.",
        ),
    ],
)
def test_refuses_moved_phases_with_a_specific_message(moved, code, message):
    findings = check_phases([PhaseSpan(*span) for span in moved], 18)
    assert code in codes(findings)
    found = next(finding for finding in findings if finding.code == code)
    assert found.severity == "error" == PHASE_SEVERITIES[code]
    assert message in found.message


def test_names_the_first_week_a_phase_finding_is_about():
    moved = [("base", 1, 5), ("transition", 7, 11), ("long_run", 12, 16), ("taper", 17, 18)]
    (gap,) = check_phases([PhaseSpan(*span) for span in moved], 18)
    assert gap == BlockFinding("phase-gap", "error", gap.message, week=6)


def test_does_not_report_order_when_a_phase_repeats():
    moved = [("base", 1, 3), ("transition", 4, 6), ("base", 7, 11), ("long_run", 12, 16)]
    findings = check_phases([PhaseSpan(*span) for span in moved + [("taper", 17, 18)]], 18)
    assert codes(findings) == ["phase-repeated"]


def test_judges_cover_only_inside_the_block():
    moved = [("base", -3, -1), ("base", 1, 6), ("transition", 7, 11), ("long_run", 12, 16)]
    findings = check_phases([PhaseSpan(*span) for span in moved + [("taper", 17, 18)]], 18)
    assert codes(findings) == ["phase-repeated", "phase-outside-block"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("peak", 1, 2), "unknown phase 'peak'; use base, transition, long_run or taper"),
        (("base", 1.5, 2), "a phase starts and ends on a week number, not 1.5"),
        (("base", 1, None), "a phase starts and ends on a week number, not None"),
    ],
)
def test_refuses_a_malformed_phase(args, message):
    with pytest.raises(ValueError, match=message):
        PhaseSpan(*args)


def test_the_block_phases_use_the_progression_rules_phase_codes_and_a_taper():
    assert BLOCK_PHASES == (*PHASES, "taper")


# The block


def test_a_block_without_phases_takes_the_proposed_ones():
    block = Block(SATURDAY_RACE, 18)
    assert list(block.phases) == spans(6, 5, 5, 2)
    assert block.start == date(2024, 12, 22)
    assert block.weeks_in("taper") == tuple(block.weeks[16:])
    assert block.span("transition") == PhaseSpan("transition", 7, 11)


def test_a_block_knows_the_week_and_phase_of_each_day():
    block = Block(SATURDAY_RACE, 18)
    assert block.week_of(SATURDAY_RACE).index == 18
    assert block.week_of(block.start).index == 1
    assert block.week_of(SATURDAY_RACE - 7 * DAY).index == 17
    assert block.phase_on(SATURDAY_RACE) == "taper"
    assert block.phase_on(block.start) == "base"
    assert block.phase_of(12) == "long_run"
    assert block.week_of(block.start - DAY) is None
    assert block.phase_on(SATURDAY_RACE + DAY) is None
    assert block.week_label(block.weeks[8]) == "week 9 of 18 (transition)"


def test_a_block_keeps_phases_a_coach_moved():
    block = Block(SUNDAY_RACE, 18, tuple(reversed(spans(4, 6, 6, 2))))
    assert list(block.phases) == spans(4, 6, 6, 2)


def test_refuses_a_block_whose_phases_overlap():
    moved = [("base", 1, 6), ("transition", 6, 11), ("long_run", 12, 16), ("taper", 17, 18)]
    with pytest.raises(ValueError, match="Week 6 is in both the base phase and the transition"):
        Block(SUNDAY_RACE, 18, tuple(PhaseSpan(*span) for span in moved))


# Sessions


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "tempo"}, "unknown session kind 'tempo'; use progression, long_run_progression"),
        ({"kind": "progression"}, "a progression run needs its stages"),
        ({"kind": "long_run_progression", "stages": []}, "a fast-finish long run needs its stages"),
        ({"kind": "easy", "date": datetime(2025, 1, 1, 7)}, "a session's date must be a day"),
    ],
)
def test_refuses_a_malformed_session(kwargs, message):
    with pytest.raises(ValueError, match=message):
        PlannedRun(**({"date": date(2025, 1, 1)} | kwargs))


def test_a_session_holds_its_stages_as_a_tuple():
    run = progression(date(2025, 1, 1), list(BASE_RUN))
    assert run.stages == BASE_RUN
    assert run.is_progression and run.is_hard
    assert not session(date(2025, 1, 1), "easy").is_hard


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"base_per_week": -1}, "runs per week and taper days are whole numbers, at least 0"),
        ({"taper_days": 1.5}, "runs per week and taper days are whole numbers, at least 0"),
        ({"transition_per_week": True}, "runs per week and taper days are whole numbers"),
        ({"long_run_spacing_weeks": 0}, "fast-finish long runs are spaced by at least 1 week"),
    ],
)
def test_refuses_inconsistent_placement_rules(kwargs, message):
    with pytest.raises(ValueError, match=message):
        PlacementRules(**kwargs)


def test_default_placement_rules_are_domain_section_4():
    rules = PlacementRules()
    assert [rules.per_week(phase) for phase in BLOCK_PHASES] == [1, 2, 1, 0]
    assert (rules.taper_days, rules.long_run_spacing_weeks) == (10, 2)


# Placement rules

BLOCK = Block(SUNDAY_RACE, 18)  # Mon 23 Dec 2024 – Sun 27 Apr 2025; weeks run Monday to Sunday


def check(sessions, **kwargs):
    return check_placement(sessions, block=BLOCK, **kwargs)


def test_accepts_a_week_with_one_base_run_between_easy_days():
    week = [
        session(day_in(BLOCK, 2, MON), "rest"),
        session(day_in(BLOCK, 2, TUE), "easy"),
        progression(day_in(BLOCK, 2, WED)),
        session(day_in(BLOCK, 2, THU), "easy"),
        session(day_in(BLOCK, 2, SUN), "long_run"),
    ]
    assert check(week, availability=EVERY_DAY) == []


def test_warns_on_a_second_progression_run_in_a_base_week():
    first, second = progression(day_in(BLOCK, 2, TUE)), progression(day_in(BLOCK, 2, FRI))
    (finding,) = check([first, second])
    assert finding == BlockFinding(
        "too-many-in-week",
        "warning",
        "Week 2 of 18 (base) holds 2 progression runs; the base phase takes at most 1 a week, "
        "so the athlete recovers between them.",
        date=second.date,
    )


def test_accepts_two_progression_runs_in_a_transition_week_and_warns_on_a_third():
    two = [progression(day_in(BLOCK, 8, TUE)), long_progression(day_in(BLOCK, 8, SUN))]
    assert check(two) == []
    findings = check([*two, progression(day_in(BLOCK, 8, THU))])
    assert codes(findings) == ["too-many-in-week"]
    assert "holds 3 progression runs; the transition phase takes at most 2 a week" in (
        findings[0].message
    )


def test_the_long_run_phase_takes_one_run_besides_its_fast_finish_long_run():
    week = [progression(day_in(BLOCK, 13, WED)), long_progression(day_in(BLOCK, 13, SUN))]
    assert check(week) == []
    findings = check([*week, progression(day_in(BLOCK, 13, FRI))])
    assert codes(findings) == ["too-many-in-week"]
    assert findings[0].message == (
        "Week 13 of 18 (long-run phase) holds 2 progression runs besides its fast-finish long "
        "run; the long-run phase takes at most 1 a week besides its fast-finish long run, so "
        "the athlete recovers between them."
    )
    assert findings[0].date == day_in(BLOCK, 13, FRI)


def test_warns_on_a_progression_run_in_the_taper_before_its_last_10_days():
    run = progression(SUNDAY_RACE - 12 * DAY)
    (finding,) = check([run])
    assert finding.code == "too-many-in-week"
    assert finding.message == "Week 17 of 18 (taper) holds 1 progression run; the taper takes none."


@pytest.mark.parametrize(
    ("days_before", "when"),
    [(10, "is 10 days before the race"), (1, "is 1 day before the race"), (0, "is on race day")],
)
def test_refuses_a_progression_run_in_the_last_10_days(days_before, when):
    run = progression(SUNDAY_RACE - days_before * DAY)
    (finding,) = check([run])
    assert finding.code == "in-taper" and finding.severity == "error"
    assert finding.message == (
        f"The progression run on {format_day(run.date)} {when}; leave the last 10 days without "
        "progression runs, so the athlete starts the race fresh."
    )


def format_day(day):
    return f"{day:%a} {day.day} {day:%b} {day.year}"


def test_a_progression_run_11_days_before_the_race_is_only_too_many_for_the_taper():
    block = Block(SUNDAY_RACE, 18, tuple(spans(6, 5, 4, 3)))
    findings = check_placement([progression(SUNDAY_RACE - 11 * DAY)], block=block)
    assert codes(findings) == ["too-many-in-week"]


def test_a_coach_may_keep_a_longer_taper_free_of_progression_runs():
    rules = PlacementRules(taper_days=14)
    findings = check([progression(SUNDAY_RACE - 14 * DAY)], rules=rules)
    assert codes(findings) == ["in-taper"]
    assert "leave the last 14 days" in findings[0].message


def test_refuses_a_progression_run_outside_the_block():
    early, late = progression(BLOCK.start - DAY), progression(SUNDAY_RACE + DAY)
    findings = check([late, early, session(SUNDAY_RACE + DAY, "easy")])
    assert codes(findings) == ["outside-block", "outside-block"]
    assert [finding.date for finding in findings] == [early.date, late.date]
    assert findings[0].message == (
        "The progression run on Sun 22 Dec 2024 is outside the block (Mon 23 Dec 2024 – "
        "Sun 27 Apr 2025, race day)."
    )


@pytest.mark.parametrize("kind", ["long_run", "quality", "race", "progression"])
def test_warns_on_a_progression_run_the_day_after_a_hard_session(kind):
    before = PlannedRun(
        date=day_in(BLOCK, 3, TUE), kind=kind, stages=BASE_RUN if kind == "progression" else None
    )
    run = progression(day_in(BLOCK, 3, WED))
    findings = check([before, run], rules=PlacementRules(base_per_week=2))
    assert codes(findings) == ["after-hard-day"]
    assert findings[0].date == run.date
    assert findings[0].message.startswith(
        f"The progression run on {format_day(run.date)} comes the day after the "
    )
    assert findings[0].message.endswith("; a progression run wants an easy day or rest before it.")


def test_warns_on_a_progression_run_the_day_before_a_quality_session():
    run = progression(day_in(BLOCK, 3, WED))
    (finding,) = check([run, session(day_in(BLOCK, 3, THU), "quality")])
    assert finding.code == "after-hard-day" and finding.date == run.date
    assert "comes the day before the quality session on Thu 9 Jan 2025, which then follows a " in (
        finding.message
    )


def test_accepts_a_progression_run_after_an_easy_day_or_rest():
    sessions = [
        session(day_in(BLOCK, 3, TUE), "easy"),
        progression(day_in(BLOCK, 3, WED)),
        session(day_in(BLOCK, 3, THU), "rest"),
    ]
    assert check(sessions) == []


def test_ignores_a_missed_session():
    sessions = [session(day_in(BLOCK, 3, TUE), "quality"), progression(day_in(BLOCK, 3, WED))]
    missed = [PlannedRun(date=day_in(BLOCK, 3, TUE), kind="quality", missed=True), sessions[1]]
    assert codes(check(sessions)) == ["after-hard-day"]
    assert check(missed) == []


def test_warns_on_a_session_on_a_day_the_athlete_cannot_train():
    sessions = [
        session(day_in(BLOCK, 3, SAT), "long_run"),
        session(day_in(BLOCK, 3, FRI), "rest"),
        session(SUNDAY_RACE, "race"),
    ]
    findings = check(sessions, availability={TUE, THU, SUN})
    assert findings == [
        BlockFinding(
            "not-a-training-day",
            "warning",
            "The long run on Sat 11 Jan 2025 is on a Saturday, a day the athlete cannot train.",
            date=day_in(BLOCK, 3, SAT),
        )
    ]
    assert check(sessions) == []


def test_refuses_a_training_day_that_is_not_a_weekday():
    with pytest.raises(ValueError, match=r"the training days are weekdays 0 \(Monday\) to 6"):
        check([], availability={7})


@pytest.mark.parametrize(
    ("first", "second", "when"),
    [((13, SUN), (14, SUN), "1 week after"), ((14, THU), (14, SUN), "in the same week as")],
)
def test_warns_on_fast_finish_long_runs_closer_than_every_second_week(first, second, when):
    earlier, later = (long_progression(day_in(BLOCK, *at)) for at in (first, second))
    findings = check([later, earlier], rules=PlacementRules(long_run_per_week=2))
    assert codes(findings) == ["long-run-spacing"]
    assert findings[0].date == later.date
    assert findings[0].message == (
        f"The fast-finish long run on {format_day(later.date)} comes {when} the one on "
        f"{format_day(earlier.date)}; in the long-run phase, plan them at most every 2nd week "
        "so each one is recovered from."
    )


def test_accepts_fast_finish_long_runs_every_second_week():
    assert check([long_progression(day_in(BLOCK, w, SUN)) for w in (12, 14, 16)]) == []


def test_judges_long_run_spacing_only_in_the_long_run_phase():
    transition = [long_progression(day_in(BLOCK, w, SUN)) for w in (9, 10, 11)]
    assert check(transition) == []


@pytest.mark.parametrize(
    ("spacing", "first", "second", "every"),
    [
        (3, (12, SUN), (14, SUN), "every 3rd week"),
        (1, (12, WED), (12, SUN), "every week"),
        (21, (12, SUN), (13, SUN), "every 21st week"),
        (12, (12, SUN), (13, SUN), "every 12th week"),
    ],
)
def test_speaks_the_coachs_own_long_run_spacing(spacing, first, second, every):
    runs = [long_progression(day_in(BLOCK, *at)) for at in (first, second)]
    rules = PlacementRules(long_run_spacing_weeks=spacing, long_run_per_week=2)
    (finding,) = check(runs, rules=rules)
    assert finding.code == "long-run-spacing"
    assert f"plan them at most {every} so each one" in finding.message


def test_warns_when_the_finish_does_not_suit_the_phase():
    steady_finish = (mins(45, "easy"), mins(30, "steady"))
    run = progression(day_in(BLOCK, 8, WED), steady_finish)
    (finding,) = check([run])
    assert finding.code == "phase-mismatch" and finding.severity == "warning"
    assert finding.message == (
        "Progression run on Wed 12 Feb 2025: The run finishes at steady, short of marathon pace; "
        "in the transition phase, finish at marathon pace, with at most 10 minutes just below "
        "threshold."
    )
    assert check([progression(day_in(BLOCK, 2, WED), steady_finish)]) == []


def test_judges_the_phase_fit_with_the_coachs_rules():
    threshold_finish = (mins(50, "easy"), mins(15, "steady"), mins(15, "marathon"))
    threshold_finish += (mins(12, "threshold"),)
    run = progression(day_in(BLOCK, 8, WED), threshold_finish)
    assert "phase-mismatch" in codes(check([run]))
    assert check([run], progression_rules=Rules(transition_threshold_max_s=900)) == []


def test_reports_placement_findings_by_date_errors_first():
    late = progression(SUNDAY_RACE - 3 * DAY)
    early = progression(day_in(BLOCK, 2, MON))
    findings = check([late, early, session(SUNDAY_RACE - 4 * DAY, "quality")], availability={TUE})
    assert [(f.date, f.code) for f in findings] == [
        (early.date, "not-a-training-day"),
        (SUNDAY_RACE - 4 * DAY, "not-a-training-day"),
        (late.date, "in-taper"),
        (late.date, "after-hard-day"),
        (late.date, "not-a-training-day"),
    ]
    assert all(f.severity == PLACEMENT_SEVERITIES[f.code] for f in findings)


# Proposing a block's progression runs

WEEK_DAYS = {TUE, WED, THU, SAT, SUN}
PACES = ladder_paces(50)  # M about 4:31/km


def propose(block, **kwargs):
    return propose_progressions(
        block, **({"training_days": WEEK_DAYS, "long_run_day": SUN} | kwargs)
    )


def plans_of(runs):
    return [format_plan(run.stages) for run in runs]


SATURDAY_BLOCK = Block(SATURDAY_RACE, 18)  # weeks run Sunday to Saturday
SATURDAY_PROPOSAL = propose(SATURDAY_BLOCK)


def test_proposes_one_base_run_a_week_mid_week_growing_from_45_to_75_minutes():
    base = placed(SATURDAY_PROPOSAL, phase="base", block=SATURDAY_BLOCK)
    assert [SATURDAY_BLOCK.week_of(run.date).index for run in base] == [1, 2, 3, 4, 5, 6]
    assert {run.date.weekday() for run in base} == {WED}
    assert {run.kind for run in base} == {"progression"}
    assert [minutes(run) for run in base] == [45, 50, 55, 65, 70, 75]


def test_base_runs_finish_at_steady_then_at_marathon_pace():
    base = placed(SATURDAY_PROPOSAL, phase="base", block=SATURDAY_BLOCK)
    assert plans_of(base) == [
        "27min easy, 18min steady",
        "30min easy, 20min steady",
        "33min easy, 22min steady",
        "40min easy, 16min steady, 9min marathon",
        "43min easy, 17min steady, 10min marathon",
        "46min easy, 18min steady, 11min marathon",
    ]


def test_proposes_two_transition_runs_a_week_one_mid_week_one_inside_the_long_run():
    transition = placed(SATURDAY_PROPOSAL, phase="transition", block=SATURDAY_BLOCK)
    midweek = [run for run in transition if run.kind == "progression"]
    long_runs = [run for run in transition if run.kind == "long_run_progression"]
    assert [SATURDAY_BLOCK.week_of(run.date).index for run in midweek] == [7, 8, 9, 10, 11]
    assert [SATURDAY_BLOCK.week_of(run.date).index for run in long_runs] == [7, 8, 9, 10, 11]
    assert {run.date.weekday() for run in midweek} == {WED}
    assert {run.date.weekday() for run in long_runs} == {SUN}
    assert [minutes(run) for run in midweek] == [75, 85, 90, 100, 105]
    assert [minutes(run) for run in long_runs] == [75, 85, 90, 100, 105]
    assert plans_of(midweek)[-1] == "53min easy, 26min steady, 26min marathon"
    assert plans_of(long_runs)[-1] == "63min easy, 21min steady, 21min marathon"


def test_proposes_a_fast_finish_long_run_every_second_week_of_the_long_run_phase():
    long_runs = placed(SATURDAY_PROPOSAL, phase="long_run", block=SATURDAY_BLOCK)
    assert [SATURDAY_BLOCK.week_of(run.date).index for run in long_runs] == [12, 14, 16]
    assert {run.date.weekday() for run in long_runs} == {SUN}
    assert {run.kind for run in long_runs} == {"long_run_progression"}
    assert plans_of(long_runs) == [
        "14.5km easy, 4.5km steady, 5km marathon",
        "17km easy, 4.5km steady, 6.5km marathon",
        "19km easy, 5km steady, 8km marathon",
    ]


def test_proposes_nothing_in_the_taper():
    assert placed(SATURDAY_PROPOSAL, phase="taper", block=SATURDAY_BLOCK) == []
    assert SATURDAY_PROPOSAL.notes == ()


def test_the_proposal_draws_no_finding_at_all():
    runs = SATURDAY_PROPOSAL.runs
    assert check_placement(runs, block=SATURDAY_BLOCK, availability=WEEK_DAYS) == []
    for run in runs:
        phase = SATURDAY_BLOCK.phase_on(run.date)
        assert check_progression(run.stages, phase=phase) == []
        assert check_progression(run.stages, phase=phase, paces=PACES) == []


@pytest.mark.parametrize("race_date", [SUNDAY_RACE, SATURDAY_RACE])
@pytest.mark.parametrize(
    ("n_weeks", "counts", "longest_km"),
    [(8, (2, 4, 1), 24), (18, (6, 10, 3), 32), (20, (7, 10, 3), 32), (30, (11, 16, 4), 32)],
)
def test_proposes_runs_for_every_phase_of_any_block(race_date, n_weeks, counts, longest_km):
    block = Block(race_date, n_weeks)
    proposal = propose(block)
    by_phase = [placed(proposal, phase=phase, block=block) for phase in PHASES]
    assert tuple(len(runs) for runs in by_phase) == counts
    base, transition, long_runs = by_phase
    assert (minutes(base[0]), minutes(base[-1])) == (45, 75)
    assert (minutes(transition[0]), minutes(transition[-1])) == (75, 105)
    assert kilometres(long_runs[0].stages) == 24
    assert kilometres(long_runs[0].stages, "marathon") == 5
    assert kilometres(long_runs[-1].stages) == longest_km
    assert kilometres(long_runs[-1].stages, "marathon") == (8 if longest_km == 32 else 5)
    assert all(block.days_before_race(run.date) > 10 for run in proposal.runs)
    assert check_placement(proposal.runs, block=block, availability=WEEK_DAYS) == []


def test_goes_mid_week_on_the_training_day_furthest_from_the_long_run():
    proposal = propose(BLOCK, training_days={MON, TUE, WED, SAT}, long_run_day=SAT)
    midweek = {run.date.weekday() for run in proposal.runs if run.kind == "progression"}
    assert midweek == {TUE}


def test_says_why_there_are_no_mid_week_runs_when_every_training_day_is_beside_the_long_run():
    proposal = propose(BLOCK, training_days={SAT, SUN, MON})
    assert {run.kind for run in proposal.runs} == {"long_run_progression"}
    assert proposal.notes[0] == (
        "No mid-week progression runs: the training days (Monday, Saturday, Sunday) leave no "
        "day apart from the long-run day (Sunday) and the days beside it, which the long run "
        "makes hard."
    )


def test_works_around_a_quality_session_every_thursday():
    thursdays = [session(day_in(BLOCK, week, THU), "quality") for week in range(1, 17)]
    proposal = propose(BLOCK, existing=thursdays)
    midweek = {run.date.weekday() for run in proposal.runs if run.kind == "progression"}
    assert midweek == {TUE}
    assert check_placement([*thursdays, *proposal.runs], block=BLOCK) == []


def test_fills_a_day_holding_an_easy_run_or_a_plain_long_run():
    existing = [session(day_in(BLOCK, 2, WED), "easy"), session(day_in(BLOCK, 12, SUN), "long_run")]
    proposal = propose(BLOCK, existing=existing)
    days = {run.date for run in proposal.runs}
    assert {day_in(BLOCK, 2, WED), day_in(BLOCK, 12, SUN)} <= days


def test_moves_a_fast_finish_long_run_off_a_b_race_and_says_so():
    b_race = session(day_in(BLOCK, 16, SUN), "race")
    proposal = propose(BLOCK, existing=[b_race])
    long_runs = placed(proposal, phase="long_run", block=BLOCK)
    assert [BLOCK.week_of(run.date).index for run in long_runs] == [13, 15]
    assert proposal.notes == (
        "Week 16 of 18 (long-run phase): no fast-finish long run, as its long-run day is taken "
        "or next to a hard session.",
    )


def test_never_goes_the_day_after_a_hard_session():
    mondays = [session(day_in(BLOCK, week, MON), "quality") for week in range(1, 17)]
    saturdays = [session(day_in(BLOCK, week, SAT), "long_run") for week in range(7, 12)]
    proposal = propose(BLOCK, training_days=EVERY_DAY, existing=mondays + saturdays)
    assert check_placement([*mondays, *saturdays, *proposal.runs], block=BLOCK) == []
    transition = placed(proposal, kind="long_run_progression", phase="transition", block=BLOCK)
    assert transition == []
    assert proposal.notes[0] == (
        "Week 7 of 18 (transition): no progression run inside the long run, as its long-run day "
        "is taken or next to a hard session."
    )


def test_says_why_a_week_has_no_mid_week_run():
    quality = [session(day_in(BLOCK, 3, day), "quality") for day in (TUE, THU)]
    proposal = propose(BLOCK, existing=quality)
    assert BLOCK.week_of(day_in(BLOCK, 3, WED)) not in [
        BLOCK.week_of(run.date) for run in proposal.runs
    ]
    assert proposal.notes == (
        "Week 3 of 18 (base): no mid-week progression run, as every mid-week training day is "
        "taken or next to a hard session.",
    )


def test_replaces_unlocked_progression_runs_and_keeps_locked_ones():
    stale = progression(day_in(BLOCK, 2, THU))
    locked = progression(day_in(BLOCK, 3, TUE), locked=True)
    proposal = propose(BLOCK, existing=[stale, locked])
    weeks = [BLOCK.week_of(run.date).index for run in placed(proposal, phase="base", block=BLOCK)]
    assert weeks == [1, 2, 4, 5, 6]
    assert stale.date not in {run.date for run in proposal.runs}
    # The locked run is the ladder's third step: week 4 takes the fourth.
    assert [minutes(run) for run in placed(proposal, phase="base", block=BLOCK)] == [
        45,
        50,
        65,
        70,
        75,
    ]


def test_takes_the_middle_of_the_coachs_easy_share():
    rules = Rules(easy_share_min=0.6, easy_share_max=0.8)
    proposal = propose(BLOCK, progression_rules=rules)
    first = proposal.runs[0]
    assert format_plan(first.stages) == "32min easy, 13min steady"
    midweek = placed(proposal, kind="progression", phase="transition", block=BLOCK)
    assert format_plan(midweek[0].stages) == "45min easy, 15min steady, 15min marathon"
    assert all(
        check_progression(run.stages, phase=BLOCK.phase_on(run.date), rules=rules) == []
        for run in proposal.runs
    )


def test_keeps_a_steady_bridge_when_the_coach_wants_the_long_run_mostly_easy():
    rules = Rules(easy_share_min=0.7, easy_share_max=0.9)
    proposal = propose(BLOCK, progression_rules=rules)
    long_runs = placed(proposal, phase="long_run", block=BLOCK)
    assert plans_of(long_runs)[0] == "18.5km easy, 500m steady, 5km marathon"


def test_leaves_out_runs_that_would_break_the_coachs_rules_and_says_why():
    proposal = propose(BLOCK, progression_rules=Rules(min_stages=4))
    assert proposal.runs == ()
    assert proposal.notes[0] == (
        "Week 1 of 18 (base): no progression run, as it would break the rules: The run has 2 "
        "stages; a progression run needs at least 4 stages of rising effort."
    )
    assert (
        "Week 7 of 18 (transition): no fast-finish long run, as it would break the rules: The "
        "run has 3 stages; a progression run needs at least 4 stages of rising effort."
    ) in proposal.notes


def test_says_when_a_run_cannot_be_built_at_the_coachs_easy_share():
    proposal = propose(BLOCK, progression_rules=Rules(easy_share_min=1, easy_share_max=1))
    base = placed(proposal, phase="base", block=BLOCK)
    assert base == []
    assert (
        "Week 1 of 18 (base): no progression run, as it cannot be built (a total of 45 minutes "
        "is too short to split into 2 stages of whole minutes)."
    ) in proposal.notes


def test_proposes_long_runs_by_time_from_2_to_2_45_hours():
    proposal = propose(BLOCK, long_runs_by="time")
    long_runs = placed(proposal, phase="long_run", block=BLOCK)
    assert [minutes(run) for run in long_runs] == [120, 145, 165]
    assert plans_of(long_runs) == [
        "72min easy, 24min steady, 24min marathon",
        "87min easy, 25min steady, 33min marathon",
        "99min easy, 25min steady, 41min marathon",
    ]


def test_proposes_long_runs_by_time_with_the_finish_at_the_athletes_marathon_pace():
    proposal = propose(BLOCK, long_runs_by="time", paces=PACES)
    long_runs = placed(proposal, phase="long_run", block=BLOCK)
    finishes = [run.stages[-1].duration_s / 60 for run in long_runs]
    marathon_s_per_km = sum((PACES["marathon"].fast_s_per_km, PACES["marathon"].slow_s_per_km)) / 2
    assert finishes == [round(km_ * marathon_s_per_km / 60) for km_ in (5, 6.5, 8)]
    assert all(
        check_progression(run.stages, phase="long_run", paces=PACES) == [] for run in long_runs
    )


def test_keeps_the_easy_share_by_time_at_the_athletes_paces():
    slow_easy = PACES | {"easy": type(PACES["easy"])(400, 480)}  # a walker's easy
    plain = placed(propose(BLOCK), phase="long_run", block=BLOCK)
    proposal = propose(BLOCK, paces=slow_easy)
    long_runs = placed(proposal, phase="long_run", block=BLOCK)
    assert any("easy-share" in codes_of(run, slow_easy) for run in plain)
    assert all(codes_of(run, slow_easy) == [] for run in long_runs)
    assert kilometres(long_runs[0].stages, "easy") < kilometres(plain[0].stages, "easy")


def codes_of(run, paces):
    return [f.code for f in check_progression(run.stages, phase="long_run", paces=paces)]


def test_a_longer_final_stretch_without_progression_runs_moves_them_earlier():
    rules = PlacementRules(taper_days=35)
    block = Block(SUNDAY_RACE, 8)
    proposal = propose(block, rules=rules)
    assert all(block.days_before_race(run.date) > 35 for run in proposal.runs)
    assert placed(proposal, phase="long_run", block=block) == []
    assert proposal.notes == (
        "Week 3 of 8 (transition): no progression run inside the long run, as its long-run day "
        "falls in the last 35 days before the race.",
        "Week 4 of 8 (transition): no progression run inside the long run, as its long-run day "
        "falls in the last 35 days before the race.",
        "Week 4 of 8 (transition): no mid-week progression run, as every mid-week training day "
        "falls in the last 35 days before the race.",
        "Week 5 of 8 (long-run phase): no fast-finish long run, as its long-run day falls in the "
        "last 35 days before the race.",
        "Week 6 of 8 (long-run phase): no fast-finish long run, as its long-run day falls in the "
        "last 35 days before the race.",
    )


def test_a_coach_may_keep_the_transition_free_of_progression_runs():
    proposal = propose(BLOCK, rules=PlacementRules(transition_per_week=0))
    assert placed(proposal, phase="transition", block=BLOCK) == []
    assert proposal.notes == ()


def test_a_coach_may_keep_the_base_free_of_progression_runs():
    proposal = propose(BLOCK, rules=PlacementRules(base_per_week=0, transition_per_week=1))
    assert placed(proposal, phase="base", block=BLOCK) == []
    transition = placed(proposal, phase="transition", block=BLOCK)
    assert {run.kind for run in transition} == {"long_run_progression"}


def test_a_one_week_phase_takes_the_start_of_its_ladder():
    block = Block(SUNDAY_RACE, 8, tuple(spans(1, 1, 1, 5)))
    proposal = propose(block, rules=PlacementRules(taper_days=0))
    assert [(block.phase_on(run.date), run.kind) for run in proposal.runs] == [
        ("base", "progression"),
        ("transition", "progression"),
        ("transition", "long_run_progression"),
        ("long_run", "long_run_progression"),
    ]
    base, transition, transition_long, long_run = proposal.runs
    assert (minutes(base), minutes(transition), minutes(transition_long)) == (45, 75, 75)
    assert (kilometres(long_run.stages), kilometres(long_run.stages, "marathon")) == (24, 5)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"training_days": set()}, "the athlete needs at least one training day"),
        ({"training_days": {1, 7}}, r"the training days are weekdays 0 \(Monday\) to 6"),
        ({"long_run_day": 9}, r"the long-run day are weekdays 0 \(Monday\) to 6"),
        ({"long_run_day": MON}, r"the long-run day \(Monday\) must be one of the training days"),
        ({"long_runs_by": "pace"}, "long runs go by 'distance' or 'time', not 'pace'"),
    ],
)
def test_refuses_a_proposal_it_cannot_make_sense_of(kwargs, message):
    with pytest.raises(ValueError, match=message):
        propose(BLOCK, **kwargs)


# Re-planning from a date


def replan(block, from_date, runs, **kwargs):
    return replan_from(
        block, from_date, runs, **({"training_days": WEEK_DAYS, "long_run_day": SUN} | kwargs)
    )


def test_replanning_an_untouched_proposal_changes_nothing():
    runs = SATURDAY_PROPOSAL.runs
    result = replan(SATURDAY_BLOCK, day_in(SATURDAY_BLOCK, 9, THU), runs)
    assert result.is_empty
    assert result.runs == runs


def test_leaves_a_missed_run_before_the_date_missed_and_resumes_its_ladder_after_it():
    long_runs = placed(SATURDAY_PROPOSAL, "long_run_progression", "transition", SATURDAY_BLOCK)
    sunday = long_runs[2].date  # week 9, the first day of a Saturday race's week
    runs = [
        PlannedRun(run.date, run.kind, run.stages, missed=run.date == sunday)
        for run in SATURDAY_PROPOSAL.runs
    ]
    result = replan(SATURDAY_BLOCK, sunday + 4 * DAY, runs)
    assert result.added == result.removed == ()
    assert [(minutes(c.before), minutes(c.after)) for c in result.changed] == [
        (100, 90),
        (105, 100),
    ]
    assert {c.after.kind for c in result.changed} == {"long_run_progression"}


def test_puts_no_run_back_before_the_date_in_the_week_it_starts():
    wednesday = day_in(BLOCK, 3, WED)
    runs = [
        PlannedRun(run.date, run.kind, run.stages, missed=run.date == wednesday)
        for run in propose(BLOCK).runs
    ]
    result = replan(BLOCK, wednesday + 2 * DAY, runs)
    assert all(BLOCK.week_of(run.date).index != 3 for run in result.added)
    assert result.notes == ()
    assert [(minutes(c.before), minutes(c.after)) for c in result.changed][:1] == [(65, 55)]


def test_resumes_the_base_ladder_after_two_missed_weeks():
    proposal = propose(BLOCK)
    missed_weeks = (2, 3)
    runs = [
        PlannedRun(run.date, run.kind, run.stages, missed=True)
        if BLOCK.week_of(run.date).index in missed_weeks
        else run
        for run in proposal.runs
    ]
    result = replan(BLOCK, day_in(BLOCK, 4, MON), runs)
    assert [(minutes(c.before), minutes(c.after)) for c in result.changed][:3] == [
        (65, 50),
        (70, 55),
        (75, 65),
    ]
    assert result.added == result.removed == ()
    assert check_placement(result.runs, block=BLOCK, availability=WEEK_DAYS) == []


def test_keeps_locked_runs_and_everything_before_the_date():
    proposal = propose(BLOCK)
    edited = progression(day_in(BLOCK, 5, WED), BASE_RUN, locked=True)
    earlier = progression(day_in(BLOCK, 2, WED), BASE_RUN)
    runs = [
        edited if run.date == edited.date else earlier if run.date == earlier.date else run
        for run in proposal.runs
    ]
    result = replan(BLOCK, day_in(BLOCK, 3, MON), runs, training_days={THU, SUN})
    assert edited in result.runs and earlier in result.runs
    assert edited not in result.removed and earlier not in result.removed
    assert {run.date.weekday() for run in result.added if run.kind == "progression"} == {THU}
    assert all(run.date.weekday() == WED for run in result.removed)
    assert BLOCK.week_of(edited.date).index not in [
        BLOCK.week_of(run.date).index for run in result.added if run.kind == "progression"
    ]
    assert check_placement(result.runs, block=BLOCK, availability={WED, THU, SUN}) == []


def test_restores_a_run_the_coach_edited_as_a_change():
    proposal = propose(BLOCK)
    target = placed(proposal, phase="base", block=BLOCK)[4]
    edited = progression(target.date, BASE_RUN)
    runs = [edited if run == target else run for run in proposal.runs]
    result = replan(BLOCK, day_in(BLOCK, 4, MON), runs)
    assert [(change.before, change.after) for change in result.changed] == [(edited, target)]
    assert result.runs == proposal.runs


def test_removes_an_unlocked_progression_run_from_the_taper():
    stray = progression(SUNDAY_RACE - 12 * DAY)
    result = replan(BLOCK, SUNDAY_RACE - 13 * DAY, [stray, session(SUNDAY_RACE, "race")])
    assert result.removed == (stray,)
    assert result.added == result.changed == ()
    assert result.runs == (session(SUNDAY_RACE, "race"),)
    assert not result.is_empty


@pytest.mark.parametrize(
    ("from_date", "message"),
    [
        (SUNDAY_RACE + DAY, "re-plan from a day inside the block \\(Mon 23 Dec 2024 – Sun 27 Apr"),
        (date(2024, 12, 22), "re-plan from a day inside the block"),
        (datetime(2025, 1, 1, 8), "the re-plan's date must be a day"),
    ],
)
def test_refuses_to_replan_from_a_day_outside_the_block(from_date, message):
    with pytest.raises(ValueError, match=message):
        replan(BLOCK, from_date, [])


# Properties: any race date, block length, training days and interruption


@st.composite
def athletes(draw):
    race_date = draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
    block = Block(race_date, draw(st.integers(MIN_WEEKS_, MAX_WEEKS_)))
    training_days = draw(st.sets(st.integers(0, 6), min_size=1))
    long_run_day = draw(st.sampled_from(sorted(training_days)))
    paces = draw(st.one_of(st.none(), st.floats(30, 80).map(ladder_paces)))
    long_runs_by = draw(st.sampled_from(["distance", "time"]))
    return block, {
        "training_days": training_days,
        "long_run_day": long_run_day,
        "paces": paces,
        "long_runs_by": long_runs_by,
    }


MIN_WEEKS_, MAX_WEEKS_ = 8, 30


def assert_passes_every_rule(block, runs, *, training_days, paces, **_):
    assert check_placement(runs, block=block, availability=training_days, paces=paces) == []
    progressions = [run for run in runs if run.is_progression and not run.missed]
    for run in progressions:
        phase = block.phase_on(run.date)
        assert phase in PHASES
        assert check_progression(run.stages, phase=phase, paces=paces) == []
        assert block.days_before_race(run.date) > 10
        assert run.date.weekday() in training_days
    days = sorted(run.date for run in progressions)
    assert all((after - before).days > 1 for before, after in pairwise(days))


@settings(max_examples=100, deadline=None)
@given(athletes())
def test_every_proposal_passes_the_progression_and_placement_rules(athlete):
    block, kwargs = athlete
    weeks = [week for span in block.phases for week in range(span.first_week, span.last_week + 1)]
    assert weeks == list(range(1, block.n_weeks + 1))
    proposal = propose_progressions(block, **kwargs)
    assert_passes_every_rule(block, proposal.runs, **kwargs)


@settings(max_examples=100, deadline=None)
@given(athletes(), st.data())
def test_every_replan_after_an_interruption_passes_the_rules(athlete, data):
    block, kwargs = athlete
    runs = propose_progressions(block, **kwargs).runs
    from_date = data.draw(st.dates(min_value=block.start, max_value=block.race_date))
    missed_days = data.draw(st.integers(0, 21))
    locked = data.draw(st.sets(st.sampled_from(range(len(runs))) if runs else st.nothing()))
    interrupted = [
        PlannedRun(
            run.date,
            run.kind,
            run.stages,
            locked=i in locked,
            missed=from_date - timedelta(days=missed_days) <= run.date < from_date,
        )
        for i, run in enumerate(runs)
    ]
    result = replan_from(block, from_date, interrupted, **kwargs)
    assert_passes_every_rule(block, result.runs, **kwargs)
    assert all(run.date >= from_date for run in result.added)
    assert all(run.date >= from_date and not run.locked for run in result.removed)
    kept = [run for run in interrupted if run.date < from_date or run.locked]
    assert all(run in result.runs for run in kept)
    untouched = replan_from(block, from_date, runs, **kwargs)
    assert untouched.is_empty


# Recovery weeks after the race (docs/running.md §4.4)

RECOVERING = Block(SUNDAY_RACE, 18, recovery_weeks=2)  # Mon 28 Apr – Sun 11 May 2025


def test_recovery_weeks_follow_race_day_numbered_on_but_in_no_phase():
    first, second = RECOVERING.recovery
    assert (first.index, first.start, first.end) == (19, date(2025, 4, 28), date(2025, 5, 4))
    assert (second.index, second.start, second.end) == (20, date(2025, 5, 5), date(2025, 5, 11))
    assert RECOVERING.end == date(2025, 5, 11)
    assert [RECOVERING.phase_of(i) for i in (18, 19, 20)] == ["taper", "recovery", "recovery"]
    assert RECOVERING.week_label(second) == "recovery week 2 of 2"
    assert RECOVERING.week_label(RECOVERING.weeks[8]) == "week 9 of 18 (transition)"


def test_a_recovery_day_is_in_a_recovery_week_not_a_block_week():
    day = date(2025, 5, 6)
    assert RECOVERING.week_of(day) is None and RECOVERING.phase_on(day) is None
    assert RECOVERING.recovery_week_of(day).index == 20
    assert RECOVERING.calendar_week_of(day).index == 20
    assert RECOVERING.calendar_week_of(SUNDAY_RACE).index == 18
    assert RECOVERING.recovery_week_of(SUNDAY_RACE) is None
    assert RECOVERING.calendar_week_of(date(2025, 5, 12)) is None
    assert BLOCK.end == SUNDAY_RACE and BLOCK.recovery == ()


@given(
    race_date=st.dates(date(2020, 1, 1), date(2035, 12, 31)),
    n_weeks=st.integers(8, 30),
    recovery_weeks=st.integers(0, 4),
    offset=st.integers(1, 28),
)
def test_every_day_after_the_race_to_the_end_is_in_exactly_one_recovery_week(
    race_date, n_weeks, recovery_weeks, offset
):
    block = Block(race_date, n_weeks, recovery_weeks=recovery_weeks)
    day = race_date + offset * DAY
    week = block.recovery_week_of(day)
    if offset > 7 * recovery_weeks:
        assert week is None
    else:
        assert day in week and [w for w in block.recovery if day in w] == [week]
        assert block.phase_of(week.index) == "recovery"


@pytest.mark.parametrize(
    ("recovery_weeks", "message"),
    [
        (5, "recovery after the race lasts 0 to 4 weeks, not 5"),
        (-1, "recovery after the race lasts 0 to 4 weeks, not -1"),
        (1.5, "recovery lasts a whole number of weeks, not 1.5"),
        (True, "recovery lasts a whole number of weeks, not True"),
    ],
)
def test_refuses_recovery_weeks_out_of_range(recovery_weeks, message):
    with pytest.raises(ValueError, match=message):
        Block(SUNDAY_RACE, 18, recovery_weeks=recovery_weeks)


@pytest.mark.parametrize("make", [progression, long_progression])
def test_refuses_a_progression_run_in_the_recovery_weeks(make):
    run = make(date(2025, 5, 1))
    findings = check_placement([run], block=RECOVERING)
    assert codes(findings) == ["in-recovery"]
    assert findings[0].severity == "error"
    assert findings[0].message.startswith(
        "No progression runs in the recovery weeks after the race: the "
    )
    assert "on Thu 1 May 2025 falls in recovery week 1 of 2" in findings[0].message


def test_easy_runs_and_rest_in_the_recovery_weeks_draw_no_finding():
    runs = [session(date(2025, 4, 29), "easy"), session(date(2025, 4, 30), "rest")]
    assert check_placement(runs, block=RECOVERING, availability=EVERY_DAY) == []


def test_a_progression_run_after_the_recovery_weeks_is_outside_the_block():
    findings = check_placement([progression(date(2025, 5, 12))], block=RECOVERING)
    assert codes(findings) == ["outside-block"]


def test_the_recovery_message_is_only_for_a_progression_run_after_race_day():
    assert in_recovery_message(RECOVERING, "easy", date(2025, 5, 1)) is None
    assert in_recovery_message(RECOVERING, "progression", SUNDAY_RACE) is None
    assert in_recovery_message(RECOVERING, "progression", date(2025, 5, 1))


def test_the_proposal_puts_nothing_in_the_recovery_weeks():
    proposal = propose_progressions(RECOVERING, training_days=EVERY_DAY, long_run_day=SUN)
    assert proposal.runs and all(run.date <= SUNDAY_RACE for run in proposal.runs)


# -- Availability: days away or limited (docs/running.md §4.5) ---------------------------------

TRIP = Unavailable(day_in(BLOCK, 3, TUE), day_in(BLOCK, 3, THU), "travel")
LIMITED = Unavailable(day_in(BLOCK, 4, TUE), day_in(BLOCK, 4, SAT), "ill", longest_min=45)


def test_warns_on_a_session_while_the_athlete_is_away():
    run = progression(day_in(BLOCK, 3, WED))
    assert check([run], unavailable=[TRIP]) == [
        BlockFinding(
            "not-a-training-day",
            "warning",
            "The progression run on Wed 8 Jan 2025 falls while the athlete cannot train "
            "(travel, Tue 7 Jan 2025 – Thu 9 Jan 2025).",
            date=run.date,
        )
    ]


def test_a_race_or_rest_day_while_away_draws_nothing_nor_a_session_outside_the_range():
    sessions = [
        session(day_in(BLOCK, 3, TUE), "rest"),
        session(day_in(BLOCK, 3, THU), "race"),
        progression(day_in(BLOCK, 3, SAT)),
        session(day_in(BLOCK, 3, MON), "easy"),
    ]
    assert check(sessions, unavailable=[TRIP]) == []


def test_warns_on_a_session_longer_than_a_limited_days_longest():
    run = progression(day_in(BLOCK, 4, WED))  # 60 minutes
    assert check([run], unavailable=[LIMITED]) == [
        BlockFinding(
            "not-a-training-day",
            "warning",
            "The progression run on Wed 15 Jan 2025 lasts about 60 min; the athlete has at most 45 min "
            "(ill, Tue 14 Jan 2025 – Sat 18 Jan 2025).",
            date=run.date,
        )
    ]


def test_a_limited_day_takes_a_session_within_its_limit_or_of_unknown_length():
    short = progression(day_in(BLOCK, 4, WED), stages=(mins(30, "easy"), mins(15, "steady")))
    by_distance = progression(day_in(BLOCK, 4, FRI), stages=(km(8, "easy"), km(2, "steady")))
    easy = session(day_in(BLOCK, 4, TUE), "easy")
    assert codes(check([short, by_distance, easy], unavailable=[LIMITED])) == ["too-many-in-week"]


def test_a_distance_is_timed_with_the_paces_against_the_limit():
    run = progression(day_in(BLOCK, 4, FRI), stages=(km(8, "easy"), km(2, "steady")))
    findings = check([run], unavailable=[LIMITED], paces=ladder_paces(50))
    assert codes(findings) == ["not-a-training-day"]
    assert "at most 45 min" in findings[0].message


def test_a_weekday_off_still_warns_as_such_inside_a_limited_range():
    run = progression(day_in(BLOCK, 4, THU), stages=(mins(30, "easy"), mins(10, "steady")))
    findings = check([run], unavailable=[LIMITED], availability={TUE, WED, SAT, SUN})
    assert [f.message for f in findings] == [
        "The progression run on Thu 16 Jan 2025 is on a Thursday, a day the athlete cannot train."
    ]


def test_warns_on_a_session_longer_than_the_weekdays_longest():
    run = progression(day_in(BLOCK, 5, WED))
    findings = check([run], longest_by_weekday={WED: 50, SUN: 180})
    assert [f.message for f in findings] == [
        "The progression run on Wed 22 Jan 2025 lasts about 60 min; the athlete has at most "
        "50 min on Wednesdays."
    ]
    assert check([run], longest_by_weekday={WED: 60}) == []
    assert check([run], longest_by_weekday={WED: 50}, unavailable=[LIMITED]) != []


def test_a_range_overrides_the_weekdays_longest():
    run = progression(day_in(BLOCK, 4, WED), stages=(mins(30, "easy"), mins(10, "steady")))
    generous = Unavailable(run.date, run.date, "other", longest_min=90)
    assert check([run], longest_by_weekday={WED: 30}, unavailable=[generous]) == []
    assert generous.dates == "Wed 15 Jan 2025"


def test_refuses_a_longest_session_on_a_day_that_is_not_a_weekday():
    with pytest.raises(ValueError, match=r"the days with a longest session are weekdays"):
        check([], longest_by_weekday={9: 30})


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"end": date(2025, 1, 6)}, r"end \(Mon 6 Jan 2025\) before they start"),
        ({"longest_min": 0}, "at least 1 minute"),
        ({"longest_min": 4.5}, "whole number of minutes"),
        ({"longest_min": True}, "whole number of minutes"),
        ({"start": datetime(2025, 1, 7, 8)}, "a day"),
    ],
)
def test_refuses_days_away_that_make_no_sense(kwargs, message):
    values = {"start": date(2025, 1, 7), "end": date(2025, 1, 9), "why": "travel"} | kwargs
    with pytest.raises(ValueError, match=message):
        Unavailable(**values)


def test_a_replan_puts_no_run_on_a_day_away():
    runs = propose(BLOCK).runs
    week = BLOCK.weeks[2]
    midweek = next(run for run in runs if run.date in week)
    away = [week.start + offset * DAY for offset in range(7) if offset != 6]
    result = replan(BLOCK, week.start, runs, away=away)
    assert all(run.date not in away for run in result.runs if run.date >= week.start)
    assert midweek in result.removed
    assert any("a day the athlete cannot train" in note for note in result.notes)
