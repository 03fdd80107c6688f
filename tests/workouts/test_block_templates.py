"""Block templates: a block saved by days before race day and by zone, blocks made from one for
an athlete or a group on another race date, what is refused (saving nothing), and the pages."""

import html
import re
from datetime import timedelta
from unittest import mock

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from athletes.models import Athlete, Role
from athletes.paces import MARATHON_M
from tests.conftest import make_user
from workouts import block_plan, block_templates, services
from workouts.block_templates import block_template_save, blocks_create_from_template
from workouts.models import (
    Block,
    BlockTemplate,
    PlannedSession,
    ProgressionTemplate,
    SessionKind,
)
from workouts.plan_text import parse_plan

pytestmark = pytest.mark.django_db

HALF_M = MARATHON_M / 2


def weekday_ahead(weekday: int, weeks_ahead: int = 20):
    """A day `weeks_ahead` weeks from now falling on `weekday` (0 = Monday)."""
    day = timezone.localdate() + timedelta(weeks=weeks_ahead)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def words_of(response) -> str:
    """The page's text without its tags, its spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", text_of(response)).split())


@pytest.fixture
def second_athlete(coach):
    return Athlete.objects.create(coach=coach, first_name="Jonas", last_name="Weber")


@pytest.fixture
def third_athlete(coach):
    return Athlete.objects.create(coach=coach, first_name="Ines", last_name="Duarte")


def rich_block(athlete) -> Block:
    """An 18-week block racing on a Saturday, with moved phases, proposed runs, an easy run
    with notes from a template, a B race, week targets, a locked and a skipped session."""
    block = services.block_create(
        athlete=athlete,
        race_name="Valencia Marathon",
        race_date=weekday_ahead(5),
        race_distance_m=MARATHON_M,
        goal_time_s=3 * 3600,
        n_weeks=18,
        recovery_weeks=1,
    )
    spans = [
        block_plan.PhaseSpan("base", 1, 5),
        block_plan.PhaseSpan("transition", 6, 11),
        block_plan.PhaseSpan("long_run", 12, 16),
        block_plan.PhaseSpan("taper", 17, 18),
    ]
    services.block_phases_set(block=block, spans=spans)
    services.block_propose(block=block)
    template = ProgressionTemplate.objects.create(
        owner=athlete.coach, name="Easy hour", phase="base"
    )
    easy, _ = services.session_save(
        block=block,
        date=block.start + timedelta(days=5),
        kind=SessionKind.EASY,
        title="Easy hour",
        notes="Flat route.",
        stages=parse_plan("60min easy"),
        template=template,
    )
    services.session_lock(session=easy, locked=True)
    services.block_race_add(
        block=block,
        date=block.race_date - timedelta(days=42),
        name="City Half",
        distance_m=HALF_M,
        priority="B",
    )
    services.block_week_save(
        block=block, index=3, target_duration_s=5 * 3600, target_distance_m=None, is_cutback=False
    )
    services.block_week_save(
        block=block, index=4, target_duration_s=None, target_distance_m=40_000, is_cutback=True
    )
    first = block.sessions.exclude(kind=SessionKind.RACE).order_by("date").first()
    PlannedSession.objects.filter(pk=first.pk).update(skipped_reason="ill")
    return block


def by_days_before_race(block) -> list[tuple]:
    """Each session but the A race, as the template keeps it: days before race day and all
    a template copies, its stages by zone."""
    rows = []
    for s in block.sessions.prefetch_related("stages"):
        if s.kind == SessionKind.RACE and s.date == block.race_date:
            continue
        stages = tuple(
            (st.duration_s, st.distance_m, st.zone, st.pace_fast_s_per_km) for st in s.stages.all()
        )
        rows.append(
            (
                (block.race_date - s.date).days,
                s.kind,
                s.title,
                s.notes,
                s.priority,
                s.race_distance_m,
                s.template_id,
                stages,
            )
        )
    return sorted(rows, key=repr)


def create(template, athletes, **fields):
    values = {
        "template": template,
        "athletes": athletes,
        "race_name": "Berlin Marathon",
        "race_date": weekday_ahead(6, weeks_ahead=25),
        "race_distance_m": MARATHON_M,
    } | fields
    return blocks_create_from_template(**values)


# -- Saving a block as a template ----------------------------------------------------------


def test_a_saved_template_counts_sessions_from_race_day_and_keeps_zones(athlete):
    block = rich_block(athlete)
    template, notes = block_template_save(block=block, name="Sub-3 marathon")
    assert (template.coach, template.n_weeks, template.recovery_weeks) == (athlete.coach, 18, 1)
    assert template.race_distance_m == MARATHON_M
    assert [(p.phase, p.first_week, p.last_week) for p in template.phases.all()] == [
        ("base", 1, 5),
        ("transition", 6, 11),
        ("long_run", 12, 16),
        ("taper", 17, 18),
    ]
    assert [(w.index, w.target_duration_s, w.target_distance_m, w.is_cutback) for w in
            template.weeks.all()] == [(3, 5 * 3600, None, False), (4, None, 40_000, True)]  # fmt: skip
    sessions = list(template.sessions.all())
    # The A race is not kept: a block made from the template makes its own.
    assert block.sessions.count() - 1 == len(sessions)
    assert not [s for s in sessions if s.kind == SessionKind.RACE and not s.priority]
    [b_race] = [s for s in sessions if s.kind == SessionKind.RACE]
    assert (b_race.days_before_race, b_race.priority, b_race.race_distance_m) == (42, "B", HALF_M)
    stages = [st for s in sessions for st in s.stages.all()]
    assert stages and all(st.zone and st.pace_fast_s_per_km is None for st in stages)
    assert notes == []


def test_a_stage_at_an_explicit_pace_refuses_the_save_and_saves_nothing(athlete):
    block = rich_block(athlete)
    services.session_save(
        block=block,
        date=block.start + timedelta(days=9),
        kind=SessionKind.EASY,
        title="",
        notes="",
        stages=parse_plan("30min easy, 10min @4:40-4:50/km"),
    )
    with pytest.raises(services.BlockRejected) as refused:
        block_template_save(block=block, name="Sub-3 marathon")
    [message] = refused.value.messages
    assert "never an athlete's paces" in message
    assert "10min @4:40-4:50/km" in message
    assert not BlockTemplate.objects.exists()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("   ", "Give the block template a name."),
        ("x" * 121, "Keep the name to 120 characters."),
        ("SUB-3 marathon", "You have a block template called “SUB-3 marathon” already"),
    ],
)
def test_a_blank_long_or_taken_name_is_refused(athlete, name, message):
    block = rich_block(athlete)
    block_template_save(block=block, name="Sub-3 marathon")
    with pytest.raises(services.BlockRejected) as refused:
        block_template_save(block=block, name=name)
    assert refused.value.messages[0].startswith(message)
    assert BlockTemplate.objects.count() == 1


def test_another_coach_may_use_the_same_name(athlete, other_athlete):
    block_template_save(block=rich_block(athlete), name="Sub-3 marathon")
    block_template_save(block=rich_block(other_athlete), name="Sub-3 marathon")
    assert BlockTemplate.objects.count() == 2


def test_sessions_after_race_day_are_left_out_with_a_note(athlete):
    block = rich_block(athlete)
    PlannedSession.objects.create(
        block=block, date=block.race_date + timedelta(days=3), kind=SessionKind.EASY
    )
    template, notes = block_template_save(block=block, name="Sub-3 marathon")
    assert notes == ["Left out 1 session after race day: a template counts days before the race."]
    assert not template.sessions.filter(days_before_race__gt=7 * 18).exists()


def test_the_database_refuses_a_template_out_of_bounds_or_a_stage_at_a_pace(coach):
    with pytest.raises(IntegrityError), transaction.atomic():
        BlockTemplate.objects.create(coach=coach, name="Short", n_weeks=7)
    template = BlockTemplate.objects.create(coach=coach, name="Fine", n_weeks=8)
    session = template.sessions.create(days_before_race=3, kind=SessionKind.EASY)
    with pytest.raises(IntegrityError), transaction.atomic():
        session.stages.create(
            position=0, duration_s=600, pace_fast_s_per_km=280, pace_slow_s_per_km=290
        )


# -- Blocks from a template ----------------------------------------------------------------


def test_a_block_from_the_template_has_the_same_sessions_at_the_same_distance_from_race_day(
    athlete, second_athlete
):
    source = rich_block(athlete)
    template, _ = block_template_save(block=source, name="Sub-3 marathon")
    # The source races on a Saturday, the new block on a Sunday five weeks later.
    [block] = create(template, [second_athlete], goal_time_s=3 * 3600 + 600)
    assert block.race_date.weekday() == 6 != source.race_date.weekday()
    assert (block.athlete, block.race_name, block.n_weeks, block.recovery_weeks) == (
        second_athlete,
        "Berlin Marathon",
        18,
        1,
    )
    assert block.goal_time_s == 3 * 3600 + 600
    assert by_days_before_race(block) == by_days_before_race(source)
    assert [(p.phase, p.first_week, p.last_week) for p in block.phases.all()] == [
        (p.phase, p.first_week, p.last_week) for p in source.phases.all()
    ]
    assert [(w.index, w.target_duration_s, w.target_distance_m, w.is_cutback) for w in
            block.week_targets.all()] == [(3, 5 * 3600, None, False), (4, None, 40_000, True)]  # fmt: skip
    race = block.sessions.get(date=block.race_date)
    assert (race.kind, race.title, race.locked) == (SessionKind.RACE, "Berlin Marathon", True)
    others = block.sessions.exclude(pk=race.pk)
    # Locks, "proposed", skipped reasons and first days are the source's, not copied.
    assert not others.filter(locked=True).exists()
    assert not others.filter(proposed=True).exists()
    assert not others.exclude(skipped_reason="").exists()
    assert all(s.original_date == s.date for s in others)


def test_a_group_gets_one_block_each_on_the_race_date(athlete, second_athlete, third_athlete):
    template, _ = block_template_save(block=rich_block(athlete), name="Sub-3 marathon")
    blocks = create(template, [second_athlete, third_athlete, second_athlete])
    assert [b.athlete for b in blocks] == [second_athlete, third_athlete]
    assert by_days_before_race(blocks[0]) == by_days_before_race(blocks[1])
    assert {b.race_date for b in blocks} == {weekday_ahead(6, weeks_ahead=25)}


def test_one_athlete_with_a_block_for_that_race_refuses_the_whole_group(
    athlete, second_athlete, third_athlete
):
    template, _ = block_template_save(block=rich_block(athlete), name="Sub-3 marathon")
    race_date = weekday_ahead(6, weeks_ahead=25)
    services.block_create(
        athlete=third_athlete,
        race_name="Berlin Marathon",
        race_date=race_date,
        race_distance_m=MARATHON_M,
    )
    with pytest.raises(services.BlockRejected) as refused:
        create(template, [second_athlete, third_athlete], race_date=race_date)
    assert refused.value.messages == [
        f"Ines Duarte already has a block for a race on {race_date:%d %b %Y}: untick that "
        "athlete or choose another race date."
    ]
    assert not second_athlete.blocks.exists()
    assert third_athlete.blocks.count() == 1


def test_a_failure_half_way_leaves_no_block_behind(athlete, second_athlete, third_athlete):
    template, _ = block_template_save(block=rich_block(athlete), name="Sub-3 marathon")
    real = services.block_create
    calls = []

    def second_fails(**fields):
        calls.append(fields["athlete"])
        if len(calls) == 2:
            raise services.BlockRejected(["Made by the other tab meanwhile."])
        return real(**fields)

    with (
        mock.patch.object(services, "block_create", side_effect=second_fails),
        pytest.raises(services.BlockRejected),
    ):
        create(template, [second_athlete, third_athlete])
    assert calls == [second_athlete, third_athlete]
    assert not Block.objects.filter(athlete__in=[second_athlete, third_athlete]).exists()
    assert not PlannedSession.objects.filter(block__athlete=second_athlete).exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"race_date": "today"}, "The race must be after today"),
        ({"race_date": "yesterday"}, "The race must be after today"),
        ({"race_name": "  "}, "Give the race's name."),
        ({"race_distance_m": 0}, "Give the race's distance, from 800 m to 100 km."),
        ({"athletes": []}, "Tick at least one athlete to make a block for."),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(athlete, second_athlete, fields, message):
    template, _ = block_template_save(block=rich_block(athlete), name="Sub-3 marathon")
    today = timezone.localdate()
    days = {"today": today, "yesterday": today - timedelta(days=1)}
    if "race_date" in fields:
        fields["race_date"] = days[fields["race_date"]]
    blocks_before = Block.objects.count()
    with pytest.raises(services.BlockRejected) as refused:
        create(template, fields.pop("athletes", [second_athlete]), **fields)
    assert any(m.startswith(message) for m in refused.value.messages), refused.value.messages
    assert Block.objects.count() == blocks_before


def test_another_coachs_athlete_is_refused(athlete, other_athlete):
    template, _ = block_template_save(block=rich_block(athlete), name="Sub-3 marathon")
    with pytest.raises(services.BlockRejected) as refused:
        create(template, [other_athlete])
    assert refused.value.messages == ["Lukas Berg: not among your athletes."]
    assert not other_athlete.blocks.exists()


def test_a_template_out_of_the_block_length_is_refused(coach, second_athlete):
    template = BlockTemplate(coach=coach, name="Too long", n_weeks=31)
    with pytest.raises(services.BlockRejected) as refused:
        create(template, [second_athlete])
    assert refused.value.messages == ["A block lasts 8 to 30 weeks."]


def test_a_race_date_already_past_where_an_athlete_lives_is_refused(athlete, second_athlete):
    template, _ = block_template_save(block=rich_block(athlete), name="Sub-3 marathon")
    tomorrow = timezone.localdate() + timedelta(days=1)
    ahead = make_user("ahead@example.com", Role.ATHLETE, time_zone="Pacific/Kiritimati")
    second_athlete.user = ahead
    second_athlete.save()

    def local_today(user):
        return tomorrow if user == ahead else timezone.localdate()

    with (
        mock.patch.object(block_templates, "_local_today", side_effect=local_today),
        pytest.raises(services.BlockRejected) as refused,
    ):
        create(template, [second_athlete], race_date=tomorrow)
    assert refused.value.messages[0].endswith(
        "is already today or past where Jonas Weber lives: choose a later race date."
    )


def _queries_to_create(template, athletes) -> int:
    with CaptureQueriesContext(connection) as queries:
        create(template, athletes)
    return len(queries)


def test_the_queries_do_not_grow_with_the_sessions(athlete, second_athlete, third_athlete):
    big, _ = block_template_save(block=rich_block(athlete), name="Whole block")
    small = BlockTemplate.objects.create(coach=athlete.coach, name="One run", n_weeks=18)
    for span in big.phases.all():
        small.phases.create(phase=span.phase, first_week=span.first_week, last_week=span.last_week)
    for week in big.weeks.all():
        small.weeks.create(index=week.index, is_cutback=True)
    run = small.sessions.create(days_before_race=3, kind=SessionKind.EASY)
    run.stages.create(position=0, duration_s=1800, zone="easy")
    assert big.sessions.count() > 10
    assert _queries_to_create(big, [second_athlete]) == _queries_to_create(small, [third_athlete])


# -- The pages -------------------------------------------------------------------------------


def blocks_data(*athletes, **fields) -> dict:
    return {
        "race_name": "Berlin Marathon",
        "race_date": weekday_ahead(6, weeks_ahead=25).isoformat(),
        "race_distance_m": "Marathon",
        "goal_time_s": "",
        "athletes": [str(a.pk) for a in athletes],
    } | fields


def test_the_block_page_offers_to_save_it_as_a_template(coach_client, athlete):
    block = rich_block(athlete)
    response = coach_client.get(reverse("block-detail", args=[block.pk]))
    assert reverse("block-template-create", args=[block.pk]) in response.text
    assert "Save as block template" in response.text


def test_the_coach_saves_a_block_as_a_template_and_sees_its_page(coach_client, athlete):
    block = rich_block(athlete)
    url = reverse("block-template-create", args=[block.pk])
    response = coach_client.post(url, {"name": "Sub-3 marathon"}, follow=True)
    template = BlockTemplate.objects.get()
    assert response.redirect_chain == [(reverse("block-template-detail", args=[template.pk]), 302)]
    page = text_of(response)
    assert "Saved Valencia Marathon as the block template “Sub-3 marathon”" in page
    assert page.count('data-testid="block-template-week"') == 18
    assert "42 days before race: Race (B) · City Half" in words_of(response)
    assert "Flat route." not in page  # notes stay in the session, not on the overview


def test_a_refused_save_goes_back_to_the_block_with_its_reason(coach_client, athlete):
    block = rich_block(athlete)
    block_template_save(block=block, name="Sub-3 marathon")
    url = reverse("block-template-create", args=[block.pk])
    response = coach_client.post(url, {"name": "sub-3 Marathon"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("block-detail", args=[block.pk])
    assert "You have a block template called “sub-3 Marathon” already" in text_of(response)
    response = coach_client.post(url, {"name": ""}, follow=True)
    assert "Give the block template a name. Nothing was saved." in text_of(response)
    assert BlockTemplate.objects.count() == 1


def test_saving_another_coachs_block_is_a_404(client, other_coach, athlete):
    block = rich_block(athlete)
    client.force_login(other_coach)
    url = reverse("block-template-create", args=[block.pk])
    assert client.post(url, {"name": "Mine now"}).status_code == 404
    client.force_login(athlete.user)
    assert client.post(url, {"name": "Mine now"}).status_code == 404
    assert not BlockTemplate.objects.exists()


def test_a_save_by_get_is_not_allowed(coach_client, athlete):
    block = rich_block(athlete)
    response = coach_client.get(reverse("block-template-create", args=[block.pk]))
    assert response.status_code == 405


def test_the_list_shows_the_coachs_templates_only(coach_client, athlete, other_athlete):
    block_template_save(block=rich_block(athlete), name="Sub-3 marathon")
    block_template_save(block=rich_block(other_athlete), name="Peter's secret plan")
    response = coach_client.get(reverse("block-template-list"))
    page = text_of(response)
    assert "Sub-3 marathon" in page and "Peter's secret plan" not in page
    assert "18 weeks" in page
    assert "Base 1–5 · Transition 6–11 · Long runs 12–16 · Taper 17–18" in words_of(response)
    template = BlockTemplate.objects.get(name="Sub-3 marathon")
    assert reverse("block-template-blocks-create", args=[template.pk]) in page
    assert reverse("block-template-delete", args=[template.pk]) in page


def test_the_progression_templates_page_links_the_block_templates(coach_client):
    response = coach_client.get(reverse("template-list"))
    assert reverse("block-template-list") in response.text


def test_anonymous_visitors_log_in_and_athletes_get_404(client, athlete):
    url = reverse("block-template-list")
    assert client.get(url).status_code == 302
    client.force_login(athlete.user)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "name", ["block-template-detail", "block-template-blocks-create", "block-template-delete"]
)
def test_another_coach_gets_404_for_a_template(client, other_coach, athlete, name):
    template, _ = block_template_save(block=rich_block(athlete), name="Sub-3 marathon")
    client.force_login(other_coach)
    url = reverse(name, args=[template.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404
    assert BlockTemplate.objects.filter(pk=template.pk).exists()


def test_the_form_offers_the_coachs_athletes_only(coach_client, athlete, other_athlete):
    template, _ = block_template_save(block=rich_block(athlete), name="Sub-3 marathon")
    response = coach_client.get(reverse("block-template-blocks-create", args=[template.pk]))
    page = text_of(response)
    assert "Amara Okafor" in page and "Lukas Berg" not in page
    assert 'value="Marathon"' in page  # the template's distance to start with


def test_the_coach_creates_blocks_for_two_athletes_and_gets_a_link_to_each(
    coach_client, athlete, second_athlete, third_athlete
):
    template, _ = block_template_save(block=rich_block(athlete), name="Sub-3 marathon")
    url = reverse("block-template-blocks-create", args=[template.pk])
    response = coach_client.post(url, blocks_data(second_athlete, third_athlete), follow=True)
    assert response.redirect_chain == [(reverse("block-template-detail", args=[template.pk]), 302)]
    blocks = Block.objects.filter(athlete__in=[second_athlete, third_athlete])
    assert blocks.count() == 2
    page = text_of(response)
    assert "Created 2 blocks from “Sub-3 marathon” for Berlin Marathon on" in page
    for block in blocks:
        assert f'href="{reverse("block-detail", args=[block.pk])}"' in page
        assert f"{block.athlete.full_name}’s block" in page
    assert "No paces yet for Ines Duarte, Jonas Weber:" in page


def test_a_refused_group_shows_why_and_creates_nothing(
    coach_client, athlete, second_athlete, third_athlete
):
    template, _ = block_template_save(block=rich_block(athlete), name="Sub-3 marathon")
    url = reverse("block-template-blocks-create", args=[template.pk])
    race_date = weekday_ahead(6, weeks_ahead=25)
    services.block_create(
        athlete=second_athlete, race_name="Berlin", race_date=race_date, race_distance_m=MARATHON_M
    )
    response = coach_client.post(url, blocks_data(second_athlete, third_athlete))
    assert response.status_code == 200
    assert "Jonas Weber already has a block for a race on" in text_of(response)
    assert not third_athlete.blocks.exists()
    past = blocks_data(third_athlete, race_date=timezone.localdate().isoformat())
    assert "The race must be after today" in text_of(coach_client.post(url, past))
    assert not third_athlete.blocks.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"athletes": []}, "Tick at least one athlete to make a block for."),
        ({"race_date": "next Tuesday"}, "Give the race date as a date (YYYY-MM-DD)."),
        ({"race_distance_m": "200 km"}, "is too long for the race"),
        ({"goal_time_s": "0:05"}, "is not a plausible race time for Marathon"),
    ],
)
def test_the_form_refuses_bad_input_with_a_specific_message(
    coach_client, athlete, second_athlete, fields, message
):
    template, _ = block_template_save(block=rich_block(athlete), name="Sub-3 marathon")
    url = reverse("block-template-blocks-create", args=[template.pk])
    response = coach_client.post(url, blocks_data(second_athlete, **fields))
    assert response.status_code == 200
    assert message in text_of(response)
    assert not second_athlete.blocks.exists()


def test_another_coachs_athlete_cannot_be_posted(coach_client, athlete, other_athlete):
    template, _ = block_template_save(block=rich_block(athlete), name="Sub-3 marathon")
    url = reverse("block-template-blocks-create", args=[template.pk])
    blocks_before = other_athlete.blocks.count()
    response = coach_client.post(url, blocks_data(other_athlete))
    assert "Choose among your athletes." in text_of(response)
    assert other_athlete.blocks.count() == blocks_before


def test_deleting_a_template_asks_first_and_keeps_its_blocks(coach_client, athlete):
    block = rich_block(athlete)
    template, _ = block_template_save(block=block, name="Sub-3 marathon")
    url = reverse("block-template-delete", args=[template.pk])
    response = coach_client.get(url)
    assert "Delete the block template “Sub-3 marathon”?" in text_of(response)
    assert BlockTemplate.objects.exists()
    response = coach_client.post(url, follow=True)
    assert response.redirect_chain == [(reverse("block-template-list"), 302)]
    assert "deleted; blocks made from it stay" in text_of(response)
    assert not BlockTemplate.objects.exists()
    assert Block.objects.filter(pk=block.pk).exists()


def test_the_nav_marks_templates_on_a_block_template_page(coach_client):
    response = coach_client.get(reverse("block-template-list"))
    assert re.search(r'class="nav-link active" href="/templates/"', response.text)
