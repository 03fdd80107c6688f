"""The review page's chart of pace and heart rate over a run, and the words the page uses for a
stored review (workouts/templatetags/reviews.py, docs/running.md §3.11), on a stored review
made here in the shape of workouts/log_review.py."""

import re
import xml.etree.ElementTree as ET

import pytest

from workouts.templatetags import reviews

SVG = "{http://www.w3.org/2000/svg}"
# Three stages of a progression: 20 min easy, 20 min steady, 10 min at marathon pace.
EDGES = [(0.0, 1200.0, "easy", [340.0, 370.0]), (1200.0, 2400.0, "steady", [315.0, 330.0])]
EDGES.append((2400.0, 3000.0, "marathon", [290.0, 300.0]))


def stored_review(**changes) -> dict:
    """A stored review of a 50-minute progression run, a point every 10 s: 6:00, then 5:30,
    then 5:00 /km; heart rate 130, 145, 160; standing still from 25:00 to 25:20."""
    t = [float(s) for s in range(0, 3001, 10)]
    pace = [360.0 if s < 1200 else 330.0 if s < 2400 else 300.0 for s in t]
    hr = [130 if s < 1200 else 145 if s < 2400 else 160 for s in t]
    for i, s in enumerate(t):
        if 1500 <= s <= 1520:
            pace[i] = None
    review = {
        "v": 1,
        "split_by": "workout-steps",
        "compliance": "green",
        "timer_s": 3000.0,
        "moving_s": 2980.0,
        "distance_m": 9300.0,
        "avg_hr": 143,
        "low_confidence": False,
        "heat_adjusted": False,
        "notes": [],
        "stages": [
            {
                "index": i,
                "zone": zone,
                "planned_s": end - start,
                "planned_m": None,
                "start_s": start,
                "end_s": end,
                "actual_s": end - start,
                "distance_m": 3300.0,
                "pace_s_per_km": 360.0 - 30 * i,
                "gap_s_per_km": None,
                "avg_hr": 130 + 15 * i,
                "time_in_band_s": end - start - 60,
                "verdict": "on-target",
                "band": band,
                "rpe": None,
            }
            for i, (start, end, zone, band) in enumerate(EDGES)
        ],
        "findings": [
            {
                "code": "surge",
                "stage_index": 0,
                "at_s": 600.0,
                "message": "A surge of 0:45 at 4:40 /km in stage 1.",
                "severity": "warning",
            },
            {
                "code": "stopped",
                "stage_index": 1,
                "at_s": 1500.0,
                "message": "Stopped for 3:00 after 25:00.",
                "severity": "serious",
            },
        ],
        "laps": [],
        "series": {"t": t, "pace": pace, "gap": [None] * len(t), "hr": hr},
    }
    review.update(changes)
    return review


def svg(review=None, unit="km", size="wide") -> ET.Element:
    text = str(reviews.review_chart(review or stored_review(), unit, size))
    return ET.fromstring(text)


def numbers(points: str) -> list[tuple[float, float]]:
    return [tuple(map(float, pair.split(","))) for pair in points.split()]


def test_the_chart_is_an_image_with_a_title_and_a_description():
    root = svg()
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert (title.get("id"), desc.get("id")) == (title_id, desc_id)
    assert title.text == "Pace and heart rate over the run"
    assert "heart rate between 130 and 160 bpm" in desc.text
    assert "target bands of 3 planned stages" in desc.text
    assert "2 findings are marked" in desc.text


def test_the_chart_has_no_script_and_no_inline_style():
    text = str(reviews.review_chart(stored_review(), "km", "wide"))
    assert "<script" not in text
    assert "style=" not in text


def test_each_stage_band_is_a_rectangle_over_its_time():
    root = svg()
    bands = root.findall(f"{SVG}rect[@class='target-band']")
    assert len(bands) == 3
    starts = [float(b.get("x")) for b in bands]
    widths = [float(b.get("width")) for b in bands]
    # 20, 20 and 10 minutes of a 50-minute run.
    assert widths[0] == pytest.approx(widths[1], abs=0.2)
    assert widths[2] == pytest.approx(widths[0] / 2, abs=0.2)
    assert starts[1] == pytest.approx(starts[0] + widths[0], abs=0.2)
    # The marathon band (faster) sits above the easy band: faster is higher.
    assert float(bands[2].get("y")) < float(bands[0].get("y"))
    assert bands[0].get("fill") == "#9ec5fe"  # the easy zone's colour, as the stage bar
    assert "target 5:40–6:10 /km" in bands[0].find(f"{SVG}title").text


def test_a_stage_without_a_band_draws_no_rectangle():
    review = stored_review()
    review["stages"][1]["band"] = None
    assert len(svg(review).findall(f"{SVG}rect[@class='target-band']")) == 2


def test_faster_running_is_drawn_higher():
    line = svg().findall(f"{SVG}polyline[@class='pace-line']")
    points = [p for run in line for p in numbers(run.get("points"))]
    first, last = points[0], points[-1]
    assert last[1] < first[1]


def test_standing_still_breaks_the_pace_line_but_not_the_heart_rate():
    root = svg()
    assert len(root.findall(f"{SVG}polyline[@class='pace-line']")) == 2
    assert len(root.findall(f"{SVG}polyline[@class='hr-line']")) == 1


def test_grade_adjusted_pace_is_drawn_where_known():
    review = stored_review()
    series = review["series"]
    series["gap"] = [300.0] * len(series["t"])  # even effort: all of it at 5:00 /km adjusted
    root = svg(review)
    points = [
        p
        for run in root.findall(f"{SVG}polyline[@class='pace-line']")
        for p in numbers(run.get("points"))
    ]
    assert len({y for _, y in points}) == 1
    assert root.find(f"{SVG}title").text == "Grade-adjusted pace and heart rate over the run"


def axis_labels(root) -> list[str]:
    return [t.text for t in root.findall(f"{SVG}text[@class='axis']")]


def test_the_pace_axis_is_in_the_athletes_unit():
    per_km = axis_labels(svg(unit="km"))
    per_mile = axis_labels(svg(unit="mi"))
    assert "5:00" in per_km and "6:00" in per_km
    # 5:00 /km is 8:03 /mi: the scale is per mile, on whole steps of it.
    assert "5:00" not in per_mile
    assert any(re.fullmatch(r"(8|9|10):\d\d", label) for label in per_mile)
    names = [t.text for t in svg(unit="mi").findall(f"{SVG}text[@class='axis-name']")]
    assert names == ["Pace /mi", "min"]


def test_the_time_axis_counts_minutes_from_the_start():
    wide = [x for x in axis_labels(svg()) if ":" not in x]
    narrow = [x for x in axis_labels(svg(size="narrow")) if ":" not in x]
    assert wide == [str(m) for m in range(0, 51, 5)]
    assert narrow == ["0", "10", "20", "30", "40", "50"]


def test_a_long_run_counts_hours_and_minutes():
    review = stored_review()
    review["series"]["t"] = [s * 4 for s in review["series"]["t"]]
    review["timer_s"] = 12000.0
    assert "1:00" in axis_labels(svg(review)) and "3:20" in axis_labels(svg(review))


def test_each_finding_is_marked_at_its_moment_serious_first():
    root = svg()
    marks = root.findall(f"{SVG}g")
    marks = [g for g in marks if "finding-mark" in (g.get("class") or "")]
    assert [g.get("class") for g in marks] == ["finding-mark serious", "finding-mark warning"]
    assert [g.find(f"{SVG}text").text for g in marks] == ["1", "2"]
    band = root.findall(f"{SVG}rect[@class='target-band']")[0]
    x0, width = float(band.get("x")), float(band.get("width"))
    # The stop at 25:00 is a quarter past the first stage's 20 minutes of 50.
    at = float(marks[0].find(f"{SVG}circle").get("cx"))
    assert at == pytest.approx(x0 + width * 1500 / 1200, abs=0.2)
    assert "Stopped for 3:00" in marks[0].find(f"{SVG}title").text


def test_a_finding_without_a_moment_is_not_marked():
    review = stored_review()
    review["findings"].append(
        {
            "code": "short",
            "stage_index": None,
            "at_s": None,
            "message": "70%.",
            "severity": "warning",
        }
    )
    marks = [g for g in svg(review).iter(f"{SVG}g") if "finding-mark" in (g.get("class") or "")]
    assert len(marks) == 2


def test_the_phone_chart_is_narrower_and_draws_fewer_points():
    wide, narrow = svg(size="wide"), svg(size="narrow")
    assert narrow.get("viewBox") == "0 0 400 280"
    assert wide.get("viewBox") == "0 0 960 320"

    def count(root):
        lines = root.findall(f"{SVG}polyline[@class='pace-line']")
        return sum(len(numbers(line.get("points"))) for line in lines)

    review = stored_review()
    series = review["series"]
    series["t"] = [float(s) for s in range(0, 3000, 5)]  # 600 points, as stored at most
    series["pace"] = [330.0] * 600
    series["gap"] = [None] * 600
    series["hr"] = [140] * 600
    assert count(svg(review, size="wide")) == 600
    assert count(svg(review, size="narrow")) <= 200


def test_two_charts_on_one_page_have_distinct_ids():
    first, second = svg(), svg()
    assert first.get("aria-labelledby") != second.get("aria-labelledby")


def test_a_run_without_heart_rate_has_no_heart_rate_line_or_axis():
    review = stored_review()
    review["series"]["hr"] = [None] * len(review["series"]["t"])
    root = svg(review)
    assert root.findall(f"{SVG}polyline[@class='hr-line']") == []
    assert root.findall(f"{SVG}text[@class='axis axis-hr']") == []
    assert root.find(f"{SVG}title").text == "Pace over the run"


def test_a_pace_outlier_does_not_set_the_scale():
    review = stored_review()
    review["series"]["pace"][5] = 1500.0  # a 25:00 /km moment under a bridge
    assert "25:00" not in axis_labels(svg(review))


def test_a_run_of_a_day_keeps_its_time_labels_apart_on_a_phone():
    # An ultra read from a file (up to 55 hours): no more labels than a phone's chart holds.
    t = [float(s) for s in range(0, 86_401, 300)]
    review = stored_review(stages=[], findings=[], timer_s=86_400.0)
    review["series"] = {"t": t, "pace": [400.0] * len(t), "gap": [None] * len(t), "hr": []}

    def times(root) -> list[str]:
        return [t.text for t in root.findall(f"{SVG}text[@text-anchor='middle'][@class='axis']")]

    assert times(svg(review, size="narrow")) == ["0", "6:00", "12:00", "18:00", "24:00"]
    assert len(times(svg(review))) <= 11


def test_a_treadmill_run_without_pace_still_names_the_axis_of_its_bands():
    review = stored_review()
    review["series"]["pace"] = [None] * len(review["series"]["t"])  # no distance recorded
    root = svg(review)
    assert root.findall(f"{SVG}polyline[@class='pace-line']") == []
    assert "5:00" in axis_labels(root)  # the bands' scale
    names = [t.text for t in root.findall(f"{SVG}text[@class='axis-name']")]
    assert names == ["Pace /km", "min"]


def test_an_unplanned_run_has_a_chart_without_bands_or_stage_edges():
    root = svg(stored_review(stages=[], findings=[], split_by=None))
    assert root.findall(f"{SVG}rect[@class='target-band']") == []
    assert [g for g in root.iter(f"{SVG}g") if g.get("class") == "stage-edge"] == []
    assert root.findall(f"{SVG}polyline[@class='pace-line']")


def test_a_run_logged_by_hand_has_no_chart():
    empty = {"t": [], "pace": [], "gap": [], "hr": []}
    assert reviews.review_chart(stored_review(series=empty)) == ""
    assert reviews.review_chart(stored_review(series={})) == ""
    assert reviews.review_chart(None) == ""


# -- Words ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("finding", "words"),
    [
        ({"at_s": 2530.0, "stage_index": 2}, "at 42:10, in stage 3"),
        ({"at_s": 3900.0, "stage_index": None}, "at 1:05:00"),
        ({"at_s": None, "stage_index": 0}, "in stage 1"),
        ({"at_s": None, "stage_index": None}, ""),
    ],
)
def test_a_findings_moment_in_words(finding, words):
    assert reviews.moment(finding) == words


@pytest.mark.parametrize(
    ("colour", "words"),
    [("green", "On plan"), ("yellow", "Near plan"), ("orange", "Off plan"), (None, "Not judged")],
)
def test_compliance_in_words(colour, words):
    assert reviews.compliance_words(colour) == words


def test_the_split_basis_in_words():
    assert reviews.split_words("workout-steps") == "Split by the watch's workout steps"
    assert reviews.split_words("laps").startswith("Split by the laps pressed")
    assert reviews.split_words(None) == ""


def test_serious_findings_come_first_in_the_order_of_the_run():
    findings = [
        {"code": "a", "severity": "warning"},
        {"code": "b", "severity": "serious"},
        {"code": "c", "severity": "warning"},
        {"code": "d", "severity": "serious"},
    ]
    assert [f["code"] for f in reviews.serious_first(findings)] == ["b", "d", "a", "c"]


def test_a_band_in_the_athletes_unit():
    assert reviews.band_pace([300.0, 310.0], "km") == "5:00–5:10 /km"
    assert reviews.band_pace([300.0, 310.0], "mi") == "8:03–8:19 /mi"
    assert reviews.band_pace(None, "km") == "—"


def test_a_laps_time_and_what_closed_it():
    assert reviews.lap_time(1325.0, 125.0) == "20:00"
    assert reviews.lap_trigger("manual") == "lap button"
    assert reviews.lap_trigger("workout_step") == "workout step"
    assert reviews.lap_trigger(None) == "—"


def test_the_walking_of_recoveries_does_not_stretch_the_pace_scale():
    review = stored_review(stages=[], findings=[])
    series = review["series"]
    # A fifth of the run walked at 20:00 /km, between reps at 5:00 /km.
    series["pace"] = [1200.0 if i % 5 == 0 else 300.0 for i in range(len(series["t"]))]
    labels = [x for x in axis_labels(svg(review)) if ":" in x]
    slowest = max(int(m) * 60 + int(s) for m, s in (x.split(":") for x in labels))
    assert slowest <= 1.5 * 300 + 60
    assert "20:00" not in labels
