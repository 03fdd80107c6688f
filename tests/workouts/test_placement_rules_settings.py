"""The placement rules' numbers on the coach's rules page (docs/running.md §4.5): stored on
CoachRules, saved and refused by the page, and used by every check, proposal and re-plan of
that coach's blocks."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tests.workouts.test_block_calendar import page
from tests.workouts.test_session_services import add, base_tuesday
from tests.workouts.test_session_services import block as block  # noqa: F401 (fixture)
from tests.workouts.test_template_views import RULES
from workouts import block_plan, services
from workouts.models import CoachRules, SessionKind
from workouts.selectors import coach_rule_sets


def set_rules(coach, **numbers):
    CoachRules.objects.update_or_create(coach=coach, defaults=numbers)


def codes(check):
    return [finding.code for finding in check.findings]


def two_base_runs(block):
    """A Tuesday and a Thursday of the block's second week (base), two days apart."""
    tuesday = base_tuesday(block)
    add(block, tuesday)
    return add(block, tuesday + timedelta(days=2))


# The model


def test_the_stored_defaults_are_the_placement_rules_defaults(coach):
    assert CoachRules(coach=coach).as_placement_rules() == block_plan.DEFAULT_PLACEMENT_RULES
    assert coach_rule_sets(coach)[1] == block_plan.DEFAULT_PLACEMENT_RULES


def test_a_coachs_numbers_become_their_placement_rules(coach):
    set_rules(coach, base_per_week=2, taper_days=14, long_run_spacing_weeks=3)
    rules = coach_rule_sets(coach)[1]
    assert (rules.per_week("base"), rules.taper_days, rules.long_run_spacing_weeks) == (2, 14, 3)


@pytest.mark.parametrize(
    "numbers",
    [{"base_per_week": 8}, {"taper_days": 29}, {"long_run_spacing_weeks": 0}],
)
def test_the_database_refuses_numbers_out_of_range(coach, numbers):
    with pytest.raises(IntegrityError), transaction.atomic():
        CoachRules.objects.create(coach=coach, **numbers)


# Checks on the calendar


def test_by_default_a_second_base_run_in_a_week_is_too_many(block):
    _, check = two_base_runs(block)
    assert "too-many-in-week" in codes(check)


def test_a_coach_who_allows_2_base_runs_a_week_gets_no_warning_for_2(block, coach):
    set_rules(coach, base_per_week=2)
    _, check = two_base_runs(block)
    assert "too-many-in-week" not in codes(check)


def test_the_calendar_judges_by_the_coachs_numbers(coach_client, coach, block):
    two_base_runs(block)
    assert 'data-code="too-many-in-week"' in page(coach_client, block)
    set_rules(coach, base_per_week=2)
    assert 'data-code="too-many-in-week"' not in page(coach_client, block)


def test_with_a_14_day_taper_a_run_12_days_out_is_refused(block, coach):
    day = block.race_date - timedelta(days=12)
    set_rules(coach, taper_days=14, taper_per_week=3)
    with pytest.raises(services.SessionRejected) as refused:
        add(block, day)
    assert "is 12 days before the race; leave the last 14 days" in str(refused.value)
    assert not block.sessions.filter(kind=SessionKind.PROGRESSION).exists()


def test_with_the_default_taper_a_run_12_days_out_is_no_error(block, coach):
    set_rules(coach, taper_per_week=3)
    session, check = add(block, block.race_date - timedelta(days=12))
    assert session.pk and not check.errors


def test_a_bulk_edit_judges_by_the_coachs_taper(block, coach):
    set_rules(coach, taper_days=20, taper_per_week=3)
    session, _ = add(block, block.race_date - timedelta(days=30))
    with pytest.raises(services.BlockRejected, match="leave the last 20 days"):
        services.session_repeat_weekly(session=session, n_weeks=2)


# Proposals and re-plans


def test_the_proposal_keeps_to_the_coachs_taper_days(block, coach):
    set_rules(coach, taper_days=28)
    services.block_propose(block=block)
    runs = block.sessions.filter(kind__in=block_plan.PROGRESSION_KINDS)
    assert runs.exists()
    assert all((block.race_date - run.date).days > 28 for run in runs)


def test_the_proposal_spaces_fast_finish_long_runs_by_the_coachs_weeks(block, coach):
    set_rules(coach, long_run_spacing_weeks=3)
    services.block_propose(block=block)
    plan = block.as_value()
    weeks = sorted(
        plan.week_of(run.date).index
        for run in block.sessions.filter(kind=SessionKind.LONG_RUN_PROGRESSION)
        if plan.phase_on(run.date) == "long_run"
    )
    assert len(weeks) >= 2
    assert all(later - earlier >= 3 for earlier, later in zip(weeks, weeks[1:], strict=False))


def test_the_replan_keeps_to_the_coachs_taper_days(block, coach):
    set_rules(coach, taper_days=28)
    from_date = max(block.start, timezone.localdate())
    replan = services.block_replan_preview(block=block, from_date=from_date)
    assert replan.added
    assert all((block.race_date - run.date).days > 28 for run in replan.added)


# The rules page


def test_the_rules_page_has_a_section_for_where_progression_runs_go(coach_client):
    html = coach_client.get(reverse("rules-edit")).content.decode()
    assert "Where progression runs go" in html
    assert "Base phase: progression runs a week, at most" in html
    assert "No progression run in the last … days before the race" in html
    assert 'name="taper_days" value="10"' in html


def test_the_rules_page_saves_the_placement_numbers(coach_client, coach):
    numbers = {"base_per_week": 2, "taper_days": 14, "long_run_spacing_weeks": 3}
    response = coach_client.post(reverse("rules-edit"), RULES | numbers)
    assert response.status_code == 302
    rules = CoachRules.objects.get(coach=coach).as_placement_rules()
    assert (rules.base_per_week, rules.taper_days, rules.long_run_spacing_weeks) == (2, 14, 3)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("base_per_week", 8, "A week has 7 days: give at most 7."),
        ("taper_per_week", -1, "A week cannot hold fewer than 0 runs: 0 means none in the taper."),
        ("taper_days", 29, "More than 4 weeks without progression runs is no taper"),
        ("taper_days", -1, "The days before the race cannot be negative"),
        ("long_run_spacing_weeks", 0, "Fast-finish long runs are at least 1 week apart"),
        ("long_run_spacing_weeks", 7, "Further apart than 6 weeks is no rule: give at most 6."),
        ("transition_per_week", "two", "Give a whole number."),
    ],
)
def test_the_rules_page_explains_a_number_out_of_range(coach_client, coach, field, value, message):
    response = coach_client.post(reverse("rules-edit"), RULES | {field: value})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Ensure this value" not in html
    assert not CoachRules.objects.filter(coach=coach).exists()


def test_athletes_and_visitors_cannot_open_the_rules_page(client, athlete):
    assert client.get(reverse("rules-edit")).status_code == 302  # to log in
    client.force_login(athlete.user)
    assert client.get(reverse("rules-edit")).status_code in (403, 404)


def test_a_coachs_rules_do_not_change_another_coachs_blocks(block, other_coach):
    set_rules(other_coach, base_per_week=2)
    _, check = two_base_runs(block)
    assert "too-many-in-week" in codes(check)
