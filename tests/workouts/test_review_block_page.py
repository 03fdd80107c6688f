"""Review of the block page's in-place edits (htmx) and lazily loaded weeks: strange input
and the answers htmx cannot swap in."""

from datetime import timedelta

import pytest
from django.urls import reverse

from tests.workouts.test_block_calendar import add_session, make_block
from tests.workouts.test_block_weeks import race_data
from workouts.models import PlannedSession, SessionKind

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def block(athlete):
    return make_block(athlete)


@pytest.mark.parametrize("weeks", ["²", "٣", "9" * 5000, "3,²,x"])
def test_it_ignores_week_numbers_that_are_no_plain_number(coach_client, block, weeks):
    """str.isdigit takes "²" (and int refuses it); 5,000 digits are past int's limit."""
    response = coach_client.get(reverse("block-detail", args=[block.pk]), {"show": weeks})
    assert response.status_code == 200
    session = add_session(block, block.start + timedelta(days=2), SessionKind.EASY)
    response = coach_client.post(
        reverse("session-lock", args=[session.pk]), {"locked": "1", "loaded": weeks}, **HTMX
    )
    assert response.status_code == 200
    assert PlannedSession.objects.get(pk=session.pk).locked


def test_it_answers_a_refused_race_from_the_calendar_with_the_calendar_and_its_errors(
    coach_client, block
):
    """htmx swaps #block-page out of the answer: the race form's own page has none, so the
    whole calendar vanished and what the coach typed with it."""
    day = block.start + timedelta(days=20)
    data = race_data(block, day, name="Parkrun double", distance_m="not a distance")
    response = coach_client.post(reverse("block-race-add", args=[block.pk]), data, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="block-page"' in html
    assert '<details class="race-add" id="race-add" hx-boost="true" open>' in html
    assert 'value="Parkrun double"' in html  # what was typed is kept
    assert "is-invalid" in html  # and the field says what is wrong
    assert response["HX-Push-Url"] == "false"
    assert not PlannedSession.objects.filter(block=block, kind=SessionKind.RACE, date=day)


def test_without_htmx_a_refused_race_still_opens_the_race_page(coach_client, block):
    data = race_data(block, block.start + timedelta(days=20), distance_m="not a distance")
    response = coach_client.post(reverse("block-race-add", args=[block.pk]), data)
    assert response.status_code == 200
    assert 'id="block-page"' not in response.content.decode()
    assert 'data-testid="race-form"' in response.content.decode()


def test_it_sends_a_refused_undo_from_the_calendar_home_as_a_page_of_its_own(coach_client, block):
    """The undo form sits in the messages and swaps #block-page: a redirect to the home page
    followed inside htmx had no calendar in it, so the page went blank."""
    session = add_session(block, block.start + timedelta(days=2), SessionKind.EASY)
    url = reverse("session-restore", args=[session.pk])
    response = coach_client.post(url, {"undo": "tampered"}, **HTMX)
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("home")
    # The message waits for the page the browser goes to.
    home = coach_client.get(reverse("home"), follow=True)
    assert "This undo is not valid" in home.content.decode()
    # Without htmx, a redirect as before.
    assert coach_client.post(url, {"undo": "tampered"})["Location"] == reverse("home")


def test_an_undo_done_already_answers_with_the_calendar_in_place(coach_client, block):
    session = add_session(block, block.start + timedelta(days=2), SessionKind.EASY)
    coach_client.post(reverse("session-delete", args=[session.pk]))
    token = coach_client.get(reverse("block-detail", args=[block.pk])).content.decode()
    token = token.split('name="undo" value="')[1].split('"')[0]
    url = reverse("session-restore", args=[session.pk])
    assert coach_client.post(url, {"undo": token}, **HTMX).status_code == 200
    again = coach_client.post(url, {"undo": token, "loaded": "12"}, **HTMX)
    assert again.status_code == 200
    assert "This session is back already" in again.content.decode()
    assert again["HX-Push-Url"] == "false"  # not the restore's address, which only takes POST
    assert ' data-week="12"' in again.content.decode()  # the weeks open stay open
