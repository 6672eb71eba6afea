"""Where the README sends integrators: the import and export formats, by their documented path.

They live in ``hightech_zone.importing.formats``; ``hightech_zone.formats.Spreadsheet``,
``YearColumns`` and ``XLSX`` keep working for scripts written against them.
"""

from .importing.formats import CSV, EXPORT_FORMATS, JSON, XLSX, Spreadsheet, YearColumns

__all__ = ["CSV", "EXPORT_FORMATS", "JSON", "XLSX", "Spreadsheet", "YearColumns"]
