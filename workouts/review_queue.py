"""The coach's review queue (docs/running.md §3.12): every reviewed run of the coach's athletes
not yet marked, the gravest first (a pain or injury note, then a serious finding, then a
warning, then a clean run; the newest first of equals), and the marks that take runs out of
it (fine, needs attention, followed up), one by one or many at once.

The queue reads a fixed number of queries whatever the number of athletes and runs: what ranks
and filters every run (its findings, never the stored series), then the rows shown in full."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Prefetch, Q, Subquery
from django.db.models.fields.json import KeyTransform
from django.urls import reverse
from django.utils import timezone

from athletes.models import Athlete
from workouts.log_states import COMPLIANCE_LABELS, Finding, worst_finding
from workouts.models import (
    COMMENT_MAX_CHARS,
    AthleteCoachNote,
    Block,
    BlockPhaseSpan,
    LogCoachNote,
    LogComment,
    LogReviewMark,
    LogStatus,
    ReviewState,
    RunLog,
)
from workouts.plan_emails import email_send, email_settings_for

# A run's rank in the queue, gravest first.
PAIN, SERIOUS, WARNING, CLEAN = 3, 2, 1, 0
RANK_WORDS = {PAIN: "pain", SERIOUS: "serious", WARNING: "warning", CLEAN: "clean"}
# The queue shows this many rows at most: the gravest; marking them brings up the next.
QUEUE_LIMIT = 100
# The most runs one bulk mark takes (a page of the queue).
BULK_MAX = QUEUE_LIMIT
PAIN_EXCERPT_CHARS = 90


def queue_rank(pain_note: str, findings) -> int:
    """A run's rank: a pain or injury note above all, then the gravest finding's severity."""
    if pain_note.strip():
        return PAIN
    worst, _ = worst_finding(findings)
    if worst is None:
        return CLEAN
    return SERIOUS if worst.severity == "serious" else WARNING


@dataclass(frozen=True)
class QueueRow:
    log: RunLog  # its athlete, session and mark at hand; its review's series not read
    rank: int
    worst: Finding | None
    codes: frozenset[str]
    phase: str | None  # of the session's block on the run's day; None for an unplanned run

    @property
    def state(self) -> str:
        mark = getattr(self.log, "mark", None)
        return mark.state if mark else ReviewState.NEW

    @property
    def has_new_comment(self) -> bool:
        """The athlete wrote last on the run's thread: the coach has not answered."""
        return getattr(self.log, "last_by_coach", None) is False

    @property
    def compliance_label(self) -> str:
        return COMPLIANCE_LABELS.get(self.log.compliance, "")

    @property
    def rank_word(self) -> str:
        return RANK_WORDS[self.rank]

    @property
    def pain_excerpt(self) -> str:
        note = " ".join(self.log.pain_note.split())
        if len(note) <= PAIN_EXCERPT_CHARS:
            return note
        return note[: PAIN_EXCERPT_CHARS - 1].rstrip() + "…"


@dataclass(frozen=True)
class Queue:
    rows: tuple[QueueRow, ...]  # at most QUEUE_LIMIT
    total: int  # of the runs matching the filters

    @property
    def is_cut(self) -> bool:
        return self.total > len(self.rows)


def _state_filter(state: str) -> Q:
    if state == ReviewState.NEW:
        return Q(mark__isnull=True) | Q(mark__state=ReviewState.NEW)
    return Q(mark__state=state)


def review_queue(
    *, coach, state: str = ReviewState.NEW, code: str = "", athlete_id=None, phase: str = ""
) -> Queue:
    """The coach's reviewed runs in `state` (new: never marked, or marked new again), gravest
    first; narrowed to one athlete, to runs with a finding of `code`, to a block phase."""
    logs = RunLog.objects.filter(athlete__coach=coach, status=LogStatus.DONE).filter(
        _state_filter(state)
    )
    if athlete_id:
        logs = logs.filter(athlete_id=athlete_id)
    # First the little that ranks and filters every run, then the rows shown, in full.
    light = list(
        logs.annotate(findings=KeyTransform("findings", "review")).values_list(
            "pk", "date", "started_at", "pain_note", "findings", "session__block_id"
        )
    )
    plans = _plans({row[5] for row in light if row[5]}) if phase else {}
    ranked = []
    for pk, day, started, pain_note, findings, block_id in light:
        findings = findings if isinstance(findings, list) else []
        if code and not any(isinstance(f, dict) and f.get("code") == code for f in findings):
            continue
        if phase and (block_id is None or plans[block_id].phase_on(day) != phase):
            continue
        newest = (day, started.timestamp() if started else 0.0, pk)
        ranked.append((queue_rank(pain_note, findings), newest, pk, findings))
    ranked.sort(key=lambda r: (r[0], r[1]), reverse=True)
    shown = ranked[:QUEUE_LIMIT]
    full = (
        RunLog.objects.filter(pk__in=[r[2] for r in shown])
        .select_related("athlete", "session__block", "mark")
        .prefetch_related(
            Prefetch(
                "session__block__phases", queryset=BlockPhaseSpan.objects.order_by("first_week")
            )
        )
        .annotate(last_by_coach=Subquery(_last_comment.values("by_coach")[:1]))
        .defer("review", "error", "notes")
        .in_bulk()
    )
    rows = []
    for rank, _, pk, findings in shown:
        log = full[pk]
        worst, _ = worst_finding(findings)
        codes = frozenset(str(f.get("code", "")) for f in findings if isinstance(f, dict))
        run_phase = log.session.block.as_value().phase_on(log.date) if log.session else None
        rows.append(QueueRow(log, rank, worst, codes, run_phase))
    return Queue(tuple(rows), len(ranked))


# Who wrote a run's latest comment: the athlete's, unanswered, is "new comment" in the queue.
_last_comment = LogComment.objects.filter(log=OuterRef("pk")).order_by("-created_at", "-pk")


def _plans(block_ids) -> dict:
    """The blocks' plans (workouts/block_plan.py), by id, to tell each run's phase."""
    blocks = Block.objects.filter(pk__in=block_ids).prefetch_related("phases")
    return {block.pk: block.as_value() for block in blocks}


def coach_athletes(coach):
    return Athlete.objects.filter(coach=coach).order_by("last_name", "first_name", "pk")


# -- Marking ---------------------------------------------------------------------------------


def _check_state(state: str) -> None:
    if state not in ReviewState.values:
        raise ValidationError(
            "Choose a review state: new, fine, needs attention or followed up.", code="state"
        )


def log_review_mark(*, log: RunLog, state: str, by) -> LogReviewMark:
    """Mark one reviewed run (already the coach's: fetched through its ownership helper); the
    same state again changes nothing (who set it and when are kept)."""
    _check_state(state)
    if log.status != LogStatus.DONE:
        raise ValidationError("This run is not reviewed yet: mark it once its file is read.")
    mark = LogReviewMark.objects.filter(log=log).first()
    if (mark.state if mark else ReviewState.NEW) == state:
        return mark or LogReviewMark(log=log, state=state)  # unchanged: who and when kept
    mark, _ = LogReviewMark.objects.update_or_create(
        log=log, defaults={"state": state, "set_by": by, "set_at": timezone.now()}
    )
    return mark


def log_reviews_mark(*, coach, log_ids, state: str, by) -> int:
    """Mark many runs at once: all of them or none (a run not the coach's athletes', or not
    reviewed, refuses the whole). Returns how many were marked."""
    _check_state(state)
    ids = sorted(set(log_ids))
    if not ids:
        raise ValidationError("Tick at least one run to mark.", code="empty")
    if len(ids) > BULK_MAX:
        raise ValidationError(f"Mark at most {BULK_MAX} runs at once.", code="too-many")
    found = set(
        RunLog.objects.filter(pk__in=ids, athlete__coach=coach, status=LogStatus.DONE).values_list(
            "pk", flat=True
        )
    )
    if found != set(ids):
        raise ValidationError(
            "Some of the ticked runs are gone or not yours to mark: nothing was marked. "
            "Reload the queue and tick them again.",
            code="unknown",
        )
    now = timezone.now()
    # One statement, an upsert: two marks at the same instant on a never-marked run both land
    # (the later wins) instead of one hitting the one-mark-per-run constraint.
    LogReviewMark.objects.bulk_create(
        [LogReviewMark(log_id=pk, state=state, set_by=by, set_at=now) for pk in ids],
        update_conflicts=True,
        unique_fields=["log"],
        update_fields=["state", "set_by", "set_at"],
    )
    return len(ids)


# -- The thread on a run ---------------------------------------------------------------------


def log_comment_add(*, log: RunLog, author, text: str) -> LogComment:
    """A message on the run's thread, by its athlete or their coach (the caller fetched the
    run through its ownership helper); the athlete is emailed of the coach's, after commit."""
    text = "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n")).strip()
    if not text:
        raise ValidationError("Write something first: the comment is empty.", code="empty")
    if len(text) > COMMENT_MAX_CHARS:
        raise ValidationError(
            f"Keep a comment to {COMMENT_MAX_CHARS} characters: this one has {len(text)}.",
            code="long",
        )
    by_coach = author.pk != log.athlete.user_id
    with transaction.atomic():
        comment = LogComment.objects.create(log=log, author=author, by_coach=by_coach, text=text)
        if by_coach and log.athlete.user_id:
            from workouts.tasks import log_comment_email_task

            log_comment_email_task.delay_on_commit(comment.pk)
    return comment


def log_comment_email_send(*, comment_id: int) -> bool:
    """Tell the athlete of their coach's comment, once (the conditional update claims it; a
    failed send releases it). False: told already, not the coach's comment, or the athlete
    turned these emails off (docs/running.md §4.14: every email has its unsubscribe link)."""
    claimed = LogComment.objects.filter(pk=comment_id, by_coach=True, emailed_at=None).update(
        emailed_at=timezone.now()
    )
    if not claimed:
        return False
    comment = LogComment.objects.select_related("log__athlete__user", "author").get(pk=comment_id)
    user = comment.log.athlete.user
    if user is None or not user.email or not email_settings_for(user).comments:
        return False
    coach = (comment.author.get_full_name() or comment.author.email) if comment.author else ""
    context = {
        "comment": comment,
        "coach": coach or "Your coach",
        "link": settings.SITE_URL + reverse("athlete-log", args=[comment.log_id]),
    }
    try:
        email_send(
            user=user,
            kind="comments",
            subject=f"{context['coach']} commented on your run of {comment.log.date:%a %-d %b}",
            template="log_comment",
            context=context,
        )
    except Exception:
        LogComment.objects.filter(pk=comment_id).update(emailed_at=None)
        raise
    return True


# -- The coach's private notes ---------------------------------------------------------------


def coach_note_save(*, coach, text: str, log: RunLog | None = None, athlete=None):
    """Save the coach's private note on a run (`log`) or on an athlete; an emptied note is
    deleted. Returns the note, or None once deleted. The caller fetched the run or the athlete
    through its ownership helper."""
    text = "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n")).strip()
    if len(text) > COMMENT_MAX_CHARS:
        raise ValidationError(
            f"Keep a note to {COMMENT_MAX_CHARS} characters: this one has {len(text)}.",
            code="long",
        )
    model, owner = (
        (LogCoachNote, {"log": log})
        if log is not None
        else (AthleteCoachNote, {"athlete": athlete})
    )
    if not text:
        model.objects.filter(**owner).delete()
        return None
    note = model.objects.filter(**owner).first()
    if note is not None and note.text == text and note.coach_id == coach.pk:
        return note  # unchanged: when it was written is kept
    note, _ = model.objects.update_or_create(
        **owner, defaults={"coach": coach, "text": text, "updated_at": timezone.now()}
    )
    return note
