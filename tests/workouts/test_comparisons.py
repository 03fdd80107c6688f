"""Comparisons of progression runs (docs/running.md §3.15): a run beside the same template's
earlier runs, and the block's runs as a chart's geometry. Plain data, no database."""

from datetime import date, timedelta

import pytest

from athletes.paces import MILE_M
from workouts import comparisons as c

DAY = date(2026, 10, 5)
EASY_BAND = [320.0, 350.0]
STEADY_BAND = [290.0, 310.0]


def stage(index, zone, pace, band, *, gap=None, hr=None, verdict="on-target"):
    return {
        "index": index,
        "zone": zone,
        "pace_s_per_km": pace,
        "gap_s_per_km": gap,
        "avg_hr": hr,
        "band": band,
        "verdict": verdict,
    }


def run(key, weeks, easy=335.0, steady=300.0, *, hr=(140, 152), phase="base", **fields):
    stages = (
        stage(0, "easy", easy, EASY_BAND, hr=hr[0]),
        stage(1, "steady", steady, STEADY_BAND, hr=hr[1]),
    )
    return c.Run(key, DAY + timedelta(weeks=weeks), stages, phase, f"Base, week {weeks}", **fields)


# -- A stage against its band ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("pace", "gap", "off"),
    [
        (314.0, None, -6.0),  # fast of the band's fast end
        (330.0, None, 0.0),
        (360.0, None, 10.0),
        (360.0, 340.0, 0.0),  # judged on the grade-adjusted pace where known
        (None, None, None),
    ],
)
def test_a_stage_is_off_its_band_by_its_judged_pace(pace, gap, off):
    figures = c.stage_figures(stage(0, "easy", pace, EASY_BAND, gap=gap))
    assert figures.off_band_s_per_km == off


def test_a_stage_without_band_is_not_off_it():
    figures = c.stage_figures({"pace_s_per_km": 300.0, "band": None})
    assert figures.off_band_s_per_km is None
    assert (figures.index, figures.zone, figures.verdict) == (0, None, None)


@pytest.mark.parametrize(
    ("off", "unit", "words"),
    [
        (-6.0, "km", "6 s/km fast of band"),
        (10.0, "km", "10 s/km slow of band"),
        (-6.0, "mi", "10 s/mi fast of band"),
        (0.2, "km", "in band"),
        (0.0, "km", "in band"),
        (None, "km", ""),
    ],
)
def test_band_words(off, unit, words):
    assert c.band_words(off, unit) == words


# -- Earlier runs of a template --------------------------------------------------------------


def test_nothing_to_compare_without_earlier_runs_or_stages():
    assert c.compare(run(1, 4), []) is None
    bare = c.Run(1, DAY, ())
    assert c.compare(bare, [run(2, 3)]) is None


def test_this_run_comes_first_then_the_earlier_ones_newest_first():
    current = run(9, 5)
    comparison = c.compare(current, [run(2, 2), run(4, 4), run(3, 3)])
    assert [row.run.key for row in comparison.rows] == [9, 4, 3, 2]
    assert [row.is_current for row in comparison.rows] == [True, False, False, False]
    assert [head.zone for head in comparison.heads] == ["easy", "steady"]
    assert comparison.more == 0


def test_at_most_eight_earlier_runs_are_listed_and_the_rest_counted():
    earlier = [run(k, k) for k in range(1, 12)]
    comparison = c.compare(run(20, 20), earlier, more=5)
    assert len(comparison.rows) == 1 + c.SHOWN_EARLIER
    assert comparison.rows[-1].run.key == 4  # the eight newest: 11 down to 4
    assert comparison.more == 5 + 3


def test_runs_with_another_number_of_stages_show_as_stages_differ():
    other = c.Run(2, DAY, (stage(0, "easy", 330.0, EASY_BAND),), "base", "")
    comparison = c.compare(run(9, 5), [other, run(3, 3)])
    rows = {row.run.key: row for row in comparison.rows}
    assert rows[2].stages_differ and rows[2].stages is None
    assert not rows[3].stages_differ
    assert rows[3].stages[1].pace_s_per_km == 300.0


def test_a_trend_per_stage_from_three_runs():
    # Easy 4 s/km faster each run, steady the same, heart rate down 2 bpm a run in the easy.
    runs = [run(k, k, easy=340.0 - 4 * k, hr=(146 - 2 * k, 152)) for k in range(4)]
    comparison = c.compare(runs[-1], runs[:-1])
    assert comparison.trends == (
        "Stage 1 (easy): 4 s/km faster each run on average over 4 runs, heart rate 2 bpm lower.",
        "Stage 2 (steady): about the same pace each run over 4 runs.",
    )


def test_a_trend_in_miles_and_slower():
    runs = [run(k, k, steady=300.0 + 3 * k, hr=(140, 150 + k)) for k in range(3)]
    lines = c.compare(runs[-1], runs[:-1], unit="mi").trends
    per_mile = round(3 * MILE_M / 1000)
    assert lines[1] == (
        f"Stage 2 (steady): {per_mile} s/mi slower each run on average over 3 runs, "
        "heart rate 1 bpm higher."
    )


def test_no_trend_from_two_runs_nor_from_runs_whose_stages_differ_or_lack_pace():
    assert c.compare(run(2, 2), [run(1, 1)]).trends == ()
    other = c.Run(5, DAY, (stage(0, "easy", 330.0, EASY_BAND),))
    blank = c.Run(6, DAY, (stage(0, "easy", None, EASY_BAND), stage(1, "steady", None, None)))
    assert c.compare(run(3, 3), [other, run(1, 1), blank]).trends == ()


def test_a_trend_says_when_it_is_grade_adjusted_and_skips_unknown_heart_rates():
    stages = [
        (stage(0, None, 330.0 - k, None, gap=331.0 - 5 * k), stage(1, "steady", 300.0, None))
        for k in range(3)
    ]
    runs = [c.Run(k, DAY + timedelta(days=k), s) for k, s in enumerate(stages)]
    lines = c.compare(runs[-1], runs[:-1]).trends
    assert lines[0] == (
        "Stage 1 (at pace): 5 s/km faster each run on average (grade-adjusted) over 3 runs."
    )


def test_trends_of_rows_without_any_matched_stages():
    assert c.trends([]) == ()


# -- The block's chart --------------------------------------------------------------------


def test_the_chart_puts_faster_paces_higher_and_runs_in_date_order():
    later, earlier = run(2, 2, easy=330.0, steady=295.0), run(1, 1)
    chart = c.chart([later, earlier], unit="km", shape=c.WIDE)
    assert [column.run.key for column in chart.columns] == [1, 2]
    assert chart.columns[0].x < chart.columns[1].x
    easy, steady = chart.columns[0].marks
    assert steady.dot_y < easy.dot_y  # steady is faster: higher up
    assert easy.x < steady.x  # the stages side by side in their order
    assert easy.band_y < easy.dot_y < easy.band_y + easy.band_height  # on target: in its bar
    assert chart.y0 <= min(t.y for t in chart.ticks) and max(t.y for t in chart.ticks) <= chart.y1
    assert chart.x0 < chart.columns[0].x < chart.columns[1].x < chart.x1
    assert not easy.clipped


def test_the_chart_ticks_are_in_the_athletes_unit():
    km = c.chart([run(1, 1)], unit="km")
    mi = c.chart([run(1, 1)], unit="mi", shape=c.NARROW)
    assert [t.label for t in km.ticks] == ["4:45", "5:00", "5:15", "5:30", "5:45", "6:00"]
    assert [t.label for t in mi.ticks] == ["7:30", "8:00", "8:30", "9:00", "9:30", "10:00"]
    # 5:35 /km is 8:59 /mi: just above the 9:00 line; 5:00 /km (8:03 /mi) just below 8:00.
    ticks = {t.label: t.y for t in mi.ticks}
    easy, steady = mi.columns[0].marks
    assert ticks["8:30"] < easy.dot_y < ticks["9:00"]
    assert ticks["8:00"] < steady.dot_y < ticks["8:30"]


def test_a_wild_pace_is_drawn_at_the_edge_and_said_to_be():
    walked = run(1, 1, easy=700.0)
    chart = c.chart([walked])
    easy = chart.columns[0].marks[0]
    assert easy.dot_y == chart.y1
    assert easy.clipped


def test_the_phases_group_the_runs():
    runs = [run(1, 1), run(2, 2), run(3, 9, phase="transition"), run(4, 14, phase="long_run")]
    phases = c.chart(runs).phases
    assert [(p.phase, p.name) for p in phases] == [
        ("base", "Base"),
        ("transition", "Transition"),
        ("long_run", "Long-run phase"),
    ]
    assert phases[0].width == pytest.approx(2 * phases[1].width)
    assert phases[1].x == pytest.approx(phases[0].x + phases[0].width)
    outside = c.chart([run(1, 1, phase="")]).phases
    assert outside[0].name == "Outside the phases"


def test_planned_runs_show_their_bands_only_and_dates_label_every_few_runs():
    planned = c.Run(
        -5,
        DAY + timedelta(weeks=8),
        ({"index": 0, "zone": "easy", "band": EASY_BAND}, {"index": 1, "zone": "steady"}),
        "base",
        "",
        c.PLANNED,
    )
    runs = [run(k, k) for k in range(1, 8)] + [planned]
    chart = c.chart(runs, shape=c.NARROW)
    last = chart.columns[-1]
    assert last.run.state == c.PLANNED
    assert [m.dot_y for m in last.marks] == [None, None]
    assert last.marks[0].band_y is not None and last.marks[1].band_y is None
    assert last.marks[1].band_height == 0.0
    labels = [column.label for column in chart.columns]
    assert labels[0] == "12 Oct" and labels[1] == "" and labels[2] == "26 Oct"
    assert sum(1 for label in labels if label) <= c.NARROW.x_labels


def test_no_chart_without_any_band_or_pace():
    blank = c.Run(1, DAY, ({"index": 0, "zone": "easy"},), state=c.PLANNED)
    assert c.chart([blank]) is None


def test_a_chart_of_paces_without_bands():
    bare = c.Run(1, DAY, (stage(0, "easy", 330.0, None), stage(1, "steady", 300.0, None)))
    chart = c.chart([bare])
    assert [m.band_y for m in chart.columns[0].marks] == [None, None]
    assert chart.ticks[0].label <= "5:00"


def test_a_run_without_stages_takes_its_slot():
    chart = c.chart([run(1, 1), c.Run(2, DAY + timedelta(weeks=2), ())])
    assert chart.columns[1].marks == ()


def test_patterns_count_the_first_and_last_stage_off_their_band():
    def with_verdicts(key, first, last):
        stages = (
            stage(0, "easy", 300.0, EASY_BAND, verdict=first),
            stage(1, "steady", 300.0, STEADY_BAND, verdict=last),
        )
        return c.Run(key, DAY, stages)

    runs = [
        with_verdicts(1, "too-fast", "on-target"),
        with_verdicts(2, "too-fast", "too-fast"),
        with_verdicts(3, "on-target", "too-slow"),
        with_verdicts(4, None, None),
        c.Run(5, DAY, (stage(0, "easy", None, EASY_BAND, verdict=None),), state=c.PLANNED),
        c.Run(6, DAY, ()),
    ]
    assert c.patterns(runs) == (
        "The first stage was too fast in 2 of 3 runs.",
        "The last stage was too fast in 1 of 3 runs and too slow in 1 of 3 runs.",
    )
    assert c.patterns([with_verdicts(1, "on-target", "on-target")]) == ()


def test_a_runs_figures_are_its_stages():
    assert [f.zone for f in run(1, 1).figures] == ["easy", "steady"]
