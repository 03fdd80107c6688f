"""Form fields that take values as runners type them and store SI."""

from django import forms

from athletes import paces, units


class DurationField(forms.CharField):
    """ "3:10:49" or "19:57" -> seconds."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", "h:mm:ss, or mm:ss under an hour")
        super().__init__(*args, **kwargs)
        self.widget.attrs.update(placeholder="h:mm:ss", inputmode="numeric", autocomplete="off")

    def prepare_value(self, value):
        if isinstance(value, int | float):
            return paces.format_duration(value)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return paces.parse_duration(value)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


class DistanceField(forms.CharField):
    """ "Half marathon", "10K", "13.1 mi" -> metres. The widget suggests race names."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", "5K, 10K, half marathon, marathon, or e.g. 12 km, 8 mi")
        super().__init__(*args, **kwargs)
        self.widget.attrs.update(list="race-distances", autocomplete="off")

    def prepare_value(self, value):
        if isinstance(value, int | float):
            return units.distance_name(value)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return units.parse_distance(value)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


class PaceField(forms.CharField):
    """ "4:30" in the athlete's unit -> seconds per km."""

    def __init__(self, *args, unit="km", **kwargs):
        self.unit = unit
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.widget.attrs.update(placeholder=f"m:ss /{unit}", autocomplete="off")

    def prepare_value(self, value):
        if isinstance(value, int | float):
            return paces.format_pace(value, self.unit).split(" ")[0]
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return units.parse_pace(value, self.unit)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


def check_race(form: forms.Form, distance_field: str, time_field: str) -> None:
    """Refuse a time no human runs for the distance (a 5K in 5 seconds, a marathon in 20 h)."""
    distance_m = form.cleaned_data.get(distance_field)
    time_s = form.cleaned_data.get(time_field)
    if distance_m is None or time_s is None:
        return
    try:
        paces.vdot_from_race(distance_m, time_s)
    except ValueError as error:
        name = units.distance_name(distance_m)
        form.add_error(
            time_field,
            f"{paces.format_duration(time_s)} for {name} is not a plausible race time ({error}).",
        )
