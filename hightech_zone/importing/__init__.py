"""Spreadsheet import and export: reading files, formats, widgets, resources, the import flow."""
