"""`manage.py import_activity FILE (--athlete EMAIL [--session ID] | --vdot N [--plan TEXT]
[--lthr BPM]) [--json]`: an activity file imported from the command line (docs/running.md §3,
§3.11).

- `--athlete EMAIL`: the file is saved as the athlete's log, read, paired and reviewed at once
  by the same pipeline as an upload (workouts/run_logs.py, workouts/log_pipeline.py); with
  `--session ID` it is paired with that session by hand. A refused file saves nothing. Admins
  bulk-importing history use it.
- `--vdot N`: a coach's quick look, reviewed against the paces of a VDOT; nothing is saved.

The JSON printed is an interface other tools rely on: keep its keys. `split_by` is one of
"workout-steps", "laps" or "time"; the review's split at the planned distances is reported as
"time" too (both place the stages at the planned amounts, not at the watch's laps); the
readable summary names it.
"""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

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
    is_zip,
    read_activity,
    read_archive,
)
from workouts.log_pipeline import MAX_ATTEMPTS, Transient, run_log_process
from workouts.log_review import file_review
from workouts.models import LogStatus, PlannedSession, RunLog
from workouts.plan_text import PlanSyntaxError, parse_plan
from workouts.progression import Stage
from workouts.recording import Recording
from workouts.review import Review, review_run

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
        "Import an activity file (FIT, GPX or TCX, gzip-compressed or not, or a zip of them): "
        "--athlete saves it as the athlete's log, reviewed against its session (--session, or "
        "the one its day pairs it with); --vdot reviews it against the paces of a VDOT and "
        'saves nothing, --plan giving the planned stages in the plan text syntax ("30min '
        'easy, 20min steady"; without it only the activity is reported). A refused file exits '
        "with status 2 and the reason on stderr."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .fit, .gpx or .tcx file (also .gz), or a .zip")
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--athlete", help="save it as the log of the athlete with this email")
        who.add_argument(
            "--vdot",
            type=float,
            help=f"review against the paces of this VDOT ({VDOT_MIN:g}-{VDOT_MAX:g})",
        )
        parser.add_argument(
            "--session", type=int, help="with --athlete: the planned session it was run for"
        )
        parser.add_argument("--plan", help='the planned stages, e.g. "30min easy, 20min M"')
        parser.add_argument(
            "--lthr",
            type=int,
            help="threshold heart rate: heart-rate bands and the finish's limit",
        )
        parser.add_argument("--json", action="store_true", help="print the review as JSON")

    def handle(self, *args, file, athlete, vdot, session, plan, lthr, **options):
        if athlete is not None:
            if plan is not None or lthr is not None:
                raise _refuse(
                    "--plan and --lthr go with --vdot: an athlete's log is reviewed against "
                    "its session and the athlete's own heart rates."
                )
            self._save(Path(file), athlete, session, as_json=options["json"])
            return
        if session is not None:
            raise _refuse("--session goes with --athlete.")
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
        if is_zip(path.name, data):
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

    def _save(self, path: Path, email: str, session_id: int | None, *, as_json: bool) -> None:
        """Save the file (a zip: each member) as the athlete's log and read it now; a refused
        file or member saves nothing and makes the exit 2."""
        from workouts import run_logs

        athlete = _athlete(email)
        session = None
        if session_id is not None:
            session = PlannedSession.objects.filter(pk=session_id, block__athlete=athlete).first()
            if session is None:
                raise _refuse(f"There is no session {session_id} on {athlete}'s plan.")
            try:
                run_logs.check_session(athlete, session)
            except ValidationError as error:
                raise _refuse(" ".join(error.messages)) from None
        data = _read_bytes(path)
        try:
            upload = run_logs.run_log_files_upload(
                athlete=athlete, by=None, files=[(path.name, data)], session=session, relay=False
            )
        except ValidationError as error:
            raise _refuse(" ".join(error.messages)) from None
        refused = list(upload.refused)
        out = [{"file": name, "error": why} for name, why in refused]
        for log in upload.logs:
            log = _read_now(log)
            name = log.file.name
            if log.status != LogStatus.DONE:
                refused.append((name, log.error))
                out.append({"file": name, "error": log.error})
                log.delete()  # a refused file saves nothing
                continue
            out.append({"file": name, "review": _stored_as_dict(log)})
            if not as_json:
                self.stdout.write(_stored_summary(name, log))
        if not is_zip(path.name, data):
            if refused:
                raise _refuse(refused[0][1])
            if as_json:
                self.stdout.write(json.dumps(out[0]["review"], indent=2))
            return
        if as_json:
            self.stdout.write(json.dumps(out, indent=2))
        if refused:
            raise _refuse("\n".join(f"{name}: {why}" for name, why in refused))


def _athlete(email: str):
    from athletes.models import Athlete

    found = list(
        Athlete.objects.filter(Q(email__iexact=email) | Q(user__email__iexact=email))
        .select_related("coach", "user")
        .distinct()
    )
    if not found:
        raise _refuse(f"No athlete has the email {email}.")
    if len(found) > 1:
        coaches = ", ".join(sorted(str(a.coach) for a in found))
        raise _refuse(f"{len(found)} athletes have the email {email} (coaches: {coaches}).")
    return found[0]


def _read_now(log: RunLog) -> RunLog:
    """Read a queued log here and now, as the worker would (retrying a transient error)."""
    for _ in range(MAX_ATTEMPTS):
        try:
            run_log_process(log_id=log.pk)
            break
        except Transient:
            continue
    return RunLog.objects.select_related("file").get(pk=log.pk)


def _stored_as_dict(log: RunLog) -> dict:
    """A saved log's stored review with exactly the keys of the command's JSON interface."""
    return _interface(log.review, sport=log.sport, start=log.started_at, session_id=log.session_id)


def _as_dict(recording: Recording, review: Review, planned: list[Stage] | None) -> dict:
    """A review not saved (--vdot), as the JSON interface gives a saved one."""
    stored = file_review(recording, review, planned=planned is not None)
    return _interface(stored, sport=recording.sport, start=recording.start, session_id=None)


def _interface(review: dict, *, sport: str, start, session_id: int | None) -> dict:
    """A stored review (workouts/log_review.py) with exactly the keys of the JSON interface."""
    activity = {
        "sport": sport,
        "start": start.isoformat() if start else None,
        "duration_s": review["timer_s"],
        "moving_s": review["moving_s"],
        "distance_m": review["distance_m"],
        "avg_hr": review["avg_hr"],
    }
    split_by = review["split_by"]
    stage_keys = (
        "index",
        "zone",
        "actual_s",
        "distance_m",
        "pace_s_per_km",
        "gap_s_per_km",
        "avg_hr",
        "time_in_band_s",
        "verdict",
    )
    stages = []
    for stage in review["stages"]:
        planned = (
            {"planned_m": stage["planned_m"]}
            if stage["planned_m"] is not None
            else {"planned_s": stage["planned_s"]}
        )
        row = {key: stage[key] for key in stage_keys}
        stages.append({"index": row.pop("index"), "zone": row.pop("zone"), **planned, **row})
    return {
        "activity": activity,
        "session": session_id,
        "compliance": review["compliance"],
        "split_by": "time" if split_by == "distance" else split_by,
        "stages": stages,
        "findings": [
            {key: finding[key] for key in ("code", "stage_index", "at_s", "message")}
            for finding in review["findings"]
        ],
    }


def _stored_summary(name: str, log: RunLog) -> str:
    review = log.review
    start = log.started_at.strftime("%Y-%m-%d %H:%M UTC") if log.started_at else "no date"
    distance = f"{review['distance_m'] / 1000:.2f} km" if review["distance_m"] else "no distance"
    lines = [
        f"{name}: saved as {log.athlete}'s run of {log.date:%Y-%m-%d} (log {log.pk}), "
        f"{log.sport} on {start}, {format_duration(review['timer_s'])}, {distance}",
        f"Paired with: {log.session}" if log.session else "Not paired with a planned session.",
    ]
    if review["split_by"] is not None:
        lines.append(
            f"Compliance: {review['compliance'] or 'not judged'}. "
            f"Split by {SPLIT_NAMES[review['split_by']]}."
        )
        lines += [
            f"- stage {stage['index'] + 1} ({stage['zone'] or '-'}): {stage['verdict'] or '-'}"
            for stage in review["stages"]
        ]
        lines += [f"- ({finding['code']}): {finding['message']}" for finding in review["findings"]]
    return "\n".join(lines) + "\n"


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
