"""The session pages of a block's calendar through the test client: what each saves, what it
refuses (saving nothing), and that another coach gets 404 everywhere."""

import re
from datetime import timedelta

import pytest

from tests.workouts.test_session_services import SOUND_BASE_RUN, add, base_tuesday
from tests.workouts.test_session_services import block as block  # noqa: F401 (fixture)
from workouts import services
from workouts.models import PlannedSession, ProgressionTemplate, SessionKind, TemplateStage
from workouts.plan_text import parse_plan


def sessions(block):
    return block.sessions.exclude(kind=SessionKind.RACE)


def form_data(day, plan=SOUND_BASE_RUN, **fields):
    return {
        "date": day.isoformat(),
        "kind": "progression",
        "title": "",
        "notes": "",
        "template": "",
        "plan_text": plan,
        "version": "",
        "op": "save",
    } | fields


def own_template(coach, name, phase, plan):
    template = ProgressionTemplate.objects.create(owner=coach, name=name, phase=phase)
    TemplateStage.objects.bulk_create(
        TemplateStage.from_value(stage, position=i, template=template)
        for i, stage in enumerate(parse_plan(plan))
    )
    return template


def create_url(block, day):
    return f"/blocks/{block.pk}/sessions/new/?date={day.isoformat()}"


def test_the_new_session_page_offers_the_days_phase_templates_first(coach_client, coach, block):
    long_one = own_template(coach, "Long one", "long_run", "10km easy, 5km steady, 5km marathon")
    thirds = own_template(coach, "Thirds", "base", "20min easy, 20min steady, 20min marathon")
    page = coach_client.get(create_url(block, base_tuesday(block))).content.decode()
    suited = page.index('<optgroup label="For the base">')
    others = page.index('<optgroup label="Other phases">')
    assert suited < page.index(f'<option value="{thirds.pk}">Thirds') < others
    assert others < page.index(f'<option value="{long_one.pk}">Long one')
    assert f'value="{base_tuesday(block).isoformat()}"' in page


def test_saves_a_typed_progression_run_and_goes_back_to_its_day(coach_client, block):
    day = base_tuesday(block)
    response = coach_client.post(create_url(block, day), form_data(day, title="Thirds"))
    assert response.status_code == 302
    week = (day - block.start).days // 7 + 1  # the calendar draws that week in full
    assert response["Location"] == f"/blocks/{block.pk}/?show={week}#day-{day.isoformat()}"
    [session] = sessions(block)
    assert (session.title, session.stage_values()) == ("Thirds", parse_plan(SOUND_BASE_RUN))


def test_a_chosen_template_gives_its_stages_when_nothing_is_typed(coach_client, coach, block):
    template = own_template(coach, "Thirds", "base", "20min easy, 20min steady, 20min marathon")
    day = base_tuesday(block)
    coach_client.post(create_url(block, day), form_data(day, plan="", template=template.pk))
    [session] = sessions(block)
    assert session.template == template
    assert session.stage_values() == template.stage_values()


def test_the_template_button_copies_its_stages_into_the_box(coach_client, coach, block):
    template = own_template(coach, "Thirds", "base", "20min easy, 20min steady, 20min marathon")
    day = base_tuesday(block)
    page = coach_client.post(
        create_url(block, day), form_data(day, plan="", template=template.pk, op="template")
    ).content.decode()
    assert 'value="20min easy, 20min steady, 20min marathon"' in page
    assert not sessions(block).exists()


def test_a_plan_that_cannot_be_read_is_marked_on_the_box_and_saves_nothing(coach_client, block):
    day = base_tuesday(block)
    page = coach_client.post(create_url(block, day), form_data(day, plan="40min easy, 15 steddy"))
    html = page.content.decode()
    assert re.search(r'name="plan_text"[^>]*is-invalid|is-invalid[^>]*name="plan_text"', html)
    assert "steddy" in html
    assert not sessions(block).exists()


@pytest.mark.parametrize(
    ("days_before_race", "message"),
    [(-3, "is outside the block, which runs from"), (4, "is 4 days before the race")],
)
def test_refuses_outside_the_block_and_in_the_taper_saving_nothing(
    coach_client, block, days_before_race, message
):
    day = block.race_date - timedelta(days=days_before_race)
    response = coach_client.post(create_url(block, day), form_data(day))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not sessions(block).exists()


def test_a_check_shows_the_findings_and_saves_nothing(coach_client, block):
    services.block_propose(block=block)
    proposed = sessions(block).filter(kind=SessionKind.PROGRESSION).first()
    day = proposed.date + timedelta(days=1)
    count = sessions(block).count()
    page = coach_client.post(create_url(block, day), form_data(day, op="check")).content.decode()
    assert 'data-code="after-hard-day"' in page
    assert sessions(block).count() == count


def test_a_warning_is_accepted_and_shown_as_a_message(coach_client, block):
    services.block_propose(block=block)
    proposed = sessions(block).filter(kind=SessionKind.PROGRESSION).first()
    day = proposed.date + timedelta(days=1)
    response = coach_client.post(create_url(block, day), form_data(day), follow=True)
    shown = [str(m) for m in response.context["messages"]]
    assert any("comes the day after" in m for m in shown)
    assert sessions(block).filter(date=day).exists()


def test_the_edit_page_shows_the_stored_values_and_saves_them_unchanged(coach_client, block):
    session, _ = add(block, base_tuesday(block), title="Thirds", notes="Relaxed")
    page = coach_client.get(f"/sessions/{session.pk}/edit/").content.decode()
    for value in [session.date.isoformat(), "Thirds", SOUND_BASE_RUN]:
        assert f'value="{value}"' in page
    assert 'name="version" value="1"' in page
    assert "Relaxed</textarea>" in page
    data = form_data(session.date, title="Thirds", notes="Relaxed", version="1")
    response = coach_client.post(f"/sessions/{session.pk}/edit/", data)
    assert response.status_code == 302
    stored = PlannedSession.objects.get(pk=session.pk)
    assert (stored.version, stored.updated_at) == (1, session.updated_at)


def test_a_stale_edit_gets_the_conflict_and_keeps_what_was_typed(coach_client, block):
    session, _ = add(block, base_tuesday(block), title="Thirds")
    url = f"/sessions/{session.pk}/edit/"
    coach_client.post(url, form_data(session.date, title="From the other tab", version="1"))
    typed = form_data(
        session.date, title="Typed here", plan="30min easy, 20min steady", version="1"
    )
    page = coach_client.post(url, typed).content.decode()
    assert "This session was changed elsewhere since you opened it" in page
    assert 'value="Typed here"' in page
    assert 'value="30min easy, 20min steady"' in page
    stored = PlannedSession.objects.get(pk=session.pk)
    assert (stored.title, stored.version) == ("From the other tab", 2)


def test_a_move_keeps_the_first_day(coach_client, block):
    day = base_tuesday(block)
    session, _ = add(block, day)
    later = day + timedelta(days=1)
    response = coach_client.post(f"/sessions/{session.pk}/move/", {"date": later.isoformat()})
    week = (later - block.start).days // 7 + 1
    assert response["Location"] == f"/blocks/{block.pk}/?show={week}#day-{later.isoformat()}"
    stored = PlannedSession.objects.get(pk=session.pk)
    assert (stored.date, stored.original_date) == (later, day)


@pytest.mark.parametrize("text", ["", "next tuesday", "2027-02-30"])
def test_a_move_to_no_date_says_so_and_moves_nothing(coach_client, block, text):
    session, _ = add(block, base_tuesday(block))
    response = coach_client.post(f"/sessions/{session.pk}/move/", {"date": text}, follow=True)
    assert "give the day to move it to" in response.content.decode()
    assert PlannedSession.objects.get(pk=session.pk).date == session.date


def test_a_move_into_the_taper_is_refused(coach_client, block):
    session, _ = add(block, base_tuesday(block))
    day = block.race_date - timedelta(days=2)
    response = coach_client.post(
        f"/sessions/{session.pk}/move/", {"date": day.isoformat()}, follow=True
    )
    assert "Not moved: The progression run" in response.content.decode()
    assert PlannedSession.objects.get(pk=session.pk).date == session.date


def test_delete_offers_an_undo_that_brings_the_session_back_exactly(coach_client, block):
    session, _ = add(block, base_tuesday(block), title="Thirds", notes="Relaxed")
    services.session_lock(session=session, locked=True)
    pk = session.pk
    before = PlannedSession.objects.filter(pk=pk).values().get()
    response = coach_client.post(f"/sessions/{pk}/delete/", follow=True)
    page = response.content.decode()
    assert "Deleted Progression run on" in page
    assert not PlannedSession.objects.filter(pk=pk).exists()
    token = re.search(r'name="undo" value="([^"]+)"', page)[1]
    assert f'action="/sessions/{pk}/restore/"' in page

    response = coach_client.post(f"/sessions/{pk}/restore/", {"undo": token})

    assert response.status_code == 302
    after = PlannedSession.objects.filter(pk=pk).values().get()
    assert after == before
    assert PlannedSession.objects.get(pk=pk).stage_values() == parse_plan(SOUND_BASE_RUN)


def test_a_forged_undo_restores_nothing(coach_client, block):
    session, _ = add(block, base_tuesday(block))
    pk = session.pk
    token = services.session_delete(session=session)
    response = coach_client.post(
        f"/sessions/{pk}/restore/", {"undo": token[:-3] + "abc"}, follow=True
    )
    assert "This undo is not valid" in response.content.decode()
    assert not PlannedSession.objects.filter(pk=pk).exists()


def test_lock_toggles(coach_client, block):
    session, _ = add(block, base_tuesday(block))
    coach_client.post(f"/sessions/{session.pk}/lock/", {"locked": "1"})
    assert PlannedSession.objects.get(pk=session.pk).locked
    coach_client.post(f"/sessions/{session.pk}/lock/", {"locked": "0"})
    assert not PlannedSession.objects.get(pk=session.pk).locked


def test_another_coach_gets_404_on_every_session_page(client, other_coach, block):
    session, _ = add(block, base_tuesday(block))
    token = services.session_delete(session=add(block, base_tuesday(block) + timedelta(1))[0])
    deleted = services.session_undo_read(token=token)["pk"]
    client.force_login(other_coach)
    day = session.date.isoformat()
    requests = [
        ("get", f"/blocks/{block.pk}/sessions/new/?date={day}", {}),
        ("post", f"/blocks/{block.pk}/sessions/new/?date={day}", form_data(session.date)),
        ("get", f"/sessions/{session.pk}/edit/", {}),
        ("post", f"/sessions/{session.pk}/edit/", form_data(session.date, title="Mine")),
        ("post", f"/sessions/{session.pk}/move/", {"date": day}),
        ("post", f"/sessions/{session.pk}/lock/", {"locked": "1"}),
        ("post", f"/sessions/{session.pk}/delete/", {}),
        ("post", f"/sessions/{deleted}/restore/", {"undo": token}),
    ]
    for method, url, data in requests:
        assert getattr(client, method)(url, data).status_code == 404, url
    stored = PlannedSession.objects.get(pk=session.pk)
    assert (stored.title, stored.locked, stored.version) == ("", False, 1)
    assert not PlannedSession.objects.filter(pk=deleted).exists()
    assert sessions(block).count() == 1


def test_notes_sent_with_a_browsers_line_ends_save_unchanged(coach_client, block):
    session, _ = add(block, base_tuesday(block), notes="Relaxed start\nStrong finish")
    data = form_data(session.date, notes="Relaxed start\r\nStrong finish", version="1")
    coach_client.post(f"/sessions/{session.pk}/edit/", data)
    stored = PlannedSession.objects.get(pk=session.pk)
    assert (stored.notes, stored.version) == ("Relaxed start\nStrong finish", 1)


def test_a_run_from_a_template_is_named_after_it_unless_the_coach_names_it(
    coach_client, coach, block
):
    thirds = own_template(coach, "Thirds", "base", SOUND_BASE_RUN)
    day = base_tuesday(block)
    coach_client.post(create_url(block, day), form_data(day, template=str(thirds.pk)))
    later = day + timedelta(days=2)
    named = form_data(later, template=str(thirds.pk), title="Hilly thirds")
    coach_client.post(create_url(block, later), named)
    assert [s.title for s in sessions(block)] == ["Thirds", "Hilly thirds"]
