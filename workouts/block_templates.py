"""Block templates (docs/running.md §4.7): a block saved for reuse, and blocks made from one for
an athlete or a whole group by race date.

A template counts every session in days before race day and keeps its stages by zone, so the
same template lands on any race weekday and resolves against each athlete's own paces."""

import zoneinfo
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from athletes import paces
from athletes.fields import race_limit_text
from workouts import block_plan, services
from workouts.models import (
    Block,
    BlockTemplate,
    BlockTemplatePhase,
    BlockTemplateSession,
    BlockTemplateStage,
    BlockTemplateWeek,
    BlockWeek,
    PlannedSession,
    SessionKind,
    SessionStage,
)
from workouts.plan_text import format_stage
from workouts.services import BlockRejected, _count_of, _day_text

NAME_MAX = BlockTemplate._meta.get_field("name").max_length
# What a template copies of a block's phases, weeks and sessions, and gives back to a new block.
PHASE_FIELDS = ("phase", "first_week", "last_week")
WEEK_FIELDS = ("index", "target_duration_s", "target_distance_m", "is_cutback")
SESSION_FIELDS = ("kind", "title", "notes", "priority", "race_distance_m", "template_id")


def _copied(row, names: tuple[str, ...]) -> dict:
    return {name: getattr(row, name) for name in names}


def _names(people) -> str:
    names = [str(p) for p in people]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _is_a_race(block: Block, session: PlannedSession) -> bool:
    """The block's own race on race day, which block creation makes again from the form."""
    return (
        session.kind == SessionKind.RACE
        and session.date == block.race_date
        and not session.priority
    )


# -- Saving a block as a template -------------------------------------------------------------


def _name_taken(coach, name: str, *, but: BlockTemplate | None = None) -> bool:
    taken = BlockTemplate.objects.filter(coach=coach, name__iexact=name)
    return taken.exclude(pk=but.pk).exists() if but else taken.exists()


def _check_name(coach, name: str) -> str:
    name = name.strip()
    if not name:
        raise BlockRejected(["Give the block template a name."])
    if len(name) > NAME_MAX:
        raise BlockRejected([f"Keep the name to {NAME_MAX} characters."])
    if _name_taken(coach, name):
        raise BlockRejected(
            [f"You have a block template called “{name}” already: choose another name."]
        )
    return name


def block_template_save(*, block: Block, name: str) -> tuple[BlockTemplate, list[str]]:
    """Save a block as a template of its coach: its weeks, phases, week targets and sessions
    (kind, title, notes, B/C race, progression template, stages by zone), each session by its
    days before race day. Not kept: the A race on race day (a new block makes its own), the
    goal time, skipped reasons, locks, "proposed" and first-planned days. A stage at an explicit
    pace is one athlete's and refuses the save; the notes say what was left out."""
    athlete = block.athlete
    coach = athlete.coach
    name = _check_name(coach, name)
    sessions = list(block.sessions.prefetch_related("stages"))
    with_paces = [
        (session, stage) for session in sessions for stage in session.stages.all() if not stage.zone
    ]
    if with_paces:
        where = "; ".join(
            f"the {session.get_kind_display().lower()} on {_day_text(session.date)} "
            f"({format_stage(stage.as_value())})"
            for session, stage in with_paces
        )
        raise BlockRejected(
            [
                f"A block template keeps zones, never an athlete's paces, and {where} "
                f"{'holds' if len(with_paces) == 1 else 'hold'} an explicit pace. "
                "Change the pace to a zone (easy, steady, marathon…) first: nothing was saved."
            ]
        )
    kept = [
        s for s in sessions if block.start <= s.date <= block.race_date and not _is_a_race(block, s)
    ]
    after = [s for s in sessions if s.date > block.race_date]
    notes = []
    if after:
        notes.append(
            f"Left out {_count_of(len(after), 'session')} after race day: a template counts "
            "days before the race."
        )
    try:
        with transaction.atomic():
            template = BlockTemplate.objects.create(
                coach=coach,
                name=name,
                n_weeks=block.n_weeks,
                recovery_weeks=block.recovery_weeks,
                race_distance_m=block.race_distance_m,
            )
            BlockTemplatePhase.objects.bulk_create(
                BlockTemplatePhase(block_template=template, **_copied(span, PHASE_FIELDS))
                for span in block.phases.all()
            )
            BlockTemplateWeek.objects.bulk_create(
                BlockTemplateWeek(block_template=template, **_copied(week, WEEK_FIELDS))
                for week in block.week_targets.all()
                if week.index <= block.n_weeks
            )
            copies = BlockTemplateSession.objects.bulk_create(
                BlockTemplateSession(
                    block_template=template,
                    days_before_race=(block.race_date - session.date).days,
                    **_copied(session, SESSION_FIELDS),
                )
                for session in kept
            )
            BlockTemplateStage.objects.bulk_create(
                BlockTemplateStage.from_value(
                    stage.as_value(), position=stage.position, session=copy
                )
                for session, copy in zip(kept, copies, strict=True)
                for stage in session.stages.all()
            )
    except IntegrityError:
        # A double submit saved the same name between the check and the insert.
        if _name_taken(coach, name):
            raise BlockRejected(
                [f"You have a block template called “{name}” already: choose another name."]
            ) from None
        raise
    return template, notes


# -- Blocks from a template, for one athlete or a group ---------------------------------------


def _local_today(user) -> date:
    """Today where `user` is (their account's time zone), or where the site is."""
    try:
        zone = zoneinfo.ZoneInfo(user.time_zone) if user and user.time_zone else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = None
    return timezone.localdate(timezone=zone) if zone else timezone.localdate()


def _spans(template: BlockTemplate) -> list[block_plan.PhaseSpan]:
    return [block_plan.PhaseSpan(p.phase, p.first_week, p.last_week) for p in template.phases.all()]


def _refusals(
    *, template: BlockTemplate, athletes: list, race_name: str, race_date: date, race_distance_m
) -> list[str]:
    """Everything that stops a block for any of the athletes, in one list of messages."""
    coach = template.coach
    if not athletes:
        return ["Tick at least one athlete to make a block for."]
    errors = []
    strangers = [a for a in athletes if a.coach_id != coach.pk]
    if strangers:
        errors.append(f"{_names(strangers)}: not among your athletes.")
    if not race_name.strip():
        errors.append("Give the race's name.")
    if not race_distance_m or not paces.DISTANCE_MIN_M <= race_distance_m <= paces.DISTANCE_MAX_M:
        errors.append(
            f"Give the race's distance, from {race_limit_text(paces.DISTANCE_MIN_M, coach.units)} "
            f"to {race_limit_text(paces.DISTANCE_MAX_M, coach.units)}."
        )
    if not block_plan.MIN_WEEKS <= template.n_weeks <= block_plan.MAX_WEEKS:
        errors.append(f"A block lasts {block_plan.MIN_WEEKS} to {block_plan.MAX_WEEKS} weeks.")
    elif findings := block_plan.check_phases(_spans(template), template.n_weeks):
        errors += [finding.message for finding in findings]
    today = _local_today(coach)
    if race_date <= today:
        errors.append(
            f"The race must be after today, {_day_text(today)}: a block is planned ahead of it."
        )
    elif race_date > block_plan.LAST_RACE_DATE:
        errors.append(services.race_too_far_message(race_date))
    else:
        ahead = [a for a in athletes if a.user_id and race_date <= _local_today(a.user)]
        if ahead:
            errors.append(
                f"{_day_text(race_date)} is already today or past where {_names(ahead)} "
                f"{'lives' if len(ahead) == 1 else 'live'}: choose a later race date."
            )
    taken = Block.objects.filter(athlete__in=athletes, race_date=race_date).select_related(
        "athlete"
    )
    if taken:
        owners = [block.athlete for block in taken]
        errors.append(
            f"{_names(owners)} already {'has' if len(owners) == 1 else 'have'} a block for a "
            f"race on {race_date:%d %b %Y}: untick "
            f"{'them' if len(owners) > 1 else 'that athlete'} or choose another race date."
        )
    return errors


def blocks_create_from_template(
    *,
    template: BlockTemplate,
    athletes,
    race_name: str,
    race_date: date,
    race_distance_m: float,
    goal_time_s: float | None = None,
) -> list[Block]:
    """A block from the template for each athlete, all racing `race_name` on `race_date`:
    every session lands `days_before_race` days before it, its stages by zone. Any refusal
    for any athlete refuses them all (its message names them), and nothing is saved."""
    athletes = list(dict.fromkeys(athletes))
    errors = _refusals(
        template=template,
        athletes=athletes,
        race_name=race_name,
        race_date=race_date,
        race_distance_m=race_distance_m,
    )
    if errors:
        raise BlockRejected(errors)
    spans = _spans(template)
    sessions = list(template.sessions.prefetch_related("stages"))
    weeks = list(template.weeks.all())
    with transaction.atomic():
        blocks = []
        for athlete in athletes:
            block = services.block_create(
                athlete=athlete,
                race_name=race_name.strip(),
                race_date=race_date,
                race_distance_m=race_distance_m,
                goal_time_s=goal_time_s,
                n_weeks=template.n_weeks,
                recovery_weeks=template.recovery_weeks,
            )
            if spans != block_plan.propose_phases(template.n_weeks):
                services.block_phases_set(block=block, spans=spans)
            blocks.append(block)
        _sessions_create(blocks, sessions)
        # The template's weeks were a block's, checked by block_week_save when set.
        BlockWeek.objects.bulk_create(
            BlockWeek(block=block, **_copied(week, WEEK_FIELDS))
            for block in blocks
            for week in weeks
        )
    return blocks


def _sessions_create(blocks: list[Block], sessions: list[BlockTemplateSession]) -> None:
    """The template's sessions on every block, in two inserts whatever their number."""
    pairs = [(block, session) for block in blocks for session in sessions]
    created = PlannedSession.objects.bulk_create(
        PlannedSession(
            block=block,
            date=(day := block.race_date - timedelta(days=session.days_before_race)),
            original_date=day,
            **_copied(session, SESSION_FIELDS),
        )
        for block, session in pairs
    )
    SessionStage.objects.bulk_create(
        SessionStage.from_value(stage.as_value(), position=stage.position, session=new)
        for (_, session), new in zip(pairs, created, strict=True)
        for stage in session.stages.all()
    )


# -- Reading a template -----------------------------------------------------------------------


@dataclass(frozen=True)
class TemplateWeek:
    """A week of a block template as its page shows it: phase, target and sessions."""

    index: int
    phase: str
    target: BlockTemplateWeek | None
    sessions: tuple[BlockTemplateSession, ...]

    @property
    def phase_name(self) -> str:
        return block_plan.PHASE_NAMES.get(self.phase, "").capitalize()


def template_weeks(template: BlockTemplate) -> list[TemplateWeek]:
    """The template's weeks, first to race week; a session `d` days before race day is in
    week n_weeks − d // 7, as the last week ends on race day."""
    phases = list(template.phases.all())
    targets = {week.index: week for week in template.weeks.all()}
    by_week: dict[int, list[BlockTemplateSession]] = {}
    for session in template.sessions.prefetch_related("stages"):
        index = template.n_weeks - session.days_before_race // 7
        by_week.setdefault(index, []).append(session)
    return [
        TemplateWeek(
            index=index,
            phase=next((p.phase for p in phases if p.first_week <= index <= p.last_week), ""),
            target=targets.get(index),
            sessions=tuple(by_week.get(index, ())),
        )
        for index in range(1, template.n_weeks + 1)
    ]
