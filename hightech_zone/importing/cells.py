"""Cells as written to spreadsheets: text a spreadsheet would run as a formula is escaped."""

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from ..numbers import figure

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(text):
    """Text a spreadsheet would run as a formula gets an apostrophe, as OWASP advises.

    Text that already is apostrophes and a formula gets one more, so that unescape_formula
    gives back exactly the text that was written, whatever it was.
    """
    if isinstance(text, str) and text.lstrip("'").startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def unescape_formula(text):
    if isinstance(text, str) and text[:1] == "'" and text.lstrip("'").startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


def export_cell(value):
    """A value as every spreadsheet we write (XLSX or CSV) holds it; all exports pass here.

    Formula-like text is made inert (escape_formula; reading a spreadsheet takes the apostrophe
    off again), and the control characters XLSX cannot hold, which would otherwise stop the
    whole export, become U+FFFD. A figure is the number it is (numbers.figure): 72.6, not the
    database's 72.6000.
    """
    if isinstance(value, str):
        return escape_formula(ILLEGAL_CHARACTERS_RE.sub("\ufffd", value))
    return figure(value)
