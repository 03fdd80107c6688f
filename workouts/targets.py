"""Planned sessions' targets: as of each session's day, frozen once that day has passed
(docs/running.md §3.7).

A session not yet frozen resolves its zones against the athlete's fitness on its own day
(`FitnessByDay`). Once the day is before the athlete's local today, `sessions_freeze` stores
what they resolved to (`PlannedSession.frozen_targets`), and from then on the snapshot is read
instead: a race result or a hand-set zone added later never changes a past session. It runs
hourly from Celery beat (`sessions_freeze_task`) and, so that the embedded default (no beat)
is right too, before the block page and the session form resolve anything.
"""

import zoneinfo
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Case, DateField, JSONField, Value, When, prefetch_related_objects
from django.utils import timezone

from athletes.fitness import Fitness
from workouts.frozen_targets import FitnessByDay, from_snapshot, is_due, snapshot
from workouts.models import PlannedSession

# Rows written by one UPDATE (its CASE grows with them).
FREEZE_BATCH = 500
# The furthest any time zone is ahead of UTC: no session on or after the UTC day this far
# ahead can have passed anywhere.
MAX_UTC_OFFSET = timedelta(hours=14)


def _zone(name: str):
    try:
        return zoneinfo.ZoneInfo(name) if name else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None  # a zone the system no longer knows: the site's default


def athlete_today(athlete, *, now: datetime | None = None) -> date:
    """The athlete's local today: their account's time zone, else (an athlete without an
    account yet) their coach's, else the site's."""
    person = athlete.user if athlete.user_id else athlete.coach
    zone = _zone(person.time_zone) or timezone.get_default_timezone()
    return timezone.localdate(now or timezone.now(), zone)


def fitness_by_day(athlete) -> FitnessByDay:
    """The athlete's fitness on any day, from their results and hand-set zones (read once;
    prefetched ones are used as they are)."""
    return FitnessByDay(
        [r.as_value() for r in athlete.race_results.all()],
        method=athlete.prediction_method,
        heart_rates=athlete.heart_rates,
        overrides=[o.as_value() for o in athlete.zone_overrides.all()],
    )


def session_target_fitness(
    session: PlannedSession | None, by_day: FitnessByDay, *, day: date | None = None
) -> Fitness:
    """What a session's zones resolve against: its snapshot once frozen, else the athlete's
    fitness as of `day` (the session's own day unless a form is moving it)."""
    if session is not None and session.frozen_targets:
        return from_snapshot(session.frozen_targets)
    return by_day.on(day or session.date)


def sessions_freeze(*, today: date | None = None, block=None) -> int:
    """Freeze every session (of `block`, or of every block) whose day is before its athlete's
    local today (`today` for everyone, if given) and that is not frozen yet; the answer is how
    many were. Idempotent: a frozen session is never written again, and two runs at once
    write each session once (the update is conditional). Nothing due: one query."""
    now = timezone.now()
    bound = today or (now + MAX_UTC_OFFSET).date()
    sessions = PlannedSession.objects.filter(targets_frozen_on__isnull=True, date__lt=bound)
    if block is not None:
        sessions = sessions.filter(block=block)
    candidates = list(sessions.select_related("block__athlete__user", "block__athlete__coach"))
    if not candidates:
        return 0
    athletes = {s.block.athlete_id: s.block.athlete for s in candidates}
    todays = {pk: today or athlete_today(a, now=now) for pk, a in athletes.items()}
    due = [s for s in candidates if is_due(s.date, todays[s.block.athlete_id])]
    if not due:
        return 0
    prefetch_related_objects(list(athletes.values()), "race_results", "zone_overrides")
    by_athlete = {pk: fitness_by_day(a) for pk, a in athletes.items()}
    snapshots = {s.pk: (snapshot(by_athlete[s.block.athlete_id].on(s.date)), s.date) for s in due}
    return _write(snapshots)


def _write(snapshots: dict[int, tuple[dict, date]]) -> int:
    """Store each session's snapshot and day, only where none is stored yet."""
    frozen = 0
    pks = list(snapshots)
    with transaction.atomic():
        for start in range(0, len(pks), FREEZE_BATCH):
            batch = pks[start : start + FREEZE_BATCH]
            frozen += PlannedSession.objects.filter(
                pk__in=batch, targets_frozen_on__isnull=True
            ).update(
                frozen_targets=Case(
                    *(
                        When(pk=pk, then=Value(snapshots[pk][0], output_field=JSONField()))
                        for pk in batch
                    ),
                    output_field=JSONField(),
                ),
                targets_frozen_on=Case(
                    *(When(pk=pk, then=Value(snapshots[pk][1])) for pk in batch),
                    output_field=DateField(),
                ),
            )
    return frozen


def session_targets_freeze(*, session: PlannedSession) -> bool:
    """Freeze one session's targets now, as of its day, whatever the date: the hook the run
    log calls when the run is logged (a logged run is reviewed against the targets it was
    run to). False when it was frozen already; the session in hand is updated either way."""
    athlete = session.block.athlete
    data = snapshot(fitness_by_day(athlete).on(session.date))
    with transaction.atomic():
        frozen = PlannedSession.objects.filter(
            pk=session.pk, targets_frozen_on__isnull=True
        ).update(frozen_targets=data, targets_frozen_on=session.date)
    if frozen:
        session.frozen_targets, session.targets_frozen_on = data, session.date
    else:
        session.refresh_from_db(fields=["frozen_targets", "targets_frozen_on"])
    return bool(frozen)
