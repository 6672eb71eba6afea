"""Spreadsheet resources (django-import-export), one per record type.

Column headers are the Chinese field names; the English field names are accepted too.
Relations are natural keys (an indicator's code, a platform's name), never database ids, and
choices may be written as their Chinese label or their code. Records are matched by their
business keys, so exporting, editing and importing again updates in place, and an unchanged row
is skipped. Every row is validated like the admin form (field validation, the model's clean()
and its database constraints); an import with any bad row writes nothing, and each error names
the row (as numbered in the spreadsheet), the column and the reason in Chinese. Imports never
publish: the status column is exported for information only, and a record that is already
public can be changed by import only by someone allowed to publish it.

Large files are written in bulk together with their history rows (importing.history);
see ``ZoneResource`` for how validation stays per row without a query per row.
"""

from django.core.exceptions import ValidationError
from import_export import fields

from ..models import (
    APPEAL_KINDS,
    APPEAL_RESULTS,
    APPLICANT_COLUMNS,
    Designation,
    DisclosureReport,
    DisclosureRequestRow,
    Indicator,
    IndicatorValue,
    InnovationPlatform,
    PolicyDocument,
    Project,
    ProjectProgress,
    ReportSection,
    WorkReport,
    ZoneProfile,
)
from . import indicator_rows, sdmx
from .loading import BusinessKeyInstanceLoader
from .reading import SpreadsheetError
from .widgets import CompositeKeyWidget, IndicatorKeyWidget, NaturalKeysWidget, NaturalKeyWidget
from .zone_resource import ZoneResource


class ZoneMeta:
    skip_unchanged = True
    report_skipped = True
    clean_model_instances = True
    skip_diff = True  # rows are compared by skip_row() above, without a deep copy per row
    use_bulk = True
    batch_size = 1000
    instance_loader_class = BusinessKeyInstanceLoader


class IndicatorResource(ZoneResource):
    column_hints = {
        "code": ["留空时按指标名称或其他名称对应已有指标,或标准指标目录中的指标"],
    }
    parent = fields.Field(attribute="parent", widget=NaturalKeyWidget(Indicator, field="code"))
    change_of = fields.Field(
        attribute="change_of", widget=NaturalKeyWidget(Indicator, field="code")
    )

    class Meta(ZoneMeta):
        model = Indicator
        # Saved row by row: an indicator may name as its parent one created earlier in the file.
        use_bulk = False
        fields = [
            "code",
            "name",
            "name_en",
            "unit",
            "category",
            "kind",
            "parent",
            "definition",
            "aliases",
            "catalogue_group",
            "counts_platform_kind",
            "counts_platform_level",
            "change_of",
            "display_order",
            "is_headline",
            "status",
        ]

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        # A row may give only the indicator's name: its code is found before rows are matched.
        self.by_name = indicator_rows.fill_codes(
            dataset,
            code=(self.fields["code"].column_name, "code"),
            name=(self.fields["name"].column_name, "name"),
        )
        return super().import_data(dataset, dry_run=dry_run, raise_errors=raise_errors, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if instance.pk is None:
            indicator_rows.complete_from_catalogue(
                instance, self.by_name.entries.get(self.row_number), row=row, resource=self
            )

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        problem = self.by_name.problems.get(self.row_number)
        if problem:
            raise ValidationError({"name": problem})
        super().validate_instance(instance, import_validation_errors, validate_unique)


class IndicatorValueResource(ZoneResource):
    # The 指标 column takes the indicator's code, name or other name.
    indicator = fields.Field(attribute="indicator", widget=IndicatorKeyWidget(Indicator))
    column_hints = {"indicator": ["也可填写指标名称或其他名称"]}

    class Meta(ZoneMeta):
        model = IndicatorValue
        fields = [
            "indicator",
            "year",
            "value",
            "qualifier",
            "baseline_value",
            "baseline_qualifier",
            "growth_pct",
            "growth_basis",
            "prior_multiple",
            "rank",
            "rank_scope",
            "rank_basis",
            "rank_change",
            "rank_compared_year",
            "target_value",
            "target_qualifier",
            "target_growth_pct",
            "note",
            "source",
            "acknowledged_discrepancy",
            "status",
        ]

    def fold_columns(self, dataset):
        # The API's observation files (SDMX-CSV) re-import: INDICATOR is 指标, and so on.
        try:
            sdmx.fold(dataset, self)
        except sdmx.Disagreement as error:
            raise SpreadsheetError(str(error)) from None


class InnovationPlatformResource(ZoneResource):
    class Meta(ZoneMeta):
        model = InnovationPlatform
        fields = [
            "name",
            "kind",
            "level",
            "host_organisation",
            "year_recognised",
            "total_investment",
            "floor_area",
            "signed_projects",
            "operating_state",
            "description",
            "status",
        ]


class ProjectResource(ZoneResource):
    platform = fields.Field(
        attribute="platform", widget=NaturalKeyWidget(InnovationPlatform, field="name")
    )

    class Meta(ZoneMeta):
        model = Project
        fields = [
            "name",
            "phase",
            "industry",
            "investor",
            "total_investment",
            "platform",
            "start_date",
            "completion_date",
            "summary",
            "is_key",
            "status",
        ]


class PolicyDocumentResource(ZoneResource):
    class Meta(ZoneMeta):
        model = PolicyDocument
        fields = [
            "title",
            "index_number",
            "doc_number",
            "issuing_body",
            "kind",
            "category",
            "validity",
            "year",
            "written_on",
            "published_on",
            "effective_on",
            "expires_on",
            "summary",
            "body",
            "status",
        ]


class DesignationResource(ZoneResource):
    class Meta(ZoneMeta):
        model = Designation
        fields = [
            "name",
            "granting_body",
            "year",
            "month",
            "description",
            "display_order",
            "status",
        ]


class ZoneProfileResource(ZoneResource):
    class Meta(ZoneMeta):
        model = ZoneProfile
        use_bulk = False
        fields = [
            "name",
            "short_name",
            "level",
            "management_body",
            "founded_year",
            "founded_month",
            "origin",
            "administrative_status",
            "area_km2",
            "population_wan",
            "location",
            "transport",
            "overview",
            "address",
            "phone",
            "website",
            "site_sponsor",
            "site_code",
            "icp_number",
            "police_record_number",
            "contact_email",
            "conac_url",
        ]


class ProjectProgressResource(ZoneResource):
    project = fields.Field(attribute="project", widget=CompositeKeyWidget(Project, parts=2))

    class Meta(ZoneMeta):
        model = ProjectProgress
        use_bulk = False
        fields = ["project", "year", "stage", "progress"]


class WorkReportResource(ZoneResource):
    class Meta(ZoneMeta):
        model = WorkReport
        use_bulk = False
        fields = ["year", "title", "issuing_body", "issued_on", "closing", "status"]


class ReportSectionResource(ZoneResource):
    report = fields.Field(attribute="report", widget=NaturalKeyWidget(WorkReport, field="year"))
    indicators = fields.Field(attribute="indicators", widget=NaturalKeysWidget(Indicator))
    projects = fields.Field(attribute="projects", widget=NaturalKeysWidget(Project, parts=2))
    policies = fields.Field(attribute="policies", widget=NaturalKeysWidget(PolicyDocument, parts=2))
    platforms = fields.Field(attribute="platforms", widget=NaturalKeysWidget(InnovationPlatform))

    class Meta(ZoneMeta):
        model = ReportSection
        # Saved row by row: its related records are set once the section exists.
        use_bulk = False
        fields = [
            "report",
            "order",
            "heading",
            "body",
            "indicators",
            "projects",
            "policies",
            "platforms",
        ]


class DisclosureReportResource(ZoneResource):
    class Meta(ZoneMeta):
        model = DisclosureReport
        use_bulk = False
        fields = [
            "year",
            "title",
            "issuing_body",
            "issued_on",
            "overview",
            "licensing_decisions",
            "penalty_decisions",
            "coercion_decisions",
            "fees_wan",
            *(f"{kind}_{result}" for kind in APPEAL_KINDS for result in (*APPEAL_RESULTS, "total")),
            "problems",
            "other_matters",
            "status",
        ]


class DisclosureRequestRowResource(ZoneResource):
    report = fields.Field(
        attribute="report", widget=NaturalKeyWidget(DisclosureReport, field="year")
    )

    class Meta(ZoneMeta):
        model = DisclosureRequestRow
        use_bulk = False
        fields = ["report", "row", *APPLICANT_COLUMNS]


# A workbook's sheets are imported in this order: what a sheet refers to comes first.
WORKBOOK_RESOURCES = [
    ZoneProfileResource,
    DesignationResource,
    IndicatorResource,
    IndicatorValueResource,
    InnovationPlatformResource,
    ProjectResource,
    ProjectProgressResource,
    PolicyDocumentResource,
    WorkReportResource,
    ReportSectionResource,
    DisclosureReportResource,
    DisclosureRequestRowResource,
]
