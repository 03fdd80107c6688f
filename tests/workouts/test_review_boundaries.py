"""review_run's boundaries moved by hand (docs/running.md §3.13): taken as given, said in a
note, the others kept in order around them; none moved changes nothing."""

import pytest

from tests.workouts.test_review import clean, recording, review


def test_a_moved_boundary_is_taken_as_given_and_noted():
    result = review(recording(clean()), boundaries={0: 1500.0})
    assert [(s.start_s, s.end_s) for s in result.stages] == [
        (0, 1500),
        (1500, 2700),
        (2700, 3600),
    ]
    assert "The boundary after stage 1 was moved by hand." in result.notes
    assert result.split_by == "time"


def test_no_boundary_moved_is_the_review_as_it_was():
    rec = recording(clean())
    assert review(rec, boundaries={}) == review(rec) == review(rec, boundaries=None)


def test_the_other_boundaries_keep_their_order_around_a_moved_one():
    late = review(recording(clean()), boundaries={0: 3000.0})
    assert [(s.start_s, s.end_s) for s in late.stages] == [(0, 3000), (3000, 3000), (3000, 3600)]
    early = review(recording(clean()), boundaries={1: 1000.0})
    assert [(s.start_s, s.end_s) for s in early.stages] == [(0, 1000), (1000, 1000), (1000, 3600)]


def test_a_boundary_of_a_stage_the_plan_no_longer_has_is_ignored():
    result = review(recording(clean()), boundaries={5: 100.0, -1: 10.0})
    assert [s.end_s for s in result.stages] == [1800, 2700, 3600]
    assert not any("moved by hand" in note for note in result.notes)


def test_moving_the_split_into_the_easy_start_changes_its_figures():
    # The first 1500 s are easy, then 300 s of easy are counted with the steady stage.
    result = review(recording(clean()), boundaries={0: 1500.0})
    assert result.stages[1].pace_s_per_km == pytest.approx(
        1000 * (300 + 900) / (300 / 0.32 + 900 / 0.292)
    )
