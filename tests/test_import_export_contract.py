"""Contract with django-import-export: what we override or call still exists, takes the same
parameters and is still called where our code relies on it."""

# Written against django-import-export 4.4.3 (requirements.txt). A failure here after an
# upgrade means an override of ours has stopped taking effect or is called differently: read
# the library's changelog for that method and adapt our code before touching these tests.

import importlib
import inspect

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError
from django.urls import resolve, reverse
from import_export import fields, forms, instance_loaders, resources, results, tmp_storages, widgets
from import_export.admin import ImportExportMixin
from import_export.command_utils import get_format_class, get_resource_class
from import_export.formats import base_formats

from hightech_zone.admin import spreadsheets as zone_admin
from hightech_zone.importing import formats as zone_formats
from hightech_zone.importing import loading, pending, reading, zone_resource
from hightech_zone.importing import resources as zone_resources
from hightech_zone.importing import widgets as zone_widgets
from hightech_zone.models import Indicator, IndicatorValue, PendingUpload
from tests import factories

zone_import = importlib.import_module("hightech_zone.management.commands.import")
LibraryCommand = importlib.import_module("import_export.management.commands.import").Command

# Each of our subclasses of a library class, with the library class whose methods it overrides,
# and the methods it adds of its own (every other method it defines must override one).
OURS = [
    (zone_resources.ZoneResource, resources.ModelResource,
     {"sheet_row", "_import_once", "new_values", "_model_fields", "_write", "describe_errors",
      "fold_columns"}),
    (zone_widgets.ZoneTextWidget, widgets.Widget, set()),
    (zone_widgets.ZoneDecimalWidget, widgets.Widget, set()),
    (zone_widgets.ZoneIntegerWidget, widgets.Widget, set()),
    (zone_widgets.ZoneDateWidget, widgets.Widget, set()),
    (zone_widgets.ZoneBooleanWidget, widgets.Widget, set()),
    (zone_widgets.ChoiceWidget, widgets.Widget, set()),
    (zone_widgets.NaturalKeyWidget, widgets.ForeignKeyWidget, {"preload"}),
    (zone_widgets.CompositeKeyWidget, widgets.ForeignKeyWidget, {"preload", "text"}),
    (zone_widgets.NaturalKeysWidget, widgets.ManyToManyWidget, {"preload"}),
    (loading.ZoneResult, results.Result, set()),
    (loading.BusinessKeyInstanceLoader, instance_loaders.ModelInstanceLoader, {"key"}),
    (zone_admin.SpreadsheetAdmin, ImportExportMixin,
     {"template_view", "_limit_mb", "_columns", "_log_import", "_queue_import"}),
    # clean_import_file is Django's per-field form hook, not the library's.
    (zone_admin.SpreadsheetImportForm, forms.ImportForm, {"clean_import_file"}),
    (zone_admin.SpreadsheetExportForm, forms.SelectableFieldsExportForm, set()),
    # The library instantiates an import format with encoding= (process_import) or with
    # nothing (import_action); the admin import test below goes through both.
    (zone_formats.Spreadsheet, base_formats.Format, {"__init__"}),
    (zone_formats.YearColumns, base_formats.Format, set()),
    (zone_formats.XLSX, base_formats.XLSX, set()),
    (zone_formats.CSV, base_formats.CSV, set()),
    (zone_formats.JSON, base_formats.JSON, set()),
    (pending.DatabaseStorage, tmp_storages.BaseStorage, set()),
    (zone_import.Command, LibraryCommand, {"fail", "confirm", "resource", "read"}),
]  # fmt: skip

# What the library defines and our code calls or overrides, with the parameters as of 4.4.3.
LIBRARY = [
    (resources.ModelResource, "__init__", "(**kwargs)"),
    (resources.ModelResource, "get_result_class", "()"),
    (resources.ModelResource, "get_import_fields", "()"),
    (resources.ModelResource, "get_import_id_fields", "()"),
    (resources.ModelResource, "get_export_fields", "(selected_fields=None)"),
    (resources.ModelResource, "get_queryset", "()"),
    (resources.ModelResource, "get_bulk_update_fields", "()"),
    (resources.ModelResource, "import_data", "(dataset, dry_run=False, raise_errors=False, "
     "use_transactions=None, collect_failed_rows=False, rollback_on_validation_errors=False, "
     "**kwargs)"),
    (resources.ModelResource, "before_import", "(dataset, **kwargs)"),
    (resources.ModelResource, "import_row", "(row, instance_loader, **kwargs)"),
    (resources.ModelResource, "after_init_instance", "(instance, new, row, **kwargs)"),
    (resources.ModelResource, "import_instance", "(instance, row, **kwargs)"),
    (resources.ModelResource, "skip_row",
     "(instance, original, row, import_validation_errors=None)"),
    (resources.ModelResource, "validate_instance",
     "(instance, import_validation_errors=None, validate_unique=True)"),
    (resources.ModelResource, "save_instance", "(instance, is_create, row, **kwargs)"),
    (resources.ModelResource, "before_save_instance", "(instance, row, **kwargs)"),
    (resources.ModelResource, "after_import_row", "(row, row_result, **kwargs)"),
    (resources.ModelResource, "bulk_create",
     "(using_transactions, dry_run, raise_errors, batch_size=None, result=None)"),
    (resources.ModelResource, "bulk_update",
     "(using_transactions, dry_run, raise_errors, batch_size=None, result=None)"),
    (resources.ModelResource, "export", "(queryset=None, **kwargs)"),
    (resources.ModelResource, "export_resource", "(instance, selected_fields=None, **kwargs)"),
    (fields.Field, "clean", "(row, **kwargs)"),
    (widgets.Widget, "clean", "(value, row=None, **kwargs)"),
    (widgets.Widget, "render", "(value, obj=None, **kwargs)"),
    (widgets.ForeignKeyWidget, "__init__",
     "(model, field='pk', use_natural_foreign_keys=False, key_is_id=False, **kwargs)"),
    (widgets.ForeignKeyWidget, "render", "(value, obj=None, **kwargs)"),
    (widgets.ManyToManyWidget, "__init__", "(model, separator=None, field=None, **kwargs)"),
    (results.Result, "append_row_result", "(row_result)"),
    (results.Result, "append_base_error", "(error)"),
    (results.Result, "has_errors", "()"),
    (results.Error, "__init__", "(error, row=None, number=None)"),
    (instance_loaders.ModelInstanceLoader, "__init__", "(resource, dataset=None)"),
    (instance_loaders.ModelInstanceLoader, "get_instance", "(row)"),
    (instance_loaders.ModelInstanceLoader, "get_queryset", "()"),
    (ImportExportMixin, "get_urls", "()"),
    (ImportExportMixin, "has_import_permission", "(request)"),
    (ImportExportMixin, "has_export_permission", "(request)"),
    (ImportExportMixin, "changelist_view", "(request, extra_context=None)"),
    (ImportExportMixin, "get_export_filename", "(request, queryset, file_format)"),
    (ImportExportMixin, "_do_file_export", "(file_format, request, queryset, export_form=None)"),
    (ImportExportMixin, "add_data_read_fail_error_to_form", "(form, e)"),
    (ImportExportMixin, "get_import_context_data", "(**kwargs)"),
    (ImportExportMixin, "import_action", "(request, **kwargs)"),
    (ImportExportMixin, "process_import", "(request, **kwargs)"),
    (ImportExportMixin, "process_dataset", "(dataset, form, request, **kwargs)"),
    (ImportExportMixin, "process_result", "(result, request)"),
    (ImportExportMixin, "export_action", "(request)"),
    (ImportExportMixin, "get_import_formats", "()"),
    (ImportExportMixin, "get_import_resource_classes", "(request)"),
    (ImportExportMixin, "choose_import_resource_class", "(form, request)"),
    (ImportExportMixin, "get_import_resource_kwargs", "(request, **kwargs)"),
    (ImportExportMixin, "get_model_info", "()"),
    (forms.ImportForm, "__init__", "(formats, resources, **kwargs)"),
    (forms.SelectableFieldsExportForm, "__init__", "(formats, resources, **kwargs)"),
    (forms.SelectableFieldsExportForm, "_get_field_label", "(resource, field_name)"),
    (base_formats.Format, "get_title", "()"),
    (base_formats.Format, "create_dataset", "(in_stream)"),
    (base_formats.Format, "get_extension", "()"),
    (base_formats.Format, "can_import", "()"),
    (base_formats.XLSX, "export_data", "(dataset, **kwargs)"),
    (base_formats.CSV, "export_data", "(dataset, **kwargs)"),
    (tmp_storages.BaseStorage, "__init__", "(**kwargs)"),
    (tmp_storages.BaseStorage, "save", "(data)"),
    (tmp_storages.BaseStorage, "read", "()"),
    (tmp_storages.BaseStorage, "remove", "()"),
    (LibraryCommand, "add_arguments", "(parser)"),
    (LibraryCommand, "handle", "(*args, **options)"),
]  # fmt: skip


def shape(function):
    """A signature without self and annotations: "(row, instance_loader, **kwargs)"."""
    parts = []
    for parameter in inspect.signature(function).parameters.values():
        if parameter.name == "self":
            continue
        if parameter.kind is parameter.VAR_POSITIONAL:
            parts.append(f"*{parameter.name}")
        elif parameter.kind is parameter.VAR_KEYWORD:
            parts.append(f"**{parameter.name}")
        elif parameter.default is parameter.empty:
            parts.append(parameter.name)
        else:
            parts.append(f"{parameter.name}={parameter.default!r}")
    return f"({', '.join(parts)})"


# Widgets are built by our resources, never by the library: their constructors are ours to shape.
BUILT_BY_US = {
    zone_widgets.ChoiceWidget,
    zone_widgets.NaturalKeyWidget,
    zone_widgets.CompositeKeyWidget,
    zone_widgets.NaturalKeysWidget,
}


def overrides(called_by_library=False):
    for ours, library, own in OURS:
        for name, value in vars(ours).items():
            if called_by_library and name == "__init__" and ours in BUILT_BY_US:
                continue
            if isinstance(value, classmethod | staticmethod):
                value = value.__func__
            if inspect.isfunction(value) and name not in own:
                yield pytest.param(ours, library, name, id=f"{ours.__name__}.{name}")


@pytest.mark.parametrize(
    ("owner", "name", "expected"),
    [pytest.param(o, n, e, id=f"{o.__name__}.{n}") for o, n, e in LIBRARY],
)
def test_the_library_still_defines_each_method_we_use_with_the_same_parameters(
    owner, name, expected
):
    assert shape(getattr(owner, name)) == expected


@pytest.mark.parametrize(("ours", "library", "name"), list(overrides()))
def test_each_method_of_our_subclasses_overrides_one_the_library_still_has(ours, library, name):
    assert callable(getattr(library, name, None)), f"{library.__qualname__} has no {name}"


@pytest.mark.parametrize(("ours", "library", "name"), list(overrides(called_by_library=True)))
def test_each_override_takes_the_parameters_the_library_passes(ours, library, name):
    """The library's required parameters come first in ours, in order; an optional one is
    at the same place in ours or, when ours does not name it, taken by its **kwargs (the
    library passes those by keyword). Ours may add optional parameters at the end."""
    theirs = [
        p for p in inspect.signature(getattr(library, name)).parameters.values() if p.name != "self"
    ]
    mine = [
        p for p in inspect.signature(getattr(ours, name)).parameters.values() if p.name != "self"
    ]
    names = {p.name for p in mine}
    kinds = {p.kind for p in mine}
    for position, parameter in enumerate(theirs):
        if parameter.kind is parameter.VAR_KEYWORD:
            assert inspect.Parameter.VAR_KEYWORD in kinds, f"{name} must take **{parameter.name}"
        elif parameter.kind is parameter.VAR_POSITIONAL:
            assert inspect.Parameter.VAR_POSITIONAL in kinds, f"{name} must take *{parameter.name}"
        elif position < len(mine) and mine[position].name == parameter.name:
            if parameter.default is not parameter.empty:
                assert mine[position].default is not parameter.empty, f"{parameter.name} optional"
        else:
            assert parameter.default is not parameter.empty, (
                f"{name}: parameter {position} must be {parameter.name}"
            )
            assert parameter.name not in names and inspect.Parameter.VAR_KEYWORD in kinds, (
                f"{name} must take {parameter.name} at {position} or by **kwargs"
            )


def test_the_result_totals_are_still_keyed_by_the_import_types_we_read():
    # The admin reads totals["new"] and the command totals[RowResult.IMPORT_TYPE_NEW].
    row_result = results.RowResult
    types = (row_result.IMPORT_TYPE_NEW, row_result.IMPORT_TYPE_UPDATE, row_result.IMPORT_TYPE_SKIP)
    assert types == ("new", "update", "skip")
    assert set(types) <= set(results.Result().totals)


# --- The library still calls our overrides where we rely on it --------------------------------


def recording(base, names):
    """A subclass of ``base`` that notes each call of ``names`` in ``calls``, then runs it."""
    calls = []

    def hook(name):
        def method(self, *args, **kwargs):
            calls.append(name)
            return getattr(super(subclass, self), name)(*args, **kwargs)

        return method

    subclass = type(f"Recording{base.__name__}", (base,), {n: hook(n) for n in names})
    subclass.calls = calls
    return subclass


def spy(monkeypatch, owner, name, calls, label=None):
    """Note each call of owner.name in ``calls`` (under ``label``), then run the original."""
    original = getattr(owner, name)

    def method(*args, **kwargs):
        calls.append(label or name)
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, method)


IMPORT_HOOKS = [
    "before_import",
    "import_row",
    "before_import_row",
    "after_init_instance",
    "import_instance",
    "skip_row",
    "validate_instance",
    "save_instance",
    "before_save_instance",
    "after_import_row",
    "bulk_create",
    "bulk_update",
    "after_import",
]
ROW = [
    "import_row",
    "before_import_row",
    "after_init_instance",
    "import_instance",
    "skip_row",
    "validate_instance",
    "save_instance",
    "before_save_instance",
    "after_import_row",
]


def two_rows(indicator):
    """One new value (2091) and a change to an existing one (2092), in our Chinese columns."""
    columns = [
        zone_resource.column_name(zone_resources.IndicatorValueResource, n)
        for n in ("indicator", "year", "value")
    ]
    return tablib.Dataset([indicator.code, 2091, 7], [indicator.code, 2092, 8], headers=columns)


@pytest.mark.django_db
def test_an_import_calls_our_hooks_once_per_row_in_the_order_we_rely_on():
    indicator = factories.indicator(code="t_contract")
    factories.value(indicator=indicator, year=2092, value=5)
    resource = recording(zone_resources.IndicatorValueResource, IMPORT_HOOKS)()
    result = resource.import_data(two_rows(indicator))
    assert not result.error_lines
    assert resource.calls == [
        "before_import",
        *ROW,
        *ROW,
        "bulk_create",
        "bulk_update",
        "after_import",
    ]
    assert sorted(indicator.values.values_list("year", "value")) == [(2091, 7), (2092, 8)]


@pytest.mark.django_db
def test_an_import_collects_rows_in_our_result_and_finds_records_with_our_loader(monkeypatch):
    indicator = factories.indicator(code="t_contract")
    factories.value(indicator=indicator, year=2092, value=5)
    calls = []
    spy(monkeypatch, loading.BusinessKeyInstanceLoader, "get_instance", calls)
    spy(monkeypatch, loading.ZoneResult, "append_row_result", calls)
    result = zone_resources.IndicatorValueResource().import_data(two_rows(indicator))
    assert type(result) is loading.ZoneResult
    assert calls == ["get_instance", "append_row_result"] * 2
    assert (result.totals["new"], result.totals["update"]) == (1, 1)
    assert [change[1] for change in result.preview] == ["new", "update"]


@pytest.mark.django_db
def test_a_row_that_cannot_be_read_reaches_validate_instance_with_its_errors():
    indicator = factories.indicator(code="t_contract")
    dataset = two_rows(indicator)
    dataset[0] = (indicator.code, 2091, "不是数字")
    resource = zone_resources.IndicatorValueResource()
    result = resource.import_data(dataset)
    # import_instance raised; the library handed its errors to validate_instance, which names
    # the row and column (the library alone would name neither in Chinese).
    assert any(line.startswith("第2行,“数值”") for line in result.error_lines)
    assert not IndicatorValue.objects.filter(indicator=indicator).exists()


@pytest.mark.django_db
def test_an_export_renders_each_record_through_export_resource_between_its_hooks():
    factories.indicator(code="t_contract_a")
    factories.indicator(code="t_contract_b")
    resource = recording(
        zone_resources.IndicatorResource, ["before_export", "export_resource", "after_export"]
    )()
    dataset = resource.export(Indicator.objects.filter(code__startswith="t_contract"))
    assert resource.calls == ["before_export", "export_resource", "export_resource", "after_export"]
    assert sorted(row[0] for row in dataset) == ["t_contract_a", "t_contract_b"]
    code_column = zone_resource.column_name(zone_resources.IndicatorResource, "code")
    assert dataset.headers[0] == code_column


def test_a_field_reads_its_cell_through_our_widget():
    widget = zone_widgets.ChoiceWidget([("a", "甲"), ("b", "乙")])
    field = fields.Field(attribute="kind", column_name="类型", widget=widget)
    assert field.clean({"类型": "乙"}) == "b"


@pytest.mark.django_db
def test_a_relation_is_rendered_by_the_library_through_the_widgets_field():
    indicator = factories.indicator(code="t_contract")
    widget = zone_widgets.NaturalKeyWidget(Indicator, field="code")
    assert widget.render(indicator) == "t_contract"
    assert widget.render(None) == ""


# --- The admin's import and export ----------------------------------------------------------

VALUES = "/admin/hightech_zone/indicatorvalue/"


@pytest.fixture
def staff(client):
    client.force_login(factories.superuser())
    return client


def upload(text, name="数值.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def values_csv(indicator, value):
    return f"指标,年度,数值\r\n{indicator.code},2091,{value}\r\n"


@pytest.mark.parametrize(
    ("url_name", "view"),
    [
        ("import", "import_action"),
        ("process_import", "process_import"),
        ("export", "export_action"),
    ],
)
def test_the_library_routes_its_admin_urls_to_our_overrides(url_name, view):
    # The URLs are built once per process, so spies cannot see these views being called;
    # what matters is that the library's URL still leads to our method.
    found = resolve(reverse(f"admin:hightech_zone_indicatorvalue_{url_name}"))
    assert inspect.unwrap(found.func).__func__ is getattr(zone_admin.SpreadsheetAdmin, view)


@pytest.mark.django_db
def test_the_admin_import_preview_and_confirmation_pass_through_our_overrides(staff, monkeypatch):
    indicator = factories.indicator(code="t_contract")
    calls = []
    admin_class = zone_admin.SpreadsheetAdmin
    for name in ("get_import_context_data", "process_dataset", "process_result"):
        spy(monkeypatch, admin_class, name, calls)
    for name in ("save", "read", "remove"):
        spy(monkeypatch, pending.DatabaseStorage, name, calls, f"storage.{name}")
    spy(monkeypatch, zone_formats.Spreadsheet, "create_dataset", calls)
    spy(monkeypatch, zone_resources.ZoneResource, "import_data", calls)

    preview = staff.post(
        f"{VALUES}import/", {"import_file": upload(values_csv(indicator, 7)), "format": "0"}
    )
    assert preview.status_code == 200 and "confirm_form" in preview.context
    assert calls == [
        "get_import_context_data",
        "storage.save",
        "storage.read",
        "create_dataset",
        "import_data",
    ]
    assert not IndicatorValue.objects.filter(indicator=indicator).exists()  # a dry run
    assert "template_url" in preview.context  # set by our import_action

    calls.clear()
    form = preview.context["confirm_form"]
    data = {name: form.initial.get(name, "") for name in form.fields}
    done = staff.post(f"{VALUES}process_import/", data)
    assert done.status_code == 302
    assert calls == [
        "storage.read",
        "create_dataset",
        "process_dataset",
        "import_data",
        "storage.read",  # process_dataset keeps the file in the import log
        "storage.remove",
        "process_result",
    ]
    assert IndicatorValue.objects.get(indicator=indicator, year=2091).value == 7
    assert not PendingUpload.objects.exists()


@pytest.mark.django_db
def test_a_refused_preview_leaves_no_upload_behind(staff):
    # Our import_action finds the stored upload by the name the library sets on the file
    # (tmp_storage_name); if that went away, refused uploads would pile up in the database.
    indicator = factories.indicator(code="t_contract")
    refused = upload(values_csv(indicator, "不是数字"))
    response = staff.post(f"{VALUES}import/", {"import_file": refused, "format": "0"})
    assert response.status_code == 200 and "confirm_form" not in response.context
    assert "第2行" in response.content.decode()
    assert not PendingUpload.objects.exists()


@pytest.mark.django_db
def test_a_file_that_cannot_be_read_is_refused_through_add_data_read_fail_error_to_form(
    staff, monkeypatch
):
    def unreadable(self, in_stream):
        raise reading.SpreadsheetError("测试:读不出这个文件")

    monkeypatch.setattr(zone_formats.Spreadsheet, "create_dataset", unreadable)
    calls = []
    spy(monkeypatch, zone_admin.SpreadsheetAdmin, "add_data_read_fail_error_to_form", calls)
    response = staff.post(f"{VALUES}import/", {"import_file": upload("a,b\r\n"), "format": "0"})
    assert calls == ["add_data_read_fail_error_to_form"]
    assert response.context["form"].errors["import_file"] == ["测试:读不出这个文件"]


@pytest.mark.django_db
def test_the_admin_export_passes_through_do_file_export_and_our_filename_and_format(
    staff, monkeypatch
):
    factories.value(indicator=factories.indicator(code="t_contract"), year=2091, value=7)
    calls = []
    admin_class = zone_admin.SpreadsheetAdmin
    for name in ("_do_file_export", "get_export_filename"):
        spy(monkeypatch, admin_class, name, calls)
    spy(monkeypatch, zone_admin.SpreadsheetExportForm, "_get_field_label", calls)
    spy(monkeypatch, zone_resources.ZoneResource, "export", calls, "resource.export")
    spy(monkeypatch, zone_formats.XLSX, "export_data", calls, "XLSX.export_data")

    page = staff.get(f"{VALUES}export/")
    assert "_get_field_label" in calls
    assert "数值" in page.content.decode()  # the label _get_field_label gave the column

    calls.clear()
    form = page.context["form"]
    ticked = {n: "on" for n, f in form.fields.items() if f.widget.input_type == "checkbox"}
    xlsx = str(zone_formats.EXPORT_FORMATS.index(zone_formats.XLSX))
    response = staff.post(f"{VALUES}export/", {**ticked, "format": xlsx, "resource": "0"})
    assert response.status_code == 200
    assert [c for c in calls if c != "_get_field_label"] == [
        "_do_file_export",
        "resource.export",
        "XLSX.export_data",
        "get_export_filename",  # the library's header, which ours then replaces
        "get_export_filename",
    ]
    # The header _do_file_export sets: RFC 6266, so the Chinese file name survives.
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''")


# --- The import command ---------------------------------------------------------------------


def test_the_import_command_still_gets_the_library_options_we_read():
    parser = zone_import.Command().create_parser("manage.py", "import")
    options = vars(parser.parse_args(["hightech_zone.resources.IndicatorResource", "数值.csv"]))
    assert options["resource"] == "hightech_zone.resources.IndicatorResource"
    assert options["import_file_name"] == "数值.csv"
    assert options["format"] == zone_import.DEFAULT_FORMAT
    assert {"encoding", "dry_run", "raise_errors", "interactive"} <= set(options)


def test_the_library_resolves_our_resource_and_format_by_dotted_path():
    assert (
        get_resource_class("hightech_zone.resources.IndicatorResource")
        is zone_resources.IndicatorResource
    )
    with pytest.raises(CommandError):
        get_resource_class("hightech_zone.resources.NoSuchResource")
    found = get_format_class(zone_import.DEFAULT_FORMAT, "数值.csv")
    assert isinstance(found, zone_formats.Spreadsheet)
