"""Where the README sends integrators: every spreadsheet resource, by its documented path.

The resources live in ``hightech_zone.importing``; this module keeps
``hightech_zone.resources.<Type>Resource`` working for scripts written against it.
"""

from .importing.resources import (
    WORKBOOK_RESOURCES,
    DesignationResource,
    DisclosureReportResource,
    DisclosureRequestRowResource,
    IndicatorResource,
    IndicatorValueResource,
    InnovationPlatformResource,
    PolicyDocumentResource,
    ProjectProgressResource,
    ProjectResource,
    ReportSectionResource,
    WorkReportResource,
    ZoneProfileResource,
)
from .importing.zone_resource import ZoneResource

__all__ = [
    "WORKBOOK_RESOURCES",
    "DesignationResource",
    "DisclosureReportResource",
    "DisclosureRequestRowResource",
    "IndicatorResource",
    "IndicatorValueResource",
    "InnovationPlatformResource",
    "PolicyDocumentResource",
    "ProjectProgressResource",
    "ProjectResource",
    "ReportSectionResource",
    "WorkReportResource",
    "ZoneProfileResource",
    "ZoneResource",
]
