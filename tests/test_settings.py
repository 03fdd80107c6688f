"""Configuration comes from the environment; a bad value stops start-up naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from coach.settings import env_bool, env_int, env_list, parse_database_url, parse_email_url

ROOT = Path(__file__).resolve().parent.parent
GOOD_KEY = "k" * 20 + "-production-secret-key-for-tests-0123456789"


def start(show="s.DEBUG, s.CELERY_TASK_ALWAYS_EAGER", **env):
    """Import the settings in a fresh interpreter, as `manage.py` would at start-up, and
    print the settings named in `show`."""
    ours = {
        "DATABASE_URL",
        "REDIS_URL",
        "DEBUG",
        "DJANGO_ENV",
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "EMAIL_URL",
        "PORT",
        "SITE_URL",
    }
    clean = {k: v for k, v in os.environ.items() if k not in ours}
    clean.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            f"import coach.settings as s; print({show})",
        ],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("raw,expected", [("1", True), ("yes", True), ("0", False), ("off", False)])
def test_env_bool_reads_common_words(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert env_bool("SOME_FLAG", default=not expected) is expected


def test_env_bool_uses_the_default_when_unset(monkeypatch):
    monkeypatch.delenv("SOME_FLAG", raising=False)
    assert env_bool("SOME_FLAG", default=True) is True


def test_env_bool_names_the_variable_on_a_bad_value(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG='maybe' is not a boolean"):
        env_bool("SOME_FLAG", default=False)


def test_env_int_rejects_words_and_values_below_the_minimum(monkeypatch):
    monkeypatch.setenv("SOME_NUMBER", "seven")
    with pytest.raises(ImproperlyConfigured, match="SOME_NUMBER='seven' is not a whole number"):
        env_int("SOME_NUMBER", 1)
    monkeypatch.setenv("SOME_NUMBER", "0")
    with pytest.raises(ImproperlyConfigured, match="SOME_NUMBER=0 must be at least 1"):
        env_int("SOME_NUMBER", 1, minimum=1)


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("HOSTS", "a.example, b.example,,")
    assert env_list("HOSTS", []) == ["a.example", "b.example"]


def test_database_url_parses_postgres():
    config = parse_database_url("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/coach")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("127.0.0.1", 5432, "coach")


def test_database_url_with_an_unknown_scheme_names_the_variable():
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL='nosql://x/y' is not a database"):
        parse_database_url("DATABASE_URL", "nosql://x/y")


def test_email_url_builds_an_smtp_mailer():
    config = parse_email_url("EMAIL_URL", "smtp://me%40x.org:s3cret@mail.example:587?tls=1")
    assert config["BACKEND"].endswith("smtp.EmailBackend")
    options = config["OPTIONS"]
    assert (options["host"], options["port"], options["use_tls"]) == ("mail.example", 587, True)
    assert (options["username"], options["password"]) == ("me@x.org", "s3cret")


def test_email_url_with_an_unknown_scheme_says_what_works():
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL='pigeon://'.*smtp://"):
        parse_email_url("EMAIL_URL", "pigeon://")


def test_defaults_start_with_tasks_in_process():
    result = start(DJANGO_ENV="", DEBUG="")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True"]


def test_redis_url_switches_tasks_to_a_worker():
    result = start(REDIS_URL="redis://127.0.0.1:6379/0")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[1] == "False"


@pytest.mark.parametrize(
    "env,message",
    [
        ({"REDIS_URL": "localhost:6379"}, "REDIS_URL='localhost:6379' is not a Redis URL"),
        ({"DEBUG": "perhaps"}, "DEBUG='perhaps' is not a boolean"),
        ({"DATABASE_URL": "mongodb://x/db"}, "DATABASE_URL='mongodb://x/db'"),
        ({"EMAIL_URL": "fax://"}, "EMAIL_URL='fax://'"),
        ({"DJANGO_ENV": "staging"}, "DJANGO_ENV='staging'"),
        ({"DJANGO_ENV": "production"}, "SECRET_KEY must be set"),
        ({"DJANGO_ENV": "production", "DEBUG": "1"}, "DEBUG=1 cannot run with DJANGO_ENV"),
        ({"DJANGO_ENV": "production", "SECRET_KEY": "short"}, "SECRET_KEY is too short"),
        ({"DEBUG": "0", "SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS must list"),
        ({"DEBUG": "0", "SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "a.org"}, "SITE_URL must be set"),
        (
            {
                "DEBUG": "0",
                "SECRET_KEY": GOOD_KEY,
                "ALLOWED_HOSTS": "a.org",
                "SITE_URL": "https://a.org",
            },
            "EMAIL_URL must be set",
        ),
        ({"INVITATION_VALID_DAYS": "0"}, "INVITATION_VALID_DAYS=0 must be at least 1"),
        ({"PORT": "eighty"}, "PORT='eighty' is not a whole number"),
        ({"PORT": "0"}, "PORT=0 must be at least 1"),
        ({"PORT": "80000"}, "PORT=80000 is not a TCP port"),
    ],
)
def test_a_bad_value_stops_start_up_naming_the_variable(env, message):
    result = start(**env)
    assert result.returncode != 0
    assert message in result.stderr


def test_emailed_links_point_at_port_8000_by_default():
    result = start(show="s.SITE_URL")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "http://127.0.0.1:8000"


def test_emailed_links_follow_the_port_make_run_serves():
    result = start(show="s.SITE_URL", PORT="8123")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "http://127.0.0.1:8123"


def test_a_site_url_that_is_set_wins_over_the_port():
    result = start(show="s.SITE_URL", PORT="8123", SITE_URL="https://coach.example.org/")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "https://coach.example.org"


def test_production_refuses_to_start_without_a_site_url_rather_than_email_localhost_links():
    result = start(
        show="s.SITE_URL",
        DJANGO_ENV="production",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="coach.example.org",
        EMAIL_URL="smtp://mail.example.org:587?tls=1",
        PORT="8123",
    )
    assert result.returncode != 0
    assert "SITE_URL must be set in production" in result.stderr
    assert "127.0.0.1" not in result.stdout


def test_production_emails_links_to_the_site_url_it_is_given():
    result = start(
        show="s.SITE_URL",
        DJANGO_ENV="production",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="coach.example.org",
        EMAIL_URL="smtp://mail.example.org:587?tls=1",
        SITE_URL="https://coach.example.org/",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "https://coach.example.org"


def test_make_run_serves_the_port_given_and_hands_it_to_the_settings():
    result = subprocess.run(
        ["make", "--dry-run", "run", "PORT=8123"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "PORT=8123 .venv/bin/python manage.py runserver 127.0.0.1:8123" in result.stdout


def test_production_passes_the_deploy_check_with_no_warnings(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        DJANGO_ENV="production",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="coach.example.org",
        EMAIL_URL="smtp://mail.example.org:587?tls=1",
        SITE_URL="https://coach.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
