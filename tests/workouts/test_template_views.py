"""Progression templates in the browser's terms: list, edit with live findings, save, copy."""

import html
import re

import pytest
from django.urls import reverse

from tests.conftest import add_5k
from workouts import services
from workouts.models import CoachRules, ProgressionTemplate
from workouts.plan_text import format_plan, parse_plan

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


def text_of(response) -> str:
    """The page as a person reads it: entities such as &#x27; decoded."""
    return html.unescape(response.text)


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


def test_a_plan_text_typo_names_the_word_and_shows_no_stale_stages(coach_client):
    response = post_template(
        coach_client,
        reverse("template-create"),
        ("30", "min", "easy"),
        ("20", "min", "steady"),
        op="text",
        plan_text="30min E, 20min X",
        plan_text_synced="30min easy, 20min steady",
        HTTP_HX_REQUEST="true",
    )
    page = text_of(response)
    assert "'X' after 20min is not a zone: easy, steady, marathon or threshold" in page
    assert "character" not in page
    assert 'data-invalid="true"' in page  # the script marks the box, which is not swapped
    assert page.count('data-testid="stage-row"') == 0
    assert "The stages cannot be read until the plan is fixed." in page
    assert 'data-testid="resolved"' not in page and "stage-bar" not in page
    assert "+ Add stage" not in page
    # No rows stand for the typed text, so the next check or save reads it again.
    assert 'id="id_plan_text_synced" value=""' in page


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
    data |= {name: value for name, value in RULES.items() if name not in data}  # placement
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
    page = text_of(response)
    assert "'fast' after 20min is not a zone" in page
    assert "Not saved: the typed plan cannot be read." in page
    box = re.search(r'<input type="text" name="plan_text"[^>]*>', response.text).group()
    assert "is-invalid" in box and 'aria-invalid="true"' in box
    assert 'aria-describedby="plan-text-error plan-text-help"' in box
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


# -- Stage tables: what each stage is planned as, and what the run adds up to ---------------

HTMX = {"HTTP_HX_REQUEST": "true"}


def stage_table(response) -> str:
    return text_of(response).split('data-testid="resolved"')[1].split("</table>")[0]


def column(table: str, label: str) -> list[str]:
    cells = re.findall(rf'<td data-label="{label}"[^>]*>(.*?)</td>', table, flags=re.S)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in cells]


def typed(client, plan, **fields):
    return post_template(
        client, reverse("template-create"), op="text", plan_text=plan, **fields, **HTMX
    )


def test_a_template_by_distance_shows_each_distance_and_the_total(coach_client):
    builtin = ProgressionTemplate.objects.get(preset_key="fast_finish_long_run")
    page = coach_client.get(reverse("template-detail", args=[builtin.pk]))
    table = stage_table(page)
    assert column(table, "Planned") == ["18 km", "6 km", "6 km", "30 km"]  # the last is the total
    assert column(table, "Time") == ["—", "—", "—", "—"]  # unknown without paces, and said so
    assert "30 km in all" in text_of(page)


def test_distances_show_in_the_athletes_miles_with_the_time_they_would_take(coach_client, athlete):
    athlete.units = "mi"
    athlete.save()
    add_5k(athlete)
    builtin = ProgressionTemplate.objects.get(preset_key="fast_finish_long_run")
    page = coach_client.get(reverse("template-detail", args=[builtin.pk]), {"athlete": athlete.pk})
    table = stage_table(page)
    assert column(table, "Planned") == ["11.18 mi", "3.73 mi", "3.73 mi", "18.64 mi"]
    times = column(table, "Time")
    assert all(re.fullmatch(r"≈ \d:\d\d:\d\d|≈ \d\d:\d\d", time) for time in times), times
    assert re.search(r"18\.64 mi in all, about \d:\d\d:\d\d", text_of(page))


def test_a_mix_of_time_and_distance_adds_up_both(coach_client, athlete):
    plan = "15min easy, 30min steady, 12km marathon"
    without = typed(coach_client, plan)
    assert column(stage_table(without), "Planned") == [
        "15 min",
        "30 min",
        "12 km",
        "45 min + 12 km",
    ]
    assert "45 min + 12 km in all" in text_of(without)
    assert "about" not in text_of(without).split('data-testid="total"')[1].split("</span>")[0]
    add_5k(athlete)
    paced = typed(coach_client, plan, athlete=str(athlete.pk))
    # 45 min, then 12 km at M (about 4:31 /km): about 54 minutes more.
    assert re.search(r"45 min \+ 12 km in all, about 1:39:\d\d", text_of(paced))
    assert re.fullmatch(r"≈ 1:39:\d\d", column(stage_table(paced), "Time")[-1])


def test_planned_amounts_read_as_a_coach_says_them(coach_client):
    page = typed(coach_client, "90s easy, 1h30min easy, 2h steady, 800m marathon")
    assert column(stage_table(page), "Planned") == [
        "1:30 min",
        "1 h 30 min",
        "2 h",
        "800 m",
        "3:31:30 + 800 m",
    ]


def test_the_stage_table_reflows_on_a_phone(coach_client):
    builtin = ProgressionTemplate.objects.get(preset_key="thirds")
    page = coach_client.get(reverse("template-detail", args=[builtin.pk])).text
    table = page.split('data-testid="resolved"')[0].rsplit("<table", 1)[1]
    assert "table-stack" in table
    cells = re.findall(r"<td[^>]*>", page.split('data-testid="resolved"')[1].split("</table>")[0])
    assert cells and all("data-label=" in cell or cell == "<td>" for cell in cells)


# -- Rules that cannot be judged without paces ----------------------------------------------


def bar_rects(page: str) -> list[tuple[float, str, str]]:
    rects = re.findall(
        r'<rect x="[\d.]+" y="0" width="([\d.]+)" height="10" fill="([^"]+)">'
        r"<title>([^<]*)</title>",
        page,
    )
    return [(float(width), fill, title) for width, fill, title in rects]


def test_a_rule_that_needs_paces_is_not_passed_without_an_athlete(coach_client):
    page = text_of(typed(coach_client, "15min E, 15min S, 5km M"))
    assert "every rule is met" not in page
    assert "No rule is broken so far, but not every rule could be checked." in page
    assert "Choose an athlete to check the easy share: it needs their paces." in page
    assert 'data-codes="easy-share"' in page


def test_an_athlete_without_paces_is_named_as_what_is_missing(coach_client, athlete):
    page = text_of(typed(coach_client, "15min E, 15min S, 5km M", athlete=str(athlete.pk)))
    assert "Amara Okafor has no paces yet: add a race result or set the zones by hand" in page
    assert "to check the easy share." in page


def test_the_athletes_paces_judge_the_easy_share(coach_client, athlete):
    add_5k(athlete)
    page = text_of(typed(coach_client, "15min E, 15min S, 5km M", athlete=str(athlete.pk)))
    assert 'data-testid="unjudged"' not in page
    assert 'data-code="easy-share"' in page  # 15 of about 53 minutes easy


def test_the_detail_page_says_what_it_could_not_check(coach_client, coach):
    template, _ = services.template_save(
        owner=coach,
        name="Mixed",
        phase="base",
        description="",
        stages=parse_plan("15min E, 15min S, 5km M"),
    )
    page = text_of(coach_client.get(reverse("template-detail", args=[template.pk])))
    assert "Choose an athlete to check the easy share" in page
    assert "every rule is met" not in page


def test_the_bar_hatches_a_stage_whose_time_is_unknown(coach_client):
    page = text_of(typed(coach_client, "15min E, 15min S, 5km M"))
    rects = bar_rects(page)
    # Known times size their stages; the 5 km stands in at their average, hatched.
    assert [width for width, _, _ in rects] == pytest.approx([100 / 3] * 3, abs=0.01)
    assert [fill.startswith("url(#bar") for _, fill, _ in rects] == [False, False, True]
    assert "time is not known without the athlete's paces" in rects[2][2]
    assert 'data-testid="bar-unknown"' in page


def test_the_bar_of_a_run_all_by_distance_is_drawn_by_distance(coach_client):
    page = text_of(typed(coach_client, "18km E, 6km S, 6km M"))
    rects = bar_rects(page)
    assert [width for width, _, _ in rects] == pytest.approx([60, 20, 20], abs=0.01)
    assert not any(fill.startswith("url(") for _, fill, _ in rects)
    assert 'data-testid="bar-unknown"' not in page


# -- A new template starts empty --------------------------------------------------------------


def test_a_new_template_opens_empty_with_an_example_to_start_from(coach_client):
    page = coach_client.get(reverse("template-create")).text
    assert page.count('data-testid="stage-row"') == 0
    assert "data-code=" not in page and 'data-testid="unjudged"' not in page
    assert 'data-testid="stages-empty"' in page and 'data-testid="findings-empty"' in page
    assert 'data-plan-example="40min easy, 15min steady, 10min marathon"' in page
    assert 'name="op" value="example"' in page  # the button works without JavaScript too
    assert 'placeholder="Type the stages, separated by commas"' in page
    assert 'src="/static/js/template_editor.js"' in page
    assert 'data-invalid="false"' in page


def test_the_example_goes_in_without_javascript(coach_client):
    response = post_template(coach_client, reverse("template-create"), op="example")
    assert response.text.count('data-testid="stage-row"') == 3
    assert 'value="40min easy, 15min steady, 10min marathon"' in response.text
    assert 'data-testid="findings-clear"' in response.text  # the example is a sound run


def test_saving_an_empty_template_says_it_needs_a_stage(coach_client, coach):
    response = post_template(coach_client, reverse("template-create"), name="")
    assert response.status_code == 200
    page = text_of(response)
    assert "Not saved: a template needs at least one stage." in page
    assert "A template needs at least one stage: type the plan, or start from the example" in page
    box = re.search(r'<input type="text" name="plan_text"[^>]*>', response.text).group()
    assert "is-invalid" in box and 'aria-invalid="true"' in box
    assert not ProgressionTemplate.objects.filter(owner=coach).exists()


def test_emptying_the_plan_box_leaves_no_stages_and_no_error(coach_client):
    response = post_template(
        coach_client,
        reverse("template-create"),
        ("30", "min", "easy"),
        ("20", "min", "steady"),
        op="text",
        plan_text="  ",
        plan_text_synced="30min easy, 20min steady",
        **HTMX,
    )
    assert response.text.count('data-testid="stage-row"') == 0
    assert 'data-testid="stages-empty"' in response.text
    assert 'data-invalid="false"' in response.text
    assert "data-code=" not in response.text


def test_removing_the_last_stage_leaves_the_editor_empty(coach_client):
    response = post_template(
        coach_client, reverse("template-create"), ("30", "min", "easy"), op="remove-0", **HTMX
    )
    assert 'data-testid="stages-empty"' in response.text
    assert 'id="id_plan_text" value=""' in response.text.replace("\n", " ")


def test_choosing_an_athlete_keeps_the_typo_and_its_message(coach_client, athlete):
    response = post_template(
        coach_client,
        reverse("template-create"),
        op="check",
        plan_text="30min E, 20min X",
        plan_text_synced="",
        athlete=str(athlete.pk),
        **HTMX,
    )
    page = text_of(response)
    assert "'X' after 20min is not a zone" in page
    assert 'id="id_plan_text"' not in page  # the box, being typed in, is left alone
    assert "The stages cannot be read until the plan is fixed." in page


# -- The rules page ------------------------------------------------------------------------------

RULES = {
    "easy_share_min_pct": 50,
    "easy_share_max_pct": 70,
    "stage_min_min": 10,
    "stage_max_min": 20,
    "max_zone_step": 1,
    "transition_threshold_max_min": 10,
    "pace_tolerance_s_per_km": 8,
    "compliance_green_min_pct": 80,
    "compliance_green_max_pct": 120,
    "compliance_yellow_min_pct": 50,
    "compliance_yellow_max_pct": 150,
    "easy_share_review_points": 10,
    "pause_max_s": 60,
    "base_per_week": 1,
    "transition_per_week": 2,
    "long_run_per_week": 1,
    "taper_per_week": 0,
    "taper_days": 10,
    "long_run_spacing_weeks": 2,
}


def test_rules_page_says_what_each_tolerance_applies_to(coach_client):
    page = text_of(coach_client.get(reverse("rules-edit")))
    assert "Each step after the easy start, at most (min)" in page
    assert "The easy start may last longer." in page
    assert "Pace tolerance outside a stage's band (s per km)" in page
    assert "steps last at most" not in page.lower()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "pace_tolerance_s_per_km",
            -1,
            "The pace tolerance cannot be negative: 0 means exactly the band.",
        ),
        ("stage_min_min", 0, "A step lasts at least 1 minute: a shorter step is not a step"),
        ("stage_min_min", -5, "A step lasts at least 1 minute: a shorter step is not a step"),
        ("stage_max_min", 0, "A step lasts at least 1 minute, so its longest cannot be less."),
        ("max_zone_step", 0, "The effort must be able to rise by at least 1 zone"),
        ("easy_share_min_pct", -10, "The easy share cannot be negative: 0% means no least share."),
        ("transition_threshold_max_min", -1, "The threshold finish cannot be negative"),
        ("easy_share_review_points", -2, "The easy share's leeway cannot be negative"),
        ("pause_max_s", -1, "A stop cannot last less than 0 seconds: 0 reports every stop."),
        ("compliance_yellow_min_pct", -1, "A share of the plan cannot be negative"),
        ("pace_tolerance_s_per_km", 99999, "That is more than any rule needs: give at most 32767."),
        ("pace_tolerance_s_per_km", "x", "Give a whole number."),
    ],
)
def test_rules_page_explains_a_value_out_of_range(coach_client, coach, field, value, message):
    response = coach_client.post(reverse("rules-edit"), RULES | {field: value})
    assert response.status_code == 200
    page = text_of(response)
    assert message in page
    assert "Ensure this value" not in page
    assert not CoachRules.objects.filter(coach=coach).exists()


def test_a_zero_longest_step_gets_one_message_not_two(coach_client):
    page = text_of(coach_client.post(reverse("rules-edit"), RULES | {"stage_max_min": 0}))
    assert "upside down" not in page
