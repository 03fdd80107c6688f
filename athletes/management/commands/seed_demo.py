import argparse

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from athletes.demo import athlete_name, coach_name, demo_profile
from athletes.models import Athlete, RaceResult, Role, User
from workouts.demo import block_seed
from workouts.demo_logs import history_seed

PASSWORD = "demo"


class Command(BaseCommand):
    help = (
        "Create demo accounts: coach1@example.com … coachC@example.com, each with N athletes "
        "athlete<c>-<n>@example.com, and admin@example.com; all with the password 'demo'. "
        "Each athlete gets a marathon block a few months ahead, its first weeks past and "
        "logged (some runs clean, some with findings, one missed, one not run, one unplanned). "
        "Running it again with the same arguments changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--coaches", type=int, default=1)
        parser.add_argument("--athletes", type=int, default=2, help="athletes per coach")
        parser.add_argument(
            "--weeks",
            type=int,
            default=12,
            help="weeks of history: race results fall in them",
        )
        parser.add_argument(
            "--blocks",
            action=argparse.BooleanOptionalAction,
            default=True,
            help="give each athlete a marathon block (--no-blocks: accounts only, much quicker)",
        )
        parser.add_argument(
            "--logs",
            action=argparse.BooleanOptionalAction,
            default=True,
            help="log the blocks' past sessions, the progression runs as watch files "
            "(--no-logs: the plan only, quicker)",
        )

    def handle(self, *args, coaches, athletes, weeks, blocks, logs=True, **options):
        for name, value, limit in [("coaches", coaches, 200), ("athletes", athletes, 200)]:
            if not 0 <= value <= limit:
                raise CommandError(f"--{name} must be between 0 and {limit}, not {value}.")
        if not 1 <= weeks <= 52:
            raise CommandError(f"--weeks must be between 1 and 52, not {weeks}.")
        self.password_hash = make_password(PASSWORD)  # hashed once: slow by design
        self.today = timezone.localdate()
        self.blocks = blocks
        self.logs = logs
        with transaction.atomic():
            self._account(
                "admin@example.com", "Ada", "Admin", Role.ADMIN, is_staff=True, is_superuser=True
            )
            for c in range(1, coaches + 1):
                coach = self._account(f"coach{c}@example.com", *coach_name(c - 1), Role.COACH)
                for n in range(1, athletes + 1):
                    index = (c - 1) * athletes + n - 1
                    first, last = athlete_name(index)
                    self._athlete(coach, f"athlete{c}-{n}@example.com", first, last, index, weeks)
        self.stdout.write(self.style.SUCCESS("Demo logins (password: demo):"))
        self.stdout.write("  admin   admin@example.com")
        for c in range(1, coaches + 1):
            self.stdout.write(f"  coach   coach{c}@example.com")
            for n in range(1, athletes + 1):
                self.stdout.write(f"  athlete athlete{c}-{n}@example.com")

    def _account(self, email, first, last, role, **flags):
        user, created = User.objects.get_or_create(
            email=email,
            defaults={
                "first_name": first,
                "last_name": last,
                "role": role,
                "password": self.password_hash,
                **flags,
            },
        )
        return user

    def _athlete(self, coach, email, first, last, index, weeks):
        user = self._account(email, first, last, Role.ATHLETE)
        profile = demo_profile(index)
        athlete, created = Athlete.objects.get_or_create(
            user=user,
            defaults={
                "coach": coach,
                "first_name": first,
                "last_name": last,
                "email": email,
                **profile.fields(self.today),
            },
        )
        if created:
            RaceResult.objects.bulk_create(
                RaceResult(athlete=athlete, **result)
                for result in profile.results(self.today, weeks)
            )
        if self.blocks:
            block_seed(athlete, n_weeks=profile.block_weeks)
            block = athlete.blocks.order_by("race_date").last()
            if self.logs and block is not None:
                history_seed(athlete, block, today=self.today)
        return athlete
