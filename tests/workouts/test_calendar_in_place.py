"""The block page draws the weeks a coach is looking at in full and the others as their
heads, whose days htmx loads as they scroll into view; an edit made on the page answers with
the page itself, for htmx to swap in place, keeping the weeks that were open."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.workouts.test_block_calendar import add_session, make_block
from workouts.models import PlannedSession, SessionKind
from workouts.views.navigation import WEEKS_IN_FULL

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def block(athlete):
    return make_block(athlete)  # 18 weeks, starting in about two weeks


def full_weeks(html: str) -> list[int]:
    """The weeks drawn in full (a week in full carries data-week)."""
    return [int(part.split('"')[0]) for part in html.split(' data-week="')[1:]]


def placeholder_weeks(html: str) -> list[int]:
    marks = html.split('class="cal-week is-placeholder')[1:]
    return [int(mark.split('id="week-')[1].split('"')[0]) for mark in marks]


def detail(client, block, **params) -> str:
    response = client.get(reverse("block-detail", args=[block.pk]), params)
    assert response.status_code == 200
    return response.content.decode()


def test_before_the_block_the_first_weeks_are_in_full_and_the_rest_load_later(coach_client, block):
    html = detail(coach_client, block)
    assert full_weeks(html) == list(range(1, WEEKS_IN_FULL + 1))
    assert placeholder_weeks(html) == list(range(WEEKS_IN_FULL + 1, 19))
    later = reverse("block-week-days", args=[block.pk, 12])
    assert f'hx-get="{later}" hx-trigger="intersect once"' in html
    # Every week still shows its head, with its label and totals.
    assert html.count('data-testid="week-time"') == 18
    assert "Week 12 of 18" in html


def test_during_the_block_the_page_opens_at_the_week_before_this_one(coach_client, athlete):
    today = timezone.localdate()
    # Today falls in week 11 of 18: weeks 10 to 17 are drawn in full.
    start = today - timedelta(weeks=10)
    race_date = start + timedelta(days=7 * 18 - 1)
    block = make_block(athlete, race_date=race_date)
    assert full_weeks(detail(coach_client, block)) == list(range(10, 18))


def test_after_the_race_the_last_weeks_are_in_full(coach_client, athlete):
    block = make_block(athlete)
    block.race_date = timezone.localdate() - timedelta(days=3)
    block.save()
    assert full_weeks(detail(coach_client, block)) == list(range(11, 19))


def test_show_and_all_weeks_draw_more_weeks_in_full(coach_client, block):
    assert 14 in full_weeks(detail(coach_client, block, show="14,junk,99"))
    assert full_weeks(detail(coach_client, block, weeks="all")) == list(range(1, 19))
    assert 'data-testid="all-weeks"' not in detail(coach_client, block, weeks="all")


def test_a_later_week_loads_its_days_in_full_for_htmx(coach_client, block):
    day = block.start + timedelta(weeks=11, days=2)
    session = add_session(block, day, SessionKind.LONG_RUN)
    url = reverse("block-week-days", args=[block.pk, 12])
    response = coach_client.get(url, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert full_weeks(html) == [12]
    assert f'id="session-{session.pk}"' in html
    assert "<html" not in html  # a fragment, not the page


def test_without_htmx_a_week_s_link_opens_the_calendar_at_it(coach_client, block):
    response = coach_client.get(reverse("block-week-days", args=[block.pk, 12]))
    assert response["Location"] == f"/blocks/{block.pk}/?show=12#week-12"


def test_a_week_the_block_does_not_have_is_not_found(coach_client, block):
    url = reverse("block-week-days", args=[block.pk, 19])
    assert coach_client.get(url, **HTMX).status_code == 404


def test_another_coach_gets_no_week(client, other_coach, block):
    client.force_login(other_coach)
    url = reverse("block-week-days", args=[block.pk, 12])
    assert client.get(url, **HTMX).status_code == 404


def test_an_edit_from_the_page_answers_with_the_page_keeping_the_open_weeks(coach_client, block):
    day = block.start + timedelta(weeks=13, days=1)  # week 14, not open when the page opened
    session = add_session(block, day, SessionKind.EASY)
    later = day + timedelta(days=1)
    response = coach_client.post(
        reverse("session-move", args=[session.pk]),
        {"date": later.isoformat(), "loaded": "1,2,3,4,5,6,7,8,16"},
        **HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="block-page"' in html
    assert full_weeks(html) == [1, 2, 3, 4, 5, 6, 7, 8, 14, 16]
    assert "Moved the Easy run" in html  # the message, swapped in with the page
    focus = json.loads(response["HX-Trigger"])["calendarFocus"]
    assert focus == {"id": f"day-{later.isoformat()}"}
    assert response["HX-Push-Url"] == "false"  # the address stays the calendar's
    assert PlannedSession.objects.get(pk=session.pk).date == later


def test_a_refused_edit_answers_with_the_page_and_its_message(coach_client, block):
    session = add_session(block, block.start + timedelta(days=2), SessionKind.EASY)
    outside = block.race_date + timedelta(days=30)
    response = coach_client.post(
        reverse("session-move", args=[session.pk]), {"date": outside.isoformat()}, **HTMX
    )
    assert response.status_code == 200
    assert "Not moved" in response.content.decode()
    assert PlannedSession.objects.get(pk=session.pk).date == session.date


def test_the_page_marks_which_forms_htmx_sends_and_which_links_stay_links(coach_client, block):
    session = add_session(block, block.start + timedelta(days=2), SessionKind.EASY)
    html = detail(coach_client, block)
    assert '<details class="chip-actions" hx-boost="true">' in html
    edit = reverse("session-edit", args=[session.pk])
    assert f'<a class="chip-edit" href="{edit}" hx-boost="false">' in html
    assert 'hx-select-oob="#messages"' in html
