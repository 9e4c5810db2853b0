"""Spreadsheet cell values as the text a reader of the sheet sees: 12 not 12.0, 2018年6月30日, 7%."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal


def cell_text(value: object, number_format: str | None = None) -> str:
    """Render one cell value; `number_format` only matters for percentages."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return date_text(value.date()) + (f" {time_text(value.time())}" if value.time() != dt.time() else "")
    if isinstance(value, dt.date):
        return date_text(value)
    if isinstance(value, dt.time):
        return time_text(value)
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, (int, float)):
        if number_format and "%" in number_format.replace("\\%", "").replace('"%"', ""):
            return number_text(value * 100) + "%"
        return number_text(value)
    return str(value)


def number_text(value: int | float) -> str:
    """A number without float noise or a trailing .0, never in exponent notation."""
    if isinstance(value, int):
        return str(value)
    if value != value or value in (float("inf"), float("-inf")):
        return ""
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    text = f"{value:.12g}"
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def date_text(value: dt.date) -> str:
    """Dates the way notices write them: 2018年6月30日."""
    return f"{value.year}年{value.month}月{value.day}日"


def time_text(value: dt.time) -> str:
    """Times as a clock shows them (17:30), seconds only when there are some."""
    return f"{value.hour:02d}:{value.minute:02d}" + (f":{value.second:02d}" if value.second else "")
