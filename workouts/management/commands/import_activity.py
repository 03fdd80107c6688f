"""`manage.py import_activity FILE --vdot N [--plan TEXT] [--lthr BPM] [--json]`: a coach's
quick look at an activity file, reviewed against the paces of a VDOT (docs/running.md §3).
Nothing is saved; logs (`--athlete`, `--session`) come later.

The JSON printed is an interface other tools rely on: keep its keys. `split_by` is one of
"workout-steps", "laps" or "time"; the review's split at the planned distances is reported as
"time" too (both place the stages at the planned amounts, not at the watch's laps); the
readable summary names it.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from athletes.paces import (
    LTHR_MAX_BPM,
    LTHR_MIN_BPM,
    VDOT_MAX,
    VDOT_MIN,
    format_duration,
    format_pace,
    ladder_paces,
    progression_hr_zones,
)
from workouts.activity_files import (
    MAX_UPLOAD_BYTES,
    ActivityFileRefused,
    read_activity,
    read_archive,
)
from workouts.plan_text import PlanSyntaxError, parse_plan
from workouts.progression import Stage
from workouts.recording import Recording
from workouts.review import Review, StageReview, review_run

REFUSED = 2  # the exit status of a refused file or bad arguments
SPLIT_NAMES = {
    "workout-steps": "the watch's workout steps",
    "laps": "the manual laps",
    "time": "the planned times",
    "distance": "the planned distances",
}


def _refuse(message: str) -> CommandError:
    return CommandError(message, returncode=REFUSED)


class Command(BaseCommand):
    help = (
        "Review an activity file (FIT, GPX or TCX, gzip-compressed or not, or a zip of them) "
        "against the paces of a VDOT, and print the review; nothing is saved. --plan gives the "
        'planned stages in the plan text syntax ("30min easy, 20min steady"); without it only '
        "the activity is reported. A refused file exits with status 2 and the reason on stderr."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .fit, .gpx or .tcx file (also .gz), or a .zip")
        parser.add_argument(
            "--vdot",
            type=float,
            required=True,
            help=f"review against the paces of this VDOT ({VDOT_MIN:g}-{VDOT_MAX:g})",
        )
        parser.add_argument("--plan", help='the planned stages, e.g. "30min easy, 20min M"')
        parser.add_argument(
            "--lthr",
            type=int,
            help="threshold heart rate: heart-rate bands and the finish's limit",
        )
        parser.add_argument("--json", action="store_true", help="print the review as JSON")

    def handle(self, *args, file, vdot, plan, lthr, **options):
        if not VDOT_MIN <= vdot <= VDOT_MAX:
            raise _refuse(f"--vdot must be between {VDOT_MIN:g} and {VDOT_MAX:g}, not {vdot:g}.")
        if lthr is not None and not LTHR_MIN_BPM <= lthr <= LTHR_MAX_BPM:
            raise _refuse(
                f"--lthr must be between {LTHR_MIN_BPM} and {LTHR_MAX_BPM} bpm, not {lthr}."
            )
        stages = None
        if plan is not None:
            try:
                stages = parse_plan(plan)
            except PlanSyntaxError as error:
                raise _refuse(f"--plan cannot be read: {error}") from None
        self.paces = ladder_paces(vdot)
        self.lthr = lthr
        self.hr_bands = progression_hr_zones(lthr_bpm=lthr) if lthr else None
        path = Path(file)
        data = _read_bytes(path)
        if path.name.lower().endswith(".zip") or data[:4] == b"PK\x03\x04":
            self._archive(data, path.name, stages, as_json=options["json"])
            return
        try:
            recording = read_activity(data, path.name)
        except ActivityFileRefused as refusal:
            raise _refuse(refusal.message) from None
        result = self._review(recording, stages)
        if options["json"]:
            self.stdout.write(json.dumps(_as_dict(*result), indent=2))
        else:
            self.stdout.write(_summary(path.name, *result))

    def _archive(self, data: bytes, name: str, stages, *, as_json: bool) -> None:
        """Review each member of a zip; refused members are reported and make the exit 2."""
        try:
            members = read_archive(data, name)
        except ActivityFileRefused as refusal:
            raise _refuse(refusal.message) from None
        out, refused = [], []
        for member, recording in members:
            if isinstance(recording, ActivityFileRefused):
                refused.append(f"{member}: {recording.message}")
                out.append({"file": member, "error": recording.message})
                continue
            try:
                result = self._review(recording, stages)
            except CommandError as error:
                refused.append(f"{member}: {error}")
                out.append({"file": member, "error": str(error)})
                continue
            if as_json:
                out.append({"file": member, "review": _as_dict(*result)})
            else:
                self.stdout.write(_summary(member, *result) + "\n")
        if as_json:
            self.stdout.write(json.dumps(out, indent=2))
        if refused:
            raise _refuse("\n".join(refused))

    def _review(self, recording: Recording, planned) -> tuple[Recording, Review, list | None]:
        """The review of the run, with the planned stages (None: no plan). Without a plan the
        run is reviewed as one stage of its own length only for its moving time, distance and
        heart rate: that stage and its findings are not reported."""
        stages = planned
        if planned is None:
            timer_s = recording.elapsed_s - recording.paused_s
            stages = [Stage(duration_s=max(timer_s, 1.0), zone="easy")]
        by_distance = all(stage.distance_m is not None for stage in stages)
        try:
            review = review_run(
                recording,
                stages,
                paces=self.paces,
                hr_bands=self.hr_bands,
                lthr=self.lthr,
                planned_by="distance" if by_distance else "duration",
            )
        except ValueError as error:
            raise _refuse(f"This run cannot be reviewed: {error}.") from None
        return recording, review, planned


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_UPLOAD_BYTES:
            raise _refuse(
                f"{path.name} is too large ({size // 1024 // 1024} MB): "
                f"the limit is {MAX_UPLOAD_BYTES // 1024 // 1024} MB"
            )
        return path.read_bytes()
    except OSError as error:
        raise _refuse(f"{path} cannot be read: {error.strerror or error}") from None


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def _as_dict(recording: Recording, review: Review, planned: list[Stage] | None) -> dict:
    """The review with exactly the keys of the command's JSON interface."""
    activity = {
        "sport": recording.sport,
        "start": recording.start.isoformat() if recording.start else None,
        "duration_s": _round(review.timer_s),
        "moving_s": _round(review.moving_s),
        "distance_m": _round(review.distance_m),
        "avg_hr": review.avg_hr,
    }
    if planned is None:
        return {
            "activity": activity,
            "session": None,
            "compliance": None,
            "split_by": None,
            "stages": [],
            "findings": [],
        }
    return {
        "activity": activity,
        "session": None,
        "compliance": review.compliance,
        "split_by": "time" if review.split_by == "distance" else review.split_by,
        "stages": [
            _stage_dict(stage, plan) for stage, plan in zip(review.stages, planned, strict=True)
        ],
        "findings": [
            {
                "code": finding.code,
                "stage_index": finding.stage_index,
                "at_s": _round(finding.at_s),
                "message": finding.message,
            }
            for finding in review.findings
        ],
    }


def _stage_dict(stage: StageReview, plan: Stage) -> dict:
    # The amount the stage was planned by: a distance stage has planned_m, a timed one planned_s.
    if plan.distance_m is not None:
        amount = {"planned_m": _round(plan.distance_m)}
    else:
        amount = {"planned_s": _round(plan.duration_s)}
    return {
        "index": stage.index,
        "zone": stage.zone,
        **amount,
        "actual_s": _round(stage.actual_s),
        "distance_m": _round(stage.distance_m),
        "pace_s_per_km": _round(stage.pace_s_per_km),
        "gap_s_per_km": _round(stage.gap_s_per_km),
        "avg_hr": stage.avg_hr,
        "time_in_band_s": _round(stage.time_in_band_s),
        "verdict": stage.verdict,
    }


def _summary(name: str, recording: Recording, review: Review, planned: list[Stage] | None) -> str:
    """The review in words, for a person at a terminal."""
    start = recording.start.strftime("%Y-%m-%d %H:%M UTC") if recording.start else "no date"
    distance = f"{review.distance_m / 1000:.2f} km" if review.distance_m else "no distance"
    hr = f", average HR {review.avg_hr}" if review.avg_hr else ""
    lines = [
        f"{name}: {recording.sport} on {start}, {format_duration(review.timer_s)} "
        f"({format_duration(review.moving_s)} moving), {distance}{hr}"
    ]
    if planned is None:
        lines.append("No plan given (--plan): the run is not reviewed stage by stage.")
        return "\n".join(lines)
    compliance = review.compliance or "not judged"
    lines.append(f"Compliance: {compliance}. Split by {SPLIT_NAMES[review.split_by]}.")
    lines.append("")
    lines.append(
        f"{'#':>2}  {'zone':<10} {'planned':>9} {'actual':>8} {'km':>6} {'pace':>9} "
        f"{'GAP':>9} {'HR':>4}  verdict"
    )
    for stage, plan in zip(review.stages, planned, strict=True):
        planned_amount = (
            f"{plan.distance_m / 1000:g} km"
            if plan.distance_m is not None
            else format_duration(plan.duration_s)
        )
        lines.append(
            f"{stage.index + 1:>2}  {stage.zone or '-':<10} {planned_amount:>9} "
            f"{format_duration(stage.actual_s):>8} "
            f"{(stage.distance_m or 0) / 1000:>6.2f} "
            f"{_pace(stage.pace_s_per_km):>9} {_pace(stage.gap_s_per_km):>9} "
            f"{stage.avg_hr or '-':>4}  {stage.verdict or '-'}"
        )
    lines.append("")
    if review.findings:
        lines.append("Findings:")
        for finding in review.findings:
            at = f"at {format_duration(finding.at_s)}" if finding.at_s is not None else "overall"
            where = f", stage {finding.stage_index + 1}" if finding.stage_index is not None else ""
            lines.append(f"- {at}{where} ({finding.code}): {finding.message}")
    else:
        lines.append("No findings: the run went as planned.")
    lines += [f"Note: {note}" for note in review.notes]
    return "\n".join(lines)


def _pace(s_per_km: float | None) -> str:
    return format_pace(s_per_km) if s_per_km else "-"
