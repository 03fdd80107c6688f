"""The review's walked interpolation (workouts/review.py `_interp_walk`) gives exactly what
bisecting for each value gives, and grades over distances out of order (a hand-built
recording with a negative speed) still bisect."""

import random

from workouts import review
from workouts.recording import Recording, Sample


def test_it_walks_to_the_values_bisecting_gives():
    rng = random.Random(9)
    xs = sorted(rng.choice([0.0, 1.0, 2.5, 2.5, 7.0]) + rng.random() * k for k in range(200))
    ys = [rng.uniform(-50, 50) for _ in xs]
    targets = sorted(
        [xs[0] - 1, xs[-1] + 1, *xs[::7], *(rng.uniform(xs[0], xs[-1]) for _ in range(300))]
    )
    assert review._interp_walk(xs, ys, targets) == [review._interp(xs, ys, x) for x in targets]


def test_grades_over_distances_out_of_order_are_bisected_as_before():
    speeds = [3.0, 3.0, -9.0, 3.0, 3.0, 3.0, -2.0, 3.0] * 10
    samples = tuple(
        Sample(float(k), speed_mps=v, elevation_m=10.0 + (k % 9)) for k, v in enumerate(speeds)
    )
    recording = Recording(sport="running", samples=samples)
    dist = review._distances(recording)
    assert any(b < a for a, b in zip(dist, dist[1:], strict=False))
    elevations = [s.elevation_m for s in samples]
    expected = []
    for a, b in zip(dist, dist[1:], strict=False):  # the grade as written before the walk
        middle = (a + b) / 2
        low, high = max(middle - 25, 0.0), min(middle + 25, dist[-1])
        rise = review._interp(dist, elevations, high) - review._interp(dist, elevations, low)
        expected.append(rise / (high - low) if high - low >= 10 else 0.0)
    assert review._grades(recording, dist) == expected
