"""The open datasets: one per published record type, described from its models and counted."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, DateTimeField, IntegerField, Max, Value
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from .models import (
    Designation,
    DisclosureReport,
    DisclosureRequestRow,
    Indicator,
    IndicatorValue,
    InnovationPlatform,
    PolicyDocument,
    Project,
    ProjectProgress,
    Publishable,
    ReportSection,
    WorkReport,
    ZoneProfile,
)


@dataclass(frozen=True)
class Frequency:
    """How often a dataset changes: a term of the EU's frequency vocabulary (DCAT-AP)."""

    uri: str
    label: str


FREQUENCIES = "http://publications.europa.eu/resource/authority/frequency/"
ANNUAL = Frequency(FREQUENCIES + "ANNUAL", _("每年"))
IRREGULAR = Frequency(FREQUENCIES + "IRREG", _("不定期"))


@dataclass(frozen=True)
class Field:
    """A column of a dataset as the data dictionary describes it: the model field's name, its
    Chinese name (the spreadsheets' column header) and what it means: the help text, or the
    model's ``public_help`` where the help text speaks to the editor ("可留空", "照录")."""

    name: str
    chinese_name: str
    meaning: str


def documented_fields(model):
    """The fields the data dictionary describes: all but the id and reverse relations."""
    return [
        field
        for field in model._meta.get_fields()
        if not (field.auto_created and not field.concrete) and field.name != "id"
    ]


# The publication bookkeeping every public record carries (state, who published or withdrew
# it and when, the version): kept for staff, never published. The change time is published.
BOOKKEEPING = {field.name for field in Publishable._meta.local_fields} - {"updated_at"}


def published_fields(model):
    """The model's fields as open data: what the data dictionary lists, without the
    bookkeeping, the fields nobody edits (the zone's one-row flag) and those the model keeps
    for staff (``staff_only_fields``); derived ones stay, and the change time comes last."""
    derived = getattr(model, "derived_fields", ())
    staff_only = getattr(model, "staff_only_fields", ())
    public_help = getattr(model, "public_help", {})
    fields = []
    # The change time last, after the record's own fields (the base class declares it first).
    ordered = sorted(documented_fields(model), key=lambda field: field.name == "updated_at")
    with override("zh-hans"):
        for field in ordered:
            hidden = (
                field.name in BOOKKEEPING
                or field.name in staff_only
                or not (field.editable or field.name in derived or field.name == "updated_at")
            )
            if not hidden:
                meaning = public_help.get(field.name, field.help_text)
                fields.append(Field(field.name, str(field.verbose_name), meaning))
    return fields


@dataclass(frozen=True)
class Dataset:
    """One record type published as open data: its models (the first is what it counts; the
    others are parts of its records), what it is called and how often it changes, and the
    API list that serves it (a URL name: the domain imports nothing of the API)."""

    key: str
    models: tuple
    title: str
    description: str
    frequency: Frequency
    keywords: tuple
    api_url_name: str
    # Whether the API list also gives the whole table as CSV and XLSX (the zone is one record).
    files: bool = True

    @property
    def model(self):
        return self.models[0]

    def fields(self):
        """(the model's name, its fields) for each of the dataset's models."""
        return [(model._meta.verbose_name, published_fields(model)) for model in self.models]


DATASETS = (
    Dataset(
        key="zone",
        models=(ZoneProfile, Designation),
        title=_("园区概况与称号荣誉"),
        description=_(
            "园区的基本情况(级别、设立时间、面积、人口、管理机构等)及其获得的称号与荣誉。"
        ),
        frequency=IRREGULAR,
        keywords=(_("园区概况"), _("称号与荣誉")),
        api_url_name="api:zone",
        files=False,
    ),
    Dataset(
        key="indicators",
        models=(Indicator,),
        title=_("指标目录"),
        description=_("园区统计和发布的指标:代码、名称、单位、分类、所属评价指标组及指标解释。"),
        frequency=IRREGULAR,
        keywords=(_("指标"), _("统计口径")),
        api_url_name="api:indicator-list",
    ),
    Dataset(
        key="observations",
        models=(IndicatorValue,),
        title=_("指标数值"),
        description=_(
            "每个指标每年一行:数值、同比增长、排名、预期目标、数据来源和备注(长表,宜于统计分析)。"
        ),
        frequency=ANNUAL,
        keywords=(_("指标数值"), _("经济数据"), _("年度统计")),
        api_url_name="api:observation-list",
    ),
    Dataset(
        key="projects",
        models=(Project, ProjectProgress),
        title=_("投资项目"),
        description=_("园区的投资项目:产业、投资方、总投资、建设阶段,及每个项目的年度进展。"),
        frequency=ANNUAL,
        keywords=(_("投资项目"), _("项目进展")),
        api_url_name="api:project-list",
    ),
    Dataset(
        key="policies",
        models=(PolicyDocument,),
        title=_("政策文件"),
        description=_(
            "园区发布的政策文件:索引号、发文字号、发文机关、文种、主题分类、有效性和日期。"
        ),
        frequency=IRREGULAR,
        keywords=(_("政策文件"), _("政务公开")),
        api_url_name="api:policy-list",
    ),
    Dataset(
        key="platforms",
        models=(InnovationPlatform,),
        title=_("创新平台"),
        description=_(
            "园区的孵化器、众创空间、研发机构等创新平台:类型、级别、依托单位和运营情况。"
        ),
        frequency=IRREGULAR,
        keywords=(_("创新平台"), _("孵化器")),
        api_url_name="api:platform-list",
    ),
    Dataset(
        key="reports",
        models=(WorkReport, ReportSection),
        title=_("年度工作报告"),
        description=_("园区每年的工作报告及其章节,报告中的数字取自已发布的指标数值。"),
        frequency=ANNUAL,
        keywords=(_("工作报告"), _("年度总结")),
        api_url_name="api:report-list",
    ),
)


# Published, but as a report of its own (its page and its XLSX, laid out as the official
# form), not yet as a table of the API.
NOT_DATASETS = (DisclosureReport, DisclosureRequestRow)


def dataset_models(datasets=DATASETS):
    """Every model the datasets read, once each: what their change times depend on."""
    return list(dict.fromkeys(model for dataset in datasets for model in dataset.models))


def published_rows(model):
    """The model's rows the public sees: its published ones, or all of a record that has no
    publication state of its own (the zone's profile)."""
    rows = model._default_manager.all()
    return rows.published() if hasattr(rows, "published") else rows


@dataclass(frozen=True)
class Stats:
    """A dataset's published records (of its counted model) and their newest change."""

    records: int
    modified: datetime | None


def dataset_stats(datasets=DATASETS):
    """{key: Stats} for every dataset, in one query: the count of each dataset's published
    records and the newest ``updated_at`` among its published records and parts that keep one
    (a draft changes neither). A dataset whose records keep no change time has none."""
    selects = []
    for dataset in datasets:
        for model in dataset.models:
            counted = model is dataset.model
            dated = any(f.name == "updated_at" for f in model._meta.concrete_fields)
            if not (counted or dated):
                continue
            selects.append(
                published_rows(model)
                .order_by()
                .annotate(dataset=Value(dataset.key))
                .values("dataset")
                .annotate(
                    records=Count("pk") if counted else Value(0, IntegerField()),
                    modified=Max("updated_at") if dated else Value(None, DateTimeField()),
                )
            )
    stats = {dataset.key: Stats(0, None) for dataset in datasets}
    if not selects:
        return stats
    for row in selects[0].union(*selects[1:], all=True):
        before = stats[row["dataset"]]
        newest = [t for t in (before.modified, row["modified"]) if t is not None]
        stats[row["dataset"]] = Stats(before.records + row["records"], max(newest, default=None))
    return stats
