"""The zone's records, one module per family; import them from here, wherever each one lives."""

# isort: off
# The order of the modules is the order Django registers the models in, which zone_data_models()
# returns: dependency order, as fixtures, backups and the data dictionary list them.
from .base import (
    MAX_YEAR,
    MIN_YEAR,
    NaturalKeyed,
    PublicationStatus,
    Publishable,
    PublishableQuerySet,
    Versioned,
    ZoneDataQuerySet,
    month_validators,
    non_negative,
    non_negative_constraint,
    publish_permission,
    year_range_constraint,
    year_validators,
    zone_data_models,
)
from .zone import Designation, ZoneLevel, ZoneProfile
from .indicators import CatalogueGroup, Indicator, IndicatorCategory, IndicatorKind
from .values import GrowthBasis, IndicatorValue, IndicatorValueQuerySet, Qualifier, RankBasis
from .platforms import InnovationPlatform
from .platform_kinds import PlatformKind, PlatformLevel
from .projects import (
    Industry,
    Project,
    ProjectProgress,
    ProjectQuerySet,
    ProjectStage,
)
from .policies import (
    ATTACHMENT_SIGNATURES,
    NOT_POLICY_KINDS,
    PolicyCategory,
    PolicyDocument,
    PolicyDocumentQuerySet,
    PolicyKind,
    PolicyValidity,
    validate_attachment,
)
from .reports import ReportSection, WorkReport
from .disclosure import (
    APPEAL_KINDS,
    APPEAL_RESULTS,
    APPLICANT_COLUMNS,
    DisclosureReport,
    DisclosureRequestRow,
    GROUPED_OUTCOMES,
    OUTCOME_ROWS,
    RequestRow,
)
from .revisions import Revision, RevisionQuerySet, RevisionState
from .jobs import (
    ACTIVE,
    CONFIRMED_BY,
    IMPORT_KINDS,
    SUPERUSER_KINDS,
    Job,
    JobKind,
    JobQuerySet,
    JobStatus,
)
from .imports import ImportOutcome, ImportRecord, PendingUpload
from .search import SearchEntry, SearchKind
from .site_check import (
    COLUMN_CATEGORIES,
    DEFAULT_INTERVAL_DAYS,
    Column,
    ColumnSchedule,
    SiteCheckRun,
)
from .error_reports import ErrorReport, ErrorReportQuerySet, ErrorReportState
# isort: on

__all__ = [
    "ACTIVE",
    "APPEAL_KINDS",
    "APPEAL_RESULTS",
    "APPLICANT_COLUMNS",
    "ATTACHMENT_SIGNATURES",
    "COLUMN_CATEGORIES",
    "CONFIRMED_BY",
    "DEFAULT_INTERVAL_DAYS",
    "GROUPED_OUTCOMES",
    "IMPORT_KINDS",
    "MAX_YEAR",
    "MIN_YEAR",
    "NOT_POLICY_KINDS",
    "OUTCOME_ROWS",
    "SUPERUSER_KINDS",
    "CatalogueGroup",
    "Column",
    "ColumnSchedule",
    "Designation",
    "DisclosureReport",
    "DisclosureRequestRow",
    "ErrorReport",
    "ErrorReportQuerySet",
    "ErrorReportState",
    "GrowthBasis",
    "ImportOutcome",
    "ImportRecord",
    "Indicator",
    "IndicatorCategory",
    "IndicatorKind",
    "IndicatorValue",
    "IndicatorValueQuerySet",
    "Industry",
    "InnovationPlatform",
    "Job",
    "JobKind",
    "JobQuerySet",
    "JobStatus",
    "NaturalKeyed",
    "PendingUpload",
    "PlatformKind",
    "PlatformLevel",
    "PolicyCategory",
    "PolicyDocument",
    "PolicyDocumentQuerySet",
    "PolicyKind",
    "PolicyValidity",
    "Project",
    "ProjectProgress",
    "ProjectQuerySet",
    "ProjectStage",
    "PublicationStatus",
    "Publishable",
    "PublishableQuerySet",
    "Qualifier",
    "RankBasis",
    "ReportSection",
    "RequestRow",
    "Revision",
    "RevisionQuerySet",
    "RevisionState",
    "SearchEntry",
    "SearchKind",
    "SiteCheckRun",
    "Versioned",
    "WorkReport",
    "ZoneDataQuerySet",
    "ZoneLevel",
    "ZoneProfile",
    "month_validators",
    "non_negative",
    "non_negative_constraint",
    "publish_permission",
    "validate_attachment",
    "year_range_constraint",
    "year_validators",
    "zone_data_models",
]
