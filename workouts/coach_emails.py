"""The coach's emails of their athletes' runs (docs/running.md §3.14): one email per reviewed
run that has findings or a pain note, or one daily batch of them at the coach's chosen local
time (a pain note goes at once either way), and the weekly digest on Monday (who needs a
word, each athlete's past week in words, the coming week's progression runs).

Every email claims its work before it is sent, so a task run twice sends once: a run by its
`RunLog.coach_told_at` (a conditional update: told once, alone or in a batch, whatever
reviews it again later), a batch or a digest by its `CoachEmail` row (coach, kind, period:
the unique constraint refuses the second). A failed send releases its claims for a retry.
Runs reviewed without a finding and without a pain note are never emailed; nor are runs the
coach logged themself, nor runs that reached the app more than TELL_WITHIN ago and were never
told (the history already there when these emails came in)."""

import logging
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.fields.json import KeyTransform
from django.urls import reverse
from django.utils import timezone

from athletes.models import Athlete, Role, User
from workouts import block_plan
from workouts.log_states import (
    COMPLIANCE_LABELS,
    FAILED,
    LOGGED,
    MISSED,
    PENDING,
    SKIPPED,
    Finding,
    calendar_logs,
    worst_finding,
)
from workouts.models import (
    CoachEmail,
    CoachEmailKind,
    EmailSettings,
    LogStatus,
    PlannedSession,
    ReviewState,
    RunEmailBatch,
    RunLog,
    SessionKind,
)
from workouts.plan_changes import session_label
from workouts.plan_emails import _day, _local, email_send, email_settings_for
from workouts.review_queue import CLEAN, PAIN, PAIN_EXCERPT_CHARS, queue_rank
from workouts.templatetags.plans import stage_amount

log = logging.getLogger(__name__)

DAY = timedelta(days=1)
WEEK = timedelta(days=7)
# A run never told this long after it reached the app is not told any more.
TELL_WITHIN = timedelta(days=2)
# A run whose own task is this late (a worker lost it) is sent by the beat's sweep.
SWEEP_GRACE = timedelta(minutes=5)
# The claims of batches and digests are kept this long, then purged by the beat.
KEEP_CLAIMS_DAYS = 60


# -- A run as an email tells it ----------------------------------------------------------------


@dataclass(frozen=True)
class ToldRun:
    """One run in an email to the coach: whose, which day, what was planned, and why it is
    told (a pain note, the gravest finding), with the link to its review page."""

    pk: int
    athlete: str
    date: date
    label: str
    pain: str  # the pain note, whitespace folded and cut short; "" without one
    worst: Finding | None
    n_findings: int
    link: str

    @property
    def day(self) -> str:
        return _day(self.date)

    @property
    def finding_words(self) -> str:
        """ "Finish too hard: The finish was too hard. (and 1 more finding)"; "" without."""
        if self.worst is None:
            return ""
        label = self.worst.label
        words = f"{label[0].upper()}{label[1:]}"
        if self.worst.message:
            words += f": {self.worst.message}"
        more = self.n_findings - 1
        if more:
            words += f" (and {more} more finding{'s' if more > 1 else ''})"
        return words


def _excerpt(note: str) -> str:
    note = " ".join(note.split())
    if len(note) <= PAIN_EXCERPT_CHARS:
        return note
    return note[: PAIN_EXCERPT_CHARS - 1].rstrip() + "…"


def _with_findings(logs):
    """The runs with what an email reads of them: never the stored series."""
    return (
        logs.annotate(findings=KeyTransform("findings", "review"))
        .select_related("athlete__coach", "session")
        .defer("review", "notes", "error")
    )


def _told(run: RunLog) -> ToldRun:
    worst, n = worst_finding(run.findings)
    session = run.session
    return ToldRun(
        pk=run.pk,
        athlete=run.athlete.full_name,
        date=run.date,
        label=session_label(session.kind, session.title) if session else "Unplanned run",
        pain=_excerpt(run.pain_note),
        worst=worst,
        n_findings=n,
        link=settings.SITE_URL + reverse("coach-log", args=[run.pk]),
    )


def _untold(coach: User, now: datetime):
    """The coach's athletes' reviewed runs not yet told, that may still be told."""
    return (
        RunLog.objects.filter(
            athlete__coach=coach,
            status=LogStatus.DONE,
            coach_told_at=None,
            created_at__gte=now - TELL_WITHIN,
        )
        .exclude(logged_by=coach)
        .order_by("date", "created_at", "pk")
    )


def _claim(log_id: int, now: datetime) -> bool:
    return bool(RunLog.objects.filter(pk=log_id, coach_told_at=None).update(coach_told_at=now))


def _release(log_ids, now: datetime) -> None:
    RunLog.objects.filter(pk__in=list(log_ids), coach_told_at=now).update(coach_told_at=None)


def _send_runs(coach: User, runs: list[ToldRun], *, subject: str, batch: bool) -> None:
    context = {
        "runs": runs,
        "batch": batch,
        "queue_link": settings.SITE_URL + reverse("review-queue"),
    }
    email_send(user=coach, kind="runs", subject=subject, template="coach_runs", context=context)


def _run_subject(run: ToldRun) -> str:
    if run.pain:
        return f"Pain noted: {run.athlete}'s run of {run.day}"
    return f"{run.athlete}'s run of {run.day}: {run.worst.label}"


# -- One run -----------------------------------------------------------------------------------


def run_reviewed(log_id: int) -> None:
    """The hook of a stored review (a file read, a run by hand logged or changed, a review run
    again), called inside its transaction: the coach's email of the run is decided after
    commit, by `coach_run_email_send`."""
    from workouts.tasks import coach_run_email_task

    coach_run_email_task.delay_on_commit(log_id)


def coach_run_email_send(*, log_id: int, now: datetime | None = None) -> bool:
    """Tell the coach of one reviewed run at once: one with findings when they chose an
    email per run, one with a pain note whatever they chose. False: nothing to tell now (a
    clean run, told already, waiting for the daily batch, the coach's own, too old, or the
    coach turned these emails off)."""
    now = now or timezone.now()
    run = _with_findings(RunLog.objects.filter(pk=log_id, status=LogStatus.DONE)).first()
    if run is None or run.coach_told_at is not None:
        return False
    coach = run.athlete.coach
    if run.logged_by_id == coach.pk or run.created_at < now - TELL_WITHIN or not coach.email:
        return False
    rank = queue_rank(run.pain_note, run.findings)
    if rank == CLEAN:
        return False
    chosen = email_settings_for(coach)
    if not chosen.runs or (rank != PAIN and chosen.runs_batch != RunEmailBatch.EACH):
        return False
    if not _claim(run.pk, now):
        return False  # told meanwhile, by another run of the task or by the batch
    told = _told(run)
    try:
        _send_runs(coach, [told], subject=_run_subject(told), batch=False)
    except Exception:
        _release([run.pk], now)
        raise
    return True


# -- The daily batch ---------------------------------------------------------------------------


def coach_batch_send(*, coach: User, day: date, now: datetime | None = None) -> bool:
    """The coach's daily batch for their local `day`: every run to tell since the last batch,
    in one email. The (coach, daily, day) row is the claim: made even when there is nothing
    to tell, so that a run reviewed later that day waits for tomorrow's batch. False: sent
    already, or nothing to tell."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            claim = CoachEmail.objects.create(
                coach=coach, kind=CoachEmailKind.DAILY, period=day, sent_at=now
            )
    except IntegrityError:
        return False  # sent already
    runs = [
        run
        for run in _with_findings(_untold(coach, now))
        if queue_rank(run.pain_note, run.findings) != CLEAN
    ]
    claimed = [run for run in runs if _claim(run.pk, now)]
    if not claimed or not coach.email:
        return False
    told = sorted(
        (_told(run) for run in claimed), key=lambda t: (not t.pain, t.athlete, t.date, t.pk)
    )
    n = len(told)
    subject = (
        f"Your athletes' runs: {n} to look at"
        if n > 1
        else f"Your athletes' runs: {told[0].athlete}'s of {told[0].day}"
    )
    try:
        _send_runs(coach, told, subject=subject, batch=True)
    except Exception:
        _release([t.pk for t in told], now)
        claim.delete()
        raise
    return True


# -- The weekly digest -------------------------------------------------------------------------


@dataclass(frozen=True)
class AthleteWeek:
    """An athlete's past week: how many of its planned sessions were run on, near or off
    plan, or missed."""

    athlete: str
    counts: tuple[tuple[str, int], ...]  # (words, how many), in WEEK_WORDS order

    @property
    def words(self) -> str:
        if not self.counts:
            return "nothing planned"
        return ", ".join(f"{n} {words}" for words, n in self.counts)


@dataclass(frozen=True)
class ComingRun:
    athlete: str
    date: date
    title: str
    stages: str  # "30 min easy + 20 min steady + 3 mi marathon", in the athlete's units
    link: str

    @property
    def day(self) -> str:
        return _day(self.date)


@dataclass(frozen=True)
class Digest:
    monday: date
    attention: tuple[ToldRun, ...]  # pain notes first, then the gravest finding
    weeks: tuple[AthleteWeek, ...]  # by name
    coming: tuple[ComingRun, ...]  # by day, then name

    @property
    def past_first(self) -> date:
        return self.monday - WEEK

    @property
    def past_last(self) -> date:
        return self.monday - DAY


# The words of a planned session's state in the past week, in the order they are told.
WEEK_WORDS = (
    *(label.lower() for label in COMPLIANCE_LABELS.values()),  # on, near, off plan
    "done",  # reviewed without a compliance
    "missed",
    "not run",  # marked not run, with a reason
    "not read",  # a file still being read, or one that could not be
)


def _state_words(state) -> str:
    if state.kind == LOGGED:
        return COMPLIANCE_LABELS.get(state.run.compliance, "Done").lower()
    if state.kind == MISSED:
        return "missed"
    if state.kind == SKIPPED:
        return "not run"
    if state.kind in (PENDING, FAILED):
        return "not read"
    return ""


def _name(athlete: Athlete) -> tuple:
    return (athlete.last_name.lower(), athlete.first_name.lower(), athlete.pk)


def coach_digest(coach: User, *, monday: date) -> Digest:
    """What the digest of the week starting `monday` tells, in a fixed number of queries
    whatever the number of athletes: the unmarked runs of the last 7 days with a finding or a
    pain note, each athlete's past week (Monday to Sunday) in words, and the progression
    runs of the week starting that Monday."""
    first, last = monday - WEEK, monday - DAY
    athletes = sorted(Athlete.objects.filter(coach=coach), key=_name)
    by_pk = {athlete.pk: athlete for athlete in athletes}

    marked = Q(mark__isnull=True) | Q(mark__state=ReviewState.NEW)
    runs = _with_findings(
        RunLog.objects.filter(
            athlete__coach=coach, status=LogStatus.DONE, date__range=(first, monday)
        ).filter(marked)
    )
    ranked = []
    for run in runs:
        rank = queue_rank(run.pain_note, run.findings)
        if rank != CLEAN:
            ranked.append((rank, run.date, run.pk, _told(run)))
    ranked.sort(key=lambda r: (r[0], r[1], r[2]), reverse=True)

    sessions = list(
        PlannedSession.objects.filter(block__athlete__coach=coach, date__range=(first, last))
        .exclude(kind=SessionKind.REST)
        .select_related("block")
    )
    states = calendar_logs(
        sessions, athlete_ids=(), start=first, end=last, today=monday, unplanned=False
    )
    counts = defaultdict(Counter)
    for session in sessions:
        words = _state_words(states.state(session))
        if words:
            counts[session.block.athlete_id][words] += 1
    weeks = tuple(
        AthleteWeek(
            athlete.full_name,
            tuple((w, counts[athlete.pk][w]) for w in WEEK_WORDS if counts[athlete.pk][w]),
        )
        for athlete in athletes
    )

    coming = (
        PlannedSession.objects.filter(
            block__athlete__coach=coach,
            kind__in=block_plan.PROGRESSION_KINDS,
            date__range=(monday, monday + 6 * DAY),
            skipped_reason="",
        )
        .select_related("template", "block")
        .prefetch_related("stages")
        .order_by("date", "pk")
    )
    runs_ahead = []
    for session in coming:
        athlete = by_pk[session.block.athlete_id]
        title = session.title or (session.template.name if session.template else "")
        stages = " + ".join(
            f"{stage_amount(stage, athlete.units)} {stage.zone or 'at a set pace'}"
            for stage in session.stage_values()
        )
        runs_ahead.append(
            ComingRun(
                athlete=athlete.full_name,
                date=session.date,
                title=session_label(session.kind, title),
                stages=stages,
                link=settings.SITE_URL
                + reverse("block-detail", args=[session.block_id])
                + f"#day-{session.date.isoformat()}",
            )
        )
    runs_ahead.sort(key=lambda r: (r.date, r.athlete.lower()))
    return Digest(
        monday=monday,
        attention=tuple(r[3] for r in ranked),
        weeks=weeks,
        coming=tuple(runs_ahead),
    )


def coach_digest_send(*, coach: User, monday: date, now: datetime | None = None) -> bool:
    """The coach's digest of the week starting `monday`, once: the (coach, weekly, monday)
    row is the claim. False: sent already, or no athlete to tell of."""
    now = now or timezone.now()
    if not coach.email or not Athlete.objects.filter(coach=coach).exists():
        return False
    try:
        with transaction.atomic():
            claim = CoachEmail.objects.create(
                coach=coach, kind=CoachEmailKind.WEEKLY, period=monday, sent_at=now
            )
    except IntegrityError:
        return False  # sent already
    digest = coach_digest(coach, monday=monday)
    n = len(digest.attention)
    need = f"{n} run{'s' if n != 1 else ''} to look at" if n else "nothing waiting"
    context = {
        "digest": digest,
        "queue_link": settings.SITE_URL + reverse("review-queue"),
        "dashboard_link": settings.SITE_URL + reverse("coach-dashboard"),
    }
    try:
        email_send(
            user=coach,
            kind="digest",
            subject=f"Your week ahead, from {_day(monday)}: {need}",
            template="coach_digest",
            context=context,
        )
    except Exception:
        claim.delete()
        raise
    return True


# -- The beat ----------------------------------------------------------------------------------


def _sweep(now: datetime) -> int:
    """Send the runs to tell at once whose own task was lost (a worker died): the untold
    runs with findings or a pain note that reached the app over SWEEP_GRACE ago."""
    late = (
        RunLog.objects.filter(
            status=LogStatus.DONE,
            coach_told_at=None,
            created_at__range=(now - TELL_WITHIN, now - SWEEP_GRACE),
        )
        .annotate(findings=KeyTransform("findings", "review"))
        .values_list("pk", "athlete__coach_id", "pain_note", "findings")
    )
    late = [(pk, coach_id, queue_rank(pain, found)) for pk, coach_id, pain, found in late]
    late = [row for row in late if row[2] != CLEAN]
    if not late:
        return 0
    chosen = {
        row.user_id: row for row in EmailSettings.objects.filter(user__in={r[1] for r in late})
    }
    sent = 0
    for pk, coach_id, rank in late:
        prefs = chosen.get(coach_id) or EmailSettings()
        if prefs.runs and (rank == PAIN or prefs.runs_batch == RunEmailBatch.EACH):
            try:
                sent += coach_run_email_send(log_id=pk, now=now)
            except Exception:
                log.exception("email of run %s to its coach failed; the next run tries again", pk)
    return sent


def _try(send, *, coach: User, **kwargs) -> bool:
    try:
        return send(coach=coach, **kwargs)
    except Exception:
        log.exception("email to coach %s failed; the next run tries again", coach.pk)
        return False


def coach_batches_send(*, now: datetime | None = None) -> int:
    """The beat's work (every 15 minutes): each coach whose local time has reached their
    chosen time gets the day's batch (when they chose one) and, on Monday, the weekly digest;
    then the runs to tell at once whose task was lost go, and old claims are purged. A failed
    send is logged and left for the next run; the others go on. The answer is how many
    emails went."""
    now = now or timezone.now()
    coaches = list(
        User.objects.filter(role=Role.COACH, pk__in=Athlete.objects.values("coach_id")).order_by(
            "pk"
        )
    )
    chosen = {row.user_id: row for row in EmailSettings.objects.filter(user__in=coaches)}
    done = set(
        CoachEmail.objects.filter(period__gte=(now - 2 * DAY).date()).values_list(
            "coach_id", "kind", "period"
        )
    )
    sent = 0
    for coach in coaches:
        prefs = chosen.get(coach.pk) or EmailSettings(user=coach)
        local = _local(coach, now)
        if local.time() < prefs.runs_time:
            continue
        day = local.date()
        if (
            prefs.runs
            and prefs.runs_batch == RunEmailBatch.DAILY
            and (coach.pk, CoachEmailKind.DAILY, day) not in done
        ):
            sent += _try(coach_batch_send, coach=coach, day=day, now=now)
        if (
            prefs.digest
            and day.weekday() == 0
            and (coach.pk, CoachEmailKind.WEEKLY, day) not in done
        ):
            sent += _try(coach_digest_send, coach=coach, monday=day, now=now)
    sent += _sweep(now)
    CoachEmail.objects.filter(period__lt=(now - KEEP_CLAIMS_DAYS * DAY).date()).delete()
    return sent
