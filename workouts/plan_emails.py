"""The emails that tell athletes and coaches of the plan (docs/running.md §4.14): a batch of
changes to the athlete's next 7 days, the opt-in daily email with the day's session, and word
to the coach of what an athlete did. Every one claims its work before sending (a task run
twice sends once), mentions only sessions the athlete may see (`is_session_visible`), and
carries a signed unsubscribe link for its own kind."""

import logging
import secrets
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from athletes.models import Athlete, User
from athletes.templatetags.running import hr_range, pace_range
from workouts.athlete_plan import athlete_last_visible_day, is_session_visible, visible_sessions
from workouts.models import (
    CoachNotice,
    DailyEmail,
    EmailSettings,
    PlanChange,
    PlanChangeKind,
    PlannedSession,
)
from workouts.plan_changes import BATCH_DELAY_S, session_label
from workouts.targets import athlete_today, fitness_by_day, session_target_fitness
from workouts.templatetags.plans import stage_amount

log = logging.getLogger(__name__)

# A batch whose task is this late (a worker lost it) is sent by the sweep.
SWEEP_GRACE_S = 5 * 60
# Sent changes are kept this long, for a look at what was told, then purged by the sweep.
KEEP_SENT_DAYS = 30

UNSUBSCRIBE_SALT = "workouts.email-unsubscribe"
# Each kind of email and the setting its unsubscribe link turns off.
KINDS = {
    "changes": "plan_changes",
    "daily": "daily",
    "notices": "coach_notices",
    "comments": "comments",
    "runs": "runs",
    "digest": "digest",
}
KIND_NAMES = {
    "changes": "emails when your coach changes your next 7 days",
    "daily": "the daily email with the day's session",
    "notices": "emails when an athlete moves a session or marks availability",
    "comments": "emails when your coach comments on a run",
    "runs": "emails of your athletes' runs with findings or a pain note",
    "digest": "the weekly digest of your athletes",
}


# -- Settings and unsubscribing ----------------------------------------------------------------


def email_settings_for(user: User) -> EmailSettings:
    """The person's settings; the defaults (unsaved) while they have changed none."""
    found = EmailSettings.objects.filter(user=user).first()
    return found or EmailSettings(user=user)


def unsubscribe_token(*, user: User, kind: str) -> str:
    return signing.dumps({"u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(*, user: User, kind: str) -> str:
    return settings.SITE_URL + reverse(
        "email-unsubscribe", args=[unsubscribe_token(user=user, kind=kind)]
    )


class UnsubscribeInvalid(Exception):
    """The link was not made by us (tampered, cut short): nothing is changed."""


def unsubscribe_read(*, token: str) -> tuple[User, str]:
    """Who and which kind of email a signed unsubscribe token names, or why it is not valid."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        user = User.objects.get(pk=data["u"])
        KINDS[data["k"]]
    except (signing.BadSignature, User.DoesNotExist, KeyError, TypeError):
        raise UnsubscribeInvalid(
            "This unsubscribe link is not valid (it may have been cut short when copied): "
            "nothing was changed. Turn emails off from your account's email settings."
        ) from None
    return user, data["k"]


def email_unsubscribe(*, token: str) -> tuple[User, str]:
    """Turn off the kind of email the signed token names, for the person it names; the
    answer is who and which kind. Following the link again changes nothing more."""
    user, kind = unsubscribe_read(token=token)
    EmailSettings.objects.update_or_create(user=user, defaults={KINDS[kind]: False})
    return user, kind


def email_resubscribe(*, user: User, kind: str) -> None:
    EmailSettings.objects.update_or_create(user=user, defaults={KINDS[kind]: True})


def email_send(*, user: User, kind: str, subject: str, template: str, context: dict) -> None:
    """Plain text and simple HTML, with the unsubscribe link in the text and in the
    List-Unsubscribe headers (one click, RFC 8058)."""
    link = unsubscribe_url(user=user, kind=kind)
    context = context | {
        "unsubscribe_link": link,
        "unsubscribe_what": KIND_NAMES[kind],
        "settings_link": settings.SITE_URL + reverse("email-settings"),
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"workouts/email/{template}.txt", context),
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(
        render_to_string(f"workouts/email/{template}.html", context), "text/html"
    )
    message.send()


# -- A session as an email tells it ----------------------------------------------------------


@dataclass(frozen=True)
class MailedSession:
    """One line of an email: what happened to a session, its day, and (when it is still on
    the plan) its stages at the athlete's paces and a link to its page."""

    what: str
    date: date
    label: str
    from_date: date | None = None
    stages: tuple[str, ...] = ()
    notes: str = ""
    link: str = ""


def stage_lines(session: PlannedSession, by_day, unit: str) -> tuple[str, ...]:
    """Each stage as the athlete runs it: "20 min steady, 4:50–5:05 /km, 150–160 bpm"."""
    fitness = session_target_fitness(session, by_day)
    lines = []
    for stage in session.stage_values():
        zone = fitness.zones.get(stage.zone) if stage.zone else None
        pace = stage.pace or (zone.pace if zone else None)
        parts = [f"{stage_amount(stage, unit)} {stage.zone or 'at a set pace'}"]
        if pace is not None:
            parts.append(pace_range(pace, unit))
        if zone is not None and zone.hr is not None:
            parts.append(hr_range(zone.hr))
        lines.append(", ".join(parts))
    return tuple(lines)


def _mailed(session: PlannedSession, what: str, by_day, *, from_date=None) -> MailedSession:
    athlete = session.block.athlete
    return MailedSession(
        what=what,
        date=session.date,
        label=session_label(session.kind, session.title),
        from_date=from_date,
        stages=stage_lines(session, by_day, athlete.units),
        notes=session.notes,
        link=settings.SITE_URL + reverse("athlete-session", args=[session.pk]),
    )


def _day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


# -- Change batches --------------------------------------------------------------------------


def _told(athlete: Athlete, changes: list[PlanChange], *, today: date) -> list[MailedSession]:
    """What a batch of changes comes to, session by session, as the athlete may see it now:
    a session added and deleted again is not told; one now hidden, or deleted, is told as
    taken off the day they saw it on; one whose day before the batch was hidden is new to
    them."""
    groups: dict[int, list[PlanChange]] = {}
    for change in changes:
        groups.setdefault(change.session_id, []).append(change)
    sessions = {
        s.pk: s
        for s in PlannedSession.objects.filter(pk__in=groups, block__athlete=athlete)
        .select_related("block__athlete__user", "block__athlete__coach")
        .prefetch_related("stages")
    }
    last_day = athlete_last_visible_day(athlete, today=today)
    by_day = fitness_by_day(athlete)
    told = []
    for pk, group in groups.items():
        first = group[0]
        was = first.from_date if first.what == PlanChangeKind.MOVED else first.date
        seen_before = first.what != PlanChangeKind.ADDED and (last_day is None or was <= last_day)
        session = sessions.get(pk)
        if session is None or not is_session_visible(session, today=today):
            if seen_before:
                # By the name they saw it by (the first change's, from before the batch).
                told.append(MailedSession(PlanChangeKind.DELETED, was, first.label))
        elif not seen_before:
            told.append(_mailed(session, PlanChangeKind.ADDED, by_day))
        elif session.date != was:
            told.append(_mailed(session, PlanChangeKind.MOVED, by_day, from_date=was))
        else:
            told.append(_mailed(session, PlanChangeKind.CHANGED, by_day))
    return sorted(told, key=lambda m: m.date)


def _release(batch: str) -> None:
    PlanChange.objects.filter(batch=batch).update(sent_at=None, batch="")


def plan_changes_email_send(*, athlete_id: int, now: datetime | None = None) -> bool:
    """Send the athlete one email of every change not yet sent. The conditional update
    claims the rows first, so two runs at once send each change once; a failed send
    releases them for a retry. False: nothing to tell (or they turned these emails off)."""
    now = now or timezone.now()
    batch = secrets.token_hex(16)
    claimed = PlanChange.objects.filter(athlete_id=athlete_id, sent_at=None).update(
        sent_at=now, batch=batch
    )
    if not claimed:
        return False
    athlete = Athlete.objects.select_related("user", "coach").get(pk=athlete_id)
    user = athlete.user
    if user is None or not email_settings_for(user).plan_changes:
        return False  # claimed all the same: turned off, nothing is kept to send later
    today = athlete_today(athlete, now=now)
    told = _told(athlete, list(PlanChange.objects.filter(batch=batch)), today=today)
    if not told:
        return False
    subject = (
        f"Your plan changed: {told[0].label}, {_day(told[0].date)}"
        if len(told) == 1
        else f"Your plan changed: {len(told)} sessions of the next days"
    )
    context = {"athlete": athlete, "coach": athlete.coach, "told": told}
    try:
        email_send(
            user=user, kind="changes", subject=subject, template="plan_changes", context=context
        )
    except Exception:
        _release(batch)
        raise
    log.info("plan changes (%s) emailed to athlete %s", len(told), athlete_id)
    return True


def plan_changes_sweep(*, now: datetime | None = None) -> int:
    """Send the batches a lost task left waiting, and purge what was sent long ago; the
    answer is how many emails went."""
    now = now or timezone.now()
    PlanChange.objects.filter(sent_at__lt=now - timedelta(days=KEEP_SENT_DAYS)).delete()
    late = now - timedelta(seconds=BATCH_DELAY_S + SWEEP_GRACE_S)
    athlete_ids = set(
        PlanChange.objects.filter(sent_at=None, created_at__lte=late).values_list(
            "athlete_id", flat=True
        )
    )
    return sum(plan_changes_email_send(athlete_id=pk, now=now) for pk in sorted(athlete_ids))


# -- The daily email ---------------------------------------------------------------------------


def _local(user: User, now: datetime) -> datetime:
    """`now` in the person's time zone (the site's for a zone the system does not know), as
    `targets.athlete_today` reads their today."""
    try:
        zone = zoneinfo.ZoneInfo(user.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = timezone.get_default_timezone()
    return timezone.localtime(now, zone)


def daily_email_send(*, athlete: Athlete, day: date) -> bool:
    """The day's sessions the athlete may see, once: the (athlete, day) row is the claim. A
    day with nothing visible planned sends nothing."""
    sessions = list(
        visible_sessions(athlete, today=day)
        .filter(date=day)
        .select_related("block__athlete")
        .prefetch_related("stages")
    )
    if not sessions:
        return False
    try:
        with transaction.atomic():
            claim = DailyEmail.objects.create(athlete=athlete, date=day)
    except IntegrityError:
        return False  # sent already
    by_day = fitness_by_day(athlete)
    told = [_mailed(s, "today", by_day) for s in sessions]
    names = " and ".join(m.label for m in told)
    context = {"athlete": athlete, "coach": athlete.coach, "told": told, "day": day}
    try:
        email_send(
            user=athlete.user,
            kind="daily",
            subject=f"Today, {_day(day)}: {names}",
            template="daily",
            context=context,
        )
    except Exception:
        claim.delete()
        raise
    return True


def daily_emails_send(*, now: datetime | None = None) -> int:
    """Every athlete who opted in and whose local time has reached the time they chose gets
    the day's email, once a day (run every 15 minutes). A failed send is logged and left for
    the next run; the others go on. The answer is how many went."""
    now = now or timezone.now()
    sent = 0
    chosen = EmailSettings.objects.filter(daily=True, user__athlete_profile__isnull=False)
    for row in chosen.select_related("user__athlete_profile__coach"):
        local = _local(row.user, now)
        if local.time() < row.daily_time:
            continue
        athlete = row.user.athlete_profile
        if DailyEmail.objects.filter(athlete=athlete, date=local.date()).exists():
            continue
        try:
            sent += daily_email_send(athlete=athlete, day=local.date())
        except Exception:
            log.exception("daily email to athlete %s failed; the next run tries again", athlete.pk)
    return sent


# -- Word to the coach -------------------------------------------------------------------------


def coach_notice_send(
    *, coach: User, athlete: Athlete, subject: str, lines: list[str]
) -> CoachNotice:
    """Tell the coach of something the athlete did (moved a session, marked availability):
    stored, then emailed on commit."""
    from workouts.tasks import coach_notice_email_task

    with transaction.atomic():
        notice = CoachNotice.objects.create(
            coach=coach, athlete=athlete, subject=subject[:200], lines=list(lines)
        )
        coach_notice_email_task.delay_on_commit(notice.pk)
    return notice


def coach_notice_email_send(*, notice_id: int) -> bool:
    """Send the notice once (the conditional update claims it; a failed send releases it).
    False: sent already, or the coach turned these emails off."""
    claimed = CoachNotice.objects.filter(pk=notice_id, sent_at=None).update(sent_at=timezone.now())
    if not claimed:
        return False
    notice = CoachNotice.objects.select_related("coach", "athlete").get(pk=notice_id)
    if not email_settings_for(notice.coach).coach_notices:
        return False
    blocks = notice.athlete.blocks.order_by("-race_date")
    block = blocks.first()
    link = (
        reverse("block-detail", args=[block.pk])
        if block
        else reverse("athlete-detail", args=[notice.athlete_id])
    )
    context = {"notice": notice, "athlete": notice.athlete, "link": settings.SITE_URL + link}
    try:
        email_send(
            user=notice.coach,
            kind="notices",
            subject=notice.subject,
            template="coach_notice",
            context=context,
        )
    except Exception:
        CoachNotice.objects.filter(pk=notice_id).update(sent_at=None)
        raise
    return True
