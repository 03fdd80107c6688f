"""Each person's "today" is in their own time zone (the account setting)."""

import zoneinfo

from django.utils import timezone


def user_time_zone(get_response):
    def middleware(request):
        name = getattr(request.user, "time_zone", "") if request.user.is_authenticated else ""
        try:
            timezone.activate(zoneinfo.ZoneInfo(name)) if name else timezone.deactivate()
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.deactivate()  # a zone the system no longer knows: the site's default
        try:
            return get_response(request)
        finally:
            timezone.deactivate()

    return middleware
