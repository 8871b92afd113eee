"""Dates as a letter in its language writes them: 2026年12月7日, 7 December 2026."""

import datetime

from django import template
from django.utils.dateformat import format as date_format

from exchange.core.bilingual import in_chinese

register = template.Library()


@register.filter
def letter_date(value: datetime.date | None) -> str:
    if not value:
        return ""
    if in_chinese():
        return f"{value.year}年{value.month}月{value.day}日"
    return date_format(value, "j F Y")
