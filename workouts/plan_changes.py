"""Changes to the athlete's next 7 days, recorded for the emails that tell them
(docs/running.md §4.14).

Each service that writes a block's sessions is wrapped in `plan_watched`: it reads the block's
sessions (id, day, version) before and after the write, and `plan_diff` says which were
added, moved, changed or deleted. What touches a day from the athlete's local today to 6 days
after it becomes a `PlanChange` row, and the first row of a batch enqueues, on commit, the
email that sends the whole batch `BATCH_DELAY_S` later (workouts/plan_emails.py). An athlete
without an account is told nothing, and costs no query.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial, wraps

from django.db import transaction

from workouts.models import PlanChange, PlanChangeKind, SessionKind
from workouts.targets import athlete_today

# The days an athlete is told about: their today and the 6 after it.
NOTICE_DAYS = 7
# A batch gathers the changes of this long after its first, then goes as one email.
BATCH_DELAY_S = 10 * 60

# Blocks whose write is being watched already (a service calling another records once), and
# whether the writes are ones nobody is told of (`untold`).
_watching: ContextVar[frozenset[int]] = ContextVar("plan_watching", default=frozenset())
_untold: ContextVar[bool] = ContextVar("plan_untold", default=False)


@dataclass(frozen=True)
class SessionState:
    """What the diff compares of a session: its day, its version (bumped by every change of
    its content), and its name as the athlete reads it."""

    date: date
    version: int
    label: str


@dataclass(frozen=True)
class Change:
    session_id: int
    what: str
    date: date
    label: str
    from_date: date | None = None


def plan_diff(
    before: dict[int, SessionState], after: dict[int, SessionState], *, first: date, last: date
) -> list[Change]:
    """The changes from `before` to `after` that touch a day from `first` to `last`: a
    session moved into or out of those days counts, one moved between two days outside
    them does not."""

    def near(day: date) -> bool:
        return first <= day <= last

    changes = []
    for pk, old in before.items():
        new = after.get(pk)
        if new is None:
            if near(old.date):
                changes.append(Change(pk, PlanChangeKind.DELETED, old.date, old.label))
        # A change keeps the name the session had before it: the one the athlete saw, which
        # an email tells when the session is now out of their sight (plan_emails._told).
        elif new.date != old.date:
            if near(new.date) or near(old.date):
                changes.append(Change(pk, PlanChangeKind.MOVED, new.date, old.label, old.date))
        elif new.version != old.version and near(new.date):
            changes.append(Change(pk, PlanChangeKind.CHANGED, new.date, old.label))
    for pk, new in after.items():
        if pk not in before and near(new.date):
            changes.append(Change(pk, PlanChangeKind.ADDED, new.date, new.label))
    return sorted(changes, key=lambda c: (c.date, c.session_id))


def session_label(kind: str, title: str) -> str:
    name = SessionKind(kind).label if kind in SessionKind.values else kind
    return f"{name}: {title}" if title and title != name else name


def _state(block) -> dict[int, SessionState]:
    rows = block.sessions.order_by().values_list("pk", "date", "version", "kind", "title")
    return {
        pk: SessionState(day, version, session_label(kind, title))
        for pk, day, version, kind, title in rows
    }


def _block_of(kwargs):
    if kwargs.get("block") is not None:
        return kwargs["block"]
    return kwargs["session"].block


def plan_watched(service):
    """Record what the service changes in the athlete's next 7 days (the module's docstring).
    The service takes `block=` or `session=`; a service it calls on the same block is not
    watched twice."""

    @wraps(service)
    def watched(*args, **kwargs):
        block = _block_of(kwargs)
        if _untold.get() or block.pk in _watching.get() or not block.athlete.user_id:
            return service(*args, **kwargs)
        before = _state(block)
        token = _watching.set(_watching.get() | {block.pk})
        try:
            result = service(*args, **kwargs)
        finally:
            _watching.reset(token)
        plan_changes_record(athlete=block.athlete, before=before, after=_state(block))
        return result

    return watched


@contextmanager
def untold():
    """Writes no email tells the athlete of: their own (a session they move; their coach is
    told instead, `plan_emails.coach_notice_send`), or demo data being seeded. A context
    manager, or a decorator (`@untold()`)."""
    token = _untold.set(True)
    try:
        yield
    finally:
        _untold.reset(token)


def plan_changes_record(*, athlete, before, after, today: date | None = None) -> int:
    """Store the changes that touch the athlete's next 7 days; the first of a batch enqueues
    its email on commit. The answer is how many were stored."""
    from workouts.tasks import plan_changes_email_task

    first = today or athlete_today(athlete)
    changes = plan_diff(before, after, first=first, last=first + timedelta(days=NOTICE_DAYS - 1))
    if not changes:
        return 0
    with transaction.atomic():
        pending = PlanChange.objects.filter(athlete=athlete, sent_at=None).exists()
        PlanChange.objects.bulk_create(
            PlanChange(
                athlete=athlete,
                session_id=c.session_id,
                what=c.what,
                date=c.date,
                from_date=c.from_date,
                label=c.label[:160],
            )
            for c in changes
        )
        if not pending:
            # A batch already waiting sends these too; a lost task is caught by the sweep.
            transaction.on_commit(
                partial(
                    plan_changes_email_task.apply_async,
                    args=(athlete.pk,),
                    countdown=BATCH_DELAY_S,
                )
            )
    return len(changes)
