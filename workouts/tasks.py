"""Background work for plans: each task calls a service, which claims the work first."""

from celery import shared_task


@shared_task
def sessions_freeze_task() -> int:
    """Freeze the targets of every session whose day has passed (docs/running.md §3.7)."""
    from workouts import targets

    return targets.sessions_freeze()
