"""The data dictionary in docs/ keeps up with the models."""

from pathlib import Path

from django.apps import apps
from django.conf import settings


def test_data_dictionary_names_every_model_field_and_constraint():
    text = (Path(settings.BASE_DIR) / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    for model in apps.get_app_config("hightech_zone").get_models():
        assert f"(`{model.__name__}`)" in text
        for field in model._meta.get_fields():
            if field.concrete and field.name != "id":
                assert f"`{field.name}`" in text, f"{model.__name__}.{field.name}"
        for constraint in model._meta.constraints:
            assert f"`{constraint.name}`" in text
