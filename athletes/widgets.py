"""Form widgets the browser's own pickers can read."""

from django import forms


class DateInput(forms.DateInput):
    """An <input type="date">: the browser reads and writes only yyyy-mm-dd, whatever the
    language, so the value is never rendered in the locale's format (23/03/2027 shows empty
    and saves as nothing)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    """An <input type="time">: the browser reads and writes only hh:mm (24 h), whatever the
    language, so the value is rendered that way ("06:30", never "6:30 a.m." or "06:30:00")."""

    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")
