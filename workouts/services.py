"""Writes of training: progression-run templates checked against the coach's own rules, and
marathon blocks with their phases and sessions."""

from dataclasses import dataclass
from datetime import date, datetime

from django.core import signing
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from athletes.paces import PaceRange
from athletes.selectors import athlete_fitness
from workouts import block_plan
from workouts.models import (
    Block,
    BlockPhaseSpan,
    PlannedSession,
    ProgressionTemplate,
    SessionKind,
    SessionStage,
    TemplateStage,
)
from workouts.progression import Finding, Stage, check_progression, is_blocking
from workouts.selectors import coach_rules


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
    if not block_plan.MIN_WEEKS <= n_weeks <= block_plan.MAX_WEEKS:
        raise BlockRejected(
            [f"A block lasts {block_plan.MIN_WEEKS} to {block_plan.MAX_WEEKS} weeks."]
        )
    if athlete.blocks.filter(race_date=race_date).exists():
        raise BlockRejected([f"{athlete} already has a block for a race on {race_date:%d %b %Y}."])
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
    return {
        "training_days": athlete.training_days,
        "long_run_day": athlete.long_run_day,
        "paces": athlete_fitness(athlete).checker_paces,
        "progression_rules": coach_rules(athlete.coach),
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
        return block_plan.replan_from(
            block.as_value(),
            from_date,
            [value for _, value in current],
            **_planning_inputs(block),
        )
    except ValueError as error:
        raise BlockRejected([str(error)[:1].upper() + str(error)[1:] + "."]) from None


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
    if not block.start <= date <= block.race_date:
        return SessionCheck(
            phase=None,
            refusals=(
                f"{_day_text(date)} is outside the block, which runs from "
                f"{_day_text(block.start)} to race day, {_day_text(block.race_date)}.",
            ),
        )
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
    if kind in block_plan.PROGRESSION_KINDS and not stages:
        return SessionCheck(
            phase=phase,
            refusals=(
                f"A {block_plan.KINDS[kind]} needs its stages: type the plan or choose a template.",
            ),
        )
    athlete = block.athlete
    paces = athlete_fitness(athlete).checker_paces
    rules = coach_rules(athlete.coach)
    progression = []
    if kind in block_plan.PROGRESSION_KINDS:
        progression = check_progression(
            stages,
            phase=phase if phase in block_plan.PHASES else None,
            rules=rules,
            paces=paces,
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
    ]
    data = {name: getattr(session, name) for name in columns}
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
