"""The fix page and the undo (docs/running.md §3.13) with the Django test client, on a real file
read by the pipeline: the page for the coach and the athlete with the kinds offered, anyone
else's log a 404, a log being read sent back with the message; each kind posted is recorded
and the run read again; a bad time re-rendered with its message and nothing recorded; undo by
POST only; the run's page lists the fixes with their Undo and the dismissed findings with
their reasons, found by their data-testids."""

import html
from datetime import timedelta

import lxml.html
import pytest
from django.urls import reverse

from tests.workouts.test_block_calendar import add_session
from tests.workouts.test_log_fixes import (
    REAL_FIT,
    REAL_GPX,
    _each_file_read_once,
    by_hand,
    figures,
    fresh,
    progression,
    read_real,
)
from tests.workouts.test_log_views import STAGES
from workouts import log_fixes, log_pipeline
from workouts.fix_forms import FINDING_GONE
from workouts.models import LogFix, LogStatus, RunLog, SessionKind
from workouts.views.fixes import NO_FINDING_LEFT

__all__ = ["_each_file_read_once", "progression"]  # the fixtures, for these tests too


@pytest.fixture
def athlete_client(client, athlete):
    client.force_login(athlete.user)
    return client


@pytest.fixture
def log(athlete, progression):
    return read_real(athlete, progression, REAL_FIT)


def coach_fixes(log):
    return reverse("coach-log-fixes", args=[log.pk])


def athlete_fixes(log):
    return reverse("athlete-log-fixes", args=[log.pk])


def tree(response):
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode())


def by_testid(element, name):
    """The elements of a data-testid inside `element` (a page, or a part of one)."""
    return element.xpath(f'.//*[@data-testid="{name}"]')


def text_of(element) -> str:
    return " ".join(element.text_content().split())


def messages_of(response) -> str:
    return html.unescape(" ".join(str(m) for m in response.context["messages"]))


def post_fix(client, url, data, capture):
    """POST a fix with the relay run after commit (tasks in-process): the run read again."""
    with capture(execute=True):
        return client.post(url, data)


# -- The page ---------------------------------------------------------------------------------


def test_the_coach_sees_the_kinds_offered_the_stages_and_the_span(coach_client, log):
    doc = tree(coach_client.get(coach_fixes(log)))
    kinds = by_testid(doc, "fix-kind")
    assert [k.get("data-kind") for k in kinds] == log_fixes.offered_kinds(log)
    assert [k.get("data-kind") for k in kinds] == [
        "trim",
        "drop-hr",
        "drop-gps",
        "distance",
        "boundary",
        "dismiss",
    ]
    assert [k.get("data-kind") for k in kinds if k.get("aria-current") == "page"] == ["trim"]
    [form] = by_testid(doc, "fix-form")
    assert form.xpath('.//input[@name="kind"]/@value') == ["trim"]
    labels = [text_of(label) for label in form.xpath(".//label")]
    assert labels == ["New start", "New end", "Why (optional)"]
    [submit] = by_testid(doc, "fix-submit")
    assert text_of(submit) == "Apply the fix"
    stages = by_testid(doc, "fix-stage")
    assert len(stages) == 3
    assert "from 0:00 to 19:25" in text_of(stages[0])  # the review's first stage, 0 to 1165 s
    [span] = by_testid(doc, "fix-span")
    assert "from 0:00 to 28:00" in text_of(span)


@pytest.mark.parametrize(
    ("kind", "labels"),
    [
        ("drop-hr", ["From", "To", "Why (optional)"]),
        ("drop-gps", ["From*", "To*", "Why (optional)"]),
        ("distance", ["The run's real distance*", "Why (optional)"]),
        ("boundary", ["The boundary*", "The next stage starts at*", "Why (optional)"]),
        ("dismiss", ["The finding*", "Why*"]),
    ],
)
def test_each_kind_has_its_own_form(athlete_client, log, kind, labels):
    doc = tree(athlete_client.get(athlete_fixes(log), {"kind": kind}))
    current = [k.get("data-kind") for k in by_testid(doc, "fix-kind") if k.get("aria-current")]
    assert current == [kind]
    [form] = by_testid(doc, "fix-form")
    assert [text_of(label) for label in form.xpath(".//label")] == labels
    if kind == "boundary":
        options = [text_of(o) for o in form.xpath('.//select[@name="after_stage"]/option')]
        assert options == [
            "Stage 1 to stage 2 (now at 19:25)",
            "Stage 2 to stage 3 (now at 28:00)",
        ]
    if kind == "dismiss":
        options = form.xpath('.//select[@name="finding"]/option')
        assert [o.get("value") for o in options] == ["short||"]
        assert text_of(options[0]) == log.review["findings"][0]["message"]


def test_a_kind_not_offered_falls_back_to_the_first_with_a_message(coach_client, athlete, log):
    log_fixes.log_fix_add(log=log, by=athlete.user, kind="drop-hr", params={})
    assert log_pipeline.run_log_process(log_id=log.pk) == LogStatus.DONE
    response = coach_client.get(coach_fixes(log), {"kind": "drop-hr"})
    doc = tree(response)
    assert "drop-hr" not in [k.get("data-kind") for k in by_testid(doc, "fix-kind")]
    assert messages_of(response) == "That fix does not apply to this run: choose one offered."
    assert [k.get("data-kind") for k in by_testid(doc, "fix-kind") if k.get("aria-current")] == [
        "trim"
    ]


def test_anyone_elses_log_is_a_404(client, log, other_coach, other_athlete, athlete):
    client.force_login(other_coach)
    assert client.get(coach_fixes(log)).status_code == 404
    assert client.post(coach_fixes(log), {"kind": "trim", "start_s": "2:00"}).status_code == 404
    client.force_login(other_athlete.user)
    assert client.get(athlete_fixes(log)).status_code == 404
    assert client.post(athlete_fixes(log), {"kind": "trim", "start_s": "2:00"}).status_code == 404
    made = log_fixes.log_fix_add(log=log, by=athlete.user, kind="trim", params={"start_s": 120.0})
    undo = reverse("athlete-log-fix-undo", args=[log.pk, made.pk])
    assert client.post(undo).status_code == 404
    client.force_login(other_coach)
    assert client.post(reverse("coach-log-fix-undo", args=[log.pk, made.pk])).status_code == 404
    assert LogFix.objects.get().undone_at is None
    assert list(LogFix.objects.values_list("pk", flat=True)) == [made.pk]


def test_each_side_has_its_own_urls_and_a_visitor_signs_in_first(client, coach, athlete, log):
    client.force_login(athlete.user)
    assert client.get(coach_fixes(log)).status_code == 404  # the athlete's are under /me/
    client.force_login(coach)
    assert client.get(athlete_fixes(log)).status_code == 404
    client.logout()
    response = client.post(coach_fixes(log), {"kind": "trim", "start_s": "2:00"})
    assert response.status_code == 302 and "login" in response["Location"]
    assert not LogFix.objects.exists()


def test_a_fix_of_another_log_cannot_be_undone_through_this_one(
    athlete_client, athlete, progression, log
):
    earlier = add_session(
        progression.block,
        progression.date - timedelta(days=2),
        SessionKind.PROGRESSION,
        STAGES,
    )
    other = by_hand(athlete, earlier)
    made = log_fixes.log_fix_add(
        log=fresh(other),
        by=athlete.user,
        kind="dismiss",
        params={"code": "short", "stage_index": None, "at_s": None},
        reason="Ill.",
    )
    response = athlete_client.post(reverse("athlete-log-fix-undo", args=[log.pk, made.pk]))
    assert response.status_code == 404
    assert LogFix.objects.get().undone_at is None


@pytest.mark.parametrize(("status", "message"), [("queued", "BEING_READ"), ("failed", "NOT_READ")])
def test_a_log_not_done_sends_the_page_back_to_the_run_with_the_message(
    coach_client, log, status, message
):
    RunLog.objects.filter(pk=log.pk).update(status=status)
    followed = coach_client.get(coach_fixes(log), follow=True)
    assert followed.redirect_chain == [(reverse("coach-log", args=[log.pk]), 302)]
    assert messages_of(followed) == getattr(log_fixes, message)
    assert coach_client.post(coach_fixes(log), {"kind": "trim", "start_s": "2:00"}).status_code == (
        302
    )
    assert not LogFix.objects.exists()


# -- Posting each kind ------------------------------------------------------------------------

POSTS = [
    ("trim", {"start_s": "2:00", "end_s": "25:00"}, {"start_s": 120.0, "end_s": 1500.0}),
    ("trim", {"start_s": "", "end_s": "0:25:00"}, {"end_s": 1500.0}),
    ("drop-hr", {"from_s": "5:00", "to_s": "15:00"}, {"from_s": 300.0, "to_s": 900.0}),
    ("drop-hr", {"from_s": "", "to_s": ""}, {}),
    ("drop-gps", {"from_s": "10:00", "to_s": "11:40"}, {"from_s": 600.0, "to_s": 700.0}),
    ("distance", {"distance_m": "5.0"}, {"distance_m": 5000.0}),
    ("boundary", {"after_stage": "0", "at_s": "15:00"}, {"after_stage": 0, "at_s": 900.0}),
    ("dismiss", {"finding": "short||"}, {"code": "short", "stage_index": None, "at_s": None}),
]


@pytest.mark.parametrize(("kind", "data", "params"), POSTS)
@pytest.mark.parametrize("side", ["coach", "athlete"])
def test_each_kind_posted_is_recorded_and_the_run_read_again(
    client, coach, athlete, log, side, kind, data, params, django_capture_on_commit_callbacks
):
    user, url, detail = (
        (coach, coach_fixes(log), "coach-log")
        if side == "coach"
        else (athlete.user, athlete_fixes(log), "athlete-log")
    )
    client.force_login(user)
    before = figures(log)
    reason = "Set aside: cut short on purpose." if kind == "dismiss" else "The watch."
    response = post_fix(
        client, url, {"kind": kind, **data, "reason": reason}, django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    assert response["Location"] == reverse(detail, args=[log.pk])
    made = LogFix.objects.get()
    assert (made.kind, made.params, made.reason, made.author) == (kind, params, reason, user)
    after = figures(log)
    assert after["status"] == LogStatus.DONE  # read again, right after commit
    assert after["review"] != before["review"]
    page = client.get(response["Location"])
    assert messages_of(page).startswith(f"{made.get_kind_display()}: done.")
    [item] = by_testid(tree(page), "log-fix")
    assert (item.get("data-kind"), item.get("data-undone")) == (kind, "no")
    assert [text_of(b) for b in by_testid(item, "log-fix-undo")] == ["Undo"]
    assert reason in text_of(item)


def test_a_distance_is_typed_in_the_athletes_miles(
    athlete_client, athlete, log, django_capture_on_commit_callbacks
):
    athlete.units = "mi"
    athlete.save()
    response = post_fix(
        athlete_client,
        athlete_fixes(log),
        {"kind": "distance", "distance_m": "3.1", "reason": ""},
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302
    assert LogFix.objects.get().params == {"distance_m": pytest.approx(3.1 * 1609.344)}
    assert fresh(log).distance_m == pytest.approx(3.1 * 1609.344, abs=0.5)


# -- Refused ----------------------------------------------------------------------------------

BAD_POSTS = [
    (
        {"kind": "trim", "start_s": "abc"},
        "start_s",
        "abc is not a time of the run: write m:ss or h:mm:ss from its start, e.g. 4:30.",
    ),
    (
        {"kind": "trim", "start_s": "40:00"},
        "start_s",
        "The start must be after 0:00 and before 28:00, the recording's ends.",
    ),
    (
        {"kind": "trim", "end_s": "0:30"},
        "end_s",
        "At least 1:00 of the run must be left.",
    ),
    (
        {"kind": "drop-hr", "from_s": "5:00", "to_s": "45:00"},
        "to_s",
        "The stretch must lie within the recording, 0:00 to 28:00.",
    ),
    (
        {"kind": "drop-gps", "from_s": "27:00", "to_s": "28:00"},
        "to_s",
        "The stretch needs good GPS either side: between 0:00 and 28:00, not at the very start "
        "or end (to leave those out, trim the run).",
    ),
    (
        {"kind": "boundary", "after_stage": "0", "at_s": "30:00"},
        "at_s",
        "Stage 2 must start between 0:00 and 28:00 (the start of stage 1 and the end of stage 2).",
    ),
    (
        {"kind": "dismiss", "finding": "short||", "reason": "   "},
        "reason",
        "Say why the finding is dismissed: the coach and athlete see it.",
    ),
    (
        {"kind": "distance", "distance_m": "0"},
        "distance_m",
        "0 km is not a run's distance.",
    ),
]


@pytest.mark.parametrize(("data", "field", "message"), BAD_POSTS)
def test_a_bad_fix_is_rendered_again_with_its_message_and_nothing_recorded(
    coach_client, log, data, field, message, django_capture_on_commit_callbacks
):
    before = figures(log)
    response = post_fix(coach_client, coach_fixes(log), data, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message]}
    doc = tree(response)
    [form] = by_testid(doc, "fix-form")
    assert message in text_of(form)
    assert form.xpath('.//input[@name="kind"]/@value') == [data["kind"]]
    assert not LogFix.objects.exists()
    assert figures(log) == before


def test_a_hand_run_posting_a_kind_it_cannot_take_records_nothing(
    athlete_client, athlete, progression, django_capture_on_commit_callbacks
):
    """A POST of a kind not offered falls back to the first offered (dismiss, by hand) for the
    form shown: it must not apply that other kind with the fields that came along."""
    log = fresh(by_hand(athlete, progression))
    before = figures(log)
    response = post_fix(
        athlete_client,
        athlete_fixes(log),
        {"kind": "trim", "start_s": "2:00", "finding": "short||", "reason": "Meant a trim."},
        django_capture_on_commit_callbacks,
    )
    assert not LogFix.objects.exists()
    assert figures(log) == before
    assert response.status_code == 200


def test_a_dismissal_posted_twice_sets_one_finding_aside_and_says_the_second_is_gone(
    athlete_client, athlete, progression, django_capture_on_commit_callbacks
):
    """A double click, or a page left open: the finding is posted by what it is, so the second
    post cannot take the finding that moved into its place."""
    log = fresh(by_hand(athlete, progression))
    data = {"kind": "dismiss", "finding": "short||", "reason": "Calf, cut short."}
    first = post_fix(athlete_client, athlete_fixes(log), data, django_capture_on_commit_callbacks)
    assert first.status_code == 302
    second = post_fix(athlete_client, athlete_fixes(log), data, django_capture_on_commit_callbacks)
    assert second.status_code == 200
    assert NO_FINDING_LEFT in html.unescape(second.content.decode())
    assert LogFix.objects.filter(log=log).count() == 1
    assert [f["code"] for f in fresh(log).review["dismissed"]] == ["short"]


def test_a_dismissal_of_a_finding_no_longer_in_the_review_is_refused_and_nothing_set_aside(
    athlete_client, athlete, progression, django_capture_on_commit_callbacks
):
    """A page left open while the review ran again posts a finding that is gone; the one still
    there is not taken in its place."""
    log = fresh(by_hand(athlete, progression))
    data = {"kind": "dismiss", "finding": "surge|1|612.0", "reason": "Page left open."}
    response = post_fix(
        athlete_client, athlete_fixes(log), data, django_capture_on_commit_callbacks
    )
    assert response.status_code == 200
    assert FINDING_GONE in html.unescape(response.content.decode())
    assert not LogFix.objects.filter(log=log).exists()
    assert [f["code"] for f in fresh(log).review["findings"]] == ["short"]


# -- Undo -------------------------------------------------------------------------------------


def test_undo_is_a_post_that_gives_back_the_review(
    coach_client, athlete, log, django_capture_on_commit_callbacks
):
    before = figures(log)
    made = log_fixes.log_fix_add(
        log=log, by=athlete.user, kind="boundary", params={"after_stage": 0, "at_s": 900.0}
    )
    assert log_pipeline.run_log_process(log_id=log.pk) == LogStatus.DONE
    url = reverse("coach-log-fix-undo", args=[log.pk, made.pk])
    assert coach_client.get(url).status_code == 405
    assert LogFix.objects.get().undone_at is None
    with django_capture_on_commit_callbacks(execute=True):
        response = coach_client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("coach-log", args=[log.pk])
    assert figures(log) == before
    page = coach_client.get(response["Location"])
    assert messages_of(page) == "Undone: move a stage boundary. The review runs again."
    [item] = by_testid(tree(page), "log-fix")
    assert (item.get("data-kind"), item.get("data-undone")) == ("boundary", "yes")
    assert by_testid(item, "log-fix-undo") == []
    assert "undone by Maria Hernández" in text_of(item)
    # A second click (a page left open) changes nothing and says so.
    undone_at = LogFix.objects.get().undone_at
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = coach_client.post(url)
    assert callbacks == []  # not read again
    assert LogFix.objects.get().undone_at == undone_at
    assert messages_of(coach_client.get(again["Location"])) == (
        "That fix was undone already: nothing changed."
    )
    # The athlete's undo URL is a POST too.
    athlete_url = reverse("athlete-log-fix-undo", args=[log.pk, made.pk])
    coach_client.force_login(athlete.user)
    assert coach_client.get(athlete_url).status_code == 405


def test_an_undo_while_the_run_is_read_says_so(athlete_client, athlete, log):
    made = log_fixes.log_fix_add(log=log, by=athlete.user, kind="trim", params={"end_s": 1500.0})
    assert fresh(log).status == LogStatus.QUEUED  # not read yet
    response = athlete_client.post(
        reverse("athlete-log-fix-undo", args=[log.pk, made.pk]), follow=True
    )
    assert messages_of(response) == f"Not undone: {log_fixes.BEING_READ}"
    assert LogFix.objects.get().undone_at is None


# -- The run's page ---------------------------------------------------------------------------


def test_the_runs_page_lists_the_fixes_and_the_dismissed_finding_with_its_reason(
    client, coach, athlete, log, django_capture_on_commit_callbacks
):
    client.force_login(athlete.user)
    page = tree(client.get(reverse("athlete-log", args=[log.pk])))
    [box] = by_testid(page, "log-fixes")
    [opener] = by_testid(box, "log-fix-open")
    assert (text_of(opener), opener.get("href")) == ("Fix the recording", athlete_fixes(log))
    assert by_testid(page, "log-fix") == [] and by_testid(page, "log-dismissed") == []

    for data in (
        {"kind": "trim", "start_s": "2:00", "reason": "Waited at the lights."},
        {"kind": "dismiss", "finding": "short||", "reason": "Cut short: calf."},
    ):
        post_fix(client, athlete_fixes(log), data, django_capture_on_commit_callbacks)
    trim = LogFix.objects.get(kind="trim")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("athlete-log-fix-undo", args=[log.pk, trim.pk]))

    client.force_login(coach)
    page = tree(client.get(reverse("coach-log", args=[log.pk])))
    items = by_testid(page, "log-fix")
    assert [(i.get("data-kind"), i.get("data-undone")) for i in items] == [
        ("trim", "yes"),
        ("dismiss", "no"),
    ]
    assert [len(by_testid(i, "log-fix-undo")) for i in items] == [0, 1]
    dismiss = LogFix.objects.get(kind="dismiss")
    assert items[1].xpath(".//form/@action") == [
        reverse("coach-log-fix-undo", args=[log.pk, dismiss.pk])
    ]
    assert "Cut short: calf." in text_of(items[1])
    [dismissed] = by_testid(page, "log-dismissed")
    [finding] = by_testid(dismissed, "log-dismissed-finding")
    assert finding.get("data-code") == "short"
    assert "Cut short: calf." in text_of(finding)
    assert fresh(log).review["dismissed"][0]["message"] in text_of(finding)


def test_a_run_by_hand_offers_only_a_dismissal(
    athlete_client, athlete, progression, django_capture_on_commit_callbacks
):
    log = fresh(by_hand(athlete, progression))
    page = tree(athlete_client.get(reverse("athlete-log", args=[log.pk])))
    [opener] = by_testid(page, "log-fix-open")
    assert text_of(opener) == "Dismiss a finding"
    doc = tree(athlete_client.get(athlete_fixes(log)))
    assert [k.get("data-kind") for k in by_testid(doc, "fix-kind")] == ["dismiss"]
    assert by_testid(doc, "fix-span") == []
    response = post_fix(
        athlete_client,
        athlete_fixes(log),
        {"kind": "dismiss", "finding": "short||", "reason": "A cold."},
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302
    page = tree(athlete_client.get(reverse("athlete-log", args=[log.pk])))
    [finding] = by_testid(page, "log-dismissed-finding")
    assert "A cold." in text_of(finding)
    assert by_testid(page, "log-fix-open") == []  # nothing left to dismiss
    [item] = by_testid(page, "log-fix")
    assert item.get("data-kind") == "dismiss"


@pytest.mark.skipif(not REAL_GPX.is_file(), reason="the shared folder of activity files is absent")
def test_a_gpx_run_is_fixed_and_undone_through_the_pages(
    coach_client, athlete, progression, django_capture_on_commit_callbacks
):
    log = read_real(athlete, progression, REAL_GPX)
    before = figures(log)
    post_fix(
        coach_client,
        coach_fixes(log),
        {"kind": "drop-gps", "from_s": "10:00", "to_s": "12:00", "reason": "Tunnel."},
        django_capture_on_commit_callbacks,
    )
    assert figures(log)["distance_m"] != before["distance_m"]
    made = LogFix.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        coach_client.post(reverse("coach-log-fix-undo", args=[log.pk, made.pk]))
    assert figures(log) == before


def test_the_recordings_start_is_typed_as_0_00(
    athlete_client, log, django_capture_on_commit_callbacks
):
    """Heart rate wrong over the first two minutes (a strap's spike at the start)."""
    response = post_fix(
        athlete_client,
        athlete_fixes(log),
        {"kind": "drop-hr", "from_s": "0:00", "to_s": "2:00", "reason": "The strap was dry."},
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302
    assert LogFix.objects.get().params == {"from_s": 0.0, "to_s": 120.0}
