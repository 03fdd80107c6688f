"""Every lookup of people passes through here: anyone else's athlete is a 404."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404

from athletes.models import Athlete, Role


def role_required(role: Role):
    """Only signed-in users of this role see the view; the others get a 404."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.user.role != role:
                raise Http404("No such page for your account.")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


coach_required = role_required(Role.COACH)
athlete_required = role_required(Role.ATHLETE)


def login_name(request, credentials=None) -> str:
    """The email a login attempt is for, as stored: failures count per account however the
    address is capitalised (django-axes calls this)."""
    typed = (credentials or {}).get("username") or request.POST.get("username", "")
    return typed.strip().lower()


def client_ip(request) -> str:
    """The visitor's address for login throttling. Behind TRUSTED_PROXY_COUNT proxies that
    each append to X-Forwarded-For, the address the outermost proxy saw is that many entries
    from the end; entries further left are whatever the client claims."""
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [a for a in forwarded if a]
    if count and len(forwarded) >= count:
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "")


def coach_athletes(coach):
    return Athlete.objects.filter(coach=coach)


def get_athlete_for_coach(coach, pk: int) -> Athlete:
    return get_object_or_404(coach_athletes(coach), pk=pk)


def own_athlete(user) -> Athlete | None:
    """The athlete record of a signed-in athlete; None while no coach has linked them."""
    return Athlete.objects.select_related("coach").filter(user=user).first()
