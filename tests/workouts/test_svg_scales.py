"""The geometry the server-drawn charts share (workouts/svg_scales.py): no database."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workouts.svg_scales import PACE_STEPS, Frame, Scale, Shape, rounded, step

SHAPE = Shape(400, 300, 44, 8, 34, 40, x_labels=4, y_ticks=5)


def test_the_frame_is_the_shape_inside_its_margins():
    frame = Frame(SHAPE)
    assert (frame.x0, frame.x1, frame.y0, frame.y1) == (44, 392, 34, 260)
    assert SHAPE.points == 0


@pytest.mark.parametrize(
    ("span", "most", "expected"),
    [
        (50, 10, 5),  # 10 lines of 5
        (51, 10, 10),
        (3000, 6, 300),  # nothing small enough: the largest step
        (0, 1, 5),
    ],
)
def test_the_step_is_the_smallest_giving_at_most_so_many_lines(span, most, expected):
    assert step(span, most, PACE_STEPS) == expected


def test_a_rounded_scale_has_round_ends_a_quarter_step_beyond_the_values():
    # 5:00 to 5:35 /km: 35 s, taken as 42 s over at most 6 lines -> a step of 10 s.
    scale = rounded(300, 335, most=6, steps=PACE_STEPS, least=30.0)
    assert scale == Scale(290, 340, 10)
    assert scale.ticks == (290, 300, 310, 320, 330, 340)


def test_a_narrow_span_is_widened_to_the_least_before_the_step_is_chosen():
    scale = rounded(150, 152, most=5, steps=(5, 10, 20), least=20)
    assert scale.step == 5
    assert (scale.low, scale.high) == (145, 155)


@pytest.mark.parametrize(
    ("value", "share"), [(290, 0.0), (315, 0.5), (340, 1.0), (100, 0.0), (900, 1.0)]
)
def test_a_value_beyond_the_scale_is_held_at_its_end(value, share):
    scale = Scale(290, 340, 10)
    assert scale.share(value) == share
    assert scale.holds(value) == (290 <= value <= 340)


def test_pace_goes_faster_higher_and_heart_rate_higher_higher():
    frame, scale = Frame(SHAPE), Scale(100, 200, 50)
    assert frame.y(scale, 100, low_at_top=True) == frame.y0
    assert frame.y(scale, 200, low_at_top=True) == frame.y1
    assert frame.y(scale, 100) == frame.y1
    assert frame.y(scale, 200) == frame.y0
    assert frame.y(scale, 150) == frame.y(scale, 150, low_at_top=True) == 147


@given(
    st.floats(min_value=120, max_value=900),
    st.floats(min_value=0, max_value=600),
    st.integers(min_value=2, max_value=12),
)
def test_a_rounded_scale_holds_its_values_within_its_lines(low, span, most):
    scale = rounded(low, low + span, most=most, steps=PACE_STEPS, least=30.0)
    assert scale.low < low and low + span < scale.high
    assert scale.low % scale.step == 0 and scale.high % scale.step == 0
    assert scale.ticks[0] == scale.low and scale.ticks[-1] == scale.high
    # The step is chosen over the span; the round ends may add a line at each end.
    assert len(scale.ticks) - 1 <= most + 2 or scale.step == PACE_STEPS[-1]
