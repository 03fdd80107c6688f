import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from athletes import fitness, paces


class Role(models.TextChoices):
    COACH = "coach", "Coach"
    ATHLETE = "athlete", "Athlete"
    ADMIN = "admin", "Admin"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **fields):
        if not email:
            raise ValueError("An account needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username):
        # People type their address with capitals now and then; it is stored in lower case.
        return self.get(email__iexact=(username or "").strip())

    def create_user(self, email, password=None, **fields):
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **fields)

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True, role=Role.ADMIN)
        return self._create_user(email, password, **fields)


UNIT_CHOICES = [("km", "Kilometres (min/km)"), ("mi", "Miles (min/mi)")]


def default_time_zone() -> str:
    return settings.TIME_ZONE


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class User(AbstractUser):
    """An account; people log in with their email address."""

    username = None
    email = models.EmailField("email address", unique=True)
    role = models.CharField(max_length=16, choices=Role, default=Role.ATHLETE)
    # How this person reads paces and distances where no athlete's own units apply (a
    # coach's rules), and the time zone their "today" is in.
    units = models.CharField("units", max_length=2, choices=UNIT_CHOICES, default="km")
    time_zone = models.CharField("time zone", max_length=64, default=default_time_zone)
    # The first column of the week view across a coach's athletes (docs/running.md §4.8).
    first_weekday = models.PositiveSmallIntegerField(
        "weeks start on", choices=Weekday, default=Weekday.MONDAY
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        ordering = ["last_name", "first_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="user_role_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(first_weekday__gte=0, first_weekday__lte=6),
                name="user_first_weekday_valid",
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    @property
    def is_coach(self) -> bool:
        return self.role == Role.COACH

    @property
    def is_athlete(self) -> bool:
        return self.role == Role.ATHLETE


class Units(models.TextChoices):
    KM = UNIT_CHOICES[0]
    MI = UNIT_CHOICES[1]


class PredictionMethod(models.TextChoices):
    BEST = "best", "Best result of the last 12 months"
    RECENT = "recent", "Most recent result"


class PlanVisibility(models.TextChoices):
    """How much of the plan an athlete sees (docs/running.md §4.10): hidden sessions are hidden
    everywhere, on their pages, calendar feed, watch files and emails."""

    ALL = "all", "Everything planned"
    UNTIL = "until", "Sessions up to a date"
    WINDOW = "window", "A rolling window of the next days"


MAX_VISIBLE_DAYS = 366


def _hr_field(label, help_text):
    return models.PositiveSmallIntegerField(label, null=True, blank=True, help_text=help_text)


def default_training_days() -> list[int]:
    """Five days a week, Monday and Friday off: a common marathon week (ours)."""
    return [1, 2, 3, 5, 6]


class Athlete(models.Model):
    """A person a coach trains. May exist before the person has an account."""

    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="athletes",
        limit_choices_to={"role": Role.COACH},
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="athlete_profile",
    )
    first_name = models.CharField(max_length=150)
    last_name = models.CharField(max_length=150, blank=True)
    email = models.EmailField(blank=True, help_text="Needed to invite the athlete.")
    created_at = models.DateTimeField(default=timezone.now)

    units = models.CharField(max_length=2, choices=Units, default=Units.KM)
    resting_hr_bpm = _hr_field("resting heart rate", "Beats per minute, measured on waking.")
    max_hr_bpm = _hr_field("maximum heart rate", "Beats per minute, from a hard effort or race.")
    lthr_bpm = _hr_field(
        "lactate-threshold heart rate",
        "Average heart rate of the last 20 minutes of a 30-minute solo time trial.",
    )
    prediction_method = models.CharField(
        "paces and predictions from",
        max_length=8,
        choices=PredictionMethod,
        default=PredictionMethod.BEST,
    )
    goal_race_name = models.CharField("goal race", max_length=120, blank=True)
    goal_race_date = models.DateField("race date", null=True, blank=True)
    goal_race_distance_m = models.FloatField("race distance", null=True, blank=True)
    goal_time_s = models.FloatField("goal time", null=True, blank=True)
    # Weekdays, 0 = Monday: the days a block's sessions are proposed on.
    training_days = models.JSONField("training days", default=default_training_days)
    long_run_day = models.PositiveSmallIntegerField(
        "long-run day", choices=Weekday, default=Weekday.SUNDAY
    )
    # The longest session on a weekday, in minutes: {"1": 60} (Tuesday); a weekday absent has
    # no limit. Availability ranges override it (workouts/availability.py).
    longest_minutes = models.JSONField("longest session on each day", default=dict, blank=True)
    plan_visibility = models.CharField(
        "the athlete sees", max_length=8, choices=PlanVisibility, default=PlanVisibility.ALL
    )
    plan_visible_until = models.DateField("sessions up to", null=True, blank=True)
    plan_visible_days = models.PositiveSmallIntegerField("days ahead", null=True, blank=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(resting_hr_bpm__isnull=True)
                | models.Q(max_hr_bpm__isnull=True)
                | models.Q(resting_hr_bpm__lt=models.F("max_hr_bpm")),
                name="athlete_rest_hr_below_max",
            ),
            models.CheckConstraint(
                condition=models.Q(goal_race_distance_m__isnull=True)
                | models.Q(
                    goal_race_distance_m__gte=paces.DISTANCE_MIN_M,
                    goal_race_distance_m__lte=paces.DISTANCE_MAX_M,
                ),
                name="athlete_goal_distance_a_race",
            ),
            models.CheckConstraint(
                condition=models.Q(plan_visibility__in=PlanVisibility.values)
                & (
                    ~models.Q(plan_visibility=PlanVisibility.UNTIL)
                    | models.Q(plan_visible_until__isnull=False)
                )
                & (
                    ~models.Q(plan_visibility=PlanVisibility.WINDOW)
                    | models.Q(
                        plan_visible_days__isnull=False,
                        plan_visible_days__gte=1,
                        plan_visible_days__lte=MAX_VISIBLE_DAYS,
                    )
                ),
                name="athlete_plan_visibility_complete",
            ),
            models.UniqueConstraint(
                "coach",
                Lower("email"),
                condition=~models.Q(email=""),
                name="athlete_email_unique_per_coach",
            ),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def longest_by_weekday(self) -> dict[int, int]:
        """The longest session on each weekday with one (0 = Monday), in minutes."""
        return {int(day): int(minutes) for day, minutes in (self.longest_minutes or {}).items()}

    @property
    def heart_rates(self) -> fitness.HeartRates:
        return fitness.HeartRates(self.resting_hr_bpm, self.max_hr_bpm, self.lthr_bpm)


class RaceResult(models.Model):
    """A race (or time trial) the athlete ran: it sets their paces from its date on."""

    athlete = models.ForeignKey(Athlete, on_delete=models.CASCADE, related_name="race_results")
    name = models.CharField(max_length=120, blank=True)
    date = models.DateField()
    distance_m = models.FloatField("distance")
    time_s = models.FloatField("time")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(distance_m__gt=0), name="race_distance_gt_0"),
            models.CheckConstraint(condition=models.Q(time_s__gt=0), name="race_time_gt_0"),
            # The same race entered twice would count twice in the athlete's history.
            models.UniqueConstraint(
                fields=["athlete", "date", "distance_m", "time_s"], name="race_result_once"
            ),
        ]

    def __str__(self):
        return f"{self.name or 'Race'} on {self.date:%d %b %Y}"

    def as_value(self) -> paces.RaceResult:
        return paces.RaceResult(distance_m=self.distance_m, time_s=self.time_s, date=self.date)


class ZoneName(models.TextChoices):
    EASY = "easy", "Easy"
    STEADY = "steady", "Steady"
    MARATHON = "marathon", "Marathon pace"
    THRESHOLD = "threshold", "Threshold"


class ZoneOverride(models.Model):
    """A coach's hand-set band for one zone of one athlete; it wins over the formulas."""

    BAND_FIELDS = ("pace_fast_s_per_km", "pace_slow_s_per_km", "hr_low_bpm", "hr_high_bpm")

    athlete = models.ForeignKey(Athlete, on_delete=models.CASCADE, related_name="zone_overrides")
    zone = models.CharField(max_length=16, choices=ZoneName)
    pace_fast_s_per_km = models.FloatField(null=True, blank=True)
    pace_slow_s_per_km = models.FloatField(null=True, blank=True)
    hr_low_bpm = models.PositiveSmallIntegerField(null=True, blank=True)
    hr_high_bpm = models.PositiveSmallIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint("athlete", "zone", name="zone_override_once_per_zone"),
            # A band is whole (both ends, fast before slow, low before high) or absent.
            models.CheckConstraint(
                condition=models.Q(pace_fast_s_per_km__isnull=True, pace_slow_s_per_km__isnull=True)
                | models.Q(
                    pace_fast_s_per_km__gt=0,
                    pace_slow_s_per_km__gte=models.F("pace_fast_s_per_km"),
                ),
                name="zone_override_pace_band",
            ),
            models.CheckConstraint(
                condition=models.Q(hr_low_bpm__isnull=True, hr_high_bpm__isnull=True)
                | models.Q(hr_low_bpm__gt=0, hr_high_bpm__gte=models.F("hr_low_bpm")),
                name="zone_override_hr_band",
            ),
        ]

    def __str__(self):
        return f"{self.get_zone_display()} override for {self.athlete}"

    def as_value(self) -> fitness.ZoneOverride:
        pace = hr = None
        if self.pace_fast_s_per_km is not None and self.pace_slow_s_per_km is not None:
            pace = paces.PaceRange(self.pace_fast_s_per_km, self.pace_slow_s_per_km)
        if self.hr_low_bpm is not None and self.hr_high_bpm is not None:
            hr = paces.HrRange(self.hr_low_bpm, self.hr_high_bpm)
        return fitness.ZoneOverride(zone=self.zone, pace=pace, hr=hr)


def new_invitation_key() -> str:
    return secrets.token_urlsafe(32)


def invitation_expiry():
    return timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)


class InvitationStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    USED = "used", "Accepted"
    EXPIRED = "expired", "Expired"
    REVOKED = "revoked", "Replaced by a newer link"


class Invitation(models.Model):
    """A single-use link that lets the invited email address claim an athlete."""

    athlete = models.ForeignKey(Athlete, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    key = models.CharField(max_length=64, unique=True, default=new_invitation_key)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=invitation_expiry)
    email_sent_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Invitation for {self.email}"

    def status(self, now=None) -> InvitationStatus:
        now = now or timezone.now()
        if self.used_at:
            return InvitationStatus.USED
        if self.revoked_at:
            return InvitationStatus.REVOKED
        if self.expires_at <= now:
            return InvitationStatus.EXPIRED
        return InvitationStatus.PENDING
