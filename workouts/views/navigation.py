"""Where an edit on the block calendar goes next: back to the calendar, at what it changed."""

from datetime import date

from django.shortcuts import redirect
from django.urls import reverse


def back_to_calendar(request, block, anchor: str | date = ""):
    """Back to the block's calendar at `anchor` (an element id, or a day: "day-YYYY-MM-DD")."""
    if isinstance(anchor, date):
        anchor = f"day-{anchor.isoformat()}"
    url = reverse("block-detail", args=[block.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)
