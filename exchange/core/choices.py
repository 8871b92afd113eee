"""Choices shared by every capability (the direction of an exchange, its measures), and
choice labels read without translating every label of the field on each call."""

from django.db import models
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _


class QuickChoiceLabels:
    """A model mixin: `get_<field>_display()` as Django's, finding the value's label
    without hashing every (lazy, so translated) label of the field first: 50 rows of a
    list with two such columns translated a thousand labels."""

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        for choice, label in field.flatchoices:
            if choice == value:
                return force_str(label, strings_only=True)
        return force_str(value, strings_only=True)


class Direction(models.TextChoices):
    OUTGOING = "outgoing", _("Outgoing (we send)")
    INCOMING = "incoming", _("Incoming (we receive)")


class Measure(models.TextChoices):
    ITEMS = "items", _("Items")
    TITLES = "titles", _("Titles")
    PAGES = "pages", _("Pages")
    VALUE = "value", _("Value")
