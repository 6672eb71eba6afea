"""What every record shares: the publication state, versions, natural keys, ranges."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import EmptyResultSet, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import writes
from ..cache import bump_data_version

MIN_YEAR = 1949
MAX_YEAR = 2100

year_validators = [MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]
month_validators = [MinValueValidator(1), MaxValueValidator(12)]
non_negative = [MinValueValidator(Decimal("0"))]


def year_range_constraint(field, name):
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True})
        | Q(**{f"{field}__gte": MIN_YEAR, f"{field}__lte": MAX_YEAR}),
        name=name,
        violation_error_message=_("年份必须在%(min)s年至%(max)s年之间。")
        % {"min": MIN_YEAR, "max": MAX_YEAR},
    )


def non_negative_constraint(field, name, label):
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0}),
        name=name,
        violation_error_message=_("%(label)s不能为负数。") % {"label": label},
    )


# --- Shared choices and the publication state --------------------------------------------


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤回")


class ZoneDataQuerySet(models.QuerySet):
    """Bulk writes skip save() and its signals; they still make cached pages stale, and tell
    hightech_zone.writes' listeners (the search index) which rows they wrote."""

    def get_by_natural_key(self, *values):
        """The record whose natural key (see ``NaturalKeyed``) is ``values``."""
        lookups = natural_key_lookups(self.model)
        return self.get(**dict(zip(lookups, values, strict=True)))

    def distinct_values(self, field):
        """The distinct non-empty values of ``field`` among these rows, in order.

        Read by skipping from one value to the next through the field's index (a recursive
        query, one index probe per value) instead of reading every row: the 发文机关 choices
        of 50,000 policies cost 20 ms read whole and under 1 ms this way (docs/benchmarks.md).
        A queryset that joins another table is read whole, as ``values().distinct()`` reads it.
        """
        rows = self.exclude(**{field: ""}).order_by()
        query = rows.query
        if len(query.alias_map) > 1:
            return list(rows.order_by(field).values_list(field, flat=True).distinct())
        compiler = query.get_compiler(self.db)
        try:
            where, params = compiler.compile(query.where)
        except EmptyResultSet:  # .none(), or a filter no row can pass
            return []
        quote = compiler.connection.ops.quote_name
        table, column = (
            quote(self.model._meta.db_table),
            quote(self.model._meta.get_field(field).column),
        )
        first = f"SELECT {column} FROM {table} WHERE {where}"
        sql = (
            f"WITH RECURSIVE found(value) AS ("
            f" SELECT ({first} ORDER BY {column} LIMIT 1)"
            f" UNION ALL SELECT ({first} AND {column} > found.value ORDER BY {column} LIMIT 1)"
            f" FROM found WHERE found.value IS NOT NULL"
            f") SELECT value FROM found WHERE value IS NOT NULL"
        )
        with compiler.connection.cursor() as cursor:
            cursor.execute(sql, [*params, *params])
            return [value for (value,) in cursor.fetchall()]

    def update(self, **kwargs):
        pending = writes.before(self.model, self)
        rows = super().update(**kwargs)
        writes.after(pending)
        bump_data_version(self.model)
        return rows

    def delete(self):
        pending = writes.before(self.model, self)
        result = super().delete()
        writes.after(pending)
        bump_data_version(self.model)
        return result

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        writes.after(writes.before(self.model, list(created)))
        bump_data_version(self.model)
        return created

    def bulk_update(self, objs, *args, **kwargs):
        objs = list(objs)
        pending = writes.before(self.model, objs)
        rows = super().bulk_update(objs, *args, **kwargs)
        writes.after(pending)
        bump_data_version(self.model)
        return rows


class PublishableQuerySet(ZoneDataQuerySet):
    def published(self):
        """What lists, downloads, search and figures show."""
        return self.filter(status=PublicationStatus.PUBLISHED)

    def public(self):
        """What answers at its own address: published, or withdrawn with its notice."""
        return self.filter(status__in=[PublicationStatus.PUBLISHED, PublicationStatus.WITHDRAWN])

    def search(self, query):
        """Records whose text fields (the model's ``searched_fields``) contain the query.

        A plain substring match: it finds one- and two-character Chinese words, which
        word-splitting full-text search does not.
        """
        condition = Q()
        for field in self.model.searched_fields:
            condition |= Q(**{f"{field}__icontains": query})
        found = self.filter(condition)
        return found.distinct() if any("__" in f for f in self.model.searched_fields) else found

    def drafts(self):
        return self.filter(status=PublicationStatus.DRAFT)


def natural_key_lookups(model):
    """The lookups a model's ``natural_key_fields`` come to, a relation followed to its own
    key: IndicatorValue's ("indicator", "year") is ("indicator__code", "year")."""
    lookups = []
    for name in model.natural_key_fields:
        field = model._meta.get_field(name)
        if field.is_relation:
            lookups += [f"{name}__{key}" for key in natural_key_lookups(field.related_model)]
        else:
            lookups.append(name)
    return lookups


class NaturalKeyed(models.Model):
    """A record known by its business key, declared once in ``natural_key_fields``: fixtures,
    backups, imports and the admin's lookups all derive from it."""

    natural_key_fields = ()

    class Meta:
        abstract = True

    # dumpdata orders models by the relations of their keys without being told (Django reads
    # every foreign key to a model that has a natural key).
    def natural_key(self):
        values = []
        for lookup in natural_key_lookups(type(self)):
            value = self
            for name in lookup.split("__"):
                value = getattr(value, name)
            values.append(value)
        return tuple(values)


class Versioned(NaturalKeyed):
    """A version number that every save raises, so that a stale edit can be refused."""

    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            self.version = (self.version or 0) + 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)


class Publishable(Versioned):
    """What every record the public may see shares: a publication state and who set it."""

    status = models.CharField(
        _("发布状态"),
        max_length=20,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
        db_index=True,
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True, editable=False)
    withdrawn_reason = models.TextField(
        _("撤回理由"), blank=True, help_text=_("撤回时必须填写,公众页面会显示。")
    )
    # Not auto_now(_add): loaddata saves raw and would skip those, leaving NULLs.
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("更新时间"), default=timezone.now, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.updated_at = timezone.now()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "updated_at"}
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.status == PublicationStatus.WITHDRAWN and not self.withdrawn_reason.strip():
            raise ValidationError({"withdrawn_reason": _("撤回时必须填写撤回理由。")})

    @property
    def is_published(self):
        return self.status == PublicationStatus.PUBLISHED

    @property
    def is_withdrawn(self):
        return self.status == PublicationStatus.WITHDRAWN


def publish_permission(model_name, label):
    return [(f"publish_{model_name}", _("可以发布、撤回%(label)s") % {"label": label})]


# --- Zone profile and its designations ----------------------------------------------------


def zone_data_models():
    """The zone's record models, in dependency order, without their history tables."""
    from django.apps import apps
    from simple_history.models import HistoricalChanges

    return [
        model
        for model in apps.get_app_config("hightech_zone").get_models()
        if not issubclass(model, HistoricalChanges)
        and not model._meta.auto_created
        and not getattr(model, "operational", False)
    ]
