"""Whatever is posted to the editor, it answers with a page and saves only a sound template."""

import html

import pytest
from django.urls import reverse

from athletes.models import ZoneOverride
from tests.conftest import add_5k
from tests.workouts.test_template_views import post_template
from workouts.models import ProgressionTemplate
from workouts.plan_text import format_plan

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_typed_miles_and_mile_paces_are_kept_exactly(coach_client, coach):
    response = post_template(
        coach_client,
        reverse("template-create"),
        ("10", "min", "easy"),
        plan_text="5mi easy, 3mi @7:15-7:25/mi",
        plan_text_synced="",
    )
    assert response.status_code == 302
    easy, paced = ProgressionTemplate.objects.get(owner=coach).stage_values()
    assert easy.distance_m == pytest.approx(5 * 1609.344)
    assert paced.pace.fast_s_per_km == pytest.approx(435 / 1.609344)


@pytest.mark.parametrize(
    "op,athlete",
    [
        ("remove-²", ""),
        ("remove-999", ""),
        ("remove-x", ""),
        ("stages", "²"),
        ("stages", "٣"),
        ("stages", "abc"),
        ("nonsense", ""),
    ],
)
def test_odd_ops_and_athlete_ids_answer_with_the_editor(coach_client, op, athlete):
    response = post_template(
        coach_client,
        reverse("template-create"),
        ("30", "min", "easy"),
        ("20", "min", "steady"),
        op=op,
        athlete=athlete,
        **HTMX,
    )
    assert response.status_code == 200
    assert response.text.count('data-testid="stage-row"') == 2


def test_a_number_too_big_for_a_stage_is_a_syntax_error(coach_client):
    response = post_template(
        coach_client,
        reverse("template-create"),
        ("10", "min", "easy"),
        op="text",
        plan_text="9" * 400 + "min easy",
        **HTMX,
    )
    assert response.status_code == 200
    assert "a stage is at most 12 h or 200 km long" in response.text


def test_blank_rows_are_errors_not_silently_skipped(coach_client, coach):
    data = {"form-TOTAL_FORMS": "1000"}
    response = post_template(
        coach_client,
        reverse("template-create"),
        ("30", "min", "easy"),
        ("20", "min", "steady"),
        **data,
    )
    assert response.status_code == 200
    assert not ProgressionTemplate.objects.filter(owner=coach).exists()


def test_more_than_fifty_stages_are_refused_not_cut(coach_client, coach):
    plan = ", ".join(["1min easy"] * 52)
    response = post_template(
        coach_client,
        reverse("template-create"),
        ("10", "min", "easy"),
        plan_text=plan,
        plan_text_synced="",
    )
    assert response.status_code == 200
    assert "at most 50" in response.text
    assert not ProgressionTemplate.objects.filter(owner=coach).exists()


def test_a_finish_too_hard_for_the_chosen_athlete_is_refused_on_save(coach_client, coach, athlete):
    add_5k(athlete, days_ago=3)
    response = post_template(
        coach_client,
        reverse("template-create"),
        ("10", "min", "easy"),
        plan_text="40min easy, 20min steady, 10min @3:30/km",
        plan_text_synced="",
        athlete=str(athlete.pk),
    )
    assert response.status_code == 200
    assert 'data-code="finish-too-hard"' in response.text
    assert not ProgressionTemplate.objects.filter(owner=coach).exists()


def test_hand_set_paces_without_a_race_do_not_break_the_pages(coach_client, athlete):
    ZoneOverride.objects.create(
        athlete=athlete, zone="easy", pace_fast_s_per_km=330, pace_slow_s_per_km=360
    )
    builtin = ProgressionTemplate.objects.get(preset_key="progressive_long_run")
    page = coach_client.get(reverse("template-detail", args=[builtin.pk]), {"athlete": athlete.pk})
    assert page.status_code == 200
    assert "5:30–6:00 /km" in page.text  # the hand-set easy band, shown where it applies
    response = post_template(
        coach_client,
        reverse("template-create"),
        ("10", "km", "easy"),
        ("5", "km", "steady"),
        op="stages",
        athlete=str(athlete.pk),
        **HTMX,
    )
    assert response.status_code == 200


def test_a_saved_template_reads_back_as_it_was_typed(coach_client, coach):
    post_template(
        coach_client,
        reverse("template-create"),
        ("10", "min", "easy"),
        plan_text="8km E, 6km S, 2km M",
        plan_text_synced="",
        phase="long_run",
    )
    template = ProgressionTemplate.objects.get(owner=coach)
    assert format_plan(template.stage_values()) == "8km easy, 6km steady, 2km marathon"


def test_a_stage_row_longer_than_any_run_is_refused(coach_client, coach):
    response = post_template(
        coach_client, reverse("template-create"), ("999999", "h", "easy"), ("20", "min", "steady")
    )
    assert "A stage is at most 12 h or 200 km long." in response.text
    assert not ProgressionTemplate.objects.filter(owner=coach).exists()


def test_a_typo_blocks_saving_even_after_the_check_has_seen_it(coach_client, coach):
    # The check answered the typo with no rows: nothing stands for a plan that cannot be read.
    typo = post_template(
        coach_client,
        reverse("template-create"),
        ("30", "min", "easy"),
        ("20", "min", "steady"),
        op="text",
        plan_text="30min easy, 20min stedy",
        plan_text_synced="30min easy, 20min steady",
        **HTMX,
    )
    assert 'id="id_plan_text_synced" value=""' in typo.text
    saved = post_template(
        coach_client,
        reverse("template-create"),
        plan_text="30min easy, 20min stedy",
        plan_text_synced="",
    )
    assert saved.status_code == 200
    assert "'stedy' after 20min is not a zone" in html.unescape(saved.text)
    assert not ProgressionTemplate.objects.filter(owner=coach).exists()


def test_miles_with_decimals_are_kept_exactly(coach_client, coach):
    post_template(
        coach_client,
        reverse("template-create"),
        ("10", "min", "easy"),
        plan_text="3.25mi easy, 1.25mi steady",
        plan_text_synced="",
    )
    easy, steady = ProgressionTemplate.objects.get(owner=coach).stage_values()
    assert (easy.distance_m, steady.distance_m) == (pytest.approx(5230.368), pytest.approx(2011.68))


def test_a_template_in_miles_opens_in_miles(coach_client, coach):
    post_template(
        coach_client,
        reverse("template-create"),
        ("10", "min", "easy"),
        plan_text="30min easy, 2mi @7:15-7:25/mi",
        plan_text_synced="",
    )
    template = ProgressionTemplate.objects.get(owner=coach)
    page = coach_client.get(reverse("template-edit", args=[template.pk]))
    assert 'value="30min easy, 2mi @7:15-7:25/mi"' in page.text


def test_typing_more_than_fifty_stages_is_a_plan_error_with_no_stale_rows(coach_client):
    response = post_template(
        coach_client,
        reverse("template-create"),
        ("30", "min", "easy"),
        ("20", "min", "steady"),
        op="text",
        plan_text=", ".join(["1min easy"] * 51),
        **HTMX,
    )
    assert "at most 50 stages; this plan has 51" in response.text
    assert response.text.count('data-testid="stage-row"') == 0


def test_warnings_after_saving_speak_the_athletes_units(coach_client, coach, athlete):
    athlete.units = "mi"
    athlete.save()
    add_5k(athlete, days_ago=3)
    response = post_template(
        coach_client,
        reverse("template-create"),
        ("10", "min", "easy"),
        plan_text="50min easy, 5min @5:00/km, 15min marathon, 10min threshold",
        plan_text_synced="",
        athlete=str(athlete.pk),
        follow=True,
    )
    warnings = [str(m) for m in response.context["messages"]]
    assert any("@8:03/mi" in w for w in warnings)  # 5:00/km, in the athlete's miles
    assert not any("/km" in w for w in warnings)
