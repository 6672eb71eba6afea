"""The yearly cycle: next year's work report started from this year's, as a draft."""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import rules
from .models import PublicationStatus, ReportSection, WorkReport
from .models.base import MAX_YEAR, MIN_YEAR
from .references import REFERENCE_RE

M2M_FIELDS = ("indicators", "projects", "policies", "platforms")
EXPLICIT_YEAR_RE = re.compile(r"@(\d{4})(?=\s*(?:\||\]\]))")


def shift_years(text, *, years=1):
    """The text with every figure bound to an explicit year ([[gdp@2016]]) moved ``years`` on.

    A bare [[gdp]] already means the report's own year, and platforms, designations and the
    zone have no year: those are left as they are, and so is everything outside [[…]]."""

    def shift(match):
        return EXPLICIT_YEAR_RE.sub(lambda m: f"@{int(m.group(1)) + years}", match.group(0))

    return REFERENCE_RE.sub(shift, text)


def check_may_start(*, report, user):
    """Refuse, with the reason in words, unless ``user`` may start the report after ``report``."""
    year = report.year + 1
    for model in (WorkReport, ReportSection):
        if not rules.has_permission(user, model, "add"):
            raise PermissionDenied(rules.NOT_ALLOWED["add"] % {"name": model._meta.verbose_name})
    if year > MAX_YEAR:
        raise ValidationError(
            _("年份必须在%(min)s年至%(max)s年之间。") % {"min": MIN_YEAR, "max": MAX_YEAR},
            code="year",
        )
    if WorkReport.objects.filter(year=year).exists():
        raise ValidationError(
            _("%(year)s年的工作报告已经存在,不能再开始一份。") % {"year": year},
            code="exists",
        )


def start_next_report(*, report, user):
    """A draft WorkReport for the year after ``report``'s, from its text and links.

    The title has its year moved on, the issuing body and closing are kept, each section keeps
    its order, heading, body and links to indicators, projects, policies and platforms. Figures
    keep their meaning for the new year: a bare [[code]] now draws the new year's value (待填报
    until it is entered), an explicit [[code@YYYY]] moves a year on. Refused whole, with the
    reason in Chinese, when that year's report exists or ``user`` may not add reports and
    sections; history names ``user``. Returns the new report.
    """
    year = report.year + 1
    reason = _("由%(year)s年报告开始") % {"year": report.year}
    with transaction.atomic():
        check_may_start(report=report, user=user)
        draft = WorkReport(
            year=year,
            title=report.title.replace(str(report.year), str(year)),
            issuing_body=report.issuing_body,
            closing=shift_years(report.closing),
            status=PublicationStatus.DRAFT,
        )
        rules.check_write(user=user, before=None, after=draft)
        _save(draft, user=user, reason=reason)
        sections = report.sections.order_by("order").prefetch_related(*M2M_FIELDS)
        for section in sections:
            copy = ReportSection(
                report=draft,
                order=section.order,
                heading=section.heading,
                body=shift_years(section.body),
            )
            rules.check_write(user=user, before=None, after=copy)
            # One history row for the new section, its links included, rather than one more
            # for every relation set (django-simple-history writes one per m2m_changed).
            copy.skip_history_when_saving = True
            copy.save()
            for name in M2M_FIELDS:
                getattr(copy, name).set(getattr(section, name).all())
            del copy.skip_history_when_saving
            _write_history(copy, user=user, reason=reason)
    return draft


def _save(record, *, user, reason):
    record._history_user = user
    record._change_reason = reason
    record.save()


def _write_history(section, *, user, reason):
    """The creation's history row of ``section`` with its links, as django-simple-history
    writes it on save (its create_historical_record_m2ms), once the links are set."""
    history = ReportSection.history.model(
        history_type="+",
        history_date=timezone.now(),
        history_user=user,
        history_change_reason=reason,
        **{f.attname: getattr(section, f.attname) for f in ReportSection._meta.concrete_fields},
    )
    history.save()
    for field in history._history_m2m_fields:
        m2m_history = getattr(history, field.name).model
        through = field.remote_field.through
        names = [f.name for f in through._meta.fields]
        rows = through.objects.filter(reportsection=section)
        m2m_history.objects.bulk_create(
            [m2m_history(history=history, **{n: getattr(row, n) for n in names}) for row in rows]
        )
