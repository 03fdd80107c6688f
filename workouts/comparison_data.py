"""The reads behind the comparisons of progression runs (docs/running.md §3.15): a run's
earlier runs of the same template, and the progression runs of an athlete's block. A fixed
number of queries however many runs there are; the stored reviews are read only for their
stages (their series of a few thousand numbers stay in the database). The figures and words
come from workouts/comparisons.py."""

from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q, Window

from workouts import comparisons, targets
from workouts.athlete_pages import week_context
from workouts.block_plan import PROGRESSION_KINDS
from workouts.models import Block, LogStatus, PlannedSession, RunLog
from workouts.review import stage_band


def _reviewed_logs():
    """Reviewed logs with their stored stages and nothing else of the review."""
    return (
        RunLog.objects.filter(status=LogStatus.DONE, review__stages__isnull=False)
        .exclude(review__stages=[])
        .defer("review")
        .annotate(review_stages=F("review__stages"))
    )


class _Places:
    """Where a day sits in its block ("base", "Base, week 3 of 18"), each block's phases
    turned into a plan once."""

    def __init__(self):
        self.plans = {}

    def of(self, block: Block, day) -> tuple[str, str]:
        if block.pk not in self.plans:
            self.plans[block.pk] = block.as_value()
        plan = self.plans[block.pk]
        return plan.phase_on(day) or "", week_context(plan, day)


def earlier_runs(log: RunLog) -> comparisons.Comparison | None:
    """A reviewed progression run beside the athlete's earlier runs of the same template (at
    most the last comparisons.SHOWN_EARLIER, and how many more); None when it has none, or is
    no reviewed run of a template."""
    session = log.session
    stages = (log.review or {}).get("stages")
    if log.status != LogStatus.DONE or session is None or not session.template_id or not stages:
        return None
    earlier = (
        _reviewed_logs()
        .filter(athlete_id=log.athlete_id, session__template_id=session.template_id)
        .filter(Q(date__lt=log.date) | Q(date=log.date, pk__lt=log.pk))
        .order_by("-date", "-pk")
    )
    # The window counts every earlier run before the slice: the page's queries are as many
    # with 2 earlier runs as with 200.
    shown = list(
        earlier.annotate(earlier_total=Window(Count("pk")))
        .select_related("session__block")
        .prefetch_related("session__block__phases")[: comparisons.SHOWN_EARLIER]
    )
    if not shown:
        return None
    more = shown[0].earlier_total - len(shown)
    places = _Places()

    def run(item: RunLog, stored) -> comparisons.Run:
        phase, week = places.of(item.session.block, item.session.date)
        return comparisons.Run(item.pk, item.date, tuple(stored), phase, week)

    return comparisons.compare(
        run(log, stages),
        [run(item, item.review_stages) for item in shown],
        more=more,
        unit=log.athlete.units,
    )


@dataclass(frozen=True)
class BlockProgressions:
    """The progression runs of one block of the athlete's, for the chart."""

    block: Block
    runs: tuple[comparisons.Run, ...]
    patterns: tuple[str, ...]
    unit: str

    @property
    def done(self) -> int:
        return sum(1 for run in self.runs if run.state == comparisons.RUN)


def current_block(athlete, today) -> Block | None:
    """The athlete's block holding today on its calendar, else their latest one."""
    blocks = list(athlete.blocks.prefetch_related("phases").order_by("-race_date"))
    return next((b for b in blocks if b.start <= today <= b.end), blocks[0] if blocks else None)


def block_progressions(athlete) -> BlockProgressions | None:
    """Each progression run of the athlete's current block (comparisons.Run): its latest
    reviewed log's stages, else its planned stages' bands (as of its day, §3.7), marked
    ahead (planned) or missed; None without a block or a progression run in it."""
    today = targets.athlete_today(athlete)
    block = current_block(athlete, today)
    if block is None:
        return None
    logs = _reviewed_logs().order_by("-date", "-pk")
    sessions = list(
        PlannedSession.objects.filter(block=block, kind__in=PROGRESSION_KINDS)
        .prefetch_related("stages", Prefetch("logs", queryset=logs, to_attr="reviewed"))
        .order_by("date", "pk")
    )
    if not sessions:
        return None
    by_day = targets.fitness_by_day(athlete)
    places, runs = _Places(), []
    for session in sessions:
        phase, week = places.of(block, session.date)
        if session.reviewed:
            log = session.reviewed[0]
            runs.append(comparisons.Run(log.pk, log.date, tuple(log.review_stages), phase, week))
            continue
        paces = targets.session_target_fitness(session, by_day).checker_paces
        planned = []
        for i, stage in enumerate(session.stage_values()):
            band = stage_band(stage, paces, 0.0)
            bounds = [band.fast_s_per_km, band.slow_s_per_km] if band else None
            planned.append({"index": i, "zone": stage.zone, "band": bounds})
        state = comparisons.PLANNED if session.date >= today else comparisons.MISSED
        runs.append(comparisons.Run(-session.pk, session.date, tuple(planned), phase, week, state))
    return BlockProgressions(block, tuple(runs), comparisons.patterns(runs), athlete.units)
