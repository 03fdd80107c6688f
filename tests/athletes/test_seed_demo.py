import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from athletes.models import Athlete, Role, User
from workouts.block_plan import PHASE_NAMES, PROGRESSION_KINDS
from workouts.models import (
    Block,
    LogPairing,
    LogSource,
    LogStatus,
    PlannedSession,
    RunLog,
    SessionKind,
    SessionStage,
)
from workouts.selectors import block_calendar

pytestmark = pytest.mark.django_db


def snapshot():
    users = list(
        User.objects.order_by("email").values_list(
            "email", "first_name", "last_name", "role", "password"
        )
    )
    athletes = list(Athlete.objects.order_by("email").values_list("email", "coach__email"))
    blocks = list(Block.objects.order_by("pk").values_list("pk", "athlete__email", "race_date"))
    sessions = list(
        PlannedSession.objects.order_by("pk").values_list(
            "pk", "block_id", "date", "kind", "version"
        )
    )
    logs = list(
        RunLog.objects.order_by("pk").values_list(
            "pk", "athlete__email", "session_id", "date", "status", "compliance"
        )
    )
    return users, athletes, blocks, sessions, SessionStage.objects.count(), logs


def test_seed_demo_follows_the_account_convention(capsys):
    call_command("seed_demo", coaches=2, athletes=3, blocks=False)
    assert User.objects.get(email="admin@example.com").is_staff
    for c in (1, 2):
        coach = User.objects.get(email=f"coach{c}@example.com")
        assert coach.role == Role.COACH
        emails = sorted(coach.athletes.values_list("email", flat=True))
        assert emails == [f"athlete{c}-{n}@example.com" for n in (1, 2, 3)]
    assert User.objects.get(email="athlete2-3@example.com").check_password("demo")
    output = capsys.readouterr().out
    assert "coach2@example.com" in output and "athlete1-1@example.com" in output


def test_seed_demo_names_are_realistic_and_distinct():
    call_command("seed_demo", coaches=4, athletes=8, blocks=False)
    names = [(u.first_name, u.last_name) for u in User.objects.exclude(role=Role.ADMIN)]
    assert len(names) == len(set(names)) == 4 + 32
    assert all(
        first and last and not any(ch.isdigit() for ch in first + last) for first, last in names
    )


def test_running_seed_demo_twice_changes_nothing():
    call_command("seed_demo", coaches=2, athletes=1)
    before = snapshot()
    assert len(before[2]) == 2 and len(before[3]) > 2 * 50 and len(before[5]) > 2 * 10
    call_command("seed_demo", coaches=2, athletes=1)
    assert snapshot() == before


def phases_by_kind(block) -> dict[str, set[str]]:
    """The phases holding at least one session of each kind."""
    plan = block.as_value()
    found: dict[str, set[str]] = {}
    for session in block.sessions.all():
        found.setdefault(session.kind, set()).add(plan.phase_on(session.date))
    return found


def test_every_demo_athlete_gets_a_block_with_progression_runs_in_each_phase():
    call_command("seed_demo", athletes=3)
    blocks = Block.objects.select_related("athlete").prefetch_related("phases")
    assert blocks.count() == Athlete.objects.count() == 3
    assert sorted(block.n_weeks for block in blocks) == [12, 18, 18]
    for block in blocks:
        assert {span.phase for span in block.phases.all()} == set(PHASE_NAMES)
        found = phases_by_kind(block)
        progression_phases = set().union(*(found.get(kind, set()) for kind in PROGRESSION_KINDS))
        assert progression_phases == {"base", "transition", "long_run"}, block
        assert "long_run" in found[SessionKind.LONG_RUN_PROGRESSION]
        assert found[SessionKind.EASY] >= set(PHASE_NAMES)
        assert {"base", "taper"} <= found[SessionKind.LONG_RUN]


def test_demo_blocks_lead_to_the_goal_race_a_few_months_ahead_and_began_weeks_ago():
    call_command("seed_demo", athletes=2)
    today = timezone.localdate()
    blocks = list(Block.objects.select_related("athlete"))
    assert len(blocks) == 2
    for block in blocks:
        athlete = block.athlete
        assert block.race_date == athlete.goal_race_date
        assert block.race_name == athlete.goal_race_name
        assert 8 * 7 <= (block.race_date - today).days <= 15 * 7
        assert block.start < today
        assert block.sessions.filter(date__lt=today).count() >= 3 * 4
        race = block.sessions.get(kind=SessionKind.RACE)
        assert race.date == block.race_date and race.locked
        weekdays = {s.date.weekday() for s in block.sessions.exclude(kind=SessionKind.RACE)}
        assert weekdays == set(athlete.training_days)


def test_demo_blocks_have_no_placement_error_or_warning():
    call_command("seed_demo", athletes=2)
    blocks = list(Block.objects.all())
    assert len(blocks) == 2
    for block in blocks:
        calendar = block_calendar(block, today=timezone.localdate())
        assert [f.message for f in calendar.findings] == []


def test_seed_demo_without_blocks_makes_accounts_only():
    call_command("seed_demo", athletes=2, blocks=False)
    assert Athlete.objects.count() == 2 and not Block.objects.exists()


def test_seed_demo_rejects_absurd_sizes():
    with pytest.raises(CommandError, match="--athletes must be between 0 and 200"):
        call_command("seed_demo", athletes=-1)


# -- The logged history (docs/running.md §3.11) -------------------------------------------------


def test_the_past_progression_runs_are_watch_files_read_and_reviewed():
    call_command("seed_demo", athletes=2)
    for block in Block.objects.select_related("athlete"):
        past = block.sessions.filter(date__lt=timezone.localdate(), kind__in=PROGRESSION_KINDS)
        logs = RunLog.objects.filter(session__in=past)
        assert logs.count() == past.count() >= 3
        assert set(logs.values_list("source", "status", "pairing")) == {
            (LogSource.FILE, LogStatus.DONE, LogPairing.MANUAL)
        }
        assert {log.review["split_by"] for log in logs} == {"workout-steps"}
        assert all(log.file.size > 10_000 for log in logs)


def test_the_latest_runs_are_clean_then_a_sprint_finish_a_stop_and_a_fast_start():
    call_command("seed_demo", athletes=2)
    for athlete in Athlete.objects.all():
        files = RunLog.objects.filter(athlete=athlete, source=LogSource.FILE).order_by("-date")
        codes = [[f["code"] for f in log.review["findings"]] for log in files]
        assert codes[:4] == [[], ["finish-too-hard"], ["stopped"], ["started-too-fast"]]
        assert all(found == [] for found in codes[4:])
        stop = files[2].review["findings"][0]
        assert stop["severity"] == "serious" and stop["at_s"] > 0


def test_the_other_runs_are_logged_by_hand_most_on_plan_some_short():
    call_command("seed_demo", athletes=2)
    hand = RunLog.objects.filter(source=LogSource.HAND, session__isnull=False)
    assert hand.count() >= 2 * 10
    colours = list(hand.values_list("compliance", flat=True))
    assert colours.count("green") > colours.count("yellow") >= 2
    assert all(log.logged_by == log.athlete.user for log in hand.select_related("athlete"))


def test_each_athlete_has_a_missed_run_one_not_run_and_an_unplanned_run():
    call_command("seed_demo", athletes=2)
    today = timezone.localdate()
    for block in Block.objects.select_related("athlete"):
        calendar = block_calendar(block, today=today)
        entries = [e for w in calendar.weeks for d in w.days for e in d.sessions]
        kinds = [e.state.kind for e in entries if e.session.date < today]
        assert kinds.count("missed") == 1 and kinds.count("skipped") == 1
        assert kinds.count("logged") == len(kinds) - 2
        skipped = next(e for e in entries if e.state.kind == "skipped")
        assert skipped.state.label == "Not run: ill"
        runs = [run for w in calendar.weeks for d in w.days for run in d.runs]
        assert len(runs) == 1 and runs[0].date < today
        unplanned = RunLog.objects.get(pk=runs[0].pk)
        assert unplanned.session is None and unplanned.pairing == LogPairing.UNPLANNED


def test_seed_demo_without_logs_plans_only():
    call_command("seed_demo", athletes=2, logs=False)
    assert Block.objects.count() == 2 and not RunLog.objects.exists()
    assert not PlannedSession.objects.exclude(skipped_reason="").exists()
