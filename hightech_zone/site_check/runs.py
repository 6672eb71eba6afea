"""A whole run of the site check, and the record of the last runs the dashboard shows."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import SiteCheckRun
from .columns import EMPTY, OVERDUE, column_states
from .content import incomplete_policies, missing_attachments, unanswered_reports
from .findings import CHECK_LABELS, EXTERNAL_LINK, Finding
from .findings import EMPTY as EMPTY_CHECK
from .findings import OVERDUE as OVERDUE_CHECK
from .links import link_findings


@dataclass
class SiteReport:
    columns: list
    findings: list = field(default_factory=list)
    external: bool = False
    ran_at: object = None

    @property
    def healthy(self):
        return not self.findings

    def grouped(self):
        """[(label, findings)] for each kind of check, in CHECK_LABELS' order."""
        return [
            (label, [f for f in self.findings if f.check == check])
            for check, label in CHECK_LABELS.items()
            if check != EXTERNAL_LINK or self.external
        ]


def column_findings(columns):
    """An overdue or empty column (or category) is a problem; one due soon is not yet."""
    found = []
    for column in columns:
        if column.state == OVERDUE:
            found.append(
                Finding(
                    check=OVERDUE_CHECK,
                    message=_(
                        "“%(name)s”已 %(days)s 天未更新"
                        "(更新周期 %(interval)s 天,超期 %(over)s 天)。"
                    )
                    % {
                        "name": column.name,
                        "days": column.interval_days - column.days_left,
                        "interval": column.interval_days,
                        "over": -column.days_left,
                    },
                    admin_url=column.admin_url,
                )
            )
        elif column.state == EMPTY:
            found.append(
                Finding(
                    check=EMPTY_CHECK,
                    message=_("“%(name)s”没有已发布的内容(空白栏目)。") % {"name": column.name},
                    admin_url=column.admin_url,
                )
            )
    return found


def run_site_check(*, external=False, timeout=10, today=None):
    """Every check; external links only when ``external`` is true."""
    columns = column_states(today=today)
    findings = [
        *column_findings(columns),
        *link_findings(external=external, timeout=timeout),
        *missing_attachments(),
        *incomplete_policies(),
        *unanswered_reports(),
    ]
    return SiteReport(columns=columns, findings=findings, external=external, ran_at=timezone.now())


def store_run(report):
    """Keeps ``report`` as the last run, and the last run that checked external links."""
    with transaction.atomic():
        run = SiteCheckRun.objects.create(
            ran_at=report.ran_at or timezone.now(),
            external=report.external,
            problem_count=len(report.findings),
            results={"findings": [f.as_dict() for f in report.findings]},
        )
        keep = {run.pk}
        last_external = SiteCheckRun.objects.filter(external=True).values_list("pk", flat=True)
        keep |= set(last_external[:1])
        SiteCheckRun.objects.exclude(pk__in=keep).delete()
    return run


def stored_findings(run, *, only=None):
    findings = [Finding(**row) for row in run.results.get("findings", [])]
    return [f for f in findings if only is None or f.check in only]


@dataclass
class LastRuns:
    """The last run, and the external links' findings of the last run that checked them."""

    run: SiteCheckRun | None
    external_run: SiteCheckRun | None

    def findings(self):
        if self.run is None:
            return []
        found = stored_findings(self.run)
        if not self.run.external and self.external_run is not None:
            found += stored_findings(self.external_run, only={EXTERNAL_LINK})
        return found


def last_runs():
    runs = list(SiteCheckRun.objects.all()[:2])
    run = runs[0] if runs else None
    external = next((r for r in runs if r.external), None)
    return LastRuns(run=run, external_run=external)
