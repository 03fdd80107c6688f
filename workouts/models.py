import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from athletes.paces import MARATHON_M, PaceRange
from workouts import block_plan, progression
from workouts.plan_text import format_stage
from workouts.progression import Rules, Stage


class Phase(models.TextChoices):
    BASE = "base", "Base"
    TRANSITION = "transition", "Transition"
    LONG_RUN = "long_run", "Long runs"


MAX_RECOVERY_WEEKS = block_plan.MAX_RECOVERY_WEEKS

STAGE_ZONE_CHOICES = [(zone, zone.capitalize()) for zone in progression.ZONES] + [
    ("rest", "Rest"),
    ("walk", "Walk"),
]


# The placement numbers a coach may set on the rules page (docs/running.md §4.5): a week has
# 7 days; a taper of more than 4 weeks, or long runs further apart than 6 weeks, is no rule.
MAX_RUNS_PER_WEEK = 7
MAX_TAPER_DAYS = 28
MAX_LONG_RUN_SPACING_WEEKS = 6


class ProgressionTemplate(models.Model):
    """A progression run by zones, so one template serves every athlete.

    Built-in templates (no owner) come from workouts.presets in a data migration."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="progression_templates",
    )
    preset_key = models.CharField(max_length=40, blank=True)
    name = models.CharField(max_length=120)
    phase = models.CharField(max_length=16, choices=Phase)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["phase", "name"]
        constraints = [
            models.UniqueConstraint(
                "preset_key", condition=~Q(preset_key=""), name="template_preset_key_unique"
            ),
            models.CheckConstraint(
                condition=Q(phase__in=Phase.values), name="template_phase_valid"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_builtin(self) -> bool:
        return self.owner_id is None

    def stage_values(self) -> list[Stage]:
        return [stage.as_value() for stage in self.stages.all()]


class StageFields(models.Model):
    """One stage: a duration or a distance, at a zone or an explicit pace band."""

    position = models.PositiveSmallIntegerField()
    duration_s = models.FloatField(null=True, blank=True)
    distance_m = models.FloatField(null=True, blank=True)
    zone = models.CharField(max_length=16, choices=STAGE_ZONE_CHOICES, blank=True)
    pace_fast_s_per_km = models.FloatField(null=True, blank=True)
    pace_slow_s_per_km = models.FloatField(null=True, blank=True)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=(Q(duration_s__gt=0) & Q(distance_m__isnull=True))
                | (Q(duration_s__isnull=True) & Q(distance_m__gt=0)),
                name="%(class)s_duration_xor_distance",
            ),
            models.CheckConstraint(
                condition=(
                    ~Q(zone="")
                    & Q(pace_fast_s_per_km__isnull=True)
                    & Q(pace_slow_s_per_km__isnull=True)
                )
                | (
                    Q(zone="")
                    & Q(pace_fast_s_per_km__gt=0)
                    & Q(pace_slow_s_per_km__gte=models.F("pace_fast_s_per_km"))
                ),
                name="%(class)s_zone_xor_pace",
            ),
        ]

    def __str__(self):
        return format_stage(self.as_value())

    def as_value(self) -> Stage:
        pace = None
        if self.pace_fast_s_per_km is not None:
            pace = PaceRange(self.pace_fast_s_per_km, self.pace_slow_s_per_km)
        return Stage(
            duration_s=self.duration_s,
            distance_m=self.distance_m,
            zone=self.zone or None,
            pace=pace,
        )

    @classmethod
    def from_value(cls, stage: Stage, *, position: int, **fields):
        return cls(
            position=position,
            duration_s=stage.duration_s,
            distance_m=stage.distance_m,
            zone=stage.zone or "",
            pace_fast_s_per_km=stage.pace.fast_s_per_km if stage.pace else None,
            pace_slow_s_per_km=stage.pace.slow_s_per_km if stage.pace else None,
            **fields,
        )


class TemplateStage(StageFields):
    template = models.ForeignKey(
        ProgressionTemplate, on_delete=models.CASCADE, related_name="stages"
    )

    class Meta(StageFields.Meta):
        ordering = ["template", "position"]
        constraints = [
            *StageFields.Meta.constraints,
            models.UniqueConstraint("template", "position", name="template_stage_position"),
        ]


class CoachRules(models.Model):
    """A coach's own tolerances for the progression-run rules (§1) and the review (§3)."""

    coach = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rules"
    )
    easy_share_min_pct = models.PositiveSmallIntegerField("easy share from (%)", default=50)
    easy_share_max_pct = models.PositiveSmallIntegerField("easy share to (%)", default=70)
    stage_min_min = models.PositiveSmallIntegerField("steps last at least (min)", default=10)
    stage_max_min = models.PositiveSmallIntegerField("steps last at most (min)", default=20)
    max_zone_step = models.PositiveSmallIntegerField(
        "largest jump between stages (zones)", default=1
    )
    transition_threshold_max_min = models.PositiveSmallIntegerField(
        "threshold finish in transition, at most (min)", default=10
    )
    pace_tolerance_s_per_km = models.PositiveSmallIntegerField(
        "pace tolerance outside the band (s/km)", default=8
    )
    compliance_green_min_pct = models.PositiveSmallIntegerField("on plan from (%)", default=80)
    compliance_green_max_pct = models.PositiveSmallIntegerField("on plan to (%)", default=120)
    compliance_yellow_min_pct = models.PositiveSmallIntegerField("near plan from (%)", default=50)
    compliance_yellow_max_pct = models.PositiveSmallIntegerField("near plan to (%)", default=150)
    easy_share_review_points = models.PositiveSmallIntegerField(
        "easy share may differ from plan by (points)", default=10
    )
    pause_max_s = models.PositiveSmallIntegerField(
        "longest pause that still counts (s)", default=60
    )
    # Where progression runs go on a block (docs/running.md §4.5): PlacementRules' numbers.
    base_per_week = models.PositiveSmallIntegerField(
        "progression runs a base week", default=block_plan.DEFAULT_PLACEMENT_RULES.base_per_week
    )
    transition_per_week = models.PositiveSmallIntegerField(
        "progression runs a transition week",
        default=block_plan.DEFAULT_PLACEMENT_RULES.transition_per_week,
    )
    long_run_per_week = models.PositiveSmallIntegerField(
        "progression runs a long-run-phase week",
        default=block_plan.DEFAULT_PLACEMENT_RULES.long_run_per_week,
    )
    taper_per_week = models.PositiveSmallIntegerField(
        "progression runs a taper week",
        default=block_plan.DEFAULT_PLACEMENT_RULES.taper_per_week,
    )
    taper_days = models.PositiveSmallIntegerField(
        "days before the race without progression runs",
        default=block_plan.DEFAULT_PLACEMENT_RULES.taper_days,
    )
    long_run_spacing_weeks = models.PositiveSmallIntegerField(
        "weeks between fast-finish long runs",
        default=block_plan.DEFAULT_PLACEMENT_RULES.long_run_spacing_weeks,
    )

    class Meta:
        verbose_name_plural = "coach rules"
        constraints = [
            models.CheckConstraint(
                condition=Q(easy_share_min_pct__lte=models.F("easy_share_max_pct"))
                & Q(easy_share_max_pct__lte=100),
                name="rules_easy_share_ordered",
            ),
            models.CheckConstraint(
                condition=Q(stage_min_min__gt=0) & Q(stage_min_min__lte=models.F("stage_max_min")),
                name="rules_stage_length_ordered",
            ),
            models.CheckConstraint(
                condition=Q(compliance_yellow_min_pct__lte=models.F("compliance_green_min_pct"))
                & Q(compliance_green_min_pct__lte=100)
                & Q(compliance_green_max_pct__gte=100)
                & Q(compliance_green_max_pct__lte=models.F("compliance_yellow_max_pct")),
                name="rules_compliance_ordered",
            ),
            models.CheckConstraint(
                condition=Q(base_per_week__lte=MAX_RUNS_PER_WEEK)
                & Q(transition_per_week__lte=MAX_RUNS_PER_WEEK)
                & Q(long_run_per_week__lte=MAX_RUNS_PER_WEEK)
                & Q(taper_per_week__lte=MAX_RUNS_PER_WEEK),
                name="rules_runs_per_week_at_most_7",
            ),
            models.CheckConstraint(
                condition=Q(taper_days__lte=MAX_TAPER_DAYS), name="rules_taper_days_in_range"
            ),
            models.CheckConstraint(
                condition=Q(long_run_spacing_weeks__gte=1)
                & Q(long_run_spacing_weeks__lte=MAX_LONG_RUN_SPACING_WEEKS),
                name="rules_long_run_spacing_in_range",
            ),
        ]

    def __str__(self):
        return f"Rules of {self.coach}"

    def as_rules(self) -> Rules:
        return Rules(
            max_zone_step=self.max_zone_step,
            easy_share_min=self.easy_share_min_pct / 100,
            easy_share_max=self.easy_share_max_pct / 100,
            stage_min_s=self.stage_min_min * 60,
            stage_max_s=self.stage_max_min * 60,
            transition_threshold_max_s=self.transition_threshold_max_min * 60,
        )

    def as_placement_rules(self) -> block_plan.PlacementRules:
        return block_plan.PlacementRules(
            base_per_week=self.base_per_week,
            transition_per_week=self.transition_per_week,
            long_run_per_week=self.long_run_per_week,
            taper_per_week=self.taper_per_week,
            taper_days=self.taper_days,
            long_run_spacing_weeks=self.long_run_spacing_weeks,
        )


# -- Marathon blocks (docs/running.md §4) ---------------------------------------------------


class BlockPhase(models.TextChoices):
    BASE = "base", "Base"
    TRANSITION = "transition", "Transition"
    LONG_RUN = "long_run", "Long runs"
    TAPER = "taper", "Taper"


class SessionKind(models.TextChoices):
    PROGRESSION = "progression", "Progression run"
    LONG_RUN_PROGRESSION = "long_run_progression", "Fast-finish long run"
    LONG_RUN = "long_run", "Long run"
    EASY = "easy", "Easy run"
    QUALITY = "quality", "Quality session"
    RACE = "race", "Race"
    REST = "rest", "Rest day"


class SkipReason(models.TextChoices):
    """Why a planned session was not run (blank: it was not skipped)."""

    ILL = "ill", "ill"
    INJURED = "injured", "injured"
    TRAVEL = "travel", "travel"
    OTHER = "other", "other"


class RacePriority(models.TextChoices):
    """A race inside a block: the A race is the block's own; B and C races sit within it."""

    B = "B", "B race"
    C = "C", "C race"


class Block(models.Model):
    """A training block counted back from its A race: the last week ends on race day."""

    athlete = models.ForeignKey("athletes.Athlete", on_delete=models.CASCADE, related_name="blocks")
    race_name = models.CharField("race", max_length=120)
    race_date = models.DateField("race date")
    race_distance_m = models.FloatField("race distance", default=MARATHON_M)
    goal_time_s = models.FloatField("goal time", null=True, blank=True)
    n_weeks = models.PositiveSmallIntegerField("weeks", default=18)
    recovery_weeks = models.PositiveSmallIntegerField("recovery weeks after the race", default=0)
    # Whether the athlete may move the block's sessions to other days themselves.
    athlete_can_move = models.BooleanField("the athlete may move sessions", default=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-race_date"]
        constraints = [
            models.UniqueConstraint("athlete", "race_date", name="block_one_per_a_race"),
            models.CheckConstraint(
                condition=Q(n_weeks__gte=block_plan.MIN_WEEKS)
                & Q(n_weeks__lte=block_plan.MAX_WEEKS),
                name="block_weeks_in_range",
            ),
            models.CheckConstraint(
                condition=Q(recovery_weeks__lte=MAX_RECOVERY_WEEKS), name="block_recovery_weeks"
            ),
        ]

    def __str__(self):
        return f"{self.race_name} ({self.race_date:%d %b %Y})"

    @property
    def start(self):
        return self.race_date - timedelta(days=7 * self.n_weeks - 1)

    @property
    def end(self):
        """The calendar's last day: race day, or the last day of its recovery weeks."""
        return self.race_date + timedelta(days=7 * self.recovery_weeks)

    def as_value(self) -> block_plan.Block:
        spans = tuple(
            block_plan.PhaseSpan(p.phase, p.first_week, p.last_week) for p in self.phases.all()
        )
        return block_plan.Block(self.race_date, self.n_weeks, spans, self.recovery_weeks)


class BlockPhaseSpan(models.Model):
    """A phase of a block, as weeks of the block (1 = the first, n_weeks = race week)."""

    block = models.ForeignKey(Block, on_delete=models.CASCADE, related_name="phases")
    phase = models.CharField(max_length=16, choices=BlockPhase)
    first_week = models.PositiveSmallIntegerField()
    last_week = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["block", "first_week"]
        constraints = [
            models.UniqueConstraint("block", "phase", name="block_phase_once"),
            models.CheckConstraint(
                condition=Q(first_week__gte=1) & Q(first_week__lte=models.F("last_week")),
                name="block_phase_weeks_ordered",
            ),
            models.CheckConstraint(
                condition=Q(phase__in=BlockPhase.values), name="block_phase_valid"
            ),
        ]

    def __str__(self):
        return f"{self.get_phase_display()}: weeks {self.first_week}–{self.last_week}"


class PlannedSession(models.Model):
    """A session on a block's calendar. A progression run holds its stages (by zone, so
    targets resolve against the athlete's paces as of its day)."""

    block = models.ForeignKey(Block, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField()
    kind = models.CharField(max_length=24, choices=SessionKind, default=SessionKind.EASY)
    title = models.CharField(max_length=120, blank=True)
    notes = models.TextField(blank=True)
    template = models.ForeignKey(
        ProgressionTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The day it was first planned on: a moved session keeps it, for later comparison.
    original_date = models.DateField(null=True, blank=True)
    locked = models.BooleanField(default=False, help_text="Kept as it is by a re-plan.")
    # Fixed by the coach against the athlete's moves (not the same as `locked`, for re-plans).
    athlete_locked = models.BooleanField(
        "fixed for the athlete", default=False, help_text="The athlete cannot move it."
    )
    proposed = models.BooleanField(default=False, help_text="Made by the block proposal.")
    # Two tabs editing one session: the second save sees a changed version (a conflict).
    version = models.PositiveIntegerField(default=1)
    # A B or C race inside the block (blank for anything else: the A race is the block's).
    priority = models.CharField(max_length=1, choices=RacePriority, blank=True)
    race_distance_m = models.FloatField("race distance", null=True, blank=True)
    # Not run, and why (blank: not skipped). A skipped run counts for nothing in a re-plan.
    skipped_reason = models.CharField(
        "not run because", max_length=8, choices=SkipReason, blank=True
    )
    # What the targets resolved to on the session's day, kept once that day has passed
    # (workouts/targets.py, docs/running.md §3.7): the athlete's whole fitness (every zone's
    # pace and heart-rate band, the VDOT and its race), not per stage, so that stages edited
    # later resolve against the same day. targets_frozen_on is the day they are as of (the
    # session's day when frozen). Both null: not frozen, the targets follow the paces.
    frozen_targets = models.JSONField(null=True, blank=True, editable=False)
    targets_frozen_on = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=SessionKind.values), name="session_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.date:%a} {self.date.day} {self.date:%b}"

    @property
    def is_moved(self) -> bool:
        return self.original_date is not None and self.original_date != self.date

    @property
    def targets_frozen(self) -> bool:
        return self.targets_frozen_on is not None

    def stage_values(self) -> list[Stage]:
        return [stage.as_value() for stage in self.stages.all()]

    def as_value(self) -> block_plan.PlannedRun:
        stages = tuple(self.stage_values()) or None
        return block_plan.PlannedRun(
            self.date, self.kind, stages, locked=self.locked, missed=bool(self.skipped_reason)
        )


class SessionStage(StageFields):
    session = models.ForeignKey(PlannedSession, on_delete=models.CASCADE, related_name="stages")

    class Meta(StageFields.Meta):
        ordering = ["session", "position"]
        constraints = [
            *StageFields.Meta.constraints,
            models.UniqueConstraint("session", "position", name="session_stage_position"),
        ]


class BlockWeek(models.Model):
    """A week of a block as the coach set it: a planned-time or planned-distance target, and
    whether it is a recovery (cutback) week. Weeks the coach never set have no row."""

    block = models.ForeignKey(Block, on_delete=models.CASCADE, related_name="week_targets")
    index = models.PositiveSmallIntegerField("week")
    target_duration_s = models.FloatField("target time", null=True, blank=True)
    target_distance_m = models.FloatField("target distance", null=True, blank=True)
    is_cutback = models.BooleanField("recovery week", default=False)

    class Meta:
        ordering = ["block", "index"]
        constraints = [
            models.UniqueConstraint("block", "index", name="block_week_once"),
            models.CheckConstraint(condition=Q(index__gte=1), name="block_week_index_positive"),
            models.CheckConstraint(
                condition=Q(target_duration_s__isnull=True) | Q(target_distance_m__isnull=True),
                name="block_week_one_target",
            ),
        ]

    def __str__(self):
        return f"Week {self.index} of {self.block}"


# -- Block templates (docs/running.md §4.7) ---------------------------------------------------


class BlockTemplate(models.Model):
    """A block saved for reuse: its weeks, phases, week targets and sessions, each session by
    its days before race day and its stages by zone, so a block made from it resolves against
    each athlete's own paces. Nothing of one athlete is kept (no paces, goal time, dates)."""

    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="block_templates"
    )
    name = models.CharField(max_length=120)
    n_weeks = models.PositiveSmallIntegerField("weeks")
    recovery_weeks = models.PositiveSmallIntegerField("recovery weeks after the race", default=0)
    race_distance_m = models.FloatField("race distance", default=MARATHON_M)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint("coach", Lower("name"), name="block_template_name_per_coach"),
            models.CheckConstraint(
                condition=Q(n_weeks__gte=block_plan.MIN_WEEKS)
                & Q(n_weeks__lte=block_plan.MAX_WEEKS),
                name="block_template_weeks_in_range",
            ),
            models.CheckConstraint(
                condition=Q(recovery_weeks__lte=MAX_RECOVERY_WEEKS),
                name="block_template_recovery_weeks",
            ),
        ]

    def __str__(self):
        return self.name


class BlockTemplatePhase(models.Model):
    """A phase of a block template, as weeks of it (1 = the first, n_weeks = race week)."""

    block_template = models.ForeignKey(
        BlockTemplate, on_delete=models.CASCADE, related_name="phases"
    )
    phase = models.CharField(max_length=16, choices=BlockPhase)
    first_week = models.PositiveSmallIntegerField()
    last_week = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["block_template", "first_week"]
        constraints = [
            models.UniqueConstraint("block_template", "phase", name="block_template_phase_once"),
            models.CheckConstraint(
                condition=Q(first_week__gte=1) & Q(first_week__lte=models.F("last_week")),
                name="block_template_phase_weeks_ordered",
            ),
            models.CheckConstraint(
                condition=Q(phase__in=BlockPhase.values), name="block_template_phase_valid"
            ),
        ]

    def __str__(self):
        return f"{self.get_phase_display()}: weeks {self.first_week}–{self.last_week}"


class BlockTemplateSession(models.Model):
    """A session of a block template, `days_before_race` days before race day (0 = on it)."""

    block_template = models.ForeignKey(
        BlockTemplate, on_delete=models.CASCADE, related_name="sessions"
    )
    days_before_race = models.PositiveSmallIntegerField("days before race day")
    kind = models.CharField(max_length=24, choices=SessionKind, default=SessionKind.EASY)
    title = models.CharField(max_length=120, blank=True)
    notes = models.TextField(blank=True)
    priority = models.CharField(max_length=1, choices=RacePriority, blank=True)
    race_distance_m = models.FloatField("race distance", null=True, blank=True)
    template = models.ForeignKey(
        ProgressionTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["block_template", "-days_before_race", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=SessionKind.values), name="block_template_session_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}, {self.days_before_race} days before race day"

    def stage_values(self) -> list[Stage]:
        return [stage.as_value() for stage in self.stages.all()]


class BlockTemplateStage(StageFields):
    """A stage of a block template's session: always by zone, never an athlete's pace."""

    session = models.ForeignKey(
        BlockTemplateSession, on_delete=models.CASCADE, related_name="stages"
    )

    class Meta(StageFields.Meta):
        ordering = ["session", "position"]
        constraints = [
            *StageFields.Meta.constraints,
            models.UniqueConstraint("session", "position", name="block_template_stage_position"),
            models.CheckConstraint(condition=~Q(zone=""), name="block_template_stage_by_zone"),
        ]


class BlockTemplateWeek(models.Model):
    """A week of a block template with a target or marked a recovery week, as BlockWeek."""

    block_template = models.ForeignKey(
        BlockTemplate, on_delete=models.CASCADE, related_name="weeks"
    )
    index = models.PositiveSmallIntegerField("week")
    target_duration_s = models.FloatField("target time", null=True, blank=True)
    target_distance_m = models.FloatField("target distance", null=True, blank=True)
    is_cutback = models.BooleanField("recovery week", default=False)

    class Meta:
        ordering = ["block_template", "index"]
        constraints = [
            models.UniqueConstraint("block_template", "index", name="block_template_week_once"),
            models.CheckConstraint(
                condition=Q(index__gte=1), name="block_template_week_index_positive"
            ),
            models.CheckConstraint(
                condition=Q(target_duration_s__isnull=True) | Q(target_distance_m__isnull=True),
                name="block_template_week_one_target",
            ),
        ]

    def __str__(self):
        return f"Week {self.index} of {self.block_template}"


# -- Notes on the calendar (issue 7) ---------------------------------------------------------

NOTE_MAX_CHARS = 2000


class NoteVisibility(models.TextChoices):
    ATHLETE = "athlete", "Athlete sees it"
    COACH = "coach", "Private: only you"


class CalendarNote(models.Model):
    """A coach's note on a day or on a week of a block (one of them): the athlete sees it,
    unless the coach keeps it private."""

    block = models.ForeignKey(Block, on_delete=models.CASCADE, related_name="notes")
    date = models.DateField(null=True, blank=True)
    week = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(max_length=NOTE_MAX_CHARS)
    visibility = models.CharField(
        "who sees it", max_length=8, choices=NoteVisibility, default=NoteVisibility.ATHLETE
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["block", "date", "week", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(date__isnull=False) & Q(week__isnull=True))
                | (Q(date__isnull=True) & Q(week__gte=1)),
                name="note_on_a_day_or_a_week",
            ),
            models.CheckConstraint(condition=~Q(text=""), name="note_text_not_blank"),
            models.CheckConstraint(
                condition=Q(visibility__in=NoteVisibility.values), name="note_visibility_valid"
            ),
        ]

    def __str__(self):
        where = (
            f"{self.date:%a} {self.date.day} {self.date:%b}" if self.date else f"week {self.week}"
        )
        return f"Note on {where}"

    @property
    def is_private(self) -> bool:
        return self.visibility == NoteVisibility.COACH


def new_feed_token() -> str:
    """A feed address's secret: 256 random bits, URL-safe (43 characters)."""
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """An athlete's private calendar feed (docs/running.md §4.11): whoever has the token's
    address reads their visible sessions without a login. A new token replaces the old one,
    whose address then answers 404."""

    athlete = models.OneToOneField(
        "athletes.Athlete", on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(default=timezone.now)
    rotated_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Calendar feed of {self.athlete}"


# -- Word when the plan changes (docs/running.md §4.14) --------------------------------------


def default_daily_time():
    from datetime import time

    return time(6, 0)


def default_batch_time():
    from datetime import time

    return time(7, 0)


class RunEmailBatch(models.TextChoices):
    EACH = "each", "One email per run with findings"
    DAILY = "daily", "One daily batch"


class EmailSettings(models.Model):
    """Which emails a person gets from the app; a person without a row gets the defaults
    (plan changes and coach notices on, the daily email off). Each email's unsubscribe link
    turns its own kind off."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_settings"
    )
    plan_changes = models.BooleanField(
        "email me when my coach changes a session of the next 7 days", default=True
    )
    daily = models.BooleanField("email me the day's session every day", default=False)
    daily_time = models.TimeField("at", default=default_daily_time)
    coach_notices = models.BooleanField(
        "email me when an athlete moves a session or marks availability", default=True
    )
    comments = models.BooleanField("email me when my coach comments on a run", default=True)
    # A coach's emails of their athletes' runs (docs/running.md §3.14).
    runs = models.BooleanField(
        "email me of my athletes' runs with findings (a pain note at once)", default=True
    )
    runs_batch = models.CharField(
        "how", max_length=5, choices=RunEmailBatch, default=RunEmailBatch.DAILY
    )
    runs_time = models.TimeField("daily batch at", default=default_batch_time)
    digest = models.BooleanField(
        "email me a weekly digest on Monday morning (who needs a word, compliance, "
        "next week's progression runs)",
        default=True,
    )

    def __str__(self):
        return f"Email settings of {self.user}"


class PlanChangeKind(models.TextChoices):
    ADDED = "added", "Added"
    MOVED = "moved", "Moved"
    CHANGED = "changed", "Changed"
    DELETED = "deleted", "Deleted"


class PlanChange(models.Model):
    """A change to a session of the athlete's next 7 days, waiting to be emailed in a batch
    with the others (workouts/plan_changes.py). No foreign key to the session: a deleted one is
    told too. `batch` and `sent_at` are set together when an email claims the row."""

    athlete = models.ForeignKey(
        "athletes.Athlete", on_delete=models.CASCADE, related_name="plan_changes"
    )
    session_id = models.PositiveBigIntegerField()
    what = models.CharField(max_length=8, choices=PlanChangeKind)
    # The session's day after the change (before it, for a delete); a move's day before it.
    date = models.DateField()
    from_date = models.DateField(null=True, blank=True)
    label = models.CharField(max_length=160)
    created_at = models.DateTimeField(default=timezone.now)
    batch = models.CharField(max_length=32, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["athlete", "sent_at"], name="plan_change_unsent")]
        constraints = [
            models.CheckConstraint(
                condition=Q(what__in=PlanChangeKind.values), name="plan_change_what_valid"
            ),
        ]

    def __str__(self):
        return f"{self.get_what_display()}: {self.label} on {self.date:%a} {self.date.day} {self.date:%b}"


class DailyEmail(models.Model):
    """The daily email an athlete was sent for one of their days: the row is the claim, so a
    day's email goes once however often the sweep runs."""

    athlete = models.ForeignKey(
        "athletes.Athlete", on_delete=models.CASCADE, related_name="daily_emails"
    )
    date = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint("athlete", "date", name="daily_email_once_a_day"),
        ]

    def __str__(self):
        return f"Daily email to {self.athlete} for {self.date:%a} {self.date.day} {self.date:%b %Y}"


class CoachNotice(models.Model):
    """Word to a coach of something an athlete did to their plan (moved a session, marked
    availability), emailed once (`sent_at` is the claim)."""

    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coach_notices"
    )
    athlete = models.ForeignKey(
        "athletes.Athlete", on_delete=models.CASCADE, related_name="coach_notices"
    )
    subject = models.CharField(max_length=200)
    lines = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject


# -- Availability: days the athlete is away or limited (docs/running.md §4.5) ---------------


class AvailabilityStatus(models.TextChoices):
    UNAVAILABLE = "away", "Away: no training"
    LIMITED = "limited", "Limited: a shorter session"


class AvailabilityReason(models.TextChoices):
    TRAVEL = "travel", "travel"
    ILL = "ill", "ill"
    INJURED = "injured", "injured"
    OTHER = "other", "other"


class AvailabilityRange(models.Model):
    """Days, `start` to `end` included, when the athlete cannot train or has only a shorter
    session (`longest_min` minutes); it overrides their default week. Entered by the athlete or
    their coach (`created_by`); workouts/availability.py validates and stores it."""

    athlete = models.ForeignKey(
        "athletes.Athlete", on_delete=models.CASCADE, related_name="availability_ranges"
    )
    start = models.DateField("first day")
    end = models.DateField("last day")
    status = models.CharField(
        max_length=8, choices=AvailabilityStatus, default=AvailabilityStatus.UNAVAILABLE
    )
    longest_min = models.PositiveSmallIntegerField(
        "longest session (minutes)", null=True, blank=True
    )
    reason = models.CharField(max_length=8, choices=AvailabilityReason)
    note = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["athlete", "start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="availability_ends_after_start"
            ),
            models.CheckConstraint(
                condition=(Q(status="away") & Q(longest_min__isnull=True))
                | (Q(status="limited") & Q(longest_min__gte=1)),
                name="availability_limited_has_longest",
            ),
            models.CheckConstraint(
                condition=Q(reason__in=AvailabilityReason.values), name="availability_reason_valid"
            ),
        ]

    def __str__(self):
        start, end = self.start, self.end
        return f"{self.label}, {start:%a} {start.day} {start:%b} – {end:%a} {end.day} {end:%b %Y}"

    @property
    def is_limited(self) -> bool:
        return self.status == AvailabilityStatus.LIMITED

    @property
    def label(self) -> str:
        """ "Away: travel" or "Limited: 45 min", as the calendar's badge says it."""
        if self.is_limited:
            return f"Limited: {self.longest_min} min"
        return f"Away: {self.get_reason_display()}"

    def as_value(self) -> block_plan.Unavailable:
        return block_plan.Unavailable(
            self.start, self.end, self.get_reason_display(), self.longest_min
        )


# -- Logged runs (docs/running.md §3.11) -------------------------------------------------------


class LogSource(models.TextChoices):
    HAND = "hand", "By hand"
    FILE = "file", "From a file"


class LogStatus(models.TextChoices):
    """A file's way through the pipeline; a log by hand is reviewed at once (done)."""

    QUEUED = "queued", "Waiting to be read"
    PROCESSING = "processing", "Being read"
    DONE = "done", "Reviewed"
    FAILED = "failed", "Could not be read"


class LogPairing(models.TextChoices):
    """How a log came to its planned session (docs/running.md §3.10)."""

    SAME_DAY = "same-day", "On its day"
    SHIFTED = "shifted", "A day early or late"
    MANUAL = "manual", "Chosen by hand"
    UNPLANNED = "unplanned", "Not planned"


class Feel(models.IntegerChoices):
    AWFUL = 1, "1 · awful"
    POOR = 2, "2 · poor"
    OK = 3, "3 · OK"
    GOOD = 4, "4 · good"
    GREAT = 5, "5 · great"


class RunLog(models.Model):
    """One run an athlete did: typed in by hand or read from a watch's file, paired with a
    planned session (or unplanned), and its review against that session's plan (the stored
    result of workouts/review.py, see workouts/log_review.py for its shape)."""

    athlete = models.ForeignKey(
        "athletes.Athlete", on_delete=models.CASCADE, related_name="run_logs"
    )
    session = models.ForeignKey(
        PlannedSession, on_delete=models.SET_NULL, null=True, blank=True, related_name="logs"
    )
    pairing = models.CharField(max_length=10, choices=LogPairing, default=LogPairing.UNPLANNED)
    source = models.CharField(max_length=4, choices=LogSource, default=LogSource.HAND)
    status = models.CharField(max_length=10, choices=LogStatus, default=LogStatus.DONE)
    error = models.TextField(blank=True)  # why a file could not be read, for the athlete
    attempts = models.PositiveSmallIntegerField(default=0)  # tasks that claimed it
    claimed_at = models.DateTimeField(null=True, blank=True)
    # The athlete's local day of the run (a file's start in their time zone), for pairing.
    date = models.DateField()
    started_at = models.DateTimeField(null=True, blank=True)  # a file's first point (UTC)
    duration_s = models.FloatField("duration", null=True, blank=True)  # timer time
    moving_s = models.FloatField(null=True, blank=True)
    distance_m = models.FloatField("distance", null=True, blank=True)
    avg_hr = models.PositiveSmallIntegerField("average heart rate", null=True, blank=True)
    rpe = models.PositiveSmallIntegerField("effort (RPE 1–10)", null=True, blank=True)
    feel = models.PositiveSmallIntegerField("feel", choices=Feel, null=True, blank=True)
    pain_note = models.TextField("pain or injury", blank=True)
    notes = models.TextField(blank=True)
    temp_c = models.FloatField("temperature (°C)", null=True, blank=True)
    dew_point_c = models.FloatField("dew point (°C)", null=True, blank=True)
    sport = models.CharField(max_length=40, blank=True)
    sub_sport = models.CharField(max_length=40, blank=True)
    device = models.CharField(max_length=120, blank=True)
    compliance = models.CharField(max_length=8, blank=True)  # green, yellow, orange
    review = models.JSONField(null=True, blank=True, editable=False)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    # The coach was emailed of this run, alone or in a batch (the claim: emailed once).
    coach_told_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-started_at", "-pk"]
        indexes = [models.Index(fields=["athlete", "date"]), models.Index(fields=["status"])]
        constraints = [
            models.CheckConstraint(condition=Q(rpe__gte=1, rpe__lte=10), name="log_rpe_range"),
            models.CheckConstraint(condition=Q(feel__gte=1, feel__lte=5), name="log_feel_range"),
            models.CheckConstraint(
                condition=Q(status__in=LogStatus.values), name="log_status_valid"
            ),
        ]

    def __str__(self):
        return f"Run on {self.date:%a} {self.date.day} {self.date:%b %Y}"

    @property
    def is_pending(self) -> bool:
        return self.status in (LogStatus.QUEUED, LogStatus.PROCESSING)


class RunLogStage(models.Model):
    """What the athlete noted by hand for one planned stage (its index in the session)."""

    log = models.ForeignKey(RunLog, on_delete=models.CASCADE, related_name="stage_entries")
    index = models.PositiveSmallIntegerField()
    pace_s_per_km = models.FloatField(null=True, blank=True)
    avg_hr = models.PositiveSmallIntegerField(null=True, blank=True)
    rpe = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["log", "index"]
        constraints = [
            models.UniqueConstraint("log", "index", name="log_stage_index"),
            models.CheckConstraint(
                condition=Q(rpe__gte=1, rpe__lte=10), name="log_stage_rpe_range"
            ),
        ]

    def __str__(self):
        return f"Stage {self.index + 1} of {self.log}"


class ActivityFile(models.Model):
    """The original file as uploaded, compressed (zlib), in the database: never under a public
    URL, readable by a worker on another machine, kept by a database backup. One athlete's
    same file twice is one activity (`sha256` of the original bytes)."""

    log = models.OneToOneField(RunLog, on_delete=models.CASCADE, related_name="file")
    athlete = models.ForeignKey("athletes.Athlete", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()  # of the original bytes
    sha256 = models.CharField(max_length=64)
    data = models.BinaryField()  # zlib.compress(original)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint("athlete", "sha256", name="activity_file_once_per_athlete")
        ]

    def __str__(self):
        return self.name


class LogOutbox(models.Model):
    """Work for the Celery worker, written in the same transaction as the log it names; a
    relay hands it to the broker after commit, a periodic sweep again while the log is still
    queued (workouts/log_pipeline.py). The request itself never talks to the broker."""

    log = models.ForeignKey(RunLog, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    relayed_at = models.DateTimeField(null=True, blank=True)
    relays = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Read log {self.log_id}"


# -- The coach's review of logged runs (docs/running.md §3.12) ---------------------------------


class ReviewState(models.TextChoices):
    NEW = "new", "New"
    FINE = "fine", "Fine"
    ATTENTION = "attention", "Needs attention"
    FOLLOWED_UP = "followed-up", "Followed up"


class LogReviewMark(models.Model):
    """The coach's verdict on a reviewed run, who gave it and when; a run without one is new
    (in the queue, workouts/review_queue.py)."""

    log = models.OneToOneField(RunLog, on_delete=models.CASCADE, related_name="mark")
    state = models.CharField(max_length=12, choices=ReviewState, default=ReviewState.NEW)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["state"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=ReviewState.values), name="log_review_mark_state_valid"
            )
        ]

    def __str__(self):
        return f"{self.get_state_display()}: {self.log}"


COMMENT_MAX_CHARS = 2000


class LogComment(models.Model):
    """One message of the thread on a logged run between the athlete and their coach, both
    reading it on the run's review page; the athlete is emailed of the coach's (once:
    `emailed_at` claims the email)."""

    log = models.ForeignKey(RunLog, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    by_coach = models.BooleanField(default=False)
    text = models.TextField(max_length=COMMENT_MAX_CHARS)
    created_at = models.DateTimeField(default=timezone.now)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["log", "created_at"])]

    def __str__(self):
        return f"{'Coach' if self.by_coach else 'Athlete'} on {self.log}"


class LogCoachNote(models.Model):
    """The coach's private note on one logged run: never shown to the athlete."""

    log = models.OneToOneField(RunLog, on_delete=models.CASCADE, related_name="coach_note")
    coach = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(max_length=COMMENT_MAX_CHARS)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Coach's note on {self.log}"


class AthleteCoachNote(models.Model):
    """The coach's private note on an athlete (shown on each of their runs' review pages to
    the coach): never shown to the athlete."""

    athlete = models.OneToOneField(
        "athletes.Athlete", on_delete=models.CASCADE, related_name="coach_note"
    )
    coach = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(max_length=COMMENT_MAX_CHARS)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Coach's note on {self.athlete}"


class CoachEmailKind(models.TextChoices):
    DAILY = "daily", "Daily batch of runs"
    WEEKLY = "weekly", "Weekly digest"


class CoachEmail(models.Model):
    """A coach's daily batch or weekly digest for one period (the day, or the week's Monday),
    in the coach's time zone: the row is the claim, so each is sent once."""

    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coach_emails"
    )
    kind = models.CharField(max_length=6, choices=CoachEmailKind)
    period = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint("coach", "kind", "period", name="coach_email_once"),
            models.CheckConstraint(
                condition=Q(kind__in=CoachEmailKind.values), name="coach_email_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.coach} for {self.period}"


# -- Setting the record straight: fixes to a recording (docs/running.md §3.13) -------------


class FixKind(models.TextChoices):
    TRIM = "trim", "Trim the start or end"
    DROP_HR = "drop-hr", "Drop heart rate"
    DROP_GPS = "drop-gps", "Drop a GPS stretch"
    DISTANCE = "distance", "Correct the distance"
    BOUNDARY = "boundary", "Move a stage boundary"
    DISMISS = "dismiss", "Dismiss a finding"


FIX_REASON_MAX_CHARS = 500


class LogFix(models.Model):
    """One fix of what a recording got wrong, by the coach or the athlete: applied in order
    to the original file (which is kept) before the review runs again; undoing it keeps the
    row, marked undone, so every fix stays on record."""

    log = models.ForeignKey(RunLog, on_delete=models.CASCADE, related_name="fixes")
    kind = models.CharField(max_length=10, choices=FixKind)
    params = models.JSONField(default=dict)
    reason = models.CharField(max_length=FIX_REASON_MAX_CHARS, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["log", "created_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=FixKind.values), name="log_fix_kind_valid")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.log}"
