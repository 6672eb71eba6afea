"""Errors visitors report on the public site (我为政府网站找错), and staff's answers."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

PAGE_MAX_LENGTH = 500
DESCRIPTION_MIN_LENGTH = 5
DESCRIPTION_MAX_LENGTH = 2000
CONTACT_MAX_LENGTH = 100
ANSWER_MAX_LENGTH = 2000

# C0 and C1 control characters but tab, newline and carriage return (which a textarea sends).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Markup, not a lone "<" as in "a<b": a tag, a closing tag, a comment or a declaration.
MARKUP = re.compile(r"<\s*[a-zA-Z/!?]|&#|javascript:", re.IGNORECASE)
PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{5,22}[0-9]$")


def validate_page(value):
    """A path on this site: the error is on one of our pages, never an address elsewhere."""
    if (
        not value.startswith("/")
        or value.startswith("//")
        or "\\" in value
        or any(c.isspace() for c in value)
        or CONTROL_CHARACTERS.search(value)
    ):
        raise ValidationError(_("页面地址应为本网站的页面路径(以 / 开头)。"), code="off_site")


def validate_plain_text(value):
    if CONTROL_CHARACTERS.search(value):
        raise ValidationError(_("内容含有控制字符,请删除后再提交。"), code="control")
    if MARKUP.search(value):
        raise ValidationError(_("内容不能含有网页代码(HTML 标签或脚本)。"), code="markup")


def validate_contact(value):
    """A phone number or an email address."""
    if PHONE.match(value):
        return
    try:
        EmailValidator()(value)
    except ValidationError:
        raise ValidationError(_("联系方式应为电话号码或电子邮箱地址。"), code="contact") from None


class ErrorReportState(models.TextChoices):
    OPEN = "open", _("待处理")
    ANSWERED = "answered", _("已答复")
    CLOSED = "closed", _("已关闭")


class ErrorReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state=ErrorReportState.OPEN)

    def answered_ever(self):
        """Reports staff have answered, closed since or not: the ones with an answer time."""
        return self.filter(answered_at__isnull=False)


class ErrorReport(models.Model):
    """An error a visitor reports on a public page; staff answer it, then close it."""

    page = models.CharField(_("页面地址"), max_length=PAGE_MAX_LENGTH, validators=[validate_page])
    description = models.TextField(
        _("问题描述"),
        max_length=DESCRIPTION_MAX_LENGTH,
        validators=[MaxLengthValidator(DESCRIPTION_MAX_LENGTH), validate_plain_text],
    )
    contact = models.CharField(
        _("联系方式"),
        max_length=CONTACT_MAX_LENGTH,
        blank=True,
        validators=[validate_contact],
        help_text=_("电话或电子邮箱,选填。"),
    )
    created_at = models.DateTimeField(_("提交时间"), default=timezone.now, db_index=True)
    state = models.CharField(
        _("状态"),
        max_length=20,
        choices=ErrorReportState.choices,
        default=ErrorReportState.OPEN,
        db_index=True,
    )
    answer = models.TextField(
        _("答复内容"),
        max_length=ANSWER_MAX_LENGTH,
        blank=True,
        validators=[MaxLengthValidator(ANSWER_MAX_LENGTH)],
    )
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("关闭人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ErrorReportQuerySet.as_manager()
    history = HistoricalRecords()

    operational = True  # what visitors tell the committee, not a record of the zone

    class Meta:
        verbose_name = _("网站纠错")
        verbose_name_plural = _("网站纠错")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(page__startswith="/") & ~Q(page__startswith="//"),
                name="errorreport_page_on_this_site",
                violation_error_message=_("页面地址应为本网站的页面路径(以 / 开头)。"),
            ),
            models.CheckConstraint(
                condition=Q(GreaterThanOrEqual(Length("description"), DESCRIPTION_MIN_LENGTH))
                & Q(LessThanOrEqual(Length("description"), DESCRIPTION_MAX_LENGTH)),
                name="errorreport_description_length",
                violation_error_message=_("问题描述的长度不合要求。"),
            ),
            models.CheckConstraint(
                condition=Q(state=ErrorReportState.OPEN, answered_at__isnull=True, answer="")
                | (~Q(state=ErrorReportState.OPEN) & Q(answered_at__isnull=False) & ~Q(answer="")),
                name="errorreport_answered_has_answer",
                violation_error_message=_("已答复或已关闭的纠错必须有答复内容和答复时间。"),
            ),
            models.CheckConstraint(
                condition=Q(state=ErrorReportState.CLOSED, closed_at__isnull=False)
                | (~Q(state=ErrorReportState.CLOSED) & Q(closed_at__isnull=True)),
                name="errorreport_closed_has_time",
                violation_error_message=_("已关闭的纠错必须有关闭时间,未关闭的不能有。"),
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | Q(answered_at__gte=models.F("created_at")),
                name="errorreport_answered_after_created",
                violation_error_message=_("答复时间不能早于提交时间。"),
            ),
        ]

    def __str__(self):
        return _("网站纠错 #%(pk)s:%(page)s") % {"pk": self.pk, "page": self.page}
