import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from athletes.paces import PaceRange, training_paces
from workouts.progression import (
    DEFAULT_RULES,
    NON_RUNNING,
    RULE_SUBJECTS,
    SEVERITIES,
    ZONES,
    Finding,
    Rules,
    Stage,
    check_progression,
    is_blocking,
    judge_progression,
    stage_duration_s,
    stage_intensity,
    total_duration_s,
    zone_of_pace,
)

# An athlete around VDOT 50 (M 4:31/km, T 4:15/km), in seconds per km.
PACES = {
    "easy": PaceRange(300, 335),
    "steady": PaceRange(285, 300),
    "marathon": PaceRange(268, 275),
    "threshold": PaceRange(252, 258),
    "interval": PaceRange(228, 235),
    "repetition": PaceRange(210, 218),
}


def mins(minutes, zone=None, *, pace=None):
    return Stage(duration_s=minutes * 60, zone=zone, pace=pace)


def km(kilometres, zone=None, *, pace=None):
    return Stage(distance_m=kilometres * 1000, zone=zone, pace=pace)


def at(fast, slow=None):
    return PaceRange(fast, fast if slow is None else slow)


def codes(stages, **kwargs):
    return [finding.code for finding in check_progression(stages, **kwargs)]


def only(code, stages, **kwargs):
    return [finding for finding in check_progression(stages, **kwargs) if finding.code == code]


# A stage


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"zone": "easy"}, "a stage needs a duration or a distance"),
        (
            {"duration_s": 60, "distance_m": 1000, "zone": "easy"},
            "a stage needs a duration or a distance, not both",
        ),
        ({"duration_s": 0, "zone": "easy"}, "a stage of 0 minutes is not a stage"),
        ({"duration_s": float("nan"), "zone": "easy"}, "a stage of nan minutes"),
        ({"distance_m": -400, "zone": "easy"}, "a stage of -400 metres is not a stage"),
        ({"duration_s": 60}, "a stage needs a target: a zone or a pace range"),
        (
            {"duration_s": 60, "zone": "easy", "pace": at(300)},
            "a stage targets a zone or a pace range, not both",
        ),
        ({"duration_s": 60, "zone": "fast"}, "unknown zone 'fast'"),
        ({"duration_s": 60, "pace": at(0)}, "a pace range needs paces above 0 s/km"),
        ({"duration_s": 60, "pace": at(300, float("inf"))}, "paces above 0 s/km"),
        (
            {"duration_s": 60, "pace": at(280, 270)},
            "a pace range's fast end (4:40/km) must not be slower than its slow end (4:30/km)",
        ),
    ],
)
def test_rejects_a_malformed_stage_with_a_message(kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        Stage(**kwargs)


def test_a_stage_is_running_unless_it_is_rest_walk_or_recovery():
    assert mins(10, "threshold").is_running
    assert mins(10, pace=at(270)).is_running
    assert not any(mins(1, zone).is_running for zone in NON_RUNNING)


# Rules


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"min_stages": 0}, "at least 1"),
        ({"max_zone_step": 0}, "at least 1"),
        ({"easy_share_min": 0.8}, "the easy share"),
        ({"easy_share_max": 1.1}, "the easy share"),
        ({"stage_min_s": 0}, "a step length"),
        ({"stage_min_s": 1300}, "a step length"),
        ({"finish_ceiling": "sprint"}, "unknown finish ceiling zone 'sprint'"),
        ({"transition_threshold_max_s": -1}, "cannot be negative"),
    ],
)
def test_rejects_inconsistent_rules(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Rules(**kwargs)


def test_default_rules_are_the_guidelines_of_the_seed():
    assert DEFAULT_RULES == Rules()
    assert (DEFAULT_RULES.easy_share_min, DEFAULT_RULES.easy_share_max) == (0.5, 0.7)
    assert (DEFAULT_RULES.stage_min_s, DEFAULT_RULES.stage_max_s) == (600, 1200)
    assert (DEFAULT_RULES.min_stages, DEFAULT_RULES.max_zone_step) == (2, 1)
    assert DEFAULT_RULES.finish_ceiling == "threshold"


# Paces, intensities and durations


@pytest.mark.parametrize(
    ("pace", "zone"),
    [
        (320, "easy"),
        (400, "easy"),
        (305, "easy"),
        (300, "steady"),  # on the line between easy and steady: the nearer middle
        (290, "steady"),
        (278, "marathon"),  # in the gap, nearer marathon's 4:35 than steady's 4:45
        (280, "marathon"),  # halfway across the gap: the nearer middle
        (262, "threshold"),
        (200, "repetition"),
    ],
)
def test_places_a_pace_in_its_zone_or_the_nearest(pace, zone):
    assert zone_of_pace(pace, PACES) == zone


def test_places_a_pace_in_overlapping_bands_by_the_nearer_middle():
    overlapping = {**PACES, "easy": PaceRange(290, 335), "steady": PaceRange(285, 305)}
    assert zone_of_pace(300, overlapping) == "steady"
    assert zone_of_pace(304, overlapping) == "easy"
    touching = {**PACES, "easy": PaceRange(300, 310), "steady": PaceRange(290, 300)}
    assert zone_of_pace(300, touching) == "easy"  # an exact tie: the easier zone


def test_intensity_is_the_zone_step_and_zero_for_rest():
    assert stage_intensity(mins(10, "easy")) == 1
    assert stage_intensity(mins(10, "repetition")) == 6
    assert stage_intensity(mins(10, "walk")) == 0


def test_an_explicit_pace_has_an_intensity_only_with_the_athletes_paces():
    assert stage_intensity(mins(10, pace=at(255))) is None
    assert stage_intensity(mins(10, pace=at(250, 260)), PACES) == ZONES["threshold"]


def test_a_distance_takes_the_midpoint_of_its_pace_band():
    assert stage_duration_s(km(2, pace=at(270, 280))) == 550
    assert stage_duration_s(km(2, "marathon"), PACES) == 543
    assert stage_duration_s(km(2, "marathon")) is None
    assert stage_duration_s(km(1, "walk"), PACES) is None
    assert stage_duration_s(mins(3, "walk")) == 180


def test_total_duration_is_unknown_when_a_stage_is():
    assert total_duration_s([mins(30, "easy"), km(2, pace=at(270))]) == 2340
    assert total_duration_s([mins(30, "easy"), km(2, "marathon")]) is None
    assert total_duration_s([mins(30, "easy"), km(2, "marathon")], PACES) == 2343


def test_a_plan_is_blocked_only_by_an_error():
    warning = Finding("easy-share", "warning", None, "")
    error = Finding("not-continuous", "error", 1, "")
    assert not is_blocking([])
    assert not is_blocking([warning])
    assert is_blocking([warning, error])


def test_rejects_an_unknown_phase():
    with pytest.raises(ValueError, match="phase must be base, transition, long_run or None"):
        check_progression([mins(30, "easy"), mins(20, "steady")], phase="taper")


def test_accepts_the_textbook_progression_run_without_findings():
    assert check_progression([mins(40, "easy"), mins(20, "steady"), mins(15, "marathon")]) == []


def test_reports_errors_first_with_their_severity():
    findings = check_progression([mins(10, "steady"), mins(2, "walk"), mins(10, "easy")])
    assert [(f.code, f.severity) for f in findings] == [
        ("not-continuous", "error"),
        ("intensity-drops", "error"),
        ("easy-share", "warning"),
    ]
    assert all(SEVERITIES[f.code] == f.severity for f in findings)


# not-continuous


@pytest.mark.parametrize("zone", ["rest", "walk", "recovery"])
def test_rejects_a_stage_that_stops_running(zone):
    [finding] = only("not-continuous", [mins(30, "easy"), mins(2, zone), mins(20, "steady")])
    assert finding.severity == "error"
    assert finding.stage_index == 1
    assert finding.message.startswith(f"Stage 2 is a {zone} stage")


def test_judges_the_stages_either_side_of_a_walk_as_neighbours():
    assert codes([mins(30, "easy"), mins(2, "walk"), mins(20, "steady")]) == ["not-continuous"]


def test_accepts_a_continuous_run():
    assert only("not-continuous", [mins(30, "easy"), mins(20, "steady")]) == []


# too-few-stages


def test_rejects_a_single_stage():
    [finding] = only("too-few-stages", [mins(60, "steady")])
    assert finding.severity == "error"
    assert finding.stage_index is None
    assert finding.message == (
        "The run has 1 stage; a progression run needs at least 2 stages of rising effort."
    )


def test_accepts_two_stages():
    assert only("too-few-stages", [mins(30, "easy"), mins(30, "steady")]) == []


def test_rejects_two_stages_with_the_same_target_as_one_stage():
    [finding] = only("too-few-stages", [mins(30, "easy"), mins(30, "easy")])
    assert "1 distinct stage (its 2 stages repeat a target)" in finding.message


def test_counts_distinct_stages_against_a_coachs_minimum():
    stages = [mins(30, "easy"), mins(30, "easy"), mins(20, "steady")]
    [finding] = only("too-few-stages", stages, rules=Rules(min_stages=3))
    assert "2 distinct stages" in finding.message


def test_rejects_an_empty_plan_with_one_finding():
    assert [(f.code, f.message) for f in check_progression([], phase="base")] == [
        (
            "too-few-stages",
            "The run has 0 stages; a progression run needs at least 2 stages of rising effort.",
        )
    ]


# intensity-drops


def test_rejects_a_stage_easier_than_the_one_before():
    [finding] = only(
        "intensity-drops", [mins(30, "easy"), mins(20, "marathon"), mins(10, "steady")]
    )
    assert finding.severity == "error"
    assert finding.stage_index == 2
    assert finding.message.startswith("Stage 3 (steady) is easier than stage 2 (marathon)")


def test_accepts_a_stage_as_hard_as_the_one_before():
    stages = [mins(30, "easy"), mins(10, "steady"), mins(10, "steady")]
    assert only("intensity-drops", stages) == []


def test_rejects_an_explicit_pace_slower_than_the_one_before():
    stages = [mins(30, "easy"), mins(20, pace=at(270, 280)), mins(10, pace=at(281))]
    [finding] = only("intensity-drops", stages)
    assert finding.stage_index == 2
    assert "(@4:41/km) is easier than stage 2 (@4:30–4:40/km)" in finding.message


def test_accepts_an_explicit_pace_as_fast_as_the_one_before():
    stages = [mins(30, "easy"), mins(20, pace=at(270, 280)), mins(10, pace=at(275))]
    assert only("intensity-drops", stages) == []


def test_skips_a_zone_next_to_a_pace_without_the_athletes_paces():
    stages = [mins(30, "marathon"), mins(20, pace=at(330)), mins(10, "easy")]
    assert only("intensity-drops", stages) == []


def test_rejects_a_pace_easier_than_the_zone_before_with_the_athletes_paces():
    stages = [mins(30, "easy"), mins(20, "marathon"), mins(10, pace=at(320))]
    [finding] = only("intensity-drops", stages, paces=PACES)
    assert finding.stage_index == 2


# finish-too-hard


def test_accepts_a_final_stage_at_threshold():
    stages = [mins(40, "easy"), mins(15, "steady"), mins(15, "marathon"), mins(5, "threshold")]
    assert only("finish-too-hard", stages) == []


def test_rejects_final_stage_faster_than_threshold():
    stages = [mins(40, "easy"), mins(15, "steady"), mins(15, "marathon"), mins(5, "threshold")]
    [finding] = only("finish-too-hard", [*stages, mins(3, "interval")])
    assert finding.severity == "error"
    assert finding.stage_index == 4
    assert finding.message.startswith("The final stage is at interval pace, harder than threshold")


def test_rejects_a_final_stage_above_a_coachs_lower_ceiling():
    stages = [mins(40, "easy"), mins(15, "steady"), mins(15, "marathon"), mins(5, "threshold")]
    rules = Rules(finish_ceiling="marathon")
    assert [f.stage_index for f in only("finish-too-hard", stages, rules=rules)] == [3]


def test_judges_the_finish_on_the_last_running_stage():
    stages = [mins(40, "easy"), mins(15, "repetition"), mins(5, "walk")]
    assert [f.stage_index for f in only("finish-too-hard", stages)] == [1]


def test_finds_no_finish_in_a_plan_that_never_runs():
    assert codes([mins(5, "walk"), mins(5, "rest")], phase="base") == [
        "not-continuous",
        "not-continuous",
        "easy-share",
    ]


def test_rejects_a_final_pace_faster_than_the_athletes_threshold():
    stages = [mins(40, "easy"), mins(20, "steady"), mins(10, pace=at(250, 253))]
    [finding] = only("finish-too-hard", stages, paces=PACES)
    assert finding.stage_index == 2
    assert finding.message.startswith(
        "The final stage's pace @4:10–4:13/km is faster than the athlete's threshold pace (4:12/km)"
    )


def test_accepts_a_final_pace_at_the_fast_end_of_threshold():
    stages = [mins(40, "easy"), mins(20, "marathon"), mins(10, pace=at(250, 254))]
    assert only("finish-too-hard", stages, paces=PACES) == []


def test_cannot_judge_a_final_pace_without_the_athletes_paces():
    stages = [mins(40, "easy"), mins(20, "steady"), mins(10, pace=at(200))]
    assert only("finish-too-hard", stages) == []


# abrupt-jump


def test_accepts_a_rise_of_one_zone_step():
    assert only("abrupt-jump", [mins(40, "easy"), mins(20, "steady")]) == []


def test_warns_on_a_rise_of_two_zone_steps():
    [finding] = only("abrupt-jump", [mins(40, "easy"), mins(20, "marathon")])
    assert finding.severity == "warning"
    assert finding.stage_index == 1
    assert finding.message.startswith(
        "Stage 2 jumps from easy to marathon, 2 zone steps at once; rise by at most 1 step"
    )


def test_lets_a_coach_allow_two_zone_steps():
    rules = Rules(max_zone_step=2)
    assert only("abrupt-jump", [mins(40, "easy"), mins(20, "marathon")], rules=rules) == []
    [finding] = only("abrupt-jump", [mins(40, "easy"), mins(20, "threshold")], rules=rules)
    assert "3 zone steps at once; rise by at most 2 steps" in finding.message


def test_warns_on_a_jump_to_a_pace_in_the_threshold_band():
    stages = [mins(40, "easy"), mins(20, pace=at(255))]
    assert [f.stage_index for f in only("abrupt-jump", stages, paces=PACES)] == [1]
    assert only("abrupt-jump", stages) == []


# easy-share


@pytest.mark.parametrize(
    ("easy_minutes", "warns"), [(49, True), (50, False), (70, False), (71, True)]
)
def test_easy_share_is_judged_at_its_boundaries(easy_minutes, warns):
    stages = [mins(easy_minutes, "easy"), mins(100 - easy_minutes, "steady")]
    assert bool(only("easy-share", stages)) is warns


def test_warns_when_easy_share_is_49_percent():
    [finding] = only("easy-share", [mins(49, "easy"), mins(51, "steady")])
    assert finding.severity == "warning"
    assert finding.stage_index is None
    assert finding.message == "The easy portion is 49% of the run's time; aim for 50–70%."


def test_warns_when_easy_share_is_71_percent():
    [finding] = only("easy-share", [mins(71, "easy"), mins(29, "steady")])
    assert finding.message == "The easy portion is 71% of the run's time; aim for 50–70%."


def test_warns_with_0_percent_when_the_run_does_not_start_easy():
    [finding] = only("easy-share", [mins(40, "steady"), mins(20, "marathon")])
    assert finding.message == (
        "The run starts at steady, so the easy portion is 0% of the run's time; start easy and "
        "aim for 50–70%."
    )


def test_counts_every_leading_easy_stage_in_the_easy_portion():
    stages = [mins(20, "easy"), mins(20, pace=at(320)), mins(30, "steady")]
    assert only("easy-share", stages, paces=PACES) == []


def test_skips_easy_share_when_a_pace_interrupts_the_easy_start_without_paces():
    stages = [mins(20, "easy"), mins(20, pace=at(320)), mins(60, "steady")]
    assert only("easy-share", stages) == []


def test_judges_easy_share_by_distance_when_every_stage_is_a_distance():
    assert only("easy-share", [km(8, "easy"), km(6, "steady")]) == []
    [finding] = only("easy-share", [km(7.5, "easy"), km(8, "steady")])
    assert finding.message == "The easy portion is 48.4% of the run's distance; aim for 50–70%."


def test_judges_distances_by_time_at_the_athletes_paces():
    # 7.5 km at 5:17.5/km outlasts 8 km at 4:52.5/km: 50.4% of the time.
    assert only("easy-share", [km(7.5, "easy"), km(8, "steady")], paces=PACES) == []


def test_judges_an_explicit_pace_by_distance_at_its_own_pace():
    # 5 km at 4:30/km is 22:30, whatever the athlete's marathon band says.
    assert only("easy-share", [mins(30, "easy"), km(5, pace=at(270))], paces=PACES) == []
    [finding] = only("easy-share", [mins(20, "easy"), km(5, pace=at(270))], paces=PACES)
    assert finding.message.startswith("The easy portion is 47.1% of the run's time")


def test_skips_easy_share_for_time_and_distance_without_paces():
    assert only("easy-share", [mins(10, "easy"), km(10, "steady")]) == []


# stage-length


def four_stages(steady_s=600, marathon_s=600, threshold_s=600):
    return [
        mins(40, "easy"),
        Stage(duration_s=steady_s, zone="steady"),
        Stage(duration_s=marathon_s, zone="marathon"),
        Stage(duration_s=threshold_s, zone="threshold"),
    ]


def test_accepts_steps_of_10_minutes():
    assert only("stage-length", four_stages(600, 600, 600)) == []


def test_warns_on_a_step_of_9_minutes_59():
    [finding] = only("stage-length", four_stages(steady_s=599))
    assert finding.severity == "warning"
    assert finding.stage_index == 1
    assert finding.message == (
        "Stage 2 (steady) lasts 9:59 min; after the easy portion each step should last "
        "10 minutes to 20 minutes, unless the run has only 3 stages or fewer."
    )


def test_accepts_steps_of_20_minutes():
    assert only("stage-length", four_stages(1200, 1200, 1200)) == []


def test_warns_on_a_step_of_20_minutes_and_a_second():
    [finding] = only("stage-length", four_stages(threshold_s=1201))
    assert finding.stage_index == 3
    assert "lasts 20:01 min" in finding.message


def test_names_a_fraction_of_a_second_in_a_step_length():
    [finding] = only("stage-length", four_stages(marathon_s=599.5))
    assert "lasts 9:59.5 min" in finding.message


def test_accepts_any_step_length_in_a_run_of_3_stages():
    assert only("stage-length", [mins(40, "easy"), mins(30, "steady"), mins(5, "marathon")]) == []


def test_judges_consecutive_stages_at_one_target_as_one_step():
    stages = [mins(40, "easy"), mins(10, "steady"), mins(15, "marathon"), mins(15, "marathon")]
    [finding] = only("stage-length", [*stages, mins(10, "threshold")])
    assert finding.stage_index == 2
    assert finding.message.startswith("Stages 3–4 (marathon) last 30 minutes;")


def test_judges_every_step_after_the_first_when_the_run_does_not_start_easy():
    stages = [mins(30, "steady"), mins(10, "marathon"), mins(25, "threshold"), mins(10, "easy")]
    assert [f.stage_index for f in only("stage-length", stages)] == [2]


def test_lets_a_coach_allow_more_stages_of_any_length():
    rules = Rules(few_stages_max=4)
    assert only("stage-length", four_stages(steady_s=300), rules=rules) == []


def test_skips_stage_length_when_durations_are_unknown():
    stages = [km(10, "easy"), km(1, "steady"), km(1, "marathon"), km(1, "threshold")]
    assert only("stage-length", stages) == []
    assert len(only("stage-length", stages, paces=PACES)) == 3


# phase-mismatch


def progression(finish):
    return [mins(50, "easy"), mins(20, "steady"), mins(10, finish)]


FINISHING_AT = {
    "steady": [mins(50, "easy"), mins(25, "steady")],
    "marathon": [mins(50, "easy"), mins(20, "steady"), mins(15, "marathon")],
    "threshold": [mins(50, "easy"), mins(20, "steady"), mins(15, "marathon"), mins(5, "threshold")],
}


@pytest.mark.parametrize(
    ("phase", "finish", "warns"),
    [
        ("base", "steady", False),
        ("base", "marathon", False),
        ("base", "threshold", True),
        ("transition", "steady", True),
        ("transition", "marathon", False),
        ("long_run", "steady", False),
        ("long_run", "marathon", False),
        ("long_run", "threshold", True),
    ],
)
def test_phase_fit_is_judged_on_the_finishing_zone(phase, finish, warns):
    assert bool(only("phase-mismatch", FINISHING_AT[finish], phase=phase)) is warns


def test_ignores_phase_fit_without_a_phase():
    assert only("phase-mismatch", progression("threshold")) == []


def test_warns_on_a_threshold_finish_in_the_base_phase():
    [finding] = only("phase-mismatch", progression("threshold"), phase="base")
    assert finding.severity == "warning"
    assert finding.stage_index == 2
    assert finding.message == (
        "The run finishes at threshold; in the base phase, finish at steady, at most marathon pace."
    )


def test_warns_on_an_easy_finish_in_the_base_phase():
    [finding] = only("phase-mismatch", [mins(60, "easy")], phase="base")
    assert finding.message.startswith("The run finishes at easy, short of steady pace;")


def test_warns_when_a_transition_run_does_not_reach_marathon_pace():
    [finding] = only("phase-mismatch", [mins(50, "easy"), mins(25, "steady")], phase="transition")
    assert finding.message.startswith("The run finishes at steady, short of marathon pace;")


def transition_run(threshold_s):
    return [
        mins(50, "easy"),
        mins(20, "steady"),
        mins(20, "marathon"),
        Stage(duration_s=threshold_s, zone="threshold"),
    ]


def test_accepts_10_minutes_at_threshold_to_finish_a_transition_run():
    assert only("phase-mismatch", transition_run(600), phase="transition") == []


def test_warns_on_10_minutes_and_a_second_at_threshold_in_a_transition_run():
    [finding] = only("phase-mismatch", transition_run(601), phase="transition")
    assert finding.stage_index == 3
    assert finding.message == (
        "The run finishes at threshold for 10:01 min; in the transition phase, finish at "
        "marathon pace, with at most 10 minutes just below threshold."
    )


def test_adds_up_every_threshold_stage_at_the_end_of_a_transition_run():
    stages = [*transition_run(300), mins(6, pace=at(255))]
    [finding] = only("phase-mismatch", stages, phase="transition", paces=PACES)
    assert "threshold for 11 minutes" in finding.message


def test_lets_a_coach_set_the_threshold_minutes_of_a_transition_run():
    rules = Rules(transition_threshold_max_s=60)
    [finding] = only("phase-mismatch", transition_run(120), phase="transition", rules=rules)
    assert "with at most 1 minute just below threshold" in finding.message


def test_cannot_time_a_threshold_distance_without_the_athletes_paces():
    stages = [km(12, "easy"), km(4, "steady"), km(4, "marathon"), km(5, "threshold")]
    assert only("phase-mismatch", stages, phase="transition") == []
    assert len(only("phase-mismatch", stages, phase="transition", paces=PACES)) == 1


def test_warns_on_a_threshold_finish_in_a_long_run():
    [finding] = only("phase-mismatch", progression("threshold"), phase="long_run")
    assert finding.message == (
        "The run finishes at threshold; a fast-finish long run ends at steady or marathon pace."
    )


def test_leaves_a_finish_beyond_the_ceiling_to_finish_too_hard():
    assert codes(progression("interval"), phase="base") == ["finish-too-hard", "abrupt-jump"]


def test_warns_on_a_finish_a_coach_allows_but_the_phase_does_not():
    rules = Rules(finish_ceiling="interval")
    stages = [*transition_run(300), mins(3, "interval")]
    [finding] = only("phase-mismatch", stages, phase="transition", rules=rules)
    assert finding.message.startswith("The run finishes at interval; in the transition phase")


def test_cannot_judge_phase_fit_of_a_final_pace_without_the_athletes_paces():
    stages = [mins(50, "easy"), mins(20, "steady"), mins(5, pace=at(255))]
    assert only("phase-mismatch", stages, phase="base") == []


# Properties

ladder = st.sampled_from(["steady", "marathon", "threshold"])


@st.composite
def continuous_progressions(draw):
    """Non-decreasing zones easy → threshold, no rest, the easy portion 50–70% of the time."""
    later_zones = sorted(draw(st.lists(ladder, min_size=1, max_size=6)), key=ZONES.__getitem__)
    count = len(later_zones)
    later_s = draw(st.lists(st.integers(60, 3600), min_size=count, max_size=count))
    rest_s = sum(later_s)
    easy_s = draw(st.integers(rest_s, rest_s * 7 // 3))
    easy_parts = draw(st.integers(1, 3))
    easy = [Stage(duration_s=easy_s / easy_parts, zone="easy")] * easy_parts
    later = [
        Stage(duration_s=seconds, zone=zone)
        for zone, seconds in zip(later_zones, later_s, strict=True)
    ]
    return easy + later


@given(continuous_progressions(), st.sampled_from([None, "base", "transition", "long_run"]))
def test_a_continuous_rising_plan_with_a_fair_easy_share_has_no_error(stages, phase):
    findings = check_progression(stages, phase=phase)
    assert not is_blocking(findings)
    assert "easy-share" not in [f.code for f in findings]


@given(
    continuous_progressions(),
    st.sampled_from(sorted(NON_RUNNING)),
    st.integers(0, 10),
    st.integers(1, 600),
)
def test_any_plan_with_a_rest_or_walk_is_not_continuous(stages, zone, where, seconds):
    where = min(where, len(stages))
    stages = [*stages[:where], Stage(duration_s=seconds, zone=zone), *stages[where:]]
    findings = only("not-continuous", stages)
    assert [f.stage_index for f in findings] == [where]
    assert is_blocking(check_progression(stages))


def test_messages_give_paces_in_the_athletes_units():
    paces = training_paces(50)
    stages = [
        Stage(duration_s=2400, zone="easy"),
        Stage(duration_s=1200, zone="steady"),
        Stage(duration_s=600, pace=PaceRange(210, 210)),
    ]
    [finding] = [
        f for f in check_progression(stages, paces=paces, unit="mi") if f.code == "finish-too-hard"
    ]
    assert "@5:38/mi" in finding.message and "/km" not in finding.message


def test_an_unknown_unit_is_refused():
    with pytest.raises(ValueError, match="unit must be 'km' or 'mi'"):
        check_progression([Stage(duration_s=600, zone="easy")], unit="furlong")


# What the rules could not judge


@pytest.mark.parametrize(
    ("stages", "kwargs", "unjudged"),
    [
        # The 5 km stage's time is unknown without paces, so its share of the time is too.
        ([mins(15, "easy"), mins(15, "steady"), km(5, "marathon")], {}, ("easy-share",)),
        (
            [mins(30, "easy"), mins(15, "steady"), km(3, "marathon"), mins(10, "threshold")],
            {},
            ("easy-share", "stage-length"),
        ),
        # A pace next to zones cannot be placed on the ladder without the athlete's paces.
        (
            [mins(30, "easy"), mins(15, pace=at(290, 300)), mins(10, "marathon")],
            {},
            ("intensity-drops", "abrupt-jump", "easy-share"),
        ),
        (
            [mins(40, "easy"), mins(15, "steady"), mins(10, pace=at(250))],
            {"phase": "base"},
            ("intensity-drops", "finish-too-hard", "abrupt-jump", "phase-mismatch"),
        ),
        # How long the transition run stays at threshold is unknown.
        (
            [mins(40, "easy"), mins(20, "steady"), mins(15, "marathon"), km(3, "threshold")],
            {"phase": "transition"},
            ("easy-share", "stage-length", "phase-mismatch"),
        ),
        # A walk by distance has no pace band, so its time stays unknown even with paces.
        (
            [mins(30, "easy"), km(1, "walk"), mins(20, "steady")],
            {"paces": PACES},
            ("easy-share",),
        ),
    ],
)
def test_names_the_rules_it_cannot_judge_with_what_is_known(stages, kwargs, unjudged):
    assert judge_progression(stages, **kwargs).unjudged == unjudged


@pytest.mark.parametrize(
    "stages",
    [
        [mins(15, "easy"), mins(15, "steady"), km(5, "marathon")],
        [mins(30, "easy"), mins(15, pace=at(290, 300)), mins(10, "marathon")],
        [mins(40, "easy"), mins(15, "steady"), mins(10, pace=at(250))],
    ],
)
def test_the_athletes_paces_let_every_rule_be_judged(stages):
    assert judge_progression(stages, paces=PACES, phase="base").unjudged == ()


@pytest.mark.parametrize(
    "stages",
    [
        [km(18, "easy"), km(6, "steady"), km(6, "marathon")],  # shares by distance
        [mins(40, "easy"), mins(15, "steady"), mins(10, "marathon")],
        [mins(45, "easy"), mins(20, "steady")],
    ],
)
def test_plans_whose_rules_need_no_paces_are_judged_whole(stages):
    assert judge_progression(stages, phase="long_run").unjudged == ()


def test_a_broken_rule_is_reported_not_called_unjudged():
    # Marathon → easy drops; easy → an unplaced pace cannot be compared.
    stages = [mins(30, "marathon"), mins(10, "easy"), mins(10, pace=at(280))]
    judgement = judge_progression(stages)
    assert "intensity-drops" in [f.code for f in judgement.findings]
    assert "intensity-drops" not in judgement.unjudged
    assert "abrupt-jump" in judgement.unjudged


def test_check_progression_gives_the_findings_of_the_judgement():
    stages = [mins(30, "easy"), mins(10, "threshold")]
    assert (
        check_progression(stages, phase="base") == judge_progression(stages, phase="base").findings
    )


def test_every_rule_has_a_subject_to_name_it_by():
    assert set(RULE_SUBJECTS) == set(SEVERITIES)
