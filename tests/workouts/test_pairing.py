"""Pairing logged runs with planned sessions, and the same run logged twice (§3.10)."""

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workouts.pairing import (
    MANUAL,
    SAME_DAY,
    SHIFTED,
    UNPLANNED,
    LoggedRun,
    Pairing,
    PlannedItem,
    RunPairing,
    duplicates,
    is_same_run,
    pair_runs,
)

MON = date(2026, 3, 2)


def day(n: int) -> date:
    return MON + timedelta(days=n)


def session(id, on=0, minutes=60, kind="easy", skipped=False):
    duration = None if minutes is None else minutes * 60
    return PlannedItem(id, day(on), duration, kind, skipped=skipped)


def run(id, on=0, minutes=60, manual=None, unplanned=False, start=None, fingerprint=None):
    return LoggedRun(id, day(on), start, minutes * 60, manual, fingerprint, unplanned)


def result(planned, runs):
    return {item.run_id: (item.session_id, item.how) for item in pair_runs(planned, runs).runs}


@pytest.mark.parametrize(
    "planned, runs, expected",
    [
        pytest.param([session(1)], [run(10)], {10: (1, SAME_DAY)}, id="one run on its day"),
        pytest.param(
            [session(1, minutes=120)],
            [run(10, minutes=20)],
            {10: (1, SAME_DAY)},
            id="same day pairs however far the duration",
        ),
        pytest.param([], [run(10)], {10: (None, UNPLANNED)}, id="nothing planned"),
        pytest.param([session(1, on=3)], [run(10)], {10: (None, UNPLANNED)}, id="three days off"),
        pytest.param(
            [session(1, minutes=40), session(2, minutes=90)],
            [run(10, minutes=85), run(11, minutes=45)],
            {10: (2, SAME_DAY), 11: (1, SAME_DAY)},
            id="two runs on a day go by duration",
        ),
        pytest.param(
            [session(1, minutes=40), session(2, minutes=90)],
            [run(10, minutes=80)],
            {10: (2, SAME_DAY)},
            id="one run, two sessions: the closer one",
        ),
        pytest.param(
            [session(1, minutes=None), session(2, minutes=200)],
            [run(10, minutes=30)],
            {10: (2, SAME_DAY)},
            id="a session without duration is farthest",
        ),
        pytest.param(
            [session(2, minutes=None), session(1, minutes=None)],
            [run(10)],
            {10: (1, SAME_DAY)},
            id="tie goes to the lower session id",
        ),
        pytest.param(
            [session(1, minutes=60)],
            [run(11, minutes=50), run(10, minutes=70)],
            {10: (1, SAME_DAY), 11: (None, UNPLANNED)},
            id="tie between runs goes to the lower run id",
        ),
        pytest.param([session(1, on=1)], [run(10, on=0)], {10: (1, SHIFTED)}, id="a day early"),
        pytest.param([session(1, on=0)], [run(10, on=1)], {10: (1, SHIFTED)}, id="a day late"),
        pytest.param(
            [session(1, on=0), session(2, on=2)],
            [run(10, on=1)],
            {10: (1, SHIFTED)},
            id="shifted tie: the day before",
        ),
        pytest.param(
            [session(1, on=0, minutes=30), session(2, on=2, minutes=120)],
            [run(10, on=1, minutes=110)],
            {10: (2, SHIFTED)},
            id="shifted goes by duration first",
        ),
        pytest.param(
            [session(1, on=1)],
            [run(10, on=0), run(11, on=1)],
            {10: (None, UNPLANNED), 11: (1, SAME_DAY)},
            id="same day before shifted",
        ),
        pytest.param(
            [session(1, on=1), session(2, on=1, minutes=90)],
            [run(10, on=0, minutes=90), run(11, on=1, minutes=60)],
            {10: (2, SHIFTED), 11: (1, SAME_DAY)},
            id="shifted to the session still free on the next day",
        ),
        pytest.param(
            [session(1, on=0), session(2, on=1)],
            [run(10, on=1), run(11, on=1, minutes=50)],
            {10: (2, SAME_DAY), 11: (1, SHIFTED)},
            id="second run of a day takes yesterday's missed session",
        ),
        pytest.param([session(1, skipped=True)], [run(10)], {10: (None, UNPLANNED)}, id="skipped"),
        pytest.param(
            [session(1, skipped=True), session(2, on=1)],
            [run(10)],
            {10: (2, SHIFTED)},
            id="skipped session passed over",
        ),
        pytest.param(
            [session(1, kind="rest", minutes=None)],
            [run(10)],
            {10: (None, UNPLANNED)},
            id="rest day takes no run",
        ),
        pytest.param(
            [session(1, kind="race", minutes=200)],
            [run(10, minutes=190)],
            {10: (1, SAME_DAY)},
            id="race pairs like any",
        ),
        pytest.param(
            [session(1, on=0), session(2, on=5)],
            [run(10, on=0, manual=2)],
            {10: (2, MANUAL)},
            id="manual beats the same day",
        ),
        pytest.param(
            [session(1)],
            [run(10, manual=1), run(11)],
            {10: (1, MANUAL), 11: (None, UNPLANNED)},
            id="manual is never moved",
        ),
        pytest.param(
            [session(1)],
            [run(10, manual=99)],
            {10: (99, MANUAL)},
            id="manual session outside the days handed in",
        ),
        pytest.param(
            [session(1, skipped=True)],
            [run(10, manual=1)],
            {10: (1, MANUAL)},
            id="manual may take a skipped session",
        ),
        pytest.param(
            [session(1, kind="rest", minutes=None)],
            [run(10, manual=1)],
            {10: (None, UNPLANNED)},
            id="not even by hand on a rest day",
        ),
        pytest.param(
            [session(1)],
            [run(11, manual=1), run(10, manual=1)],
            {10: (1, MANUAL), 11: (None, UNPLANNED)},
            id="two manual runs for a session: the earlier-logged",
        ),
        pytest.param(
            [session(1)],
            [run(10, unplanned=True)],
            {10: (None, UNPLANNED)},
            id="unpaired by hand stays unpaired",
        ),
    ],
)
def test_pair_runs(planned, runs, expected):
    assert result(planned, runs) == expected


def test_pairing_lookups():
    pairing = pair_runs([session(1), session(2, on=4)], [run(11), run(10, on=2)])
    assert pairing.runs == (RunPairing(10, None, UNPLANNED), RunPairing(11, 1, SAME_DAY))
    assert pairing.for_run(11).session_id == 1
    assert pairing.run_for_session(1) == 11
    assert pairing.run_for_session(2) is None
    assert pairing.unplanned == (10,)


@pytest.mark.parametrize(
    "planned, runs",
    [
        ([session(1), session(1, on=1)], []),
        ([], [run(10), run(10, on=1)]),
    ],
)
def test_it_refuses_repeated_ids(planned, runs):
    with pytest.raises(ValueError, match="same id"):
        pair_runs(planned, runs)


def test_a_run_is_not_paired_and_unpaired_by_hand():
    with pytest.raises(ValueError, match="by hand"):
        run(10, manual=1, unplanned=True)


# --- The same run twice ---------------------------------------------------------------------

T0 = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


@pytest.mark.parametrize(
    "a, b, same",
    [
        (run(1, fingerprint="x"), run(2, on=3, fingerprint="x"), True),
        (run(1, fingerprint="x"), run(2, fingerprint="y"), False),
        (run(1), run(2), False),
        (run(1, start=at(0)), run(2), False),
        (run(1, start=at(0)), run(2, start=at(0)), True),
        (run(1, start=at(0), minutes=60), run(2, start=at(29), minutes=60), True),
        (run(1, start=at(0), minutes=60), run(2, start=at(30), minutes=60), False),
        (run(1, start=at(0), minutes=60), run(2, start=at(65), minutes=60), False),
        # A watch stopped 10 minutes in, next to the phone's full recording: overlap 10/10.
        (run(1, start=at(0), minutes=60), run(2, start=at(0), minutes=10), True),
        (run(1, start=at(50), minutes=10), run(2, start=at(0), minutes=60), True),
        (run(1, start=at(55), minutes=10), run(2, start=at(0), minutes=60), False),
    ],
)
def test_is_same_run(a, b, same):
    assert is_same_run(a, b) is same
    assert is_same_run(b, a) is same


def test_duplicates_keeps_the_earlier_logged():
    runs = [
        run(3, start=at(1)),
        run(1, start=at(0)),
        run(2, start=at(120)),
        run(4, start=at(120), fingerprint="f"),
        run(5, on=4, fingerprint="f"),
        run(6, start=at(300)),
    ]
    assert duplicates(runs) == [(1, 3), (2, 4), (2, 5)]


def test_a_repeat_of_a_dropped_run_goes_to_the_kept_one():
    # 2 overlaps 1 by 31 of 60 minutes, 3 overlaps 2 so, and 1 by only 2 minutes.
    runs = [run(1, start=at(0)), run(2, start=at(29)), run(3, start=at(58))]
    assert duplicates(runs) == [(1, 2), (1, 3)]


def test_duplicates_refuses_repeated_ids():
    with pytest.raises(ValueError, match="same id"):
        duplicates([run(1), run(1)])


# --- Properties -----------------------------------------------------------------------------

sessions_st = st.lists(
    st.builds(
        session,
        id=st.integers(1, 30),
        on=st.integers(0, 6),
        minutes=st.none() | st.integers(10, 180),
        kind=st.sampled_from(["easy", "long_run", "race", "rest"]),
        skipped=st.booleans(),
    ),
    max_size=10,
    unique_by=lambda s: s.id,
)


@st.composite
def plans(draw):
    planned = draw(sessions_st)
    ids = [s.id for s in planned] + [99]
    runs = draw(
        st.lists(
            st.builds(
                run,
                id=st.integers(100, 140),
                on=st.integers(-1, 7),
                minutes=st.integers(5, 200),
                manual=st.none() | st.sampled_from(ids),
                unplanned=st.just(False),
            ),
            max_size=10,
            unique_by=lambda r: r.id,
        )
    )
    return planned, runs


def check_invariants(planned, runs, pairing: Pairing):
    by_id = {s.id: s for s in planned}
    paired = [item.session_id for item in pairing.runs if item.session_id is not None]
    assert len(paired) == len(set(paired))
    assert [item.run_id for item in pairing.runs] == sorted(r.id for r in runs)
    for item in pairing.runs:
        logged = next(r for r in runs if r.id == item.run_id)
        chosen = by_id.get(item.session_id)
        assert (item.session_id is None) == (item.how == UNPLANNED)
        if chosen is not None:
            assert chosen.kind != "rest"
        if item.how == SAME_DAY:
            assert chosen.date == logged.local_date and not chosen.skipped
        if item.how == SHIFTED:
            assert abs(chosen.date - logged.local_date) == timedelta(days=1)
            assert not chosen.skipped


@given(plans())
def test_every_session_gets_at_most_one_run(plan):
    planned, runs = plan
    check_invariants(planned, runs, pair_runs(planned, runs))


@given(plans())
def test_a_manual_choice_is_always_honoured(plan):
    planned, runs = plan
    rest = {s.id for s in planned if s.kind == "rest"}
    pairing = pair_runs(planned, runs)
    first_claim = {}
    for r in sorted(runs, key=lambda r: r.id):
        if r.manual_session_id is not None and r.manual_session_id not in rest:
            first_claim.setdefault(r.manual_session_id, r.id)
    for session_id, run_id in first_claim.items():
        assert pairing.for_run(run_id) == RunPairing(run_id, session_id, MANUAL)


@given(plans(), st.randoms(use_true_random=False))
def test_the_result_does_not_depend_on_input_order(plan, random):
    planned, runs = plan
    shuffled_planned, shuffled_runs = list(planned), list(runs)
    random.shuffle(shuffled_planned)
    random.shuffle(shuffled_runs)
    assert pair_runs(planned, runs) == pair_runs(shuffled_planned, shuffled_runs)


@given(
    st.lists(
        st.builds(
            run,
            id=st.integers(1, 40),
            minutes=st.integers(1, 120),
            start=st.none() | st.integers(0, 300).map(at),
            fingerprint=st.none() | st.sampled_from("abc"),
        ),
        max_size=8,
        unique_by=lambda r: r.id,
    ),
    st.randoms(use_true_random=False),
)
def test_duplicates_keep_the_earlier_logged_and_ignore_order(runs, random):
    pairs = duplicates(runs)
    shuffled = list(runs)
    random.shuffle(shuffled)
    assert duplicates(shuffled) == pairs
    dropped = [d for _, d in pairs]
    assert len(dropped) == len(set(dropped))
    assert all(kept < d and kept not in dropped for kept, d in pairs)
    by_id = {r.id: r for r in runs}
    kept = [r for r in runs if r.id not in dropped]
    for a in kept:
        assert not any(is_same_run(a, b) for b in kept if b.id > a.id)
    for kept_id, dropped_id in pairs:
        assert by_id[kept_id] in kept
        assert any(is_same_run(r, by_id[dropped_id]) for r in runs if r.id < dropped_id)
