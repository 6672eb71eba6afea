"""The data dictionary in docs/ is the one the models generate."""

from pathlib import Path

from django.conf import settings

from hightech_zone.management.commands.data_dictionary import data_dictionary


def test_data_dictionary_in_docs_matches_the_models():
    path = Path(settings.BASE_DIR) / "docs" / "data-dictionary.md"
    assert path.read_text(encoding="utf-8") == data_dictionary(), (
        "run: manage.py data_dictionary > docs/data-dictionary.md"
    )


def test_data_dictionary_names_every_field_and_constraint():
    text = data_dictionary()
    assert "`counts_platform_kind`" in text
    assert "`indicatorvalue_one_per_year`: 该指标在这一年度已有数值" in text
