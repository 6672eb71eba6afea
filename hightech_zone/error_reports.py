"""我为政府网站找错: taking a visitor's report without an outside captcha, answering, closing,
and how quickly staff answer (inspections score replies within 5 working days)."""

import datetime
import statistics
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import rules
from .models import ErrorReport, ErrorReportState

# A person reads the page and types a sentence; a script posts at once. A form older than the
# maximum is refused too, so that one token fetched once cannot be replayed for ever.
MIN_FILL_SECONDS = 3
MAX_FORM_AGE_SECONDS = 2 * 60 * 60
TOKEN_SALT = "hightech_zone.error_reports.form"
# 《政府网站与政务新媒体检查指标》: a reported error is answered within 5 working days.
ANSWER_WORKING_DAYS = 5


def form_token(*, now=None):
    """The signed time the form was served at, for its hidden field."""
    return signing.dumps(now if now is not None else time.time(), salt=TOKEN_SALT)


def check_form_token(token, *, now=None):
    """Refuse a form not served by us, filled faster than a person could, or too old."""
    now = now if now is not None else time.time()
    try:
        served = float(signing.loads(token or "", salt=TOKEN_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        raise ValidationError(_("表单已失效,请刷新页面后重新填写。"), code="token") from None
    if now - served < MIN_FILL_SECONDS:
        raise ValidationError(_("提交过快,请确认内容后再次提交。"), code="too_fast")
    if now - served > MAX_FORM_AGE_SECONDS:
        raise ValidationError(_("表单已过期,请刷新页面后重新填写。"), code="expired")


def allow_submission(*, address):
    """Count a post from ``address``; False once it has posted more than
    settings.ERROR_REPORTS_PER_ADDRESS times in ERROR_REPORTS_WINDOW_SECONDS.

    Every post counts, refused ones too, so that a script cannot probe the checks for free.
    When the cache cannot be reached, posts are let through (the other checks still hold).
    """
    key = f"error-report:address:{address}"
    cache.add(key, 0, settings.ERROR_REPORTS_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr, or the cache is away
        return True
    return count is None or count <= settings.ERROR_REPORTS_PER_ADDRESS


def submit_report(*, page, description, contact=""):
    """Store a visitor's report, refused whole (ValidationError) unless every field is valid."""
    report = ErrorReport(page=page, description=description, contact=contact)
    report.full_clean()
    report.save()
    return report


def answer_report(*, report, user, answer):
    """Answer a report (or change the answer before it is closed); the first answer's time is
    the one inspections count."""
    if not rules.may_answer_error_report(user, report):
        raise PermissionDenied(_("您没有答复网站纠错的权限,或该纠错已关闭。"))
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("请填写答复内容。")})
    with transaction.atomic():
        report = ErrorReport.objects.select_for_update().get(pk=report.pk)
        report.answer = answer
        report.answered_at = report.answered_at or timezone.now()
        report.answered_by = report.answered_by or user
        report.state = ErrorReportState.ANSWERED
        report.full_clean(exclude=["page", "description", "contact"])
        report._change_reason = _("答复")
        report.save()
    return report


def close_report(*, report, user):
    """Close an answered report: nothing more to do on it."""
    if not rules.may_answer_error_report(user, report):
        raise PermissionDenied(_("您没有关闭网站纠错的权限,或该纠错已关闭。"))
    with transaction.atomic():
        report = ErrorReport.objects.select_for_update().get(pk=report.pk)
        if report.state != ErrorReportState.ANSWERED:
            raise ValidationError(_("请先答复,再关闭这条纠错。"))
        report.state = ErrorReportState.CLOSED
        report.closed_at = timezone.now()
        report.closed_by = user
        report._change_reason = _("关闭")
        report.save()
    return report


def working_days_after(start, end):
    """Weekdays after ``start``'s date up to ``end``'s, in the site's time zone. Public holidays
    and the weekends worked in their place (调休) are not known here, so near a holiday a
    report shows overdue a day or two early, never late."""
    first = timezone.localtime(start).date()
    last = timezone.localtime(end).date()
    days = 0
    day = first + datetime.timedelta(days=1)
    while day <= last:
        if day.weekday() < 5:
            days += 1
        day += datetime.timedelta(days=1)
    return days


@dataclass(frozen=True)
class AnswerTimes:
    open: int
    answered: int
    closed: int
    answered_count: int  # reports with an answer time, closed ones included
    median_hours: float | None
    max_hours: float | None
    overdue: int  # still unanswered after ANSWER_WORKING_DAYS working days
    working_days: int = ANSWER_WORKING_DAYS

    @property
    def total(self):
        return self.open + self.answered + self.closed


def overdue_reports(*, now=None):
    """Open reports still unanswered after ANSWER_WORKING_DAYS working days, oldest first."""
    now = now or timezone.now()
    reports = ErrorReport.objects.open().order_by("created_at")
    return [r for r in reports if working_days_after(r.created_at, now) > ANSWER_WORKING_DAYS]


def answer_times(*, now=None, queryset=None):
    """How many reports are open, answered and closed; the median and longest time to answer,
    in hours; and how many are unanswered past the deadline. One query."""
    now = now or timezone.now()
    reports = queryset if queryset is not None else ErrorReport.objects.all()
    counts = dict.fromkeys(ErrorReportState.values, 0)
    open_since = []
    hours = []
    rows = reports.values_list("state", "created_at", "answered_at")
    for state, created_at, answered_at in rows.iterator():
        counts[state] += 1
        if answered_at is not None:
            hours.append((answered_at - created_at).total_seconds() / 3600)
        elif state == ErrorReportState.OPEN:
            open_since.append(created_at)
    overdue = sum(1 for t in open_since if working_days_after(t, now) > ANSWER_WORKING_DAYS)
    return AnswerTimes(
        open=counts[ErrorReportState.OPEN],
        answered=counts[ErrorReportState.ANSWERED],
        closed=counts[ErrorReportState.CLOSED],
        answered_count=len(hours),
        median_hours=round(statistics.median(hours), 1) if hours else None,
        max_hours=round(max(hours), 1) if hours else None,
        overdue=overdue,
    )
