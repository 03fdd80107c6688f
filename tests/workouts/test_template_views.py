"""Progression templates in the browser's terms: list, edit with live findings, save, copy."""

import pytest
from django.urls import reverse

from tests.conftest import add_5k
from workouts.models import CoachRules, ProgressionTemplate
from workouts.plan_text import format_plan

pytestmark = pytest.mark.django_db


def rows(*stages):
    data = {"form-TOTAL_FORMS": str(len(stages)), "form-INITIAL_FORMS": "0"}
    for i, (amount, unit, target) in enumerate(stages):
        data |= {
            f"form-{i}-amount": amount,
            f"form-{i}-unit": unit,
            f"form-{i}-target": target,
            f"form-{i}-pace_fast": "",
            f"form-{i}-pace_slow": "",
            f"form-{i}-pace_unit": "km",
        }
    return data


def post_template(client, url, *stages, op="save", **fields):
    headers = {k: fields.pop(k) for k in list(fields) if k.startswith("HTTP_") or k == "follow"}
    data = (
        {
            "name": "Sunday builder",
            "phase": "base",
            "description": "",
            "plan_text": "",
            "athlete": "",
            "op": op,
        }
        | rows(*stages)
        | fields
    )
    return client.post(url, data, **headers)


def own_template(coach, name="Mine"):
    return ProgressionTemplate.objects.create(owner=coach, name=name, phase="base")


def test_built_in_templates_exist_for_every_phase(coach_client):
    page = coach_client.get(reverse("template-list")).text
    for name in [
        "Thirds",
        "Base progression",
        "Fast finish",
        "Progressive long run",
        "Fast-finish long run",
    ]:
        assert name in page
    assert ProgressionTemplate.objects.filter(owner=None).count() == 5


def test_thirds_75_minutes_is_one_call_and_its_template_reads_as_plan_text():
    from workouts.presets import thirds

    assert format_plan(thirds(duration_s=75 * 60)) == "25min easy, 25min steady, 25min marathon"


def test_a_sound_progression_is_saved_with_its_stages(coach_client, coach):
    response = post_template(
        coach_client,
        reverse("template-create"),
        ("40", "min", "easy"),
        ("15", "min", "steady"),
        ("10", "min", "marathon"),
    )
    assert response.status_code == 302
    template = ProgressionTemplate.objects.get(owner=coach)
    assert format_plan(template.stage_values()) == "40min easy, 15min steady, 10min marathon"


def test_an_error_blocks_saving_and_keeps_what_was_typed(coach_client, coach):
    response = post_template(
        coach_client,
        reverse("template-create"),
        ("30", "min", "easy"),
        ("5", "min", "rest"),
        ("20", "min", "marathon"),
    )
    assert response.status_code == 200
    assert 'data-code="not-continuous"' in response.text
    assert "Not saved" in response.text
    assert 'value="Sunday builder"' in response.text
    assert not ProgressionTemplate.objects.filter(owner=coach).exists()


def test_a_warning_is_shown_and_the_template_still_saves(coach_client, coach):
    response = post_template(
        coach_client,
        reverse("template-create"),
        ("20", "min", "easy"),
        ("20", "min", "steady"),
        ("20", "min", "marathon"),
    )
    assert response.status_code == 302
    follow = coach_client.get(response.url)
    assert "easy portion" in follow.text.lower() or "easy-share" in follow.text
    assert ProgressionTemplate.objects.filter(owner=coach).exists()


def test_a_stage_of_zero_minutes_is_refused(coach_client, coach):
    response = post_template(
        coach_client, reverse("template-create"), ("0", "min", "easy"), ("20", "min", "steady")
    )
    assert "A stage of 0 is not a stage" in response.text
    assert not ProgressionTemplate.objects.filter(owner=coach).exists()


def test_the_editor_checks_each_change_and_answers_with_the_findings(coach_client):
    response = post_template(
        coach_client,
        reverse("template-create"),
        ("30", "min", "easy"),
        ("10", "min", "threshold"),
        op="stages",
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="editor"')  # the partial, not the page
    assert 'data-code="abrupt-jump"' in response.text


def test_typed_plan_text_becomes_stage_rows(coach_client):
    response = post_template(
        coach_client,
        reverse("template-create"),
        ("10", "min", "easy"),
        op="text",
        plan_text="8km E, 6km S, 2km M",
        HTTP_HX_REQUEST="true",
    )
    assert response.text.count('data-testid="stage-row"') == 3
    assert 'value="8"' in response.text and 'value="6"' in response.text


def test_a_plan_text_error_names_the_position_and_keeps_the_rows(coach_client):
    response = post_template(
        coach_client,
        reverse("template-create"),
        ("10", "min", "easy"),
        op="text",
        plan_text="30min easy, 20min fast",
        HTTP_HX_REQUEST="true",
    )
    assert "At character 19" in response.text and "expected a zone" in response.text
    assert response.text.count('data-testid="stage-row"') == 1


def test_adding_a_stage_climbs_one_zone(coach_client):
    response = post_template(
        coach_client,
        reverse("template-create"),
        ("30", "min", "easy"),
        op="add",
        HTTP_HX_REQUEST="true",
    )
    assert response.text.count('data-testid="stage-row"') == 2
    assert '<option value="steady" selected>' in response.text


def test_removing_a_stage_keeps_the_others(coach_client):
    response = post_template(
        coach_client,
        reverse("template-create"),
        ("30", "min", "easy"),
        ("5", "min", "rest"),
        ("20", "min", "steady"),
        op="remove-1",
        HTTP_HX_REQUEST="true",
    )
    assert response.text.count('data-testid="stage-row"') == 2
    assert 'data-code="not-continuous"' not in response.text


def test_the_editor_resolves_paces_for_a_chosen_athlete_in_their_units(coach_client, athlete):
    athlete.units = "mi"
    athlete.save()
    add_5k(athlete, days_ago=5)
    response = post_template(
        coach_client,
        reverse("template-create"),
        ("40", "min", "easy"),
        ("20", "min", "marathon"),
        op="stages",
        athlete=str(athlete.pk),
        HTTP_HX_REQUEST="true",
    )
    resolved = response.text.split('data-testid="resolved"')[1].split("</table>")[0]
    # Daniels' M at VDOT 50 is 4:31/km = 7:16/mi, shown as a band of ±1%.
    assert "7:12–7:21 /mi" in resolved


def test_the_coachs_rules_decide_the_warnings(coach_client, coach):
    CoachRules.objects.create(coach=coach, easy_share_min_pct=30, easy_share_max_pct=70)
    response = post_template(
        coach_client,
        reverse("template-create"),
        ("20", "min", "easy"),
        ("20", "min", "steady"),
        ("20", "min", "marathon"),
        op="stages",
        HTTP_HX_REQUEST="true",
    )
    assert 'data-code="easy-share"' not in response.text


def test_rules_page_saves_and_refuses_an_upside_down_range(coach_client, coach):
    url = reverse("rules-edit")
    data = {
        "easy_share_min_pct": 55,
        "easy_share_max_pct": 65,
        "stage_min_min": 8,
        "stage_max_min": 25,
        "max_zone_step": 1,
        "transition_threshold_max_min": 10,
        "pace_tolerance_s_per_km": 8,
        "compliance_green_min_pct": 80,
        "compliance_green_max_pct": 120,
        "compliance_yellow_min_pct": 50,
        "compliance_yellow_max_pct": 150,
        "easy_share_review_points": 10,
        "pause_max_s": 60,
    }
    assert coach_client.post(url, data).status_code == 302
    assert CoachRules.objects.get(coach=coach).as_rules().stage_min_s == 480
    bad = coach_client.post(url, data | {"easy_share_min_pct": 80})
    assert "The easy share range is upside down." in bad.text
    assert CoachRules.objects.get(coach=coach).easy_share_min_pct == 55


def test_copying_a_built_in_makes_an_editable_template(coach_client, coach):
    builtin = ProgressionTemplate.objects.get(preset_key="thirds")
    response = coach_client.post(reverse("template-copy", args=[builtin.pk]))
    copy = ProgressionTemplate.objects.get(owner=coach)
    assert response.url == reverse("template-edit", args=[copy.pk])
    assert copy.stage_values() == builtin.stage_values()


def test_built_ins_cannot_be_edited_or_deleted(coach_client):
    builtin = ProgressionTemplate.objects.get(preset_key="thirds")
    assert coach_client.get(reverse("template-edit", args=[builtin.pk])).status_code == 404
    assert coach_client.post(reverse("template-delete", args=[builtin.pk])).status_code == 404


def test_deleting_a_template_asks_first(coach_client, coach):
    template = own_template(coach)
    url = reverse("template-delete", args=[template.pk])
    assert "cannot be undone" in coach_client.get(url).text
    assert ProgressionTemplate.objects.filter(pk=template.pk).exists()
    coach_client.post(url)
    assert not ProgressionTemplate.objects.filter(pk=template.pk).exists()


@pytest.mark.parametrize("name", ["template-detail", "template-edit", "template-delete"])
def test_other_coach_gets_404_on_a_template(client, coach, other_coach, name):
    template = own_template(coach)
    client.force_login(other_coach)
    assert client.get(reverse(name, args=[template.pk])).status_code == 404


def test_other_coach_cannot_copy_a_template(client, coach, other_coach):
    template = own_template(coach)
    client.force_login(other_coach)
    assert client.post(reverse("template-copy", args=[template.pk])).status_code == 404


def test_other_coachs_templates_are_not_listed(client, coach, other_coach):
    own_template(coach, name="Maria's secret session")
    client.force_login(other_coach)
    assert "Maria's secret session" not in client.get(reverse("template-list")).text


def test_athletes_get_404_on_template_pages(client, athlete):
    client.force_login(athlete.user)
    for url in [reverse("template-list"), reverse("template-create"), reverse("rules-edit")]:
        assert client.get(url).status_code == 404


def test_the_detail_page_shows_paces_for_the_chosen_athlete(coach_client, athlete):
    add_5k(athlete, days_ago=5)
    builtin = ProgressionTemplate.objects.get(preset_key="thirds")
    page = coach_client.get(reverse("template-detail", args=[builtin.pk]), {"athlete": athlete.pk})
    assert "4:29–4:34 /km" in page.text  # M at VDOT 49.97 (4:31/km) ±1%
    assert 'data-code="easy-share"' in page.text


def test_a_coach_cannot_resolve_paces_for_another_coachs_athlete(coach_client, other_athlete):
    builtin = ProgressionTemplate.objects.get(preset_key="thirds")
    page = coach_client.get(
        reverse("template-detail", args=[builtin.pk]), {"athlete": other_athlete.pk}
    )
    assert page.status_code == 200
    assert "Lukas" not in page.text


def test_plan_text_typed_after_the_last_check_wins_on_save(coach_client, coach):
    # The rows still hold the plan of the last check; the box was changed after it.
    response = post_template(
        coach_client,
        reverse("template-create"),
        ("10", "min", "easy"),
        plan_text="30min easy, 20min steady, 10min marathon",
        plan_text_synced="10min easy",
    )
    assert response.status_code == 302
    template = ProgressionTemplate.objects.get(owner=coach)
    assert format_plan(template.stage_values()) == "30min easy, 20min steady, 10min marathon"


def test_a_typo_typed_after_the_last_check_blocks_saving(coach_client, coach):
    response = post_template(
        coach_client,
        reverse("template-create"),
        ("30", "min", "easy"),
        ("20", "min", "steady"),
        plan_text="30min easy, 20min fast",
        plan_text_synced="30min easy, 20min steady",
    )
    assert response.status_code == 200
    assert "At character 19" in response.text
    assert not ProgressionTemplate.objects.filter(owner=coach).exists()


def test_the_htmx_answer_leaves_the_plan_box_alone_while_the_coach_types(coach_client):
    response = post_template(
        coach_client,
        reverse("template-create"),
        ("10", "min", "easy"),
        op="text",
        plan_text="30min easy, 20min steady",
        HTTP_HX_REQUEST="true",
    )
    assert 'id="id_plan_text"' not in response.text  # no out-of-band swap of the box
    assert 'id="id_plan_text_synced"' in response.text


def test_the_htmx_answer_rewrites_the_plan_box_after_a_row_change(coach_client):
    response = post_template(
        coach_client,
        reverse("template-create"),
        ("30", "min", "easy"),
        ("20", "min", "steady"),
        op="stages",
        HTTP_HX_REQUEST="true",
    )
    assert 'id="id_plan_text" value="30min easy, 20min steady"' in response.text.replace("\n", " ")
