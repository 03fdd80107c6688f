"""Logging a run and its review page (docs/running.md §3.11): the athlete's session page, the
form by hand, uploads, the review page while a file is read and after, editing, deleting,
pairing by hand, the original's download, the coach logging on an athlete's behalf, and who
may see what (an athlete their own, a coach their athletes'; anyone else a 404)."""

import re
import zlib
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from athletes.paces import MILE_M
from tests.conftest import add_5k
from tests.workouts.test_block_calendar import add_session, make_block
from tests.workouts.test_review import EASY, MARATHON, STEADY, recording
from tests.workouts.test_review_chart import stored_review
from workouts import log_pipeline, targets
from workouts.athlete_pages import week_context
from workouts.fit_activity import activity_fit
from workouts.log_forms import RunLogForm, parse_run_duration
from workouts.models import (
    ActivityFile,
    LogPairing,
    LogSource,
    LogStatus,
    RunLog,
    SessionKind,
    SkipReason,
)
from workouts.progression import Stage

STAGES = [
    Stage(duration_s=1200, zone="easy"),
    Stage(duration_s=1200, zone="steady"),
    Stage(duration_s=600, zone="marathon"),
]


@pytest.fixture
def today(athlete):
    return targets.athlete_today(athlete)


@pytest.fixture
def block(athlete):
    add_5k(athlete, days_ago=30)
    # Race day eight weeks ahead: the block's calendar holds today and the days before.
    return make_block(athlete, race_date=targets.athlete_today(athlete) + timedelta(weeks=8))


@pytest.fixture
def session(block, today):
    return add_session(block, today - timedelta(days=1), SessionKind.PROGRESSION, STAGES)


@pytest.fixture
def athlete_client(client, athlete):
    client.force_login(athlete.user)
    return client


def done_log(athlete, session, **fields) -> RunLog:
    """A reviewed run from a file, made directly (the review as workouts/log_review.py
    stores it), with its file."""
    values = {
        "athlete": athlete,
        "session": session,
        "pairing": LogPairing.SAME_DAY,
        "source": LogSource.FILE,
        "status": LogStatus.DONE,
        "date": session.date if session else targets.athlete_today(athlete),
        "duration_s": 3000.0,
        "moving_s": 2980.0,
        "distance_m": 9300.0,
        "avg_hr": 143,
        "compliance": "green",
        "review": stored_review(),
        "logged_by": athlete.user,
    } | fields
    log = RunLog.objects.create(**values)
    if values["source"] == LogSource.FILE:
        ActivityFile.objects.create(
            log=log,
            athlete=athlete,
            name="morning-run.fit",
            size=5,
            sha256=f"{log.pk:064d}",
            data=zlib.compress(b"bytes"),
        )
    return log


def fit_file(day, *, minutes=(20, 20, 10)) -> bytes:
    """A FIT file of a clean progression run on `day` (07:00 UTC)."""
    easy, steady, marathon = (m * 60 for m in minutes)
    rec = recording([(easy, *EASY), (steady, *STEADY), (marathon, *MARATHON)])
    return activity_fit(replace(rec, start=datetime.combine(day, time(7), tzinfo=UTC)))


def hand_data(**changes) -> dict:
    data = {
        "date": "",
        "duration_s": "50",
        "distance_m": "9.3",
        "avg_hr": "145",
        "rpe": "6",
        "feel": "4",
        "pain_note": "",
        "notes": "Felt smooth.",
        "temp_c": "",
        "dew_point_c": "",
    }
    return data | changes


# -- Parsing what runners type -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("45", 2700), ("45:00", 2700), ("1:05:00", 3900), ("0:45:30", 2730), (" 90 ", 5400)],
)
def test_a_run_time_is_read_as_runners_type_it(text, seconds):
    assert parse_run_duration(text) == seconds


@pytest.mark.parametrize(("text", "words"), [("0", "no time"), ("25:00:00", "at most 24 hours")])
def test_a_run_time_that_is_no_run_is_refused(text, words):
    with pytest.raises(ValueError, match=words):
        parse_run_duration(text)


def test_a_distance_is_in_the_athletes_unit_unless_it_says_its_own():
    miles = RunLogForm(hand_data(date="2026-01-01", distance_m="6.2"), unit="mi")
    assert miles.is_valid(), miles.errors
    assert miles.cleaned_data["distance_m"] == pytest.approx(6.2 * MILE_M)
    km = RunLogForm(hand_data(date="2026-01-01", distance_m="10 km"), unit="mi")
    assert km.is_valid(), km.errors
    assert km.cleaned_data["distance_m"] == 10000


def test_a_stage_pace_is_in_the_athletes_unit():
    form = RunLogForm(
        hand_data(date="2026-01-01", stage_0_pace="9:39"), unit="mi", stages=[(0, "20 min easy")]
    )
    assert form.is_valid(), form.errors
    assert form.stages_for_service() == [
        {
            "index": 0,
            "pace_s_per_km": pytest.approx(579 / MILE_M * 1000),
            "avg_hr": None,
            "rpe": None,
        }
    ]


def test_the_dew_point_cannot_be_above_the_temperature():
    form = RunLogForm(hand_data(date="2026-01-01", temp_c="18", dew_point_c="20"))
    assert not form.is_valid()
    assert form.errors["dew_point_c"] == ["The dew point cannot be above the temperature."]


def test_the_weather_takes_both_figures():
    form = RunLogForm(hand_data(date="2026-01-01", temp_c="28"))
    assert not form.is_valid()
    assert "Give both the temperature and the dew point" in form.errors["dew_point_c"][0]


@pytest.mark.parametrize(
    ("unit", "text", "words"),
    [
        ("km", "999", "999 km is not a run's distance: a run is at most 300 km."),
        ("km", "9999 km", "9999 km is not a run's distance: a run is at most 300 km."),
        ("mi", "500", "500 mi is not a run's distance: a run is at most 186.41 mi."),
        ("km", "0.0001", "Less than a metre is not a run: check the distance."),
    ],
)
def test_a_distance_past_any_run_is_refused_in_the_athletes_unit(unit, text, words):
    form = RunLogForm(hand_data(date="2026-01-01", distance_m=text), unit=unit)
    assert not form.is_valid()
    assert form.errors["distance_m"] == [words]


def test_a_run_time_of_thousands_of_digits_is_refused_in_plain_words():
    with pytest.raises(ValueError, match=r"^9{16}… is not a run's time: write h:mm:ss or mm:ss\.$"):
        parse_run_duration("9" * 5000 + ":00")


# -- The session page --------------------------------------------------------------------------


def test_a_session_whose_day_has_come_offers_upload_by_hand_and_not_run(athlete_client, session):
    html = athlete_client.get(reverse("athlete-session", args=[session.pk])).content.decode()
    assert "Log this run" in html
    assert 'type="file"' in html and " multiple" in html
    assert 'accept=".fit,.gpx,.tcx,.gz,.zip"' in html
    assert f'action="/me/logs/upload/?session={session.pk}"' in html
    assert "Log by hand" in html and "Stage 1: 20 min easy" in html
    assert "Mark as not run" in html


def test_a_session_still_ahead_has_nothing_to_log(athlete_client, block, today):
    ahead = add_session(block, today + timedelta(days=2), SessionKind.EASY)
    html = athlete_client.get(reverse("athlete-session", args=[ahead.pk])).content.decode()
    assert "Log this run" not in html
    response = athlete_client.get(reverse("athlete-session-log", args=[ahead.pk]))
    assert response.status_code == 302
    assert not RunLog.objects.exists()


def test_a_logged_session_shows_its_run_and_a_link_to_the_review(athlete_client, athlete, session):
    log = done_log(athlete, session)
    html = athlete_client.get(reverse("athlete-session", args=[session.pk])).content.decode()
    assert "Log this run" not in html
    assert "On plan" in html and "50:00" in html and "9.3 km" in html
    assert reverse("athlete-log", args=[log.pk]) in html
    assert "See the review" in html


def test_a_session_being_read_says_so(athlete_client, athlete, session):
    done_log(athlete, session, status=LogStatus.QUEUED, review=None, compliance="")
    html = athlete_client.get(reverse("athlete-session", args=[session.pk])).content.decode()
    assert "Processing your file…" in html


# -- By hand -----------------------------------------------------------------------------------


def test_the_athlete_logs_a_session_by_hand(athlete_client, athlete, session):
    url = reverse("athlete-session-log", args=[session.pk])
    data = hand_data(date=session.date.isoformat(), stage_0_pace="6:00", stage_2_rpe="8")
    response = athlete_client.post(url, data)
    log = RunLog.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("athlete-log", args=[log.pk])
    assert (log.duration_s, log.distance_m, log.avg_hr, log.rpe, log.feel) == (
        3000,
        9300,
        145,
        6,
        4,
    )
    assert log.session == session and log.source == LogSource.HAND
    assert log.logged_by == athlete.user
    entries = [(e.index, e.pace_s_per_km, e.rpe) for e in log.stage_entries.all()]
    assert entries == [(0, 360.0, None), (2, None, 8)]
    assert log.review["split_by"] == "hand"
    page = athlete_client.get(response["Location"]).content.decode()
    assert "Logged by hand" in page
    assert "Felt smooth." in page


def test_logging_nothing_is_refused_and_saves_nothing(athlete_client, session):
    url = reverse("athlete-session-log", args=[session.pk])
    response = athlete_client.post(
        url, hand_data(date=session.date.isoformat(), duration_s="", distance_m="")
    )
    assert response.status_code == 200
    assert "Give the run&#x27;s time, its distance, or both." in response.content.decode()
    assert not RunLog.objects.exists()


def test_a_run_time_typed_wrong_says_how_to_write_it(athlete_client, session):
    url = reverse("athlete-session-log", args=[session.pk])
    response = athlete_client.post(url, hand_data(date=session.date.isoformat(), duration_s="fast"))
    assert "is not a duration; write h:mm:ss or m:ss" in response.content.decode()
    assert not RunLog.objects.exists()


def test_a_run_logged_for_a_day_still_ahead_is_refused(athlete_client, session, today):
    url = reverse("athlete-session-log", args=[session.pk])
    ahead = (today + timedelta(days=1)).isoformat()
    response = athlete_client.post(url, hand_data(date=ahead))
    assert "is still ahead" in response.content.decode()
    assert not RunLog.objects.exists()


# -- Not run -----------------------------------------------------------------------------------


def test_the_athlete_marks_a_session_as_not_run_and_undoes_it(athlete_client, session):
    url = reverse("athlete-session-not-run", args=[session.pk])
    athlete_client.post(url, {"reason": "ill"})
    session.refresh_from_db()
    assert session.skipped_reason == SkipReason.ILL
    html = athlete_client.get(reverse("athlete-session", args=[session.pk])).content.decode()
    assert "Not run: ill" in html and "It was run after all" in html
    athlete_client.post(url, {"reason": ""})
    session.refresh_from_db()
    assert session.skipped_reason == ""


def test_a_session_still_ahead_cannot_be_marked_as_not_run(athlete_client, block, today):
    ahead = add_session(block, today + timedelta(days=1), SessionKind.EASY)
    response = athlete_client.post(
        reverse("athlete-session-not-run", args=[ahead.pk]), {"reason": "travel"}, follow=True
    )
    assert "still ahead" in response.content.decode()
    ahead.refresh_from_db()
    assert ahead.skipped_reason == ""


def test_an_unknown_reason_is_refused(athlete_client, session):
    response = athlete_client.post(
        reverse("athlete-session-not-run", args=[session.pk]), {"reason": "lazy"}, follow=True
    )
    assert "Choose why: ill, injured, travel or other." in response.content.decode()
    session.refresh_from_db()
    assert session.skipped_reason == ""


def test_the_coach_does_not_mark_through_the_athletes_url(coach_client, session):
    response = coach_client.post(
        reverse("athlete-session-not-run", args=[session.pk]), {"reason": "ill"}
    )
    assert response.status_code == 404


# -- Uploads -----------------------------------------------------------------------------------


def test_one_file_uploaded_from_the_session_page_goes_to_its_page(athlete_client, session):
    upload = reverse("athlete-log-upload") + f"?session={session.pk}"
    data = SimpleUploadedFile("run.fit", fit_file(session.date))
    response = athlete_client.post(upload, {"files": [data], "session": session.pk})
    log = RunLog.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("athlete-log", args=[log.pk])
    assert log.session == session and log.pairing == LogPairing.MANUAL
    assert log.status == LogStatus.QUEUED  # read by the pipeline after commit
    page = athlete_client.get(response["Location"]).content.decode()
    assert "Processing your file…" in page


def test_several_files_each_refused_one_says_why_and_the_others_are_kept(
    athlete_client, session, today
):
    files = [
        SimpleUploadedFile("monday.fit", fit_file(today - timedelta(days=3))),
        SimpleUploadedFile("notes.txt", b"not a run"),
        SimpleUploadedFile("tuesday.fit", fit_file(today - timedelta(days=2))),
    ]
    response = athlete_client.post(reverse("athlete-log-upload"), {"files": files}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[0][0].startswith(reverse("athlete-log-uploaded"))
    assert "2 runs uploaded" in html
    assert "notes.txt</span>: notes.txt is not a FIT, GPX or TCX file" in html
    assert RunLog.objects.count() == 2
    for log in RunLog.objects.all():
        assert reverse("athlete-log", args=[log.pk]) in html
    again = athlete_client.get(response.redirect_chain[0][0]).content.decode()
    assert "2 runs uploaded" in again and "notes.txt" not in again  # said once


def test_the_list_of_an_upload_shows_only_ones_own_logs(athlete_client, other_athlete):
    theirs = done_log(other_athlete, None, review=None, compliance="")
    html = athlete_client.get(reverse("athlete-log-uploaded") + f"?logs={theirs.pk}").content
    assert reverse("athlete-log", args=[theirs.pk]) not in html.decode()


def test_the_same_file_twice_is_refused_naming_the_day(athlete_client, session):
    content = fit_file(session.date)
    url = reverse("athlete-log-upload")
    athlete_client.post(url, {"files": [SimpleUploadedFile("a.fit", content)]})
    response = athlete_client.post(url, {"files": [SimpleUploadedFile("b.fit", content)]})
    html = response.content.decode()
    assert "This file was uploaded already, on" in html
    assert RunLog.objects.count() == 1


def test_a_file_over_the_cap_is_refused_unread(athlete_client, monkeypatch):
    from workouts.views import logs

    monkeypatch.setattr(logs, "MAX_UPLOAD_BYTES", 10)
    files = [SimpleUploadedFile("huge.fit", b"x" * 11)]
    response = athlete_client.post(reverse("athlete-log-upload"), {"files": files})
    assert "huge.fit is over 25 MB" in response.content.decode()
    assert not RunLog.objects.exists()


def test_an_upload_without_a_file_says_so(athlete_client):
    response = athlete_client.post(reverse("athlete-log-upload"), {})
    assert "Choose a file to upload" in response.content.decode()


def test_an_empty_file_among_others_is_refused_by_its_name_and_the_others_kept(
    athlete_client, today
):
    files = [
        SimpleUploadedFile("monday.fit", fit_file(today - timedelta(days=3))),
        SimpleUploadedFile("empty.fit", b""),
    ]
    response = athlete_client.post(reverse("athlete-log-upload"), {"files": files}, follow=True)
    html = response.content.decode()
    assert "1 run uploaded" in html
    assert "empty.fit</span>: empty.fit is empty" in html
    assert RunLog.objects.count() == 1


def test_an_upload_past_the_caps_of_one_upload_refuses_the_rest_unread(
    athlete_client, today, monkeypatch
):
    from workouts.views import logs

    monkeypatch.setattr(logs, "MAX_ARCHIVE_MEMBERS", 2)
    files = [
        SimpleUploadedFile(f"day-{days}.fit", fit_file(today - timedelta(days=days)))
        for days in (1, 2, 3)
    ]
    response = athlete_client.post(reverse("athlete-log-upload"), {"files": files}, follow=True)
    html = response.content.decode()
    assert "2 runs uploaded" in html
    assert "day-3.fit is not read: one upload takes at most 2 files, 100 MB in all." in html
    assert RunLog.objects.count() == 2
    monkeypatch.setattr(logs, "MAX_ARCHIVE_MEMBERS", 50)
    monkeypatch.setattr(logs, "MAX_DECOMPRESSED_BYTES", len(files[0].read()) + 1)
    files = [
        SimpleUploadedFile(f"again-{f.name}", fit_file(today - timedelta(days=4)))
        for f in files[:2]
    ]
    html = athlete_client.post(reverse("athlete-log-upload"), {"files": files}).content.decode()
    assert "again-day-2.fit is not read: one upload takes at most 50 files" in html


def test_an_upload_for_a_session_gone_meanwhile_says_so(athlete_client, session):
    upload = reverse("athlete-log-upload") + f"?session={session.pk}"
    gone = session.pk
    session.delete()  # by the coach, while the athlete's page was open
    files = [SimpleUploadedFile("run.fit", fit_file(session.date))]
    html = athlete_client.post(upload, {"files": files, "session": gone}).content.decode()
    assert f"Select a valid choice. {gone} is not one of the available choices." in html
    assert not RunLog.objects.exists()


@pytest.mark.parametrize("text", ["²", "١٢", "9" * 30, "-1", "1.0"])
def test_an_id_in_the_query_string_that_is_no_id_is_no_error(
    athlete_client, client, coach, athlete, session, text
):
    # "²".isdigit() is true and int("²") an error; 30 digits overflow the database's integers.
    assert athlete_client.get(reverse("athlete-log-upload") + f"?session={text}").status_code == 200
    response = athlete_client.get(reverse("athlete-log-uploaded") + f"?logs=1,{text}")
    assert response.status_code == 200
    client.force_login(coach)
    create = reverse("coach-log-create", args=[athlete.pk]) + f"?session={text}"
    assert client.get(create).status_code == 404


def test_an_upload_for_someone_elses_session_is_not_offered(athlete_client, other_athlete, today):
    theirs = add_session(make_block(other_athlete), today, SessionKind.EASY)
    html = athlete_client.get(reverse("athlete-log-upload") + f"?session={theirs.pk}").content
    assert f'value="{theirs.pk}"' not in html.decode()


# -- The review page ---------------------------------------------------------------------------


def test_the_review_page_shows_the_run_against_its_plan(athlete_client, athlete, session, block):
    log = done_log(athlete, session)
    html = athlete_client.get(reverse("athlete-log", args=[log.pk])).content.decode()
    context = week_context(block.as_value(), session.date)
    assert re.fullmatch(r"[A-Z][a-z ]+, week 1[01] of 18", context)
    assert f'data-testid="log-context">{context}<' in html
    assert 'data-compliance="green">On plan<' in html
    assert "Split by the watch&#x27;s workout steps." in html
    assert html.count('data-testid="log-stage"') == 3
    assert 'data-label="GAP"' in html  # the table stacks into cards on a phone
    assert html.count('class="review-chart review-chart-') == 2  # a desktop's and a phone's
    # Serious findings first, each at its moment.
    first = html.index("Stopped for 3:00 after 25:00.")
    assert first < html.index("A surge of 0:45")
    assert "at 25:00, in stage 2" in html
    assert "morning-run.fit" in html and reverse("athlete-log-original", args=[log.pk]) in html
    assert "hx-get" not in html  # nothing to wait for


def test_the_pain_note_and_the_feel_show(athlete_client, athlete, session):
    log = done_log(athlete, session, pain_note="Left Achilles sore after 5 km", rpe=7, feel=2)
    html = athlete_client.get(reverse("athlete-log", args=[log.pk])).content.decode()
    assert "Pain or injury" in html and "Left Achilles sore after 5 km" in html
    assert "RPE 7 of 10" in html and "2 · poor" in html


def test_heat_and_low_confidence_are_said(athlete_client, athlete, session):
    review = stored_review(heat_adjusted=True, low_confidence=True, notes=["Targets slowed 3%."])
    log = done_log(athlete, session, review=review, temp_c=27.0, dew_point_c=21.0)
    html = athlete_client.get(reverse("athlete-log", args=[log.pk])).content.decode()
    assert "Targets slowed for 27 °C, dew point 21 °C." in html
    assert "A treadmill run: its pace verdicts are less sure." in html
    assert "Targets slowed 3%." in html


def test_the_watchs_laps_are_listed_folded(athlete_client, athlete, session):
    laps = [
        {
            "start_s": 0.0,
            "end_s": 1200.0,
            "trigger": "workout_step",
            "workout_step_index": 0,
            "distance_m": 3300.0,
            "pace_s_per_km": 363.6,
            "avg_hr": 131,
        }
    ]
    log = done_log(athlete, session, review=stored_review(laps=laps))
    html = athlete_client.get(reverse("athlete-log", args=[log.pk])).content.decode()
    assert '<details class="card mb-3 log-laps"' in html
    assert "The watch's laps (1)" in html and "workout step" in html


def test_an_unplanned_run_says_so(athlete_client, athlete):
    review = stored_review(stages=[], findings=[], split_by=None, compliance=None)
    log = done_log(athlete, None, review=review, pairing=LogPairing.UNPLANNED, compliance="")
    html = athlete_client.get(reverse("athlete-log", args=[log.pk])).content.decode()
    assert "not planned" in html
    assert 'data-testid="log-stages"' not in html


def test_a_treadmill_run_without_distance_has_no_pace_in_its_legend(
    athlete_client, athlete, session
):
    review = stored_review()
    review["series"]["pace"] = [None] * len(review["series"]["t"])
    log = done_log(athlete, session, review=review, distance_m=None)
    html = athlete_client.get(reverse("athlete-log", args=[log.pk])).content.decode()
    assert "legend-hr" in html and "legend-pace" not in html


def test_a_file_being_read_polls_until_it_is_reviewed(athlete_client, athlete, session):
    log = done_log(athlete, session, status=LogStatus.QUEUED, review=None, compliance="")
    status_url = reverse("athlete-log-status", args=[log.pk])
    html = athlete_client.get(reverse("athlete-log", args=[log.pk])).content.decode()
    assert "Processing your file…" in html
    assert f'hx-get="{status_url}" hx-trigger="every 2s"' in html
    assert 'hx-target="#log-content" hx-swap="outerHTML"' in html
    still = athlete_client.get(status_url).content.decode()
    assert still.lstrip().startswith('<div id="log-content"') and "every 2s" in still
    RunLog.objects.filter(pk=log.pk).update(status=LogStatus.DONE, review=stored_review())
    done = athlete_client.get(status_url).content.decode()
    assert done.lstrip().startswith('<div id="log-content"')
    assert "every 2s" not in done and "On plan" in done
    assert "<html" not in done  # a fragment, swapped in place


def test_a_file_waiting_long_says_it_is_safe(athlete_client, athlete, session):
    log = done_log(athlete, session, status=LogStatus.QUEUED, review=None, compliance="")
    status_url = reverse("athlete-log-status", args=[log.pk])
    assert "taking longer than usual" not in athlete_client.get(status_url).content.decode()
    RunLog.objects.filter(pk=log.pk).update(created_at=log.created_at - timedelta(minutes=2))
    html = athlete_client.get(status_url).content.decode()
    assert "This is taking longer than usual. The file is safe" in html
    assert "every 2s" in html  # and it keeps asking


def test_a_file_that_could_not_be_read_says_why_and_what_to_do(athlete_client, athlete, session):
    log = done_log(
        athlete,
        None,
        status=LogStatus.FAILED,
        review=None,
        compliance="",
        error="This is a cycling activity: only runs can be logged.",
    )
    html = athlete_client.get(reverse("athlete-log", args=[log.pk])).content.decode()
    assert "morning-run.fit could not be read" in html
    assert "This is a cycling activity: only runs can be logged." in html
    assert "upload the file again" in html
    assert reverse("athlete-log-delete", args=[log.pk]) in html


def test_a_real_file_read_by_the_pipeline_gets_its_review(athlete_client, athlete, session):
    upload = reverse("athlete-log-upload")
    files = [SimpleUploadedFile("run.fit", fit_file(session.date))]
    athlete_client.post(upload, {"files": files, "session": session.pk})
    log = RunLog.objects.get()
    assert log_pipeline.run_log_process(log_id=log.pk) == LogStatus.DONE
    html = athlete_client.get(reverse("athlete-log-status", args=[log.pk])).content.decode()
    assert html.count('data-testid="log-stage"') == 3
    assert "review-chart" in html and "every 2s" not in html


# -- Editing -----------------------------------------------------------------------------------


def test_the_edit_form_shows_the_stored_values(athlete_client, athlete, session):
    log = done_log(athlete, session, source=LogSource.HAND, rpe=6, notes="Windy.")
    log.stage_entries.create(index=1, pace_s_per_km=330.0)
    html = athlete_client.get(reverse("athlete-log-edit", args=[log.pk])).content.decode()
    assert 'value="50:00"' in html and 'value="9.3 km"' in html and 'value="143"' in html
    assert 'value="5:30"' in html  # stage 2's pace
    assert "Windy." in html
    assert '<option value="6" selected>' in html


def test_an_edit_saved_unchanged_changes_nothing(athlete_client, athlete, session):
    log = done_log(athlete, session, source=LogSource.HAND, rpe=6, notes="Line one\nline two")
    log.stage_entries.create(index=1, pace_s_per_km=331.4)  # typed as 5:31, shown rounded
    url = reverse("athlete-log-edit", args=[log.pk])
    data = hand_data(
        date=log.date.isoformat(),
        duration_s="50:00",
        distance_m="9.3",
        avg_hr="143",
        rpe="6",
        feel="",
        notes="Line one\r\nline two",  # as a browser sends a textarea
        stage_1_pace="5:31",
        version=str(log.version),
    )
    before = RunLog.objects.filter(pk=log.pk).values().get()
    response = athlete_client.post(url, data)
    assert response.status_code == 302
    assert RunLog.objects.filter(pk=log.pk).values().get() == before
    assert log.stage_entries.get().pace_s_per_km == 331.4


def test_a_miles_athletes_edit_posted_back_as_shown_changes_nothing(
    athlete_client, athlete, session
):
    athlete.units = "mi"
    athlete.save()
    log = done_log(
        athlete,
        session,
        source=LogSource.HAND,
        rpe=6,
        distance_m=9300.7,  # 5.78 mi shown
        duration_s=3000.4,
        temp_c=18.46,
        dew_point_c=10.0,
    )
    log.stage_entries.create(index=0, pace_s_per_km=331.4, avg_hr=140, rpe=4)  # 8:53 /mi shown
    url = reverse("athlete-log-edit", args=[log.pk])
    shown = dict(
        re.findall(r'name="(\w+)" value="([^"]*)"', athlete_client.get(url).content.decode())
    )
    assert (shown["distance_m"], shown["stage_0_pace"]) == ("5.78 mi", "8:53")
    data = shown | {"rpe": "6", "feel": "", "pain_note": "", "notes": "", "stage_0_rpe": "4"}
    before = RunLog.objects.filter(pk=log.pk).values().get()
    assert athlete_client.post(url, data).status_code == 302
    assert RunLog.objects.filter(pk=log.pk).values().get() == before
    athlete_client.post(url, data | {"notes": "Windy"})  # one change: the rest stays exact
    log.refresh_from_db()
    assert (log.notes, log.distance_m, log.duration_s, log.temp_c) == (
        "Windy",
        9300.7,
        3000.4,
        18.46,
    )
    assert log.stage_entries.get().pace_s_per_km == 331.4


def test_an_edit_runs_the_review_again(athlete_client, athlete, session):
    log = done_log(athlete, session, source=LogSource.HAND)
    url = reverse("athlete-log-edit", args=[log.pk])
    data = hand_data(date=log.date.isoformat(), duration_s="25:00", version=str(log.version))
    athlete_client.post(url, data)
    log.refresh_from_db()
    assert log.duration_s == 1500
    assert log.review["split_by"] == "hand"
    assert log.version == 2


def test_an_edit_of_a_changed_run_is_a_conflict(athlete_client, athlete, session):
    log = done_log(athlete, session, source=LogSource.HAND)
    url = reverse("athlete-log-edit", args=[log.pk])
    RunLog.objects.filter(pk=log.pk).update(version=2, rpe=3)
    data = hand_data(date=log.date.isoformat(), rpe="9", version="1")
    html = athlete_client.post(url, data).content.decode()
    assert "This run was changed elsewhere" in html
    assert '<option value="3" selected>' in html  # the form shows it as saved now
    log.refresh_from_db()
    assert (log.rpe, log.version) == (3, 2)


def test_an_edit_of_a_run_deleted_meanwhile_is_a_404(athlete_client, athlete, session, monkeypatch):
    from workouts import run_logs

    log = done_log(athlete, session, source=LogSource.HAND)
    update = run_logs.run_log_update

    def deleted_meanwhile(*, log, **kwargs):
        RunLog.objects.filter(pk=log.pk).delete()  # by the coach, in the same moment
        return update(log=log, **kwargs)

    monkeypatch.setattr(run_logs, "run_log_update", deleted_meanwhile)
    url = reverse("athlete-log-edit", args=[log.pk])
    data = hand_data(date=log.date.isoformat(), rpe="9", version=str(log.version))
    assert athlete_client.post(url, data).status_code == 404


def test_a_run_of_last_year_can_still_be_edited(athlete_client, athlete, session, today):
    log = done_log(athlete, session, source=LogSource.HAND, date=today - timedelta(days=400))
    url = reverse("athlete-log-edit", args=[log.pk])
    data = hand_data(date=log.date.isoformat(), duration_s="50:00", avg_hr="143", rpe="", feel="")
    response = athlete_client.post(url, data | {"notes": "Found my notes", "version": log.version})
    assert response.status_code == 302
    log.refresh_from_db()
    assert log.notes == "Found my notes"
    moved = data | {"date": (today - timedelta(days=401)).isoformat(), "version": log.version}
    html = athlete_client.post(url, moved).content.decode()
    assert "A run more than a year ago cannot be logged here." in html


def test_the_edit_and_delete_pages_write_the_day_as_everywhere(athlete_client, athlete, session):
    log = done_log(athlete, session)
    day = f"{log.date:%a} {log.date.day} {log.date:%b %Y}"
    edit = athlete_client.get(reverse("athlete-log-edit", args=[log.pk])).content.decode()
    assert f"<title>Edit the run of {day} · Coach</title>" in edit
    delete = athlete_client.get(reverse("athlete-log-delete", args=[log.pk])).content.decode()
    assert f"<title>Delete the run of {day}? · Coach</title>" in delete


def test_a_files_run_edits_only_what_the_file_cannot_say(athlete_client, athlete, session):
    log = done_log(athlete, session)
    url = reverse("athlete-log-edit", args=[log.pk])
    html = athlete_client.get(url).content.decode()
    assert 'name="duration_s"' not in html and 'name="distance_m"' not in html
    assert 'name="rpe"' in html and 'name="pain_note"' in html
    data = {"rpe": "8", "feel": "2", "pain_note": "Calf", "notes": "", "version": log.version}
    athlete_client.post(url, data | {"temp_c": "", "dew_point_c": ""})
    log.refresh_from_db()
    assert (log.rpe, log.feel, log.pain_note, log.duration_s) == (8, 2, "Calf", 3000)


# -- Deleting and pairing ------------------------------------------------------------------------


def test_delete_asks_first_then_deletes_the_run_and_its_file(athlete_client, athlete, session):
    log = done_log(athlete, session)
    url = reverse("athlete-log-delete", args=[log.pk])
    assert "Delete this run? Its file goes too." in athlete_client.get(url).content.decode()
    assert RunLog.objects.exists()
    response = athlete_client.post(url)
    assert response["Location"] == reverse("athlete-session", args=[session.pk])
    assert not RunLog.objects.exists() and not ActivityFile.objects.exists()


def test_the_pairing_offers_the_sessions_within_three_days(athlete_client, athlete, block, session):
    near = add_session(block, session.date - timedelta(days=3), SessionKind.EASY)
    far = add_session(block, session.date - timedelta(days=4), SessionKind.EASY)
    rest = add_session(block, session.date + timedelta(days=1), SessionKind.REST)
    log = done_log(athlete, session, source=LogSource.HAND)
    html = athlete_client.get(reverse("athlete-log", args=[log.pk])).content.decode()
    assert f'<option value="{near.pk}">' in html
    assert f'<option value="{session.pk}" selected>' in html
    assert f'value="{far.pk}"' not in html and f'value="{rest.pk}"' not in html
    assert '<option value="none">Not planned</option>' in html


def test_the_athlete_pairs_a_run_by_hand(athlete_client, athlete, block, session):
    other = add_session(block, session.date + timedelta(days=1), SessionKind.EASY)
    log = done_log(athlete, session, source=LogSource.HAND)
    url = reverse("athlete-log-pair", args=[log.pk])
    response = athlete_client.post(url, {"session": other.pk}, follow=True)
    log.refresh_from_db()
    assert (log.session, log.pairing) == (other, LogPairing.MANUAL)
    assert "Paired with the Easy run" in response.content.decode()
    athlete_client.post(url, {"session": "none"})
    log.refresh_from_db()
    assert (log.session, log.pairing) == (None, LogPairing.MANUAL)


def test_a_session_too_far_away_cannot_be_chosen(athlete_client, athlete, block, session):
    far = add_session(block, session.date - timedelta(days=5), SessionKind.EASY)
    log = done_log(athlete, session, source=LogSource.HAND)
    response = athlete_client.post(
        reverse("athlete-log-pair", args=[log.pk]), {"session": far.pk}, follow=True
    )
    assert "Choose one of the sessions listed" in response.content.decode()
    log.refresh_from_db()
    assert log.session == session


# -- The original file ---------------------------------------------------------------------------


def test_the_original_downloads_as_uploaded(athlete_client, athlete, session):
    log = done_log(athlete, session)
    response = athlete_client.get(reverse("athlete-log-original", args=[log.pk]))
    assert response.content == b"bytes"
    assert response["Content-Disposition"] == 'attachment; filename="morning-run.fit"'


def test_a_run_by_hand_has_no_original(athlete_client, athlete, session):
    log = done_log(athlete, session, source=LogSource.HAND)
    assert athlete_client.get(reverse("athlete-log-original", args=[log.pk])).status_code == 404


# -- The coach -----------------------------------------------------------------------------------


def test_the_coach_logs_a_run_on_the_athletes_behalf(coach_client, coach, athlete, session):
    url = reverse("coach-log-create", args=[athlete.pk]) + f"?session={session.pk}"
    html = coach_client.get(url).content.decode()
    assert "on Amara's behalf" in html
    response = coach_client.post(url, hand_data(date=session.date.isoformat()))
    log = RunLog.objects.get()
    assert response["Location"] == reverse("coach-log", args=[log.pk])
    assert log.logged_by == coach and log.athlete == athlete and log.session == session
    page = coach_client.get(response["Location"]).content.decode()
    assert "logged by Maria Hernández (coach)" in page
    assert reverse("coach-log-edit", args=[log.pk]) in page


def test_the_coach_cannot_log_a_session_still_ahead(coach_client, athlete, block, today):
    ahead = add_session(block, today + timedelta(days=3), SessionKind.EASY)
    url = reverse("coach-log-create", args=[athlete.pk]) + f"?session={ahead.pk}"
    assert coach_client.post(url, hand_data(date=today.isoformat())).status_code == 302
    assert not RunLog.objects.exists()


def test_the_coach_logs_only_their_athletes_sessions(coach_client, athlete, other_athlete, today):
    theirs = add_session(make_block(other_athlete), today, SessionKind.EASY)
    mine_for_theirs = reverse("coach-log-create", args=[athlete.pk]) + f"?session={theirs.pk}"
    assert coach_client.get(mine_for_theirs).status_code == 404
    theirs_url = reverse("coach-log-create", args=[other_athlete.pk]) + f"?session={theirs.pk}"
    assert coach_client.get(theirs_url).status_code == 404
    assert coach_client.get(reverse("coach-log-create", args=[athlete.pk])).status_code == 404


def test_the_coach_sees_the_review_and_deletes_back_to_the_calendar(coach_client, athlete, session):
    log = done_log(athlete, session)
    html = coach_client.get(reverse("coach-log", args=[log.pk])).content.decode()
    assert "Amara Okafor" in html and 'data-compliance="green"' in html
    assert reverse("coach-log-original", args=[log.pk]) in html
    response = coach_client.post(reverse("coach-log-delete", args=[log.pk]))
    assert response["Location"] == (
        reverse("block-detail", args=[session.block_id]) + f"#day-{session.date:%Y-%m-%d}"
    )
    assert not RunLog.objects.exists()


# -- Who may see what ----------------------------------------------------------------------------

ATHLETE_URLS = [
    "athlete-log",
    "athlete-log-status",
    "athlete-log-edit",
    "athlete-log-delete",
    "athlete-log-original",
]
COACH_URLS = [
    "coach-log",
    "coach-log-status",
    "coach-log-edit",
    "coach-log-delete",
    "coach-log-original",
]


@pytest.mark.parametrize("name", ATHLETE_URLS)
def test_an_athlete_opens_their_own_logs(athlete_client, athlete, session, name):
    log = done_log(athlete, session)
    assert athlete_client.get(reverse(name, args=[log.pk])).status_code == 200


@pytest.mark.parametrize("name", [*ATHLETE_URLS, "athlete-log-pair"])
def test_another_athlete_gets_404(client, other_athlete, athlete, session, name):
    log = done_log(athlete, session)
    client.force_login(other_athlete.user)
    if not name.endswith("-pair"):  # POST only
        assert client.get(reverse(name, args=[log.pk])).status_code == 404
    assert client.post(reverse(name, args=[log.pk]), {"session": "none"}).status_code == 404
    assert RunLog.objects.filter(pk=log.pk, session=session).exists()


@pytest.mark.parametrize("name", COACH_URLS)
def test_the_coach_opens_their_athletes_logs(coach_client, athlete, session, name):
    log = done_log(athlete, session)
    assert coach_client.get(reverse(name, args=[log.pk])).status_code == 200


@pytest.mark.parametrize("name", [*COACH_URLS, "coach-log-pair"])
def test_another_coach_gets_404(client, other_coach, athlete, session, name):
    log = done_log(athlete, session)
    client.force_login(other_coach)
    if not name.endswith("-pair"):  # POST only
        assert client.get(reverse(name, args=[log.pk])).status_code == 404
    assert client.post(reverse(name, args=[log.pk]), {"session": "none"}).status_code == 404
    assert RunLog.objects.filter(pk=log.pk).exists()


@pytest.mark.parametrize("name", ATHLETE_URLS)
def test_the_coach_has_no_athlete_pages(coach_client, athlete, session, name):
    log = done_log(athlete, session)
    assert coach_client.get(reverse(name, args=[log.pk])).status_code == 404


@pytest.mark.parametrize("name", COACH_URLS)
def test_the_athlete_has_no_coach_pages(athlete_client, athlete, session, name):
    log = done_log(athlete, session)
    assert athlete_client.get(reverse(name, args=[log.pk])).status_code == 404


@pytest.mark.parametrize("name", [*ATHLETE_URLS, *COACH_URLS])
def test_someone_signed_out_is_sent_to_log_in(client, athlete, session, name):
    log = done_log(athlete, session)
    response = client.get(reverse(name, args=[log.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("name", [*ATHLETE_URLS, *COACH_URLS])
def test_an_admin_gets_404(client, admin_user, athlete, session, name):
    log = done_log(athlete, session)
    client.force_login(admin_user)
    assert client.get(reverse(name, args=[log.pk])).status_code == 404
    assert client.post(reverse(name, args=[log.pk])).status_code == 404
    assert RunLog.objects.filter(pk=log.pk).exists()


def test_another_athletes_session_cannot_be_logged(client, other_athlete, session):
    client.force_login(other_athlete.user)
    url = reverse("athlete-session-log", args=[session.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, hand_data(date=session.date.isoformat())).status_code == 404
    assert (
        client.post(
            reverse("athlete-session-not-run", args=[session.pk]), {"reason": "ill"}
        ).status_code
        == 404
    )
    assert not RunLog.objects.exists()


def test_the_coachs_page_of_an_athlete_lists_their_runs_and_what_is_not_logged(
    coach_client, athlete, block, session, today
):
    easy = add_session(block, today, SessionKind.EASY)
    add_session(block, today - timedelta(days=2), SessionKind.REST)
    log = done_log(athlete, session, pain_note="Shin")
    html = coach_client.get(reverse("athlete-detail", args=[athlete.pk])).content.decode()
    assert "Runs of the last four weeks" in html
    assert reverse("coach-log", args=[log.pk]) in html and "pain noted" in html
    log_it = reverse("coach-log-create", args=[athlete.pk]) + f"?session={easy.pk}"
    assert html.count('data-testid="athlete-to-log"') == 1  # not the rest day, not the logged one
    assert log_it in html


def test_the_session_chip_offers_log_on_behalf_once_its_day_has_come(
    coach_client, athlete, block, session, today
):
    from tests.workouts.test_block_calendar import page

    ahead = add_session(block, today + timedelta(days=1), SessionKind.EASY)
    html = page(coach_client, block)
    create = reverse("coach-log-create", args=[athlete.pk])

    def chip(session) -> str:
        start = html.index(f'id="session-{session.pk}"')
        return html[start : html.index("</details>", start)]

    assert (
        f'href="{create}?session={session.pk}" hx-boost="false" data-testid="log-on-behalf"'
        in chip(session)
    )
    assert 'data-testid="log-on-behalf"' not in chip(ahead)
