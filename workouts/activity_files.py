"""Reading the files watches and phones write (docs/running.md §3.8): FIT, GPX and TCX, each
also gzip-compressed, and zips of them, into one `Recording` (workouts/recording.py). No Django.

Decoding is left to the libraries of the field: Garmin's FIT SDK (fitdecode, strict, only for
the compressed timestamps the SDK cannot read), gpxpy, and lxml for TCX; every XML file is first
screened by defusedxml (no DTD, no entities). What this module adds is distrust:

- caps: the upload's size, the decompressed size (streamed, whatever the gzip trailer claims),
  the points in one file and the files in one zip;
- the FIT checks the SDK does not make a refusal of (its reader never raises): the header, the
  length, the CRCs (a header CRC of zero means "not computed", as the FIT protocol says), a
  chained second file;
- the content must be what the name says (a .gpx holding FIT bytes is refused);
- only runs: another sport is refused by name; a multi-sport file keeps its running session;
- sanity, by dropping what cannot be true rather than refusing the whole run: a sample earlier
  than (or at the same time as) the one kept before it is dropped; a value that is not finite,
  a coordinate out of range and a speed no runner reaches set that value to None. A run that
  ends in the future (beyond a few minutes of clock drift) is refused, as is one with no
  usable points.

Cadence is in steps per minute: FIT, TCX (RunCadence) and GPX (gpxtpx:cad) write one foot's
strides, so it is doubled. A GPX has no device distance: its samples' distance is the track's
length along its points (2D, segment by segment), and `distance_source` says "track".
"""

import array
import functools
import gzip
import io
import math
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import defusedxml.ElementTree as SafeET
import fitdecode
import gpxpy
import gpxpy.gpx
from defusedxml import DefusedXmlException
from garmin_fit_sdk import Decoder, Stream
from lxml import etree

from workouts.recording import Lap, Pause, Recording, Sample, Summary

MAX_UPLOAD_BYTES = 25 * 1024 * 1024  # one upload, as sent
MAX_DECOMPRESSED_BYTES = 100 * 1024 * 1024  # one file once decompressed (also a zip in all)
MAX_POINTS = 200_000  # a 55-hour run at 1 s: no run has more
MAX_ARCHIVE_MEMBERS = 50
MAX_SPEED_MPS = 12.5  # faster than the fastest sprinter's top speed: a glitch
FUTURE_SLACK = timedelta(minutes=10)  # a device's clock may run a little ahead
EARLIEST_START = datetime(1980, 1, 1, tzinfo=UTC)  # before any GPS watch: a clock not set
MIN_TIMED_SHARE = 0.5  # a GPX must give times on at least this share of its points

FIT_EPOCH_S = 631065600  # 1989-12-31T00:00:00Z, where FIT times count from
FIT_RELATIVE_LIMIT = 0x10000000  # FIT times below this count from the device's power-on
READ_CHUNK = 64 * 1024
FIT_TIMER_STOPS = {"stop", "stop_all", "stop_disable", "stop_disable_all"}
RUNNING_GPX_TYPES = {
    "",
    "9",
    "run",
    "running",
    "trail_running",
    "treadmill_running",
    "street_running",
}
GPX_TYPE_NAMES = {"1": "cycling", "4": "hiking", "10": "walking"}  # Strava's numbered types
SUFFIXES = {".fit": "fit", ".gpx": "gpx", ".tcx": "tcx"}
KIND_NAMES = {"fit": "a FIT file", "gpx": "a GPX file", "tcx": "a TCX file"}


class ActivityFileRefused(ValueError):
    """The file cannot be logged as a run; the message says why, in plain words."""

    @property
    def message(self) -> str:
        return str(self.args[0])


@dataclass(slots=True)
class _Point:
    """A sample being built: an absolute time (Unix seconds) and what was measured."""

    time_s: float
    distance_m: float | None = None
    speed_mps: float | None = None
    hr_bpm: float | None = None
    elevation_m: float | None = None
    cadence_spm: float | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass
class _Reading:
    """What a format's reader found, in absolute times, before the common checks."""

    file_format: str
    sport: str
    sub_sport: str = ""
    points: list[_Point] = field(default_factory=list)
    laps: list[tuple[float, float, str, int | None, float | None]] = field(default_factory=list)
    pauses: list[tuple[float, float]] = field(default_factory=list)
    summary: Summary = field(default_factory=Summary)
    start_s: float | None = None
    device: str = ""
    absolute_times: bool = True
    distance_source: str = "device"


def read_activity(data: bytes, filename: str, *, now: datetime | None = None) -> Recording:
    """Read one activity file (FIT, GPX or TCX, or any of them gzip-compressed) into a
    Recording of its running part, or raise ActivityFileRefused saying why not."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ActivityFileRefused(
            f"{filename} is too large ({len(data) // 1024 // 1024} MB): "
            f"the limit is {MAX_UPLOAD_BYTES // 1024 // 1024} MB"
        )
    name = filename.lower()
    if is_zip(filename, data):
        raise ActivityFileRefused(f"{filename} is a zip: upload it as an archive of several files")
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(data, filename)
        name = name.removesuffix(".gz")
    elif name.endswith(".gz"):
        raise ActivityFileRefused(
            f"The content is not what its name says ({filename} is not gzip-compressed)"
        )
    expected = next((kind for suffix, kind in SUFFIXES.items() if name.endswith(suffix)), None)
    if expected is None:
        raise ActivityFileRefused(f"{filename} is not a FIT, GPX or TCX file")
    data = _strip_xml_lead(data)
    found = _sniff(data)
    if found is None:
        raise ActivityFileRefused(
            f"{filename} is not a FIT, GPX or TCX file (its content is none of them)"
        )
    if found != expected:
        raise ActivityFileRefused(
            f"The content is not what its name says (.{expected} holding {KIND_NAMES[found]})"
        )
    reader = {"fit": _read_fit, "gpx": _read_gpx, "tcx": _read_tcx}[found]
    return _finish(reader(data), now=now or datetime.now(UTC))


def is_zip(filename: str, data: bytes) -> bool:
    """A zip by its name or its first bytes."""
    return filename.lower().endswith(".zip") or data[:4] == b"PK\x03\x04"


def is_activity_name(filename: str) -> bool:
    """A FIT, GPX or TCX file by its name (gzip-compressed or not)."""
    base = filename.lower().removesuffix(".gz")
    return any(base.endswith(suffix) for suffix in SUFFIXES)


def archive_members(data: bytes, filename: str) -> list[tuple[str, bytes | ActivityFileRefused]]:
    """The files in a zip, each member's name with its bytes or the refusal for it: not an
    activity file by its name (a zip inside it is not opened), empty, past the upload's size
    once unpacked (read in chunks: its header may lie), or past the decompressed cap with the
    members before it (those after it are not read). A zip too large, unreadable, empty or
    with too many files is refused as a whole."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ActivityFileRefused(
            f"{filename} is too large: the limit is {_mb(MAX_UPLOAD_BYTES)} MB"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [
            info
            for info in archive.infolist()
            if not info.is_dir() and not info.filename.startswith("__MACOSX/")
        ]
    except (zipfile.BadZipFile, ValueError) as error:
        raise ActivityFileRefused(f"{filename} is not a readable zip ({error})") from None
    if len(members) > MAX_ARCHIVE_MEMBERS:
        raise ActivityFileRefused(
            f"{filename} holds {len(members)} files: at most {MAX_ARCHIVE_MEMBERS} at once"
        )
    if not members:
        raise ActivityFileRefused(f"{filename} holds no files")
    results: list[tuple[str, bytes | ActivityFileRefused]] = []
    total = 0
    for info in members:
        member = info.filename
        try:
            if is_zip(member, b""):
                raise ActivityFileRefused(f"{member} is a zip inside the zip: it is not opened")
            if not is_activity_name(member):
                raise ActivityFileRefused(f"{member} is not a FIT, GPX or TCX file")
            if total <= MAX_DECOMPRESSED_BYTES:
                content = _read_member(archive, info)
                total += len(content)
            if total > MAX_DECOMPRESSED_BYTES:
                raise ActivityFileRefused(
                    f"{filename} holds more than {_mb(MAX_DECOMPRESSED_BYTES)} MB once unpacked: "
                    f"{member} is not read"
                )
        except ActivityFileRefused as refusal:
            results.append((member, refusal))
            continue
        results.append((member, content))
    return results


def read_archive(
    data: bytes, filename: str, *, now: datetime | None = None
) -> list[tuple[str, Recording | ActivityFileRefused]]:
    """Read every activity file in a zip (archive_members): each member's name with its
    Recording or the refusal for it. A zip too large or with too many files is refused as a
    whole."""
    results: list[tuple[str, Recording | ActivityFileRefused]] = []
    for member, content in archive_members(data, filename):
        if not isinstance(content, ActivityFileRefused):
            try:
                content = read_activity(content, member, now=now)
            except ActivityFileRefused as refusal:
                content = refusal
        results.append((member, content))
    return results


def _mb(size: int) -> int:
    return size // 1024 // 1024


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """A zip member's bytes, read in chunks and stopped at the upload's cap: a member is one
    file as uploaded."""
    try:
        with archive.open(info) as member:
            content = _capped_read(member.read, info.filename, MAX_UPLOAD_BYTES, "unpacked")
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, zlib.error, EOFError) as error:
        raise ActivityFileRefused(f"{info.filename} cannot be unpacked ({error})") from None
    if not content:
        raise ActivityFileRefused(f"{info.filename} is empty")
    return content


def _capped_read(read, filename: str, cap: int, how: str = "decompressed") -> bytes:
    out = bytearray()
    while chunk := read(READ_CHUNK):
        out += chunk
        if len(out) > cap:
            raise ActivityFileRefused(
                f"{filename} is larger than {_mb(cap)} MB once {how}: it is not read"
            )
    return bytes(out)


def _gunzip(data: bytes, filename: str) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            return _capped_read(stream.read, filename, MAX_DECOMPRESSED_BYTES)
    except (OSError, EOFError, zlib.error) as error:
        raise ActivityFileRefused(f"{filename} is a damaged gzip file ({error})") from None


def _strip_xml_lead(data: bytes) -> bytes:
    """An XML file may start with a UTF-8 byte-order mark and spaces before its declaration."""
    stripped = data.removeprefix(b"\xef\xbb\xbf").lstrip()
    return stripped if stripped[:1] == b"<" else data


def _sniff(data: bytes) -> str | None:
    if len(data) >= 12 and data[0] in (12, 14) and data[8:12] == b".FIT":
        return "fit"
    if data[:1] == b"<":
        head = data[:4096]
        if re.search(rb"<(\w+:)?gpx[\s>]", head):
            return "gpx"
        if re.search(rb"<(\w+:)?TrainingCenterDatabase[\s>]", head):
            return "tcx"
    return None


def _finish(reading: _Reading, *, now: datetime) -> Recording:
    """The checks every format shares, then times from the start."""
    if reading.sport.startswith('"'):  # a name as the file gives it, not one we know
        raise ActivityFileRefused(
            f"This activity's sport is {reading.sport}, not running: only runs can be logged"
        )
    if reading.sport != "running":
        raise ActivityFileRefused(
            f"This is a {reading.sport.replace('_', ' ')} activity: only runs can be logged"
        )
    points: list[_Point] = []
    last_s = -math.inf
    for point in reading.points:
        if not math.isfinite(point.time_s) or point.time_s <= last_s:
            continue  # out of order or repeated: dropped
        points.append(point)
        last_s = point.time_s
    if len(points) > MAX_POINTS:
        raise ActivityFileRefused(f"This file has more than {MAX_POINTS} points: it is not read")
    if not points:
        raise ActivityFileRefused("This file has no usable points (no time with any measurement)")
    origin = reading.start_s if reading.start_s is not None else points[0].time_s
    origin = min(origin, points[0].time_s)
    start = None
    if reading.absolute_times:
        start = datetime.fromtimestamp(origin, UTC)
        end = datetime.fromtimestamp(points[-1].time_s, UTC)
        if start < EARLIEST_START:
            raise ActivityFileRefused(
                f"This run starts in {start.year}, before any GPS watch: check the clock of the "
                "device"
            )
        if end > now + FUTURE_SLACK:
            raise ActivityFileRefused(
                f"This run ends in the future ({end:%Y-%m-%d %H:%M} UTC): "
                "check the clock of the device"
            )
    samples = []  # positional, in one pass: a 3-hour run at 1 s makes 10,800 of them
    for p in points:
        distance, speed, hr, elevation, cadence, lat, lon = _sane(p)
        samples.append(
            Sample(
                round(p.time_s - origin, 3),
                distance,
                speed,
                None if hr is None else round(hr),
                elevation,
                None if cadence is None else round(cadence),
                lat,
                lon,
            )
        )
    laps = tuple(
        Lap(
            start_s=round(lap_start - origin, 3),
            end_s=round(lap_end - origin, 3),
            trigger=trigger,
            workout_step_index=step,
            distance_m=distance,
        )
        for lap_start, lap_end, trigger, step, distance in reading.laps
    )
    pauses = tuple(
        Pause(start_s=round(a - origin, 3), end_s=round(b - origin, 3)) for a, b in reading.pauses
    )
    return Recording(
        sport="running",
        sub_sport=reading.sub_sport,
        start=start,
        samples=tuple(samples),
        laps=laps,
        pauses=pauses,
        summary=reading.summary,
        device=reading.device,
        file_format=reading.file_format,
        distance_source=reading.distance_source,
    )


def _finite(value: float | None) -> float | None:
    return float(value) if value is not None and math.isfinite(value) else None


def _clean(point: _Point) -> _Point:
    """Values that cannot be true become None; the rest of the sample is kept."""
    return _Point(point.time_s, *_sane(point))


def _sane(point: _Point) -> tuple:
    """A point's measured values in `_Point`'s order, as floats, those that cannot be true as
    None. Each is compared with its finite bounds: a NaN fails the comparisons and an infinity
    is out of range, so no isfinite call is needed (this runs once a point)."""
    lat, lon = point.lat, point.lon
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        lat = lon = None
    else:
        lat, lon = float(lat), float(lon)
    distance, speed = point.distance_m, point.speed_mps
    hr, elevation, cadence = point.hr_bpm, point.elevation_m, point.cadence_spm
    return (
        float(distance) if distance is not None and 0 <= distance < math.inf else None,
        float(speed) if speed is not None and 0 <= speed <= MAX_SPEED_MPS else None,
        float(hr) if hr is not None and 20 <= hr <= 250 else None,
        float(elevation) if elevation is not None and -math.inf < elevation < math.inf else None,
        float(cadence) if cadence is not None and 0 < cadence <= 300 else None,  # 0: none
        lat,
        lon,
    )


# --- FIT ---------------------------------------------------------------------------------


def _check_fit(data: bytes) -> None:
    """The FIT file's header, length and CRCs, and any file chained after it."""
    offset = 0
    while offset < len(data):
        header_size = data[offset]
        if header_size not in (12, 14) or data[offset + 8 : offset + 12] != b".FIT":
            raise ActivityFileRefused(
                f"This FIT file is damaged (at byte {offset} a second part follows that is not FIT)"
            )
        (data_size,) = struct.unpack_from("<I", data, offset + 4)
        end = offset + header_size + data_size
        if end + 2 > len(data):
            raise ActivityFileRefused(
                f"The file ends early: its header promises {end + 2 - offset} bytes, "
                f"it has {len(data) - offset}"
            )
        header = bytearray(data[offset : offset + header_size])
        if header_size == 14:
            (header_crc,) = struct.unpack_from("<H", header, 12)
            if header_crc and header_crc != _fit_crc(header[:12]):
                raise ActivityFileRefused(
                    "This FIT file is damaged (its header checksum does not match)"
                )
        (file_crc,) = struct.unpack_from("<H", data, end)
        if file_crc != _fit_crc(memoryview(data)[offset:end]):
            raise ActivityFileRefused(
                "This FIT file is damaged (its checksum does not match): "
                "it was cut or changed after the device wrote it"
            )
        offset = end + 2


def _crc_table() -> tuple[int, ...]:
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
        table.append(crc)
    return tuple(table)


FIT_CRC_TABLE = _crc_table()


@functools.cache
def _crc_pair_table() -> array.array:
    """The CRC after two bytes, by the 16 bits of (CRC xor the two bytes, little-endian): a
    16-bit CRC shifts all its state out in two bytes. Unsigned shorts (128 KB) stay in cache,
    where a list of 65,536 ints would not."""
    table = FIT_CRC_TABLE
    return array.array(
        "H",
        [
            (low >> 8) ^ table[((x >> 8) ^ low) & 0xFF]
            for x in range(65536)
            for low in [table[x & 0xFF]]
        ],
    )


def _fit_crc(data) -> int:
    """The FIT protocol's CRC-16 (as the SDK's CrcCalculator computes it, a nibble at a time),
    two bytes at a time from a table: five times faster, on every byte of an upload."""
    crc = 0
    pairs = _crc_pair_table()
    for word in struct.unpack_from(f"<{len(data) // 2}H", data):
        crc = pairs[crc ^ word]
    if len(data) % 2:
        crc = (crc >> 8) ^ FIT_CRC_TABLE[(crc ^ data[-1]) & 0xFF]
    return crc


def _decode_fit(data: bytes) -> dict[str, list[dict]]:
    """The file's messages by kind (`record_mesgs`, …), times as raw FIT seconds."""
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read(
        convert_datetimes_to_dates=False
    )
    if not errors:
        return messages
    if "Compressed timestamp" not in str(errors[0]):
        raise ActivityFileRefused(f"This FIT file cannot be read: {errors[0]}")
    return _decode_fit_strict(data)  # the SDK cannot read compressed timestamps: fitdecode can


def _decode_fit_strict(data: bytes) -> dict[str, list[dict]]:
    messages: dict[str, list[dict]] = {}
    try:
        with fitdecode.FitReader(
            io.BytesIO(data),
            check_crc=fitdecode.CrcCheck.RAISE,
            error_handling=fitdecode.ErrorHandling.RAISE,
        ) as reader:
            for frame in reader:
                if isinstance(frame, fitdecode.FitDataMessage):
                    values = {f.name: _fit_time(f.value) for f in frame.fields}
                    messages.setdefault(f"{frame.name}_mesgs", []).append(values)
    except fitdecode.FitError as error:
        raise ActivityFileRefused(f"This FIT file cannot be read: {error}") from None
    return messages


def _fit_time(value):
    return int(value.timestamp()) - FIT_EPOCH_S if isinstance(value, datetime) else value


def _read_fit(data: bytes) -> _Reading:
    _check_fit(data)
    messages = _decode_fit(data)
    records = messages.get("record_mesgs", [])
    if len(records) > MAX_POINTS:
        raise ActivityFileRefused(f"This file has more than {MAX_POINTS} points: it is not read")
    sessions = messages.get("session_mesgs", [])
    runs = [s for s in sessions if s.get("sport") in ("running", None)]  # unset: a run
    if sessions and not runs:
        return _Reading("fit", sport=str(sessions[0].get("sport")))
    session = max(runs, key=lambda s: s.get("total_elapsed_time") or 0) if runs else {}
    first_time = next((r["timestamp"] for r in records if "timestamp" in r), 0)
    relative = first_time < FIT_RELATIVE_LIMIT
    shift = 0 if relative else FIT_EPOCH_S
    start = session.get("start_time", first_time)
    elapsed = session.get("total_elapsed_time")
    end = start + elapsed if len(sessions) > 1 and elapsed else math.inf

    def inside(message: dict) -> bool:
        return start <= message.get("timestamp", start) <= end

    points = []  # positional, helpers written out: this runs once a record
    for r in records:
        if "timestamp" not in r or not start <= r["timestamp"] <= end:  # inside(r)
            continue
        lat, lon, cadence = r.get("position_lat"), r.get("position_long"), r.get("cadence")
        points.append(
            _Point(
                float(r["timestamp"] + shift),
                r.get("distance"),
                r.get("enhanced_speed", r.get("speed")),
                r.get("heart_rate"),
                r.get("enhanced_altitude", r.get("altitude")),
                # One foot's strides a minute: steps are twice that.
                None if cadence is None else 2 * (cadence + (r.get("fractional_cadence") or 0)),
                lat * 180 / 2**31 if isinstance(lat, int | float) else None,  # semicircles
                lon * 180 / 2**31 if isinstance(lon, int | float) else None,
            )
        )
    laps = [
        (
            float(lap["start_time"] + shift),
            float(lap["timestamp"] + shift),
            str(lap.get("lap_trigger") or ""),
            lap.get("wkt_step_index"),
            lap.get("total_distance"),
        )
        for lap in messages.get("lap_mesgs", [])
        if "start_time" in lap and "timestamp" in lap and inside(lap)
    ]
    return _Reading(
        "fit",
        sport="running",
        sub_sport=str(session.get("sub_sport") or ""),
        points=points,
        laps=laps,
        pauses=_fit_pauses([e for e in messages.get("event_mesgs", []) if inside(e)], shift),
        summary=Summary(
            timer_s=session.get("total_timer_time"),
            elapsed_s=elapsed,
            distance_m=session.get("total_distance"),
            avg_hr_bpm=session.get("avg_heart_rate"),
        ),
        start_s=float(start + shift),
        device=_fit_device(messages),
        absolute_times=not relative,
    )


def _fit_pauses(events: list[dict], shift: int) -> list[tuple[float, float]]:
    """The timer's stops, each until the start after it (the last stop ends the run)."""
    pauses = []
    stopped_at = None
    for event in events:
        if event.get("event") != "timer" or "timestamp" not in event:
            continue
        if event.get("event_type") in FIT_TIMER_STOPS:
            stopped_at = stopped_at if stopped_at is not None else event["timestamp"]
        elif event.get("event_type") == "start" and stopped_at is not None:
            if event["timestamp"] > stopped_at:
                pauses.append((float(stopped_at + shift), float(event["timestamp"] + shift)))
            stopped_at = None
    return pauses


def _fit_device(messages: dict) -> str:
    file_id = (messages.get("file_id_mesgs") or [{}])[0]
    product = file_id.get("garmin_product") or file_id.get("product") or ""
    return " ".join(str(part) for part in (file_id.get("manufacturer"), product) if part)


# --- XML: screening, GPX, TCX ------------------------------------------------------------


def _screen_xml(data: bytes) -> bytes:
    """defusedxml first: a DTD or an entity is refused. An undeclared namespace prefix (some
    converters write one) is declared on the root so that the rest can be read."""
    error = _xml_error(data)
    if error is not None and "unbound prefix" in error:
        data = _declare_prefixes(data)
        error = _xml_error(data)
    if error is not None:
        raise ActivityFileRefused(f"This file is not well-formed XML ({error})")
    return data


def _xml_error(data: bytes) -> str | None:
    try:
        SafeET.fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise ActivityFileRefused(
            "This file declares a DTD or entities, which are not read (they can hide attacks)"
        ) from None
    except SafeET.ParseError as error:
        return str(error)
    return None


def _declare_prefixes(data: bytes) -> bytes:
    used = set(re.findall(rb"</?([A-Za-z_][\w.-]*):", data))
    used |= set(re.findall(rb"\s([A-Za-z_][\w.-]*):[\w.-]+\s*=", data))
    declared = set(re.findall(rb"xmlns:([\w.-]+)\s*=", data)) | {b"xml", b"xmlns"}
    missing = sorted(used - declared)
    root = re.search(rb"<(?![?!])[\w:.-]+", data)
    declarations = b"".join(b' xmlns:%s="urn:undeclared:%s"' % (p, p) for p in missing)
    return data[: root.end()] + declarations + data[root.end() :]


def _xml_time(text: str | None) -> float | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return _utc(moment).timestamp()


def _utc(moment: datetime) -> datetime:
    """A time without a zone is taken as UTC, as GPX and TCX say times are."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None


def _haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((phi2 - phi1) / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6_371_000 * math.asin(math.sqrt(min(a, 1.0)))


def _read_gpx(data: bytes) -> _Reading:
    data = _screen_xml(data)
    try:
        gpx = gpxpy.parse(data.decode("utf-8", errors="replace"))
    except gpxpy.gpx.GPXException as error:
        raise ActivityFileRefused(f"This GPX cannot be read ({error})") from None
    kinds = {(track.type or "").strip().lower() for track in gpx.tracks} or {""}
    other = sorted(kinds - RUNNING_GPX_TYPES)
    if other:
        return _Reading("gpx", sport=GPX_TYPE_NAMES.get(other[0], f'"{other[0]}"'))
    segments = [seg.points for track in gpx.tracks for seg in track.segments if seg.points]
    total = sum(len(points) for points in segments)
    if total > MAX_POINTS:
        raise ActivityFileRefused(f"This file has more than {MAX_POINTS} points: it is not read")
    if total == 0:
        raise ActivityFileRefused(
            "This GPX has no track points (routes and waypoints are not runs)"
        )
    timed = sum(1 for points in segments for p in points if p.time is not None)
    if timed < 2 or timed < MIN_TIMED_SHARE * total:
        raise ActivityFileRefused(
            f"This GPX has no times on most of its points ({timed} of {total}): "
            "a run cannot be read without them"
        )
    reading = _Reading("gpx", sport="running", distance_source="track")
    reading.device = gpx.creator or ""
    distance = 0.0
    for index, points in enumerate(segments):
        previous = None
        for p in points:
            if p.time is None:
                continue
            lat, lon = _finite(p.latitude), _finite(p.longitude)
            usable = lat is not None and lon is not None and abs(lat) <= 90 and abs(lon) <= 180
            if usable and previous is not None:
                distance += _haversine_m(previous[0], previous[1], lat, lon)
            previous = (lat, lon) if usable else previous
            hr, cadence = _gpx_extensions(p.extensions)
            reading.points.append(
                _Point(
                    time_s=_utc(p.time).timestamp(),
                    distance_m=distance,
                    hr_bpm=hr,
                    elevation_m=p.elevation,
                    cadence_spm=cadence,
                    lat=lat,
                    lon=lon,
                )
            )
        if index and reading.points:
            gap_start = next((p.time for p in reversed(segments[index - 1]) if p.time), None)
            gap_end = next((p.time for p in points if p.time), None)
            if gap_start and gap_end and gap_end > gap_start:
                reading.pauses.append((_utc(gap_start).timestamp(), _utc(gap_end).timestamp()))
    return reading


def _gpx_extensions(extensions: list) -> tuple[float | None, float | None]:
    """Heart rate and cadence from Garmin's TrackPointExtension (or a converter's own)."""
    hr = cadence = None
    for element in extensions:
        for node in element.iter():
            tag = node.tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()
            if tag in ("hr", "heartrate") and hr is None:
                hr = _number(node.text)
            elif tag in ("cad", "cadence") and cadence is None:
                value = _number(node.text)
                cadence = 2 * value if value is not None else None
    return hr, cadence


TCX = "{http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2}"


def _read_tcx(data: bytes) -> _Reading:
    data = _screen_xml(data)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(data, parser)
    activities = root.findall(f"{TCX}Activities/{TCX}Activity")
    if not activities:
        raise ActivityFileRefused("This TCX holds no activity")
    activity = activities[0]
    sport = (activity.get("Sport") or "").strip()
    if sport.lower() != "running":
        return _Reading("tcx", sport=f'"{sport}"')
    if len(activity.findall(f".//{TCX}Trackpoint")) > MAX_POINTS:
        raise ActivityFileRefused(f"This file has more than {MAX_POINTS} points: it is not read")
    reading = _Reading("tcx", sport="running")
    timer = distance = hr_weighted = 0.0
    for lap in activity.findall(f"{TCX}Lap"):
        lap_start = _xml_time(lap.get("StartTime"))
        lap_timer = _number(lap.findtext(f"{TCX}TotalTimeSeconds")) or 0.0
        lap_distance = _number(lap.findtext(f"{TCX}DistanceMeters"))
        lap_hr = _number(lap.findtext(f"{TCX}AverageHeartRateBpm/{TCX}Value"))
        timer += lap_timer
        distance += lap_distance or 0.0
        hr_weighted += (lap_hr or 0.0) * lap_timer
        trigger = (lap.findtext(f"{TCX}TriggerMethod") or "").strip().lower()
        times = []
        for point in lap.iter(f"{TCX}Trackpoint"):
            time_s = _xml_time(point.findtext(f"{TCX}Time"))
            if time_s is None:
                continue
            times.append(time_s)
            reading.points.append(_tcx_point(point, time_s))
        if lap_start is not None:
            lap_end = max([lap_start + lap_timer, *times])
            reading.laps.append((lap_start, lap_end, trigger, None, lap_distance))
    reading.start_s = _xml_time(activity.findtext(f"{TCX}Id"))
    reading.summary = Summary(
        timer_s=timer or None,
        distance_m=distance or None,
        avg_hr_bpm=round(hr_weighted / timer) if timer and hr_weighted else None,
    )
    reading.device = (activity.findtext(f"{TCX}Creator/{TCX}Name") or "").strip()
    return reading


def _tcx_point(point, time_s: float) -> _Point:
    def value(path: str) -> float | None:
        return _number(point.findtext(path))

    speed = cadence = None
    extensions = point.find(f"{TCX}Extensions")
    if extensions is not None:
        for node in extensions.iter():
            tag = etree.QName(node).localname
            if tag == "Speed":
                speed = _number(node.text)
            elif tag == "RunCadence":
                steps = _number(node.text)
                cadence = 2 * steps if steps is not None else None
    return _Point(
        time_s=time_s,
        distance_m=value(f"{TCX}DistanceMeters"),
        speed_mps=speed,
        hr_bpm=value(f"{TCX}HeartRateBpm/{TCX}Value"),
        elevation_m=value(f"{TCX}AltitudeMeters"),
        cadence_spm=cadence,
        lat=value(f"{TCX}Position/{TCX}LatitudeDegrees"),
        lon=value(f"{TCX}Position/{TCX}LongitudeDegrees"),
    )
