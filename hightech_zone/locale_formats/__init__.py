"""One date style per language (settings.FORMAT_MODULE_PATH); Django's own fill in the rest.

Templates write dates with ``|date:"DATE_FORMAT"``; Python code with the functions here.
"""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _


def format_year_month(year, month=None):
    """2006年11月 or November 2006; a year alone is 2006年 or 2006; nothing gives ""."""
    if year and month:
        return date_format(datetime.date(year, month, 1), "YEAR_MONTH_FORMAT")
    return _("%(year)s年") % {"year": year} if year else ""
