"""How figures are written: one number format for pages, the admin, exports and charts.

Every figure shown or exported passes through ``figure``: the number with the decimals its
source gave and no padding (the database's 72.6000 is 72.6, 20.00 is 20), never in scientific
notation (2E+1 is 20). Pages show it with ``format_number`` (Chinese as the zone's reports
write it, 17505; English grouped, 17,505) and ``format_quantity`` (330余件; in English the
units 万 and 亿 become "200,000 people" or "7.26 billion yuan"). Spreadsheets get the number
itself (``figure``), CSV its plain digits (``plain``), charts a JSON number (``chart_number``).
"""

import math
from decimal import Decimal

from django.utils.translation import get_language


def figure(value):
    """72.6000 -> Decimal("72.6"), 20.00 -> 20, 72.6 (a float) -> Decimal("72.6").

    None, text and what is no finite number come back unchanged.
    """
    if isinstance(value, bool) or value is None or isinstance(value, int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            return value
        value = Decimal(repr(value))
    if not isinstance(value, Decimal) or not value.is_finite():
        return value
    if value == value.to_integral_value():
        return int(value)
    return value.normalize()


def plain(value):
    """A figure as bare digits, as CSV holds it: "72.6", "20", "0.0001"."""
    number = figure(value)
    if isinstance(number, Decimal):
        return format(number, "f")
    return "" if number is None else str(number)


def chart_number(value):
    """A figure for chart data (JSON): 72.6, 20; None for a missing figure."""
    number = figure(value)
    if isinstance(number, Decimal):
        return float(number)
    return number


def is_english(language=None):
    return (language or get_language() or "").startswith("en")


def format_number(value, language=None):
    """The one way a figure is shown: 72.6000 -> "72.6", and in English 17505 -> "17,505".

    The zone's Chinese reports write figures ungrouped; English readers expect the commas.
    ``language`` defaults to the active one.
    """
    if value is None or value == "":
        return ""
    number = figure(value)
    if not isinstance(number, int | Decimal) or isinstance(number, bool):
        return str(value)
    if is_english(language):
        return format(number, ",f") if isinstance(number, Decimal) else format(number, ",")
    return plain(number)


# What an English reader gets for a Chinese unit. 万 and 亿 scale the figure; counting words
# (个, 件, 家 …) have no English counterpart and are left out: "330余件" is "more than 330".
MAGNITUDES = (("万亿", 10**12), ("亿", 10**8), ("万", 10**4))
ENGLISH_UNITS = {
    "元": "yuan",
    "美元": "US dollars",
    "人": "people",
    "人次": "visits",
    "平方米": "m²",
    "平方公里": "km²",
    "公里": "km",
    "吨": "tonnes",
    "亩": "mu",
    "个工作日": "working days",
    "工作日": "working days",
    "天": "days",
    "倍": "times",
}
COUNTING_WORDS = {
    "个",
    "件",
    "项",
    "家",
    "户",
    "名",
    "次",
    "所",
    "座",
    "台",
    "套",
    "条",
    "位",
    "批",
}
ENGLISH_QUALIFIERS = {
    "余": "more than {}",
    "多": "more than {}",
    "约": "about {}",
    "近": "nearly {}",
    "以上": "over {}",
}


def format_quantity(value, qualifier, unit, language=None):
    """A figure with its qualifier and unit, as the report writes it: 330余件, 20多个工作日,
    约5亿元, 72.6亿元, 100家以上; in English "more than 330", "about 500 million yuan",
    "7.26 billion yuan", "200,000 people"."""
    if value is None:
        return ""
    if is_english(language):
        return _english_quantity(value, qualifier, unit)
    number = format_number(value, language)
    if qualifier in ("约", "近"):
        return f"{qualifier}{number}{unit}"
    if qualifier == "以上":
        return f"{number}{unit}{qualifier}"
    return f"{number}{qualifier}{unit}"


def _english_quantity(value, qualifier, unit):
    number, unit = figure(value), (unit or "").strip()
    scaled = False
    for prefix, factor in MAGNITUDES:
        if unit.startswith(prefix) and isinstance(number, int | Decimal):
            number, unit, scaled = figure(Decimal(number) * factor), unit[len(prefix) :], True
            break
    text = format_number(number, "en")
    if scaled:
        for word, size in (("billion", 10**9), ("million", 10**6)):
            if abs(number) >= size:
                text = f"{format_number(Decimal(number) / size, 'en')} {word}"
                break
    if unit == "%":
        text += "%"
    elif unit and unit not in COUNTING_WORDS:
        text += " " + ENGLISH_UNITS.get(unit, unit)
    return ENGLISH_QUALIFIERS.get(qualifier, "{}").format(text)
