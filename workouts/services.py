"""Writes of training: progression-run templates checked against the coach's own rules, and
marathon blocks with their phases and sessions."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from athletes.paces import PaceRange
from athletes.selectors import athlete_fitness
from workouts import availability, block_plan, targets
from workouts.models import (
    Block,
    BlockPhaseSpan,
    BlockWeek,
    PlannedSession,
    ProgressionTemplate,
    RacePriority,
    SessionKind,
    SessionStage,
    SkipReason,
    TemplateStage,
)
from workouts.plan_changes import plan_watched
from workouts.progression import Finding, Stage, check_progression, is_blocking
from workouts.run_logs import logs_follow_plan
from workouts.selectors import (
    B_RACE_TAPER_DAYS,
    HARD_BEFORE_B_RACE,
    b_race_findings,
    coach_rule_sets,
    coach_rules,
)


class TemplateRejected(Exception):
    """The stages break a rule whose severity is error; nothing was saved."""

    def __init__(self, findings: list[Finding]):
        super().__init__("; ".join(f.message for f in findings if f.severity == "error"))
        self.findings = findings


def template_save(
    *,
    owner,
    name: str,
    phase: str,
    description: str,
    stages: list[Stage],
    template: ProgressionTemplate | None = None,
    paces: dict[str, PaceRange] | None = None,
    unit: str = "km",
) -> tuple[ProgressionTemplate, list[Finding]]:
    """Create or replace a coach's template; errors refuse it, warnings come back.

    `paces` are those of the athlete the coach is planning for, as the editor showed them:
    an explicit pace too hard for that athlete is refused here as it was there."""
    findings = check_progression(
        stages, phase=phase, rules=coach_rules(owner), paces=paces, unit=unit
    )
    if is_blocking(findings):
        raise TemplateRejected(findings)
    with transaction.atomic():
        template = template or ProgressionTemplate(owner=owner)
        template.name, template.phase, template.description = name, phase, description
        template.save()
        template.stages.all().delete()
        TemplateStage.objects.bulk_create(
            TemplateStage.from_value(stage, position=i, template=template)
            for i, stage in enumerate(stages)
        )
    return template, findings


def template_copy(*, template: ProgressionTemplate, owner) -> ProgressionTemplate:
    """The coach's own editable copy of a template (a built-in one, usually)."""
    with transaction.atomic():
        copy = ProgressionTemplate.objects.create(
            owner=owner,
            name=f"{template.name} (copy)",
            phase=template.phase,
            description=template.description,
        )
        TemplateStage.objects.bulk_create(
            TemplateStage.from_value(stage, position=i, template=copy)
            for i, stage in enumerate(template.stage_values())
        )
    return copy


# -- Marathon blocks (docs/running.md §4) ---------------------------------------------------


class BlockRejected(Exception):
    """What the coach asked for breaks a block rule; nothing was saved."""

    def __init__(self, messages: list[str]):
        super().__init__(" ".join(messages))
        self.messages = messages


def race_too_far_message(race_date: date) -> str:
    last = block_plan.LAST_RACE_DATE
    return (
        f"{race_date:%d %b} {race_date.year} is too far off: give a race date up to "
        f"{last:%d %b %Y} (check the year)."
    )


def block_create(
    *,
    athlete,
    race_name: str,
    race_date: date,
    race_distance_m: float,
    goal_time_s: float | None = None,
    n_weeks: int = 18,
    recovery_weeks: int = 0,
) -> Block:
    """A block counted back from its A race, with the proposed phases and the race on its day."""
    if race_date <= timezone.localdate():
        raise BlockRejected(["The race must be after today: a block is planned ahead of it."])
    if race_date > block_plan.LAST_RACE_DATE:
        raise BlockRejected([race_too_far_message(race_date)])
    if not block_plan.MIN_WEEKS <= n_weeks <= block_plan.MAX_WEEKS:
        raise BlockRejected(
            [f"A block lasts {block_plan.MIN_WEEKS} to {block_plan.MAX_WEEKS} weeks."]
        )
    taken = BlockRejected([f"{athlete} already has a block for a race on {race_date:%d %b %Y}."])
    if athlete.blocks.filter(race_date=race_date).exists():
        raise taken
    try:
        with transaction.atomic():
            block = Block.objects.create(
                athlete=athlete,
                race_name=race_name,
                race_date=race_date,
                race_distance_m=race_distance_m,
                goal_time_s=goal_time_s,
                n_weeks=n_weeks,
                recovery_weeks=recovery_weeks,
            )
            BlockPhaseSpan.objects.bulk_create(
                BlockPhaseSpan(
                    block=block, phase=s.phase, first_week=s.first_week, last_week=s.last_week
                )
                for s in block_plan.propose_phases(n_weeks)
            )
            PlannedSession.objects.create(
                block=block, date=race_date, kind=SessionKind.RACE, title=race_name, locked=True
            )
    except IntegrityError:
        # A double submit: the other request made the block between the check and the insert
        # (block_one_per_a_race). Any other broken constraint is a bug, and is raised.
        if athlete.blocks.filter(race_date=race_date).exists():
            raise taken from None
        raise
    return block


def block_phases_set(*, block: Block, spans: list[block_plan.PhaseSpan]) -> None:
    """Move the phase boundaries; phases must cover the block without overlap or gap."""
    findings = block_plan.check_phases(spans, block.n_weeks)
    if findings:
        raise BlockRejected([finding.message for finding in findings])
    with transaction.atomic():
        block.phases.all().delete()
        BlockPhaseSpan.objects.bulk_create(
            BlockPhaseSpan(
                block=block, phase=s.phase, first_week=s.first_week, last_week=s.last_week
            )
            for s in spans
        )


def _planning_inputs(block: Block) -> dict:
    """What a proposal needs besides the block: the athlete's days, paces and the coach's rules."""
    athlete = block.athlete
    progression_rules, placement_rules = coach_rule_sets(athlete.coach)
    return {
        "training_days": athlete.training_days,
        "long_run_day": athlete.long_run_day,
        "paces": athlete_fitness(athlete).checker_paces,
        "rules": placement_rules,
        "progression_rules": progression_rules,
        "long_runs_by": "distance",
    }


def _session_create(*, block: Block, run: block_plan.PlannedRun, **fields) -> PlannedSession:
    session = PlannedSession.objects.create(
        block=block, date=run.date, kind=run.kind, original_date=run.date, **fields
    )
    SessionStage.objects.bulk_create(
        SessionStage.from_value(stage, position=i, session=session)
        for i, stage in enumerate(run.stages or ())
    )
    return session


def _sessions_with_values(block: Block) -> list[tuple[PlannedSession, block_plan.PlannedRun]]:
    sessions = block.sessions.prefetch_related("stages")
    return [(session, session.as_value()) for session in sessions]


def _replace_for(run: block_plan.PlannedRun) -> set[str]:
    """The kinds of session a proposed run takes the place of on its day (block_plan's
    planner fills a day holding nothing or an easy run; a long-run progression, a long run)."""
    if run.kind == SessionKind.LONG_RUN_PROGRESSION:
        return {SessionKind.EASY, SessionKind.LONG_RUN}
    return {SessionKind.EASY}


def _place(block: Block, runs, current) -> None:
    for run in runs:
        for session, value in current:
            if session.pk and value.date == run.date and value.kind in _replace_for(run):
                session.delete()
        _session_create(block=block, run=run, proposed=True)


@plan_watched
def block_propose(*, block: Block) -> block_plan.Proposal:
    """Propose every progression run of the block; unlocked progression runs already on it
    are replaced, everything else is kept and worked around."""
    current = _sessions_with_values(block)
    proposal = block_plan.propose_progressions(
        block.as_value(), existing=[value for _, value in current], **_planning_inputs(block)
    )
    with transaction.atomic():
        for session, value in current:
            if value.is_progression and not value.locked:
                session.delete()
        kept = [(s, v) for s, v in current if not (v.is_progression and not v.locked)]
        _place(block, proposal.runs, kept)
    return proposal


def block_replan_preview(*, block: Block, from_date: date) -> block_plan.Replan:
    """What re-planning from `from_date` would change, for the coach to see before applying."""
    current = _sessions_with_values(block)
    try:
        ranges = availability.athlete_ranges(block.athlete, start=from_date, end=block.end)
        return block_plan.replan_from(
            block.as_value(),
            from_date,
            [value for _, value in current],
            **_planning_inputs(block),
            away=availability.away_days(ranges, start=from_date, end=block.end),
        )
    except ValueError as error:
        raise BlockRejected([str(error)[:1].upper() + str(error)[1:] + "."]) from None


@logs_follow_plan
@plan_watched
def block_replan_apply(*, block: Block, from_date: date) -> block_plan.Replan:
    """Re-plan from `from_date`: the changes the preview showed, computed afresh and applied."""
    replan = block_replan_preview(block=block, from_date=from_date)
    current = _sessions_with_values(block)
    gone = list(replan.removed) + [change.before for change in replan.changed]
    new = list(replan.added) + [change.after for change in replan.changed]
    with transaction.atomic():
        for run in gone:
            match = next(
                (s for s, v in current if v == run and s.pk is not None and not s.locked), None
            )
            if match is not None:
                match.delete()
                current = [(s, v) for s, v in current if s.pk != match.pk]
        _place(block, new, current)
    return replan


# -- Sessions on a block's calendar (docs/running.md §4.5) -----------------------------------

UNDO_SALT = "workouts.session-undo"
# An undo is offered right after a delete; a day later it is stale.
UNDO_MAX_AGE_S = 24 * 3600


class SessionRejected(Exception):
    """The session lies outside its block, or breaks a rule whose severity is error; nothing
    was saved. `check` holds every finding, for the form to show."""

    def __init__(self, messages: list[str], check: "SessionCheck | None" = None):
        super().__init__(" ".join(messages))
        self.messages = messages
        self.check = check


class SessionConflict(Exception):
    """The session changed since the form was opened (in another tab): nothing was saved."""


@dataclass(frozen=True)
class SessionCheck:
    """What the rules say about a session where it would stand: its stages against the
    progression rules of its day's phase (§1.3), and the placement rules of the block
    around it (§4.5), only the findings the session brings."""

    phase: str | None
    progression: tuple[Finding, ...] = ()
    placement: tuple[block_plan.BlockFinding, ...] = ()
    refusals: tuple[str, ...] = ()

    @property
    def errors(self) -> list[str]:
        found = [f.message for f in (*self.progression, *self.placement) if f.severity == "error"]
        return [*self.refusals, *found]

    @property
    def warnings(self) -> list[str]:
        return [f.message for f in (*self.progression, *self.placement) if f.severity == "warning"]

    @property
    def findings(self) -> list:
        return [*self.progression, *self.placement]


def _day_text(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def _outside_calendar(block: Block, days: list[date]) -> str:
    """ "Mon 1 Jun 2026 is outside the block, which runs from … to race day, …" (and then
    its recovery weeks, when it has any)."""
    names = ", ".join(_day_text(d) for d in days)
    verb = "is" if len(days) == 1 else "are"
    text = (
        f"{names} {verb} outside the block, which runs from {_day_text(block.start)} to race "
        f"day, {_day_text(block.race_date)}"
    )
    if block.recovery_weeks:
        weeks = _count_of(block.recovery_weeks, "recovery week")
        text += f", then {weeks} to {_day_text(block.end)}"
    return text + "."


def _is_race_day(block: Block, session: PlannedSession | None) -> bool:
    return (
        session is not None
        and session.kind == SessionKind.RACE
        and session.date == block.race_date
        and session.pk is not None
    )


def session_check(
    *,
    block: Block,
    date: date,
    kind: str,
    stages: list[Stage],
    session: PlannedSession | None = None,
) -> SessionCheck:
    """The findings of a session on `date` (`session` is the stored one it would replace),
    without saving anything: the form shows them before the coach saves."""
    if not block.start <= date <= block.end:
        return SessionCheck(phase=None, refusals=(_outside_calendar(block, [date]),))
    if _is_race_day(block, session) and (date != session.date or kind != SessionKind.RACE):
        return SessionCheck(
            phase=None,
            refusals=(
                "Race day stays where it is: the block's weeks are counted back from it. "
                "Change the race date on the block instead.",
            ),
        )
    value = block.as_value()
    phase = value.phase_on(date)
    if recovery := block_plan.in_recovery_message(value, kind, date):
        return SessionCheck(phase=block_plan.RECOVERY, refusals=(recovery,))
    if kind in block_plan.PROGRESSION_KINDS and not stages:
        return SessionCheck(
            phase=phase,
            refusals=(
                f"A {block_plan.KINDS[kind]} needs its stages: type the plan or choose a template.",
            ),
        )
    athlete = block.athlete
    paces = athlete_fitness(athlete).checker_paces
    rules, placement_rules = coach_rule_sets(athlete.coach)
    progression = []
    if kind in block_plan.PROGRESSION_KINDS:
        # Judged by the session's own targets: frozen, or as of its day (§3.7).
        own = targets.session_target_fitness(session, targets.fitness_by_day(athlete), day=date)
        progression = check_progression(
            stages,
            phase=phase if phase in block_plan.PHASES else None,
            rules=rules,
            paces=own.checker_paces,
            unit=athlete.units,
        )
    others = [
        s.as_value()
        for s in block.sessions.prefetch_related("stages")
        if session is None or s.pk != session.pk
    ]
    run = block_plan.PlannedRun(date, kind, tuple(stages) or None)
    inputs = {
        "block": value,
        "availability": athlete.training_days,
        **availability.block_placement_inputs(block),
        "rules": placement_rules,
        "progression_rules": rules,
        "paces": paces,
    }
    before = block_plan.check_placement(
        others + ([session.as_value()] if session else []), **inputs
    )
    after = block_plan.check_placement([*others, run], **inputs)
    # Only what this session brings (on its own day when edited in place, whatever was there
    # before); its phase-mismatch is check_progression's, in its phase.
    placement = [
        f
        for f in after
        if f.code != "phase-mismatch"
        and (f not in before or (session is not None and f.date == date == session.date))
    ]
    placement += _b_race_taper(block=block, date=date, kind=kind)
    return SessionCheck(phase=phase, progression=tuple(progression), placement=tuple(placement))


def _refuse_errors(check: SessionCheck) -> None:
    if check.errors:
        raise SessionRejected(check.errors, check)


def _conflict(session: PlannedSession) -> SessionConflict:
    session.refresh_from_db()
    coach = session.block.athlete.coach
    who = coach.get_full_name() or coach.email
    when = timezone.localtime(session.updated_at)
    return SessionConflict(
        f"This session was changed elsewhere since you opened it (by {who} at "
        f"{when:%H:%M} on {when:%a} {when.day} {when:%b}): your changes are below, not saved; "
        "reload to see theirs."
    )


def _stages_create(session: PlannedSession, stages: list[Stage]) -> None:
    SessionStage.objects.bulk_create(
        SessionStage.from_value(stage, position=i, session=session)
        for i, stage in enumerate(stages)
    )


@logs_follow_plan
@plan_watched
def session_save(
    *,
    block: Block,
    session: PlannedSession | None = None,
    date: date,
    kind: str,
    title: str,
    notes: str,
    stages: list[Stage],
    template: ProgressionTemplate | None = None,
    expected_version: int | None = None,
) -> tuple[PlannedSession, SessionCheck]:
    """Add a session to the block's calendar, or change one; errors refuse it, the check
    comes back for its warnings. A save of what is stored already changes nothing (not even
    the version); a save over a version other than `expected_version` is a conflict."""
    stages = list(stages or [])
    if kind not in SessionKind.values:
        raise SessionRejected([f"Unknown kind of session: {kind!r}."])
    fields = {
        "date": date,
        "kind": kind,
        "title": title,
        "notes": notes,
        "template_id": template.pk if template else None,
    }
    if session is not None:
        stored = {name: getattr(session, name) for name in fields}
        if stored == fields and session.stage_values() == stages:
            return session, session_check(
                block=block, date=date, kind=kind, stages=stages, session=session
            )
        if expected_version is not None and expected_version != session.version:
            raise _conflict(session)
    check = session_check(block=block, date=date, kind=kind, stages=stages, session=session)
    _refuse_errors(check)
    with transaction.atomic():
        if session is None:
            session = PlannedSession.objects.create(block=block, original_date=date, **fields)
        else:
            version = session.version if expected_version is None else expected_version
            updated = PlannedSession.objects.filter(pk=session.pk, version=version).update(
                **fields,
                **_thawed(session, date),
                original_date=session.original_date or session.date,
                version=F("version") + 1,
                updated_at=timezone.now(),
            )
            if not updated:
                raise _conflict(session)
            session.refresh_from_db()
            session.stages.all().delete()
        _stages_create(session, stages)
    return session, check


def _thawed(session: PlannedSession, day: date) -> dict:
    """A frozen session moved to a day still ahead follows the athlete's paces again, as any
    session ahead does (docs/running.md §3.7); its fields to clear, if so."""
    if session.targets_frozen_on is None or day < targets.athlete_today(session.block.athlete):
        return {}
    return {"frozen_targets": None, "targets_frozen_on": None}


@logs_follow_plan
@plan_watched
def session_move(*, session: PlannedSession, date: date) -> SessionCheck:
    """Move a session to another day of its block; it keeps the day it was first planned on.
    The same checks as a save, on the new day."""
    block = session.block
    stages = session.stage_values()
    check = session_check(block=block, date=date, kind=session.kind, stages=stages, session=session)
    if date == session.date:
        return check
    _refuse_errors(check)
    PlannedSession.objects.filter(pk=session.pk).update(
        date=date,
        **_thawed(session, date),
        original_date=session.original_date or session.date,
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    session.refresh_from_db()
    return check


def _snapshot(session: PlannedSession) -> dict:
    """Everything a restore needs to bring the session back as it was, stages too."""
    columns = [
        "pk",
        "block_id",
        "kind",
        "title",
        "notes",
        "template_id",
        "locked",
        "proposed",
        "version",
        "priority",
        "race_distance_m",
        "skipped_reason",
        "frozen_targets",
    ]
    data = {name: getattr(session, name) for name in columns}
    frozen_on = session.targets_frozen_on
    data["targets_frozen_on"] = frozen_on.isoformat() if frozen_on else None
    data |= {
        "date": session.date.isoformat(),
        "original_date": session.original_date.isoformat() if session.original_date else None,
        "created_at": session.created_at.isoformat(),
        "updated_at": session.updated_at.isoformat(),
        "stages": [
            {
                "duration_s": stage.duration_s,
                "distance_m": stage.distance_m,
                "zone": stage.zone,
                "pace_fast_s_per_km": stage.pace_fast_s_per_km,
                "pace_slow_s_per_km": stage.pace_slow_s_per_km,
            }
            for stage in session.stages.all()
        ],
    }
    return data


@logs_follow_plan
@plan_watched
def session_delete(*, session: PlannedSession) -> str:
    """Delete a session from its block; the answer is an undo token (signed, so it cannot be
    forged) holding the whole session, for `session_restore` to bring it back exactly."""
    if _is_race_day(session.block, session):
        raise SessionRejected(
            ["Race day stays on the calendar: the block's weeks are counted back from it."]
        )
    token = signing.dumps(_snapshot(session), salt=UNDO_SALT, compress=True)
    session.delete()
    return token


def session_undo_read(*, token: str) -> dict:
    """The session an undo token holds; a tampered or day-old token is refused."""
    try:
        return signing.loads(token, salt=UNDO_SALT, max_age=UNDO_MAX_AGE_S)
    except signing.SignatureExpired:
        raise SessionRejected(
            ["This undo has expired: a deleted session can be brought back for a day."]
        ) from None
    except signing.BadSignature:
        raise SessionRejected(["This undo is not valid: nothing was restored."]) from None


@logs_follow_plan
@plan_watched
def session_restore(*, block: Block, snapshot: dict) -> PlannedSession:
    """Bring a deleted session back as it was: its id, day, first day, lock, version and
    stages. A session restored already, or of another block, is refused."""
    if snapshot["block_id"] != block.pk:
        raise SessionRejected(["This undo belongs to another block: nothing was restored."])
    if PlannedSession.objects.filter(pk=snapshot["pk"]).exists():
        raise SessionRejected(["This session is back already."])
    template_id = snapshot["template_id"]
    if template_id and not ProgressionTemplate.objects.filter(pk=template_id).exists():
        template_id = None  # the template was deleted meanwhile; the stages are the session's
    with transaction.atomic():
        session = PlannedSession.objects.create(
            pk=snapshot["pk"],
            block=block,
            date=date.fromisoformat(snapshot["date"]),
            original_date=(
                date.fromisoformat(snapshot["original_date"]) if snapshot["original_date"] else None
            ),
            kind=snapshot["kind"],
            title=snapshot["title"],
            notes=snapshot["notes"],
            template_id=template_id,
            locked=snapshot["locked"],
            proposed=snapshot["proposed"],
            version=snapshot["version"],
            # A B or C race comes back as one (tokens from before these fields lack them).
            priority=snapshot.get("priority", ""),
            race_distance_m=snapshot.get("race_distance_m"),
            skipped_reason=snapshot.get("skipped_reason", ""),
            # Frozen targets come back frozen (docs/running.md §3.7).
            frozen_targets=snapshot.get("frozen_targets"),
            targets_frozen_on=(
                date.fromisoformat(snapshot["targets_frozen_on"])
                if snapshot.get("targets_frozen_on")
                else None
            ),
            created_at=datetime.fromisoformat(snapshot["created_at"]),
        )
        SessionStage.objects.bulk_create(
            SessionStage(session=session, position=i, **stage)
            for i, stage in enumerate(snapshot["stages"])
        )
        # As it was, to its last change: update() leaves auto_now alone.
        PlannedSession.objects.filter(pk=session.pk).update(
            updated_at=datetime.fromisoformat(snapshot["updated_at"])
        )
        session.refresh_from_db()
    return session


def session_lock(*, session: PlannedSession, locked: bool) -> None:
    """Lock a session against re-planning (block_replan keeps it), or unlock it."""
    if session.locked == locked:
        return
    PlannedSession.objects.filter(pk=session.pk).update(
        locked=locked, version=F("version") + 1, updated_at=timezone.now()
    )
    session.refresh_from_db()


def _skip_refusal(block: Block, session: PlannedSession, *, today: date) -> str | None:
    if _is_race_day(block, session):
        return "Race day cannot be marked as not run: the block is counted back from it."
    if session.date > today:
        return (
            f"The {session} is still ahead: only a session whose day has come can be marked"
            " as not run."
        )
    return None


@logs_follow_plan
def session_skip(*, session: PlannedSession, reason: str, today: date | None = None) -> None:
    """Mark a session as not run, with why (`SkipReason`); "" says it was run after all.
    Only a session whose day has come can be marked, and never race day."""
    if reason and reason not in SkipReason.values:
        raise SessionRejected(
            [f"Choose why it was not run: {', '.join(SkipReason.values)} (not “{reason}”)."]
        )
    today = today or timezone.localdate()
    if reason and (refusal := _skip_refusal(session.block, session, today=today)):
        raise SessionRejected([refusal])
    if session.skipped_reason == reason:
        return
    PlannedSession.objects.filter(pk=session.pk).update(
        skipped_reason=reason, version=F("version") + 1, updated_at=timezone.now()
    )
    session.refresh_from_db()


@logs_follow_plan
def block_skip_range(
    *, block: Block, start: date, end: date, reason: str, today: date | None = None
) -> int:
    """Mark every session from `start` to `end` (both included) as not run, with why; race
    day and sessions already marked are left as they are. The answer is how many were marked."""
    if reason not in SkipReason.values:
        raise BlockRejected([f"Choose why they were not run: {', '.join(SkipReason.values)}."])
    today = today or timezone.localdate()
    if end < start:
        raise BlockRejected(
            [
                f"The last day ({end:%a} {end.day} {end:%b}) is before the first ({start:%a} {start.day} {start:%b})."
            ]
        )
    if end > today:
        raise BlockRejected(
            [
                f"{end:%a} {end.day} {end:%b %Y} is still ahead: only days that have come can be marked as not run."
            ]
        )
    if start < block.start or end > block.end:
        raise BlockRejected(
            [
                f"Choose days of the block: {block.start:%a} {block.start.day} {block.start:%b %Y} to {block.end:%a} {block.end.day} {block.end:%b %Y}."
            ]
        )
    sessions = block.sessions.filter(date__gte=start, date__lte=end, skipped_reason="")
    ids = [s.pk for s in sessions if not _is_race_day(block, s)]
    return PlannedSession.objects.filter(pk__in=ids).update(
        skipped_reason=reason, version=F("version") + 1, updated_at=timezone.now()
    )


# -- Weekly targets and B/C races (docs/running.md §4) ---------------------------------------


def block_week_save(
    *,
    block: Block,
    index: int,
    target_duration_s: float | None,
    target_distance_m: float | None,
    is_cutback: bool,
) -> BlockWeek | None:
    """Set a week's target (a time or a distance, not both) and whether it is a recovery
    week. A week left with neither has no row; a save of what is stored writes nothing."""
    if not 1 <= index <= block.n_weeks:
        raise BlockRejected(
            [f"The block has weeks 1 to {block.n_weeks}: there is no week {index}."]
        )
    if target_duration_s is not None and target_distance_m is not None:
        raise BlockRejected(["Give the week a target time or a target distance, not both."])
    fields = {
        "target_duration_s": target_duration_s,
        "target_distance_m": target_distance_m,
        "is_cutback": is_cutback,
    }
    stored = BlockWeek.objects.filter(block=block, index=index).first()
    if target_duration_s is None and target_distance_m is None and not is_cutback:
        if stored is not None:
            stored.delete()
        return None
    if stored is not None and all(getattr(stored, k) == v for k, v in fields.items()):
        return stored
    week, _ = BlockWeek.objects.update_or_create(block=block, index=index, defaults=fields)
    return week


@logs_follow_plan
@plan_watched
def block_race_add(
    *, block: Block, date: date, name: str, distance_m: float, priority: str
) -> tuple[PlannedSession, list[tuple[str, int, str]]]:
    """Put a B or C race on a day of the block. It replaces the day's sessions: each comes
    back as (its name, its id, an undo token for `session_restore`)."""
    if priority not in RacePriority.values:
        raise BlockRejected([f"A race inside the block is a B or a C race, not {priority!r}."])
    if not block.start <= date <= block.race_date:
        raise BlockRejected(
            [
                f"{_day_text(date)} is outside the block, which runs from "
                f"{_day_text(block.start)} to race day, {_day_text(block.race_date)}."
            ]
        )
    if date == block.race_date:
        raise BlockRejected(
            [f"{_day_text(date)} is race day, the block's A race: choose another day."]
        )
    if not distance_m or distance_m <= 0:
        raise BlockRejected(["Give the race's distance, e.g. 10K or half marathon."])
    with transaction.atomic():
        replaced = [
            (str(session), session.pk, session_delete(session=session))
            for session in block.sessions.filter(date=date).prefetch_related("stages")
        ]
        race = PlannedSession.objects.create(
            block=block,
            date=date,
            original_date=date,
            kind=SessionKind.RACE,
            title=name.strip(),
            priority=priority,
            race_distance_m=distance_m,
        )
    return race, replaced


# -- Bulk edits of a block's calendar (docs/running.md §4) -----------------------------------


@dataclass(frozen=True)
class BulkEdit:
    """What a bulk edit did: a summary, notes on what it left alone, and the warnings of the
    rules on the result (errors refuse the whole edit, so none come back)."""

    summary: str
    notes: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


def _count_of(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _session_text(session: PlannedSession) -> str:
    return f"{session.get_kind_display().lower()} on {_day_text(session.date)}"


def _taper_start(value: block_plan.Block) -> date:
    """The first day of the taper, which bulk edits leave fixed (race day is in it)."""
    span = next((s for s in value.phases if s.phase == block_plan.TAPER), None)
    return value.weeks[span.first_week - 1].start if span else value.race_date


def _bulk_sessions(block: Block) -> list[PlannedSession]:
    return list(block.sessions.prefetch_related("stages"))


def _bulk_check(
    block: Block,
    *,
    before: list[block_plan.PlannedRun],
    after: list[block_plan.PlannedRun],
    new: list[block_plan.PlannedRun],
) -> tuple[str, ...]:
    """The rules on the calendar as a bulk edit would leave it: the progression rules for each
    run it writes (in its day's phase), the placement rules for what the edit brings. Errors
    refuse the whole edit (BlockRejected, nothing written); the warnings come back."""
    athlete = block.athlete
    value = block.as_value()
    paces = athlete_fitness(athlete).checker_paces
    rules, placement_rules = coach_rule_sets(athlete.coach)
    progression = []
    for run in new:
        if run.is_progression:
            phase = value.phase_on(run.date)
            for finding in check_progression(
                list(run.stages),
                phase=phase if phase in block_plan.PHASES else None,
                rules=rules,
                paces=paces,
                unit=athlete.units,
            ):
                progression.append((run, finding))
    inputs = {
        "block": value,
        "availability": athlete.training_days,
        **availability.block_placement_inputs(block),
        "rules": placement_rules,
        "progression_rules": rules,
        "paces": paces,
    }
    found_before = block_plan.check_placement(before, **inputs)
    placement = [
        f
        for f in block_plan.check_placement(after, **inputs)
        if f.code != "phase-mismatch" and f not in found_before
    ]
    errors, warnings = [], []
    for run, finding in progression:
        text = f"The {block_plan.KINDS[run.kind]} on {_day_text(run.date)}: {finding.message}"
        (errors if finding.severity == "error" else warnings).append(text)
    for finding in placement:
        (errors if finding.severity == "error" else warnings).append(finding.message)
    if errors:
        raise BlockRejected(list(dict.fromkeys(errors)))
    return tuple(dict.fromkeys(warnings))


def _session_copy(session: PlannedSession, day: date) -> PlannedSession:
    """A new session like `session` on `day`: kind, title, notes, template and stages; never
    locked or proposed, first planned on `day`."""
    copy = PlannedSession.objects.create(
        block_id=session.block_id,
        date=day,
        original_date=day,
        kind=session.kind,
        title=session.title,
        notes=session.notes,
        template_id=session.template_id,
    )
    _stages_create(copy, session.stage_values())
    return copy


def _run_on(session: PlannedSession, day: date) -> block_plan.PlannedRun:
    return block_plan.PlannedRun(day, session.kind, tuple(session.stage_values()) or None)


@logs_follow_plan
@plan_watched
def block_week_copy(
    *, block: Block, from_week: int, to_week: int, replace: bool = False
) -> BulkEdit:
    """Copy every session of one week of the block onto another, day for day (races stay
    where they are). What the target week holds is kept, or with `replace` deleted (but
    its race and locked sessions). The rules run on the result: an error refuses it all."""
    value = block.as_value()
    for week in (from_week, to_week):
        if not 1 <= week <= block.n_weeks:
            raise BlockRejected(
                [f"The block has weeks 1 to {block.n_weeks}: there is no week {week}."]
            )
    if from_week == to_week:
        raise BlockRejected([f"Choose another week to copy week {from_week} onto."])
    source, target = value.weeks[from_week - 1], value.weeks[to_week - 1]
    offset = target.start - source.start
    sessions = _bulk_sessions(block)
    race_days = {s.date for s in sessions if s.kind == SessionKind.RACE}
    in_source = [s for s in sessions if s.date in source and s.kind != SessionKind.RACE]
    if not in_source:
        raise BlockRejected([f"Week {from_week} has no session to copy (a race is not copied)."])
    copies = [s for s in in_source if s.date + offset not in race_days]
    left_out = [s for s in in_source if s.date + offset in race_days]
    in_target = [s for s in sessions if s.date in target]
    removed = [s for s in in_target if replace and s.kind != SessionKind.RACE and not s.locked]
    kept = [s for s in in_target if s not in removed]
    if not copies:
        raise BlockRejected(
            [f"Every session of week {from_week} would land on a race day: nothing copied."]
        )
    new = [_run_on(s, s.date + offset) for s in copies]
    before = [s.as_value() for s in sessions]
    after = [s.as_value() for s in sessions if s not in removed] + new
    warnings = _bulk_check(block, before=before, after=after, new=new)
    with transaction.atomic():
        for session in removed:
            session.delete()
        for session in copies:
            _session_copy(session, session.date + offset)
    notes = []
    if removed:
        notes.append(f"Replaced {_count_of(len(removed), 'session')} of week {to_week}.")
    if kept:
        names = ", ".join(_session_text(s) for s in kept)
        why = "races and locked sessions stay" if replace else "tick “replace” to replace them"
        notes.append(f"Kept what week {to_week} held already ({names}): {why}.")
    for session in left_out:
        notes.append(f"Left out the {_session_text(session)}: its day in week {to_week} is a race.")
    summary = f"Copied {_count_of(len(copies), 'session')} of week {from_week} onto week {to_week}."
    return BulkEdit(summary, tuple(notes), warnings)


@plan_watched
def session_repeat_weekly(*, session: PlannedSession, n_weeks: int) -> BulkEdit:
    """Copy a session onto the same weekday of each of the next `n_weeks` weeks, within the
    block. A progression run stops at the taper (none there), and no copy lands on a race."""
    block = session.block
    if session.kind == SessionKind.RACE:
        raise BlockRejected(["A race is not repeated: add each race on its own day."])
    if not 1 <= n_weeks <= block_plan.MAX_WEEKS - 1:
        raise BlockRejected([f"Repeat for 1 to {block_plan.MAX_WEEKS - 1} weeks."])
    room = (block.end - session.date).days // 7
    if n_weeks > room:
        if room == 0:
            raise BlockRejected(
                [f"The {_session_text(session)} is in the block's last week: nothing to repeat."]
            )
        ends = f"race day, {_day_text(block.race_date)}"
        if block.recovery_weeks:
            ends = f"{_day_text(block.end)}, after its recovery weeks"
        raise BlockRejected(
            [
                f"The block ends on {ends}: repeat the "
                f"{_session_text(session)} for at most {_count_of(room, 'week')}."
            ]
        )
    value = block.as_value()
    sessions = _bulk_sessions(block)
    race_days = {s.date for s in sessions if s.kind == SessionKind.RACE}
    days = [session.date + block_plan.WEEK * k for k in range(1, n_weeks + 1)]
    notes = []
    if session.kind in block_plan.PROGRESSION_KINDS:
        taper = _taper_start(value)
        in_taper = [d for d in days if d >= taper]
        if in_taper:
            days = [d for d in days if d < taper]
            notes.append(
                f"Stopped at the taper (from {_day_text(taper)}): no progression runs there, "
                f"so {_count_of(len(in_taper), 'week')} fewer."
            )
    on_races = [d for d in days if d in race_days]
    days = [d for d in days if d not in race_days]
    notes += [f"Left out {_day_text(d)}: it is a race day." for d in on_races]
    if not days:
        raise BlockRejected([*notes, "Nothing repeated."])
    new = [_run_on(session, d) for d in days]
    before = [s.as_value() for s in sessions]
    warnings = _bulk_check(block, before=before, after=before + new, new=new)
    with transaction.atomic():
        for day in days:
            _session_copy(session, day)
    summary = (
        f"Repeated the {_session_text(session)} weekly for {_count_of(len(days), 'week')}, "
        f"to {_day_text(days[-1])}."
    )
    return BulkEdit(summary, tuple(notes), warnings)


def _shift_window(
    block: Block, sessions: list[PlannedSession], day: date, action: str
) -> tuple[date, str]:
    """The days a rest day shifts: from `day` up to the taper or the next race (both fixed),
    and that end's name. A day outside the block, in the taper or a race's is refused, and
    so is a recovery day after the race: those days never shift."""
    if block.race_date < day <= block.end:
        raise BlockRejected(
            [
                f"{_day_text(day)} is in the recovery weeks after the race, which stay as they "
                f"are: {action} before the taper, or change the recovery days one by one."
            ]
        )
    if not block.start <= day <= block.race_date:
        raise BlockRejected(
            [
                f"{_day_text(day)} is outside the block, which runs from "
                f"{_day_text(block.start)} to race day, {_day_text(block.race_date)}."
            ]
        )
    taper = _taper_start(block.as_value())
    if day >= taper:
        raise BlockRejected(
            [f"The taper stays fixed (from {_day_text(taper)} to race day): {action} before it."]
        )
    races = sorted(s.date for s in sessions if s.kind == SessionKind.RACE and s.date >= day)
    if races and races[0] == day:
        raise BlockRejected([f"{_day_text(day)} is a race day: a race keeps its date."])
    if races and races[0] < taper:
        return races[0], f"the race on {_day_text(races[0])}"
    return taper, f"the taper (from {_day_text(taper)})"


def _shift(sessions: list[PlannedSession], days: int) -> None:
    """Move sessions by `days`; each keeps the day it was first planned on (and, moved onto
    a day still ahead, follows the paces again, as after session_move)."""
    for session in sessions:
        PlannedSession.objects.filter(pk=session.pk).update(
            date=session.date + block_plan.DAY * days,
            **_thawed(session, session.date + block_plan.DAY * days),
            original_date=session.original_date or session.date,
            version=F("version") + 1,
            updated_at=timezone.now(),
        )


def _shifted(sessions, moving, days: int) -> list[block_plan.PlannedRun]:
    return [
        _run_on(s, s.date + block_plan.DAY * days) if s in moving else s.as_value()
        for s in sessions
    ]


@logs_follow_plan
@plan_watched
def block_rest_day_insert(*, block: Block, day: date) -> BulkEdit:
    """A rest day on `day`: every session from that day up to the taper (or the next race)
    moves one day later. Race day and the taper stay fixed: a session that would be pushed
    into them refuses the whole shift, as does an error of the rules on the result."""
    sessions = _bulk_sessions(block)
    end, end_name = _shift_window(block, sessions, day, "insert a rest day")
    moving = [s for s in sessions if day <= s.date < end]
    pushed = [s for s in moving if s.date + block_plan.DAY == end]
    if pushed:
        names = ", ".join(f"the {_session_text(s)}" for s in pushed)
        raise BlockRejected(
            [
                f"Nothing moved: {names} would be pushed into {end_name}, which stays fixed. "
                "Move or delete it first."
            ]
        )
    new = [_run_on(s, s.date + block_plan.DAY) for s in moving]
    rest = block_plan.PlannedRun(day, SessionKind.REST)
    before = [s.as_value() for s in sessions]
    warnings = _bulk_check(
        block, before=before, after=[*_shifted(sessions, moving, 1), rest], new=new
    )
    with transaction.atomic():
        _shift(moving, 1)
        PlannedSession.objects.create(
            block=block, date=day, original_date=day, kind=SessionKind.REST
        )
    summary = (
        f"Inserted a rest day on {_day_text(day)}: "
        f"{_count_of(len(moving), 'session')} moved one day later, up to {end_name}."
    )
    return BulkEdit(summary, (), warnings)


@logs_follow_plan
@plan_watched
def block_rest_day_remove(*, block: Block, day: date) -> BulkEdit:
    """Take out the rest day `day` (a day with nothing on it, or a rest day): every session
    after it up to the taper (or the next race) moves one day earlier. Race day and the
    taper stay fixed; an error of the rules on the result refuses the whole shift."""
    sessions = _bulk_sessions(block)
    end, end_name = _shift_window(block, sessions, day, "remove a rest day")
    on_day = [s for s in sessions if s.date == day]
    busy = [s for s in on_day if s.kind != SessionKind.REST]
    if busy:
        names = ", ".join(f"a {_session_text(s)}" for s in busy)
        raise BlockRejected(
            [
                f"{_day_text(day)} holds {names}: only a day with nothing on it, or a rest "
                "day, can be taken out."
            ]
        )
    moving = [s for s in sessions if day < s.date < end]
    if not moving:
        raise BlockRejected([f"Nothing moved: no session between {_day_text(day)} and {end_name}."])
    new = [_run_on(s, s.date - block_plan.DAY) for s in moving]
    before = [s.as_value() for s in sessions]
    after = _shifted([s for s in sessions if s not in on_day], moving, -1)
    warnings = _bulk_check(block, before=before, after=after, new=new)
    with transaction.atomic():
        for session in on_day:
            session.delete()
        _shift(moving, -1)
    summary = (
        f"Took out the rest day on {_day_text(day)}: "
        f"{_count_of(len(moving), 'session')} moved one day earlier, up to {end_name}."
    )
    return BulkEdit(summary, (), warnings)


@logs_follow_plan
@plan_watched
def block_template_apply(
    *, block: Block, template: ProgressionTemplate, days: list[date]
) -> BulkEdit:
    """Progression runs from a template on the chosen days of the block (a long-run template
    gives fast-finish long runs), by zone: an athlete without paces still gets them, and
    the notes say which targets wait for a race result. An easy run or rest day on a chosen
    day is replaced; a day holding anything else is left as it is."""
    days = sorted(set(days))
    if not days:
        raise BlockRejected(["Tick at least one day of the block."])
    outside = [d for d in days if not block.start <= d <= block.end]
    if outside:
        raise BlockRejected([_outside_calendar(block, outside)])
    stages = template.stage_values()
    if not stages:
        raise BlockRejected([f"The template “{template.name}” has no stages yet."])
    # A template of the long-run phase ("long_run") is a fast-finish long run.
    long_run = template.phase == "long_run"
    kind = SessionKind.LONG_RUN_PROGRESSION if long_run else SessionKind.PROGRESSION
    replaceable = {SessionKind.EASY, SessionKind.REST}
    sessions = _bulk_sessions(block)
    notes, chosen, replaced = [], [], []
    for day in days:
        on_day = [s for s in sessions if s.date == day]
        others = [s for s in on_day if s.kind not in replaceable]
        if others:
            names = ", ".join(f"a {_session_text(s)}" for s in others)
            notes.append(f"Left {_day_text(day)} as it is: it holds {names}.")
            continue
        chosen.append(day)
        replaced += on_day
    if not chosen:
        raise BlockRejected([*notes, "Nothing applied."])
    new = [block_plan.PlannedRun(day, kind, tuple(stages)) for day in chosen]
    before = [s.as_value() for s in sessions]
    after = [s.as_value() for s in sessions if s not in replaced] + new
    warnings = _bulk_check(block, before=before, after=after, new=new)
    with transaction.atomic():
        for session in replaced:
            session.delete()
        for day in chosen:
            session = PlannedSession.objects.create(
                block=block,
                date=day,
                original_date=day,
                kind=kind,
                title=template.name,
                template=template,
            )
            _stages_create(session, stages)
    if replaced:
        notes.append(f"Replaced {_count_of(len(replaced), 'easy run or rest day')}.")
    athlete = block.athlete
    if athlete_fitness(athlete).checker_paces is None:
        zones = list(dict.fromkeys(s.zone for s in stages if s.zone))
        which = " and ".join([", ".join(zones[:-1]), zones[-1]] if len(zones) > 1 else zones)
        notes.append(
            f"No paces for {athlete.first_name} yet: the runs are placed by zone"
            + (f" (their {which} targets are missing)" if which else "")
            + "; add a race result to resolve their targets."
        )
    summary = (
        f"Applied “{template.name}” to {_count_of(len(chosen), 'day')} of the block, "
        f"{_day_text(chosen[0])} to {_day_text(chosen[-1])}."
        if len(chosen) > 1
        else f"Applied “{template.name}” to {_day_text(chosen[0])}."
    )
    return BulkEdit(summary, tuple(notes), warnings)


def _b_race_taper(*, block: Block, date: date, kind: str) -> list[block_plan.BlockFinding]:
    """`before-b-race` for a hard session put on one of the 2 days before a B race."""
    if kind not in HARD_BEFORE_B_RACE:
        return []
    races = block.sessions.filter(
        kind=SessionKind.RACE,
        priority=RacePriority.B,
        date__gt=date,
        date__lte=date + timedelta(days=B_RACE_TAPER_DAYS),
    )
    return b_race_findings([*races, PlannedSession(block=block, date=date, kind=kind)])
