"""Every edit form of the app, opened and saved unchanged in a real browser, loses nothing.

The test client posts what a test writes; a browser posts what its fields hold, and a field
drops a value it cannot show (a `23/03/2027` in an `<input type="date">` shows as empty, and
saving stores None). So the forms are found as a person finds them, by following links from
the home page, and each one is saved as it opens: every stored value must be visible in its
field, and the database must be the same afterwards. A new edit form is covered as soon as
a page links to it.
"""

import importlib
import re
from collections import deque
from datetime import date, datetime, time, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.db import models
from django.urls import resolve
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from athletes.models import Athlete, Invitation, RaceResult, Role, ZoneOverride
from athletes.paces import MARATHON_M
from athletes.units import parse_pace
from tests.browser.helpers import field as labelled
from tests.browser.helpers import log_in, settled
from tests.conftest import make_user
from workouts import availability, notes, run_logs, services
from workouts.models import (
    CoachRules,
    EmailSettings,
    Phase,
    PlannedSession,
    ProgressionTemplate,
    RunEmailBatch,
    SessionKind,
    TemplateStage,
)
from workouts.plan_text import parse_plan

pytestmark = pytest.mark.browser

# Links a person follows without wanting to edit anything: leaving, the admin, passwords
# (a form that must not be saved unchanged), and confirmation pages of deletes.
SKIP_LINK = re.compile(r"^/(logout|admin|password)(/|$)|/delete/|/invite/")
# Forms that act rather than save: judged by where they post and what their button says.
# A new calendar feed address (docs/running.md §4.11) is an act too: it retires the old one.
# Fixing sessions against the athlete's moves (athlete-lock, athlete-moves) toggles, as a lock.
# Logging a run (an upload, a run by hand from its session's page) or marking it not run
# makes something new: the log's own edit form and its pairing are edits, and checked.
# Marking reviewed runs (one in place with htmx, or ticked in the queue) is an act too.
SKIP_ACTION = re.compile(
    r"/(logout|delete|invite|copy|propose|replan|lock|restore|new-address|athlete-lock"
    r"|athlete-moves|upload|log|not-run|review-state|mark)/"
)
SKIP_BUTTON = re.compile(
    r"\b(delete|remove|log ?out|send|resend|invite|copy|duplicate|add|propose|re-plan|apply"
    r"|lock|unlock|undo)\b",
    re.IGNORECASE,
)
# What a form re-shown with a problem carries (crispy-forms, Django, the app's messages).
ERROR_MARKERS = ".is-invalid, .invalid-feedback, .errorlist, .alert-danger"
# The edit forms the app has today: the crawl must reach at least these.
KNOWN_EDIT_PAGES = {
    "athlete-edit",
    "athlete-profile-edit",
    "zone-overrides-edit",
    "rules-edit",
    "template-edit",
    "block-phases-edit",
    "block-recovery-edit",
    "session-edit",
    "block-week-edit",
    "account-settings",
    "note-edit",
    "athlete-visibility-edit",
    "email-settings",
    "availability-athlete",
    "availability-edit",
    "athlete-log-edit",
    "coach-log-edit",
}
MAX_PAGES = 300
# Inputs whose value the browser refused: what the server wrote in `value` is not what the
# field holds (a date as 23/03/2027 in an <input type="date"> holds nothing).
DROPPED_VALUES = """() => [...document.querySelectorAll("input[value]")]
  .filter(el => !["checkbox", "radio", "hidden", "file", "password", "submit", "button",
                  "reset", "image"].includes(el.type))
  .filter(el => el.getAttribute("value") !== el.value)
  .map(el => `<input type=${el.getAttribute("type")} name=${el.name}> was sent ` +
             `${JSON.stringify(el.getAttribute("value"))} but holds ${JSON.stringify(el.value)}`)
"""
HALF_MARATHON_M = MARATHON_M / 2


# -- The data: every field of every form holds something ----------------------------------


def _goal_day(weeks: int) -> date:
    # Day 23: no month has 23 days, so a day and month swapped can never pass for a date.
    return (timezone.localdate() + timedelta(weeks=weeks)).replace(day=23)


def _own_template(coach, name: str, phase: str, description: str, plan: str):
    template = ProgressionTemplate.objects.create(
        owner=coach, name=name, phase=phase, description=description
    )
    TemplateStage.objects.bulk_create(
        TemplateStage.from_value(stage, position=i, template=template)
        for i, stage in enumerate(parse_plan(plan))
    )
    return template


def build_rich_data():
    """A coach with two athletes (one in km with an account, one in miles still invited),
    race results, hand-set zones, non-default rules, own templates and the built-ins."""
    importlib.import_module("workouts.migrations.0002_builtin_templates").create_builtins(
        django_apps, None
    )
    coach = make_user("coach@example.com", Role.COACH, "Maria", "Hernández")
    today = timezone.localdate()
    user = make_user("runner@example.com", Role.ATHLETE, "Amara", "Okafor")
    amara = Athlete.objects.create(
        coach=coach,
        user=user,
        first_name="Amara",
        last_name="Okafor",
        email=user.email,
        units="km",
        resting_hr_bpm=46,
        max_hr_bpm=186,
        lthr_bpm=168,
        prediction_method="recent",
        goal_race_name="Valencia Marathon",
        goal_race_date=_goal_day(weeks=30),
        goal_race_distance_m=MARATHON_M,
        goal_time_s=3 * 3600 + 5 * 60,
        # What she sees of the plan: the window, and a date kept from an earlier choice.
        plan_visibility="window",
        plan_visible_days=21,
        plan_visible_until=_goal_day(weeks=6),
    )
    lukas = Athlete.objects.create(
        coach=coach,
        first_name="Lukas",
        last_name="Berg",
        email="lukas@example.com",
        units="mi",
        resting_hr_bpm=52,
        max_hr_bpm=191,
        lthr_bpm=171,
        goal_race_name="Berlin Half",
        goal_race_date=_goal_day(weeks=16),
        goal_race_distance_m=HALF_MARATHON_M,
        goal_time_s=3600 + 32 * 60 + 30,
    )
    Invitation.objects.create(athlete=lukas, email=lukas.email, created_by=coach)
    for athlete, races in [
        (amara, [(90, 5000, 1197, "Parkrun"), (30, 10_000, 41 * 60 + 30, "City 10K")]),
        (lukas, [(60, HALF_MARATHON_M, 3600 + 38 * 60 + 12, "Spring Half")]),
    ]:
        for days_ago, distance_m, time_s, name in races:
            RaceResult.objects.create(
                athlete=athlete,
                date=today - timedelta(days=days_ago),
                distance_m=distance_m,
                time_s=time_s,
                name=name,
            )
    # Stored as the zones form stores them: parsed from what a coach types.
    ZoneOverride.objects.create(
        athlete=amara,
        zone="marathon",
        pace_fast_s_per_km=parse_pace("4:20"),
        pace_slow_s_per_km=parse_pace("4:25"),
    )
    ZoneOverride.objects.create(athlete=amara, zone="threshold", hr_low_bpm=160, hr_high_bpm=168)
    ZoneOverride.objects.create(
        athlete=lukas,
        zone="easy",
        pace_fast_s_per_km=parse_pace("8:30", "mi"),
        pace_slow_s_per_km=parse_pace("9:15", "mi"),
        hr_low_bpm=128,
        hr_high_bpm=144,
    )
    CoachRules.objects.create(
        coach=coach,
        easy_share_min_pct=45,
        easy_share_max_pct=65,
        stage_min_min=8,
        stage_max_min=25,
        max_zone_step=2,
        transition_threshold_max_min=12,
        pace_tolerance_s_per_km=6,
        compliance_green_min_pct=85,
        compliance_green_max_pct=115,
        compliance_yellow_min_pct=60,
        compliance_yellow_max_pct=140,
        easy_share_review_points=12,
        pause_max_s=90,
        base_per_week=2,
        taper_days=12,
        long_run_spacing_weeks=3,
    )
    _own_template(
        coach,
        "Sunday long progression",
        Phase.LONG_RUN,
        "Relaxed start, strong finish at marathon pace.",
        "5km easy, 20min steady, 3mi marathon",
    )
    _own_template(
        coach,
        "Base builder",
        Phase.BASE,
        "Stay conversational for the first half.",
        "30min easy, 15min steady, 10min @4:40-4:50/km",
    )
    # Email settings other than the defaults, each kept by a save unchanged (§4.14, §3.14).
    EmailSettings.objects.create(
        user=coach,
        coach_notices=False,
        runs=True,
        runs_batch=RunEmailBatch.EACH,
        runs_time=time(6, 45),
        digest=False,
    )
    EmailSettings.objects.create(
        user=user, plan_changes=False, daily=True, daily_time=time(5, 15), comments=False
    )
    _block_with_sessions(amara)
    return coach


def _block_with_sessions(athlete):
    """A 10-week block with a moved, locked progression run with notes, an easy run and the
    race: the block's phases and every session's edit form are crawled too."""
    block = services.block_create(
        athlete=athlete,
        race_name="Spring Marathon",
        race_date=_goal_day(14),
        race_distance_m=MARATHON_M,
        goal_time_s=3 * 3600 + 5 * 60,
        n_weeks=10,
    )
    run, _ = services.session_save(
        block=block,
        date=block.start + timedelta(days=2),
        kind=SessionKind.PROGRESSION,
        title="Thirds",
        notes="Keep the first third truly easy.\nFinish strong, not flat out.",
        stages=parse_plan("20min easy, 20min steady, 20min marathon"),
    )
    services.session_move(session=run, date=run.date + timedelta(days=1))
    services.session_lock(session=PlannedSession.objects.get(pk=run.pk), locked=True)
    services.session_save(
        block=block,
        date=block.start + timedelta(days=5),
        kind=SessionKind.EASY,
        title="Easy hour",
        notes="",
        stages=parse_plan("60min easy"),
    )
    # A private note of two lines on a day, and the athlete's note on a week (issue 7).
    notes.note_create(
        block=block,
        author=athlete.coach,
        date=block.start + timedelta(days=5),
        text="Check the shoes.\nAsk about the knee.",
        visibility="coach",
    )
    notes.note_create(block=block, author=athlete.coach, week=2, text="A lighter week.")
    # Her longest sessions in a usual week, and days limited by a cold (issue 8).
    availability.availability_week_save(athlete=athlete, longest={1: 50, 6: 150})
    availability.availability_range_save(
        athlete=athlete,
        by=athlete.coach,
        start=block.start + timedelta(days=8),
        end=block.start + timedelta(days=10),
        status="limited",
        longest_min=40,
        reason="ill",
        note="A cold",
    )
    # A run she logged by hand this morning, every field filled, a distance that is no round
    # number of the units shown (issue 9).
    run_logs.run_log_create(
        athlete=athlete,
        by=athlete.user,
        session=None,
        data={
            "date": timezone.localdate(),
            "duration_s": 3725,
            "distance_m": 12_345.6,
            "avg_hr": 151,
            "rpe": 7,
            "feel": 4,
            "pain_note": "Left calf tight\nafter 8 km",
            "notes": "Windy on the way back.",
            "temp_c": 21.5,
            "dew_point_c": 14.0,
        },
        stages=[],
    )


# -- The database, as a whole -------------------------------------------------------------


def project_models() -> list[type[models.Model]]:
    """The models of the project's own apps (the ones beside manage.py), not third parties'."""
    base = Path(settings.BASE_DIR).resolve()
    return [
        model
        for config in django_apps.get_app_configs()
        if Path(config.path).resolve().parent == base
        for model in config.get_models()
    ]


def _stored_fields(model) -> list[models.Field]:
    """The columns that hold what people entered: not the row's own id (a save may replace
    identical rows, as the template editor does with its stages; anything pointing at a row
    would show a changed id), nor timestamps the database keeps by itself."""
    return [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key
        and not getattr(field, "auto_now", False)
        and field.name != "last_login"
    ]


def snapshot() -> dict[str, list[dict]]:
    """Every row of every project model, as comparable dicts, in a stable order."""
    rows = {}
    for model in project_models():
        names = [field.attname for field in _stored_fields(model)]
        rows[model._meta.label] = sorted(
            (dict(zip(names, values, strict=True)) for values in model.objects.values_list(*names)),
            key=repr,
        )
    return rows


def differences(before: dict, after: dict) -> list[str]:
    """What changed, field by field where a row was changed (paired with the new row it shares
    most values with), else the whole row removed or added."""
    lines = []
    for label in before:
        gone = [row for row in before[label] if row not in after[label]]
        new = [row for row in after[label] if row not in before[label]]
        for old in gone:
            same = [sum(old[key] == row[key] for key in old) for row in new]
            if not same or max(same) < len(old) / 2:
                lines.append(f"{label} row removed: {old}")
                continue
            row = new.pop(same.index(max(same)))
            changed = [f"{key} {old[key]!r} -> {row[key]!r}" for key in old if old[key] != row[key]]
            lines.append(f"{label} changed: {', '.join(changed)} (was {old})")
        lines += [f"{label} row added: {row}" for row in new]
    return lines


# -- What a field shows against what is stored ----------------------------------------------


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def shows(stored, shown: str, input_type: str) -> bool | None:
    """True when the field shows exactly the stored value, False when it shows a different
    one, None when it shows it in a person's own words ("3:05:00" for 11100 s, "Marathon"
    for 42195 m) that this test cannot read back."""
    if isinstance(stored, bool):
        return shown == ("on" if stored else "")
    if isinstance(stored, list):
        # A list of choices against the values of the checkboxes ticked.
        return isinstance(shown, list) and sorted(map(str, stored)) == sorted(shown)
    if isinstance(stored, datetime):
        local = timezone.localtime(stored) if timezone.is_aware(stored) else stored
        if input_type == "datetime-local":
            return shown.startswith(local.strftime("%Y-%m-%dT%H:%M"))
        return None
    if isinstance(stored, date):
        if input_type == "date":
            return shown == stored.isoformat()
        return None
    if isinstance(stored, time):
        # An <input type="time"> holds hh:mm (athletes.widgets.TimeInput).
        return shown == stored.strftime("%H:%M") if input_type == "time" else None
    if isinstance(stored, int | float):
        number = _number(shown)
        return None if number is None else abs(number - stored) < 1e-6
    return shown == str(stored)


def _field_names(model) -> dict[str, str]:
    """Form field name -> column, for a model's stored fields (`athlete` and `athlete_id`)."""
    names = {}
    for field in _stored_fields(model):
        names[field.name] = names[field.attname] = field.attname
    return names


def shown_row(values: dict[str, tuple[str, str]], rows: dict[str, list[dict]]):
    """The stored row a group of fields shows: of the models sharing most field names with the
    group, the row it agrees with on most values. None when it agrees with no row at all (a
    blank row of a formset, whose row the test cannot know)."""
    by_model = {model._meta.label: _field_names(model) for model in project_models()}
    overlap = {label: set(values) & set(names) for label, names in by_model.items()}
    most = max((len(names) for names in overlap.values()), default=0)
    if most == 0:
        return None, {}
    best, best_score, best_names = None, 0, {}
    for label, names in overlap.items():
        if len(names) < most:
            continue
        columns = {name: by_model[label][name] for name in names}
        for row in rows[label]:
            score = sum(
                shows(row[column], *values[name]) is True for name, column in columns.items()
            )
            if score > best_score:
                best, best_score, best_names = row, score, columns
    return best, best_names


FORMSET_NAME = re.compile(r"^(?P<prefix>.+-\d+)-(?P<name>[^-]+)$")


def read_fields(form: Locator) -> list[dict]:
    """What each visible field of the form shows, as the browser holds it."""
    fields = []
    for control in form.locator("input, select, textarea").all():
        name, kind = control.evaluate("el => [el.name, el.type]")
        if not name or kind in {"hidden", "submit", "button", "reset", "file", "password"}:
            continue
        if not control.is_visible():
            continue
        if kind in {"checkbox", "radio"}:
            shown = "on" if control.is_checked() else ""
        else:
            shown = control.input_value()
        fields.append({"name": name, "type": kind, "shown": shown, "value": control.input_value()})
    return _multiple_choices(fields)


def _multiple_choices(fields: list[dict]) -> list[dict]:
    """Checkboxes sharing a name are one field of several choices (training days): it shows
    the list of the values ticked. Radio buttons sharing a name are one field showing the
    value of the one chosen (what an athlete sees of the plan)."""
    names = [field["name"] for field in fields if field["type"] == "checkbox"]
    shared = {name for name in names if names.count(name) > 1}
    merged, groups, radios = [], {}, {}
    for field in fields:
        if field["type"] == "radio":
            if field["name"] not in radios:
                radios[field["name"]] = {"name": field["name"], "type": "radio", "shown": ""}
                merged.append(radios[field["name"]])
            if field["shown"]:
                radios[field["name"]]["shown"] = field["value"]
            continue
        if field["name"] not in shared:
            merged.append(field)
            continue
        if field["name"] not in groups:
            groups[field["name"]] = {"name": field["name"], "type": "checkboxes", "shown": []}
            merged.append(groups[field["name"]])
        if field["shown"]:
            groups[field["name"]]["shown"].append(field["value"])
    return merged


def field_problems(fields: list[dict], rows: dict[str, list[dict]]) -> list[str]:
    problems = []
    groups: dict[str, dict[str, tuple[str, str]]] = {}
    for field in fields:
        match = FORMSET_NAME.match(field["name"])
        prefix, name = (match["prefix"], match["name"]) if match else ("", field["name"])
        groups.setdefault(prefix, {})[name] = (field["shown"], field["type"])
    for prefix, values in groups.items():
        row, columns = shown_row(values, rows)
        if row is None:
            continue
        for name, column in columns.items():
            stored, (shown, kind) = row[column], values[name]
            if stored in (None, ""):
                continue
            label = f"{prefix}-{name}" if prefix else name
            if shown == "" and stored is not False:  # an unticked box shows False as nothing
                problems.append(f"{label} shows nothing, but {stored!r} is stored")
            elif shows(stored, shown, kind) is False:
                problems.append(f"{label} shows {shown!r}, but {stored!r} is stored")
    return problems


# The pages whose stages live in a plan box (a row of stages stored under the page's object,
# that no field of the form names): what the box holds must read back as the stored stages.
PLAN_OWNERS = {"template-edit": ProgressionTemplate, "session-edit": PlannedSession}


def plan_problems(path: str, form: Locator) -> list[str]:
    """The plan box against the stages stored for the object the page edits; on the template
    editor, its stage rows too (one a stage)."""
    box, match = form.locator("[name=plan_text]"), resolve(path)
    if not box.count():
        return ["has no plan box"] if match.url_name in PLAN_OWNERS else []
    if match.url_name not in PLAN_OWNERS:
        return ["holds a plan box, but the test does not know whose stages it shows"]
    stored = PLAN_OWNERS[match.url_name].objects.get(pk=match.kwargs["pk"]).stage_values()
    text = box.input_value()
    problems = []
    try:
        shown = parse_plan(text) if text.strip() else []  # a race day holds no stages
    except ValueError as error:
        shown = None
        problems.append(f"the plan box shows {text!r}, which does not read: {error}")
    if shown is not None and shown != stored:
        problems.append(f"the plan box shows {text!r} ({shown}), but {stored} is stored")
    rows = form.get_by_test_id("stage-row")
    if match.url_name == "template-edit" and rows.count() != len(stored):
        problems.append(f"{rows.count()} stage rows show {len(stored)} stored stages")
    return problems


# -- Finding the forms, as a person would ----------------------------------------------------


def save_buttons(form: Locator) -> list[Locator]:
    """The buttons of a form that save it: visible, not hidden from people, not acting."""
    buttons = []
    for button in form.locator("button, input[type=submit]").all():
        kind = (button.get_attribute("type") or "submit").lower()
        if kind != "submit" or not button.is_visible():
            continue
        if button.get_attribute("aria-hidden") == "true" or button.is_disabled():
            continue
        text = button.inner_text() or button.get_attribute("value") or ""
        if not SKIP_BUTTON.search(text):
            buttons.append(button)
    return buttons


def saving_forms(page: Page) -> list[int]:
    """The indexes of the page's POST forms that save something already stored."""
    if urlsplit(page.url).path.endswith("/new/"):
        return []  # a page that creates has no stored values to keep
    found = []
    for index, form in enumerate(post_forms(page).all()):
        action = urlsplit(form.evaluate("el => el.action")).path
        if not SKIP_ACTION.search(action) and save_buttons(form):
            found.append(index)
    return found


def post_forms(page: Page) -> Locator:
    return page.locator("form[method=post i]")


def crawl(page: Page, live_server) -> tuple[dict[str, list[int]], list[str]]:
    """Follow every same-origin link from the home page, breadth first. Links with a query
    string only filter or re-show a page (`?phase=`, `?athlete=`) and are not followed.
    Returns the pages that hold edit forms (with the forms' indexes), and what was wrong on
    the way: a link that answers with an error, a field on any page (a create page too)
    that refuses the value the server wrote into it."""
    origin = urlsplit(live_server.url).netloc
    queue, seen = deque(["/"]), {"/"}
    edit_pages, problems = {}, []
    while queue:
        assert len(seen) < MAX_PAGES, "The crawl does not end: more pages than any app has."
        path = queue.popleft()
        response = page.goto(live_server.url + path)
        if response is None or not response.ok:
            problems.append(f"{path} answered {response.status if response else 'nothing'}")
            continue
        landed = urlsplit(page.url).path
        seen.add(landed)
        problems += [f"{landed}: {problem}" for problem in page.evaluate(DROPPED_VALUES)]
        if landed not in edit_pages and (forms := saving_forms(page)):
            edit_pages[landed] = forms
        # A link with `download` hands over a file (a CSV export), not a page to read.
        links = "a[href]:not([download])"
        for href in page.eval_on_selector_all(links, "links => links.map(a => a.href)"):
            link = urlsplit(href)
            if link.netloc != origin or link.query or SKIP_LINK.search(link.path):
                continue
            if link.path not in seen:
                seen.add(link.path)
                queue.append(link.path)
    return edit_pages, problems


def save_unchanged(page: Page, live_server, path: str, index: int) -> list[str]:
    """Open the page, check what the form shows, save it untouched; what went wrong."""
    page.goto(live_server.url + path)
    settled(page)
    before = snapshot()
    form = post_forms(page).nth(index)
    problems = field_problems(read_fields(form), before) + plan_problems(path, form)
    button = save_buttons(form)[0]
    label = button.inner_text().strip() or button.get_attribute("value")
    with page.expect_navigation() as navigation:
        button.click()
    response = navigation.value
    if response is None or not response.ok:
        problems.append(f"saving answered {response.status if response else 'nothing'}")
    elif page.locator(ERROR_MARKERS).count():
        shown = page.locator(ERROR_MARKERS).first.inner_text().strip()
        problems.append(f"saving unchanged was refused: {shown!r}")
    problems += differences(before, snapshot())
    return [f"{path} form {index} ({label!r}): {problem}" for problem in problems]


def check_every_edit_form(page: Page, live_server, email: str) -> tuple[set[str], list[str]]:
    log_in(page, live_server, email)
    edit_pages, problems = crawl(page, live_server)
    for path, forms in edit_pages.items():
        for index in forms:
            problems += save_unchanged(page, live_server, path, index)
    page.context.clear_cookies()
    return {resolve(path).url_name for path in edit_pages}, problems


# -- The test --------------------------------------------------------------------------------


def test_saving_every_edit_form_unchanged_keeps_every_stored_value(
    live_server, page, transactional_db
):
    build_rich_data()
    coach_pages, problems = check_every_edit_form(page, live_server, "coach@example.com")
    athlete_pages, athlete_problems = check_every_edit_form(page, live_server, "runner@example.com")

    missing = KNOWN_EDIT_PAGES - coach_pages - athlete_pages
    assert not missing, f"The crawl did not reach these edit forms: {sorted(missing)}"
    problems += athlete_problems
    assert not problems, "Saving unchanged forms lost or hid stored values:\n" + "\n".join(problems)


def test_the_coach_saves_the_email_settings_unchanged_then_picks_the_daily_batch(
    live_server, page: Page, coach
):
    """The coach's run emails (§3.14) in the browser: one per run at 06:45 and no digest, as
    stored, shown and kept by a save unchanged; then the daily batch at 05:30, kept."""
    EmailSettings.objects.create(
        user=coach,
        coach_notices=False,
        runs=True,
        runs_batch=RunEmailBatch.EACH,
        runs_time=time(6, 45),
        digest=False,
    )
    stored = EmailSettings.objects.filter(user=coach)
    before = stored.values().get()
    log_in(page, live_server, coach.email)
    page.goto(live_server.url + "/account/email/")
    form = page.get_by_test_id("email-settings")
    each = form.get_by_label("One email per run with findings")
    batch = form.get_by_label("One daily batch")
    at = labelled(form, "Daily batch at")
    expect(each).to_be_checked()
    expect(batch).not_to_be_checked()
    expect(at).to_have_value("06:45")
    expect(form.get_by_label(re.compile("email me of my athletes' runs", re.I))).to_be_checked()
    expect(form.get_by_label(re.compile("weekly digest", re.I))).not_to_be_checked()
    expect(form.get_by_label(re.compile("moves a session", re.I))).not_to_be_checked()
    # Only the coach's emails: none of an athlete's.
    expect(form.get_by_label(re.compile("day's session every day", re.I))).to_have_count(0)
    form.get_by_role("button", name="Save").click()
    expect(page.locator("#messages")).to_contain_text("Your email settings are saved.")
    assert stored.values().get() == before

    batch.check()
    at.fill("05:30")
    form.get_by_role("button", name="Save").click()
    expect(page.locator("#messages")).to_contain_text("Your email settings are saved.")
    page.reload()
    expect(batch).to_be_checked()
    expect(each).not_to_be_checked()
    expect(at).to_have_value("05:30")
    after = stored.values().get()
    assert (after["runs_batch"], after["runs_time"]) == (RunEmailBatch.DAILY, time(5, 30))
    assert {k: v for k, v in after.items() if k not in ("runs_batch", "runs_time")} == {
        k: v for k, v in before.items() if k not in ("runs_batch", "runs_time")
    }
