import pytest
from django.core.management import CommandError, call_command

from athletes.models import Athlete, Role, User

pytestmark = pytest.mark.django_db


def snapshot():
    users = list(
        User.objects.order_by("email").values_list(
            "email", "first_name", "last_name", "role", "password"
        )
    )
    athletes = list(Athlete.objects.order_by("email").values_list("email", "coach__email"))
    return users, athletes


def test_seed_demo_follows_the_account_convention(capsys):
    call_command("seed_demo", coaches=2, athletes=3)
    assert User.objects.get(email="admin@example.com").is_staff
    for c in (1, 2):
        coach = User.objects.get(email=f"coach{c}@example.com")
        assert coach.role == Role.COACH
        emails = sorted(coach.athletes.values_list("email", flat=True))
        assert emails == [f"athlete{c}-{n}@example.com" for n in (1, 2, 3)]
    assert User.objects.get(email="athlete2-3@example.com").check_password("demo")
    output = capsys.readouterr().out
    assert "coach2@example.com" in output and "athlete1-1@example.com" in output


def test_seed_demo_names_are_realistic_and_distinct():
    call_command("seed_demo", coaches=4, athletes=8)
    names = [(u.first_name, u.last_name) for u in User.objects.exclude(role=Role.ADMIN)]
    assert len(names) == len(set(names)) == 4 + 32
    assert all(
        first and last and not any(ch.isdigit() for ch in first + last) for first, last in names
    )


def test_running_seed_demo_twice_changes_nothing():
    call_command("seed_demo", coaches=2, athletes=2)
    before = snapshot()
    call_command("seed_demo", coaches=2, athletes=2)
    assert snapshot() == before


def test_seed_demo_rejects_absurd_sizes():
    with pytest.raises(CommandError, match="--athletes must be between 0 and 200"):
        call_command("seed_demo", athletes=-1)
