"""Query counts of the busiest pages as the data grows: they must not grow with it.

Run with `make bench`. Each benchmark prints its figures; the assertion is on the ratio of
queries between a small and a large data set (1.0 means no N+1), never on time.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from athletes.models import Athlete, Invitation, RaceResult
from workouts.models import ProgressionTemplate, TemplateStage
from workouts.presets import PRESETS

pytestmark = pytest.mark.django_db


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def add_athletes(coach, n, start=0):
    for i in range(start, start + n):
        athlete = Athlete.objects.create(coach=coach, first_name=f"Runner{i}", email=f"r{i}@x.org")
        Invitation.objects.create(athlete=athlete, email=athlete.email)
        for weeks in (2, 10, 30):
            RaceResult.objects.create(
                athlete=athlete,
                date=timezone.localdate() - timedelta(weeks=weeks),
                distance_m=5000,
                time_s=1200 + i,
            )


def add_templates(coach, n):
    stages = PRESETS["base_progression"].stages()
    for i in range(n):
        template = ProgressionTemplate.objects.create(owner=coach, name=f"T{i}", phase="base")
        TemplateStage.objects.bulk_create(
            TemplateStage.from_value(s, position=p, template=template) for p, s in enumerate(stages)
        )


def report(name, small, large, n_small, n_large):
    ratio = large / small
    print(f"\n{name}: {small} queries with {n_small}, {large} with {n_large}: ratio {ratio:.2f}")
    return ratio


def test_athlete_list_queries_do_not_grow_with_athletes(client, coach):
    client.force_login(coach)
    add_athletes(coach, 5)
    small = queries(client, reverse("athlete-list"))
    add_athletes(coach, 95, start=5)
    large = queries(client, reverse("athlete-list"))
    assert report("athlete list", small, large, 5, 100) == 1.0


def test_athlete_page_queries_do_not_grow_with_race_results(client, coach, athlete):
    client.force_login(coach)
    url = reverse("athlete-detail", args=[athlete.pk])
    RaceResult.objects.create(
        athlete=athlete, date=timezone.localdate(), distance_m=5000, time_s=1200
    )
    small = queries(client, url)
    for days in range(1, 60):
        RaceResult.objects.create(
            athlete=athlete,
            date=timezone.localdate() - timedelta(days=days * 5),
            distance_m=10000,
            time_s=2500 + days,
        )
    large = queries(client, url)
    assert report("athlete page", small, large, 1, 60) == 1.0


def test_template_list_queries_do_not_grow_with_templates(client, coach):
    client.force_login(coach)
    add_templates(coach, 3)
    small = queries(client, reverse("template-list"))
    add_templates(coach, 60)
    large = queries(client, reverse("template-list"))
    assert report("template list", small, large, 3, 63) == 1.0
