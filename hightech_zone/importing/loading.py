"""Finding each row's record by its business key, a chunk of rows per query."""

from django.db import models
from import_export.instance_loaders import ModelInstanceLoader
from import_export.results import Result


class ZoneResult(Result):
    """A result that also says, in Chinese, what is wrong and what would change."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.error_lines = []
        self.preview = []

    def append_row_result(self, row_result):
        # Rows are counted in `totals` and the first ones summarised in `preview`; keeping a
        # result object for each of 100,000 rows would cost some 60 MB and nothing reads it.
        # A row that raised is kept: its error must refuse the file, not vanish with the row.
        if row_result.errors:
            self.rows.append(row_result)


class BusinessKeyInstanceLoader(ModelInstanceLoader):
    """Finds each row's record by its business key with a query per chunk of rows, not per row.

    The stock loaders ask once per row (ModelInstanceLoader) or handle a single key column
    only (CachedInstanceLoader); our keys have up to two columns (an indicator and a year).
    The keys of the existing records are read once; the records themselves are read a chunk
    at a time, in the file's order, so memory stays flat however long the file is.
    """

    chunk_size = 2000

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.key_fields = [resource.fields[n] for n in resource.get_import_id_fields()]
        model = resource._meta.model
        attnames = [model._meta.get_field(f.attribute).attname for f in self.key_fields]
        existing = {}
        for *key, pk in model._default_manager.values_list(*attnames, "pk").iterator():
            existing[tuple(key)] = pk
        self.pk_of = {}
        self.order = []
        for values in dataset.dict if dataset is not None and existing else []:
            key = self.key(values)
            pk = existing.get(key)
            if pk is not None and key not in self.pk_of:
                self.pk_of[key] = pk
                self.order.append(pk)
        self.position = {pk: i for i, pk in enumerate(self.order)}
        self.loaded = {}
        self.related = [
            f.attribute for f in self.key_fields if model._meta.get_field(f.attribute).is_relation
        ]

    def key(self, row):
        try:
            values = [field.clean(row) for field in self.key_fields]
        except (ValueError, KeyError):
            return None
        return tuple(v.pk if isinstance(v, models.Model) else v for v in values)

    def get_instance(self, row):
        if not self.pk_of:
            return None
        pk = self.pk_of.get(self.key(row))
        if pk is None:
            return None
        if pk not in self.loaded:
            start = self.position[pk]
            chunk = self.order[start : start + self.chunk_size]
            queryset = self.get_queryset().select_related(*self.related)
            self.loaded = queryset.in_bulk(chunk)
        return self.loaded.get(pk)
