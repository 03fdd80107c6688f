"""Every date box of the app renders its value as <input type="date"> can read it."""

import importlib
from datetime import date, time

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.utils import translation

from athletes.widgets import DateInput, TimeInput


def project_forms() -> list[type[forms.BaseForm]]:
    """Every form class of the project's own apps, the admin's aside (it has its widgets)."""
    ours = [c.name for c in apps.get_app_configs() if c.path.startswith(str(settings.BASE_DIR))]
    for name in ours:
        try:
            importlib.import_module(f"{name}.forms")
        except ModuleNotFoundError:
            continue
    found, todo = [], [forms.Form, forms.ModelForm]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        package, _, module = cls.__module__.partition(".")
        if package in ours and not module.startswith("admin"):
            found.append(cls)
    return found


def test_the_check_finds_the_forms_that_take_a_date():
    dated = {
        cls.__name__
        for cls in project_forms()
        if any(isinstance(f, forms.DateField) for f in cls.base_fields.values())
    }
    assert dated >= {"AthleteProfileForm", "RaceResultForm"}


def test_every_date_field_of_every_form_uses_the_iso_date_widget():
    for cls in project_forms():
        for name, field in cls.base_fields.items():
            if isinstance(field, forms.DateField):
                assert isinstance(field.widget, DateInput), f"{cls.__name__}.{name}"
            # A time box has the same trap (it reads only hh:mm): athletes/widgets.TimeInput.
            if isinstance(field, forms.TimeField):
                assert isinstance(field.widget, TimeInput), f"{cls.__name__}.{name}"
            # Neither picker reads a date and time in one box: two fields, if ever needed.
            assert not isinstance(field, forms.DateTimeField), f"{cls.__name__}.{name}"


@pytest.mark.parametrize("language", ["en-gb", "en-us", "de"])
def test_the_date_widget_renders_yyyy_mm_dd_whatever_the_language(language):
    with translation.override(language):
        html = DateInput().render("day", date(2027, 3, 23))
    assert 'type="date"' in html and 'value="2027-03-23"' in html


@pytest.mark.parametrize("language", ["en-us", "de"])
def test_the_time_widget_renders_hh_mm_whatever_the_language(language):
    with translation.override(language):
        html = TimeInput().render("at", time(6, 30))
    assert 'type="time"' in html and 'value="06:30"' in html
