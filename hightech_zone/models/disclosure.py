"""The yearly report on government information disclosure (政府信息公开工作年度报告).

Laid out as 国办公开办函〔2021〕30号 fixes it. The counts of 规章 and 行政规范性文件 are not
stored: hightech_zone.disclosure derives them from the policy documents. Staff enter the rest.
"""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .base import (
    Publishable,
    PublishableQuerySet,
    Versioned,
    ZoneDataQuerySet,
    non_negative,
    non_negative_constraint,
    publish_permission,
    year_range_constraint,
    year_validators,
)

WITHHELD = _("（三）不予公开")
UNAVAILABLE = _("（四）无法提供")
NOT_PROCESSED = _("（五）不予处理")
OTHERWISE = _("（六）其他处理")


# The outcomes that come in groups, by group: their rows' codes and the labels under the group.
GROUPED_OUTCOMES = {
    WITHHELD: {
        "secret": _("1.属于国家秘密"),
        "forbidden": _("2.其他法律行政法规禁止公开"),
        "security": _("3.危及“三安全一稳定”"),
        "third_party": _("4.保护第三方合法权益"),
        "internal": _("5.属于三类内部事务信息"),
        "process": _("6.属于四类过程性信息"),
        "enforcement_file": _("7.属于行政执法案卷"),
        "query": _("8.属于行政查询事项"),
    },
    UNAVAILABLE: {
        "not_held": _("1.本机关不掌握相关政府信息"),
        "needs_making": _("2.没有现成信息需要另行制作"),
        "still_unclear": _("3.补正后申请内容仍不明确"),
    },
    NOT_PROCESSED: {
        "petition": _("1.信访举报投诉类申请"),
        "repeated": _("2.重复申请"),
        "publication": _("3.要求提供公开出版物"),
        "mass": _("4.无正当理由大量反复申请"),
        "confirmation": _("5.要求行政机关确认或重新出具已获取信息"),
    },
    OTHERWISE: {
        "not_corrected": _("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
        "not_paid": _("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
        "other": _("3.其他"),
    },
}


def _grouped(code):
    group = next(g for g, items in GROUPED_OUTCOMES.items() if code in items)
    return code, format_lazy("{} {}", group, GROUPED_OUTCOMES[group][code])


class RequestRow(models.TextChoices):
    """The rows of part 三 that staff fill in, in the official order; (七)总计 is derived."""

    NEW = "new", _("一、本年新收政府信息公开申请数量")
    CARRIED_OVER = "carried_over", _("二、上年结转政府信息公开申请数量")
    DISCLOSED = "disclosed", _("（一）予以公开")
    PARTLY = "partly", _("（二）部分公开（区分处理的,只计这一情形,不计其他情形）")
    SECRET = _grouped("secret")
    FORBIDDEN = _grouped("forbidden")
    SECURITY = _grouped("security")
    THIRD_PARTY = _grouped("third_party")
    INTERNAL = _grouped("internal")
    PROCESS = _grouped("process")
    ENFORCEMENT_FILE = _grouped("enforcement_file")
    QUERY = _grouped("query")
    NOT_HELD = _grouped("not_held")
    NEEDS_MAKING = _grouped("needs_making")
    STILL_UNCLEAR = _grouped("still_unclear")
    PETITION = _grouped("petition")
    REPEATED = _grouped("repeated")
    PUBLICATION = _grouped("publication")
    MASS = _grouped("mass")
    CONFIRMATION = _grouped("confirmation")
    NOT_CORRECTED = _grouped("not_corrected")
    NOT_PAID = _grouped("not_paid")
    OTHER = _grouped("other")
    CARRY_FORWARD = "carry_forward", _("四、结转下年度继续办理")


# The rows that are outcomes of the year's handling: (七)总计 is their sum.
OUTCOME_ROWS = [
    r
    for r in RequestRow
    if r not in (RequestRow.NEW, RequestRow.CARRIED_OVER, RequestRow.CARRY_FORWARD)
]


# The applicant columns staff fill in, in the official order; the 总计 column is derived.
APPLICANT_COLUMNS = (
    "natural_person",
    "commercial",
    "research",
    "public_interest",
    "legal_service",
    "other",
)

# Part 四: for each of 行政复议 and the two kinds of 行政诉讼, four results and their total.
APPEAL_KINDS = ("review", "suit_direct", "suit_after_review")
APPEAL_RESULTS = ("upheld", "corrected", "other", "pending")


def _count(label):
    return models.PositiveIntegerField(label, default=0)


def _total_constraint(kind, label):
    parts = [F(f"{kind}_{result}") for result in APPEAL_RESULTS]
    return models.CheckConstraint(
        condition=Q(**{f"{kind}_total": parts[0] + parts[1] + parts[2] + parts[3]}),
        name=f"disclosure_{kind}_total",
        violation_error_message=_(
            "%(label)s的总计必须等于结果维持、结果纠正、其他结果与尚未审结之和。"
        )
        % {"label": label},
    )


REVIEW = _("行政复议")
SUIT_DIRECT = _("行政诉讼(未经复议直接起诉)")
SUIT_AFTER_REVIEW = _("行政诉讼(复议后起诉)")


class DisclosureReport(Publishable):
    year = models.PositiveSmallIntegerField(_("报告年度"), unique=True, validators=year_validators)
    title = models.CharField(_("标题"), max_length=200)
    issuing_body = models.CharField(_("发布机关"), max_length=200)
    issued_on = models.DateField(_("发布日期"), null=True, blank=True)
    overview = models.TextField(_("一、总体情况"), blank=True, help_text=_("每段一行。"))
    licensing_decisions = _count(_("行政许可本年处理决定数量"))
    penalty_decisions = _count(_("行政处罚本年处理决定数量"))
    coercion_decisions = _count(_("行政强制本年处理决定数量"))
    fees_wan = models.DecimalField(
        _("行政事业性收费本年收费金额(万元)"),
        max_digits=14,
        decimal_places=4,
        default=0,
        validators=non_negative,
    )
    review_upheld = _count(_("行政复议:结果维持"))
    review_corrected = _count(_("行政复议:结果纠正"))
    review_other = _count(_("行政复议:其他结果"))
    review_pending = _count(_("行政复议:尚未审结"))
    review_total = _count(_("行政复议:总计"))
    suit_direct_upheld = _count(_("未经复议直接起诉:结果维持"))
    suit_direct_corrected = _count(_("未经复议直接起诉:结果纠正"))
    suit_direct_other = _count(_("未经复议直接起诉:其他结果"))
    suit_direct_pending = _count(_("未经复议直接起诉:尚未审结"))
    suit_direct_total = _count(_("未经复议直接起诉:总计"))
    suit_after_review_upheld = _count(_("复议后起诉:结果维持"))
    suit_after_review_corrected = _count(_("复议后起诉:结果纠正"))
    suit_after_review_other = _count(_("复议后起诉:其他结果"))
    suit_after_review_pending = _count(_("复议后起诉:尚未审结"))
    suit_after_review_total = _count(_("复议后起诉:总计"))
    problems = models.TextField(_("五、存在的主要问题及改进情况"), blank=True)
    other_matters = models.TextField(_("六、其他需要报告的事项"), blank=True)

    objects = PublishableQuerySet.as_manager()
    history = HistoricalRecords()
    natural_key_fields = ("year",)

    class Meta:
        verbose_name = _("政府信息公开工作年度报告")
        verbose_name_plural = _("政府信息公开工作年度报告")
        permissions = publish_permission("disclosurereport", _("政府信息公开工作年度报告"))
        ordering = ["-year"]
        constraints = [
            year_range_constraint("year", "disclosure_year_range"),
            non_negative_constraint("fees_wan", "disclosure_fees_non_negative", _("收费金额")),
            _total_constraint("review", REVIEW),
            _total_constraint("suit_direct", SUIT_DIRECT),
            _total_constraint("suit_after_review", SUIT_AFTER_REVIEW),
        ]

    def __str__(self):
        return _("%(year)s年 %(title)s") % {"year": self.year, "title": self.title}

    def get_absolute_url(self):
        return reverse("portal:disclosure_detail", args=[self.year])


class DisclosureRequestRow(Versioned):
    """One row of part 三 (收到和处理政府信息公开申请情况): its counts by kind of applicant.
    A row not entered counts as zeros."""

    report = models.ForeignKey(
        DisclosureReport,
        verbose_name=_("年度报告"),
        on_delete=models.CASCADE,
        related_name="request_rows",
    )
    row = models.CharField(_("项目"), max_length=20, choices=RequestRow.choices)
    natural_person = _count(_("自然人"))
    commercial = _count(_("商业企业"))
    research = _count(_("科研机构"))
    public_interest = _count(_("社会公益组织"))
    legal_service = _count(_("法律服务机构"))
    other = _count(_("其他"))

    objects = ZoneDataQuerySet.as_manager()
    history = HistoricalRecords()
    natural_key_fields = ("report", "row")
    published_with = "report"  # public while its report is (see rules.py)

    class Meta:
        verbose_name = _("信息公开申请情况")
        verbose_name_plural = _("信息公开申请情况")
        ordering = ["report", "row"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "row"],
                name="disclosure_unique_row",
                violation_error_message=_("同一报告中每个项目只能填写一行。"),
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{column}__gte": 0}),
                    name=f"disclosure_row_{column}_non_negative",
                    violation_error_message=_("申请数量不能为负数。"),
                )
                for column in APPLICANT_COLUMNS
            ),
        ]

    def __str__(self):
        return str(self.get_row_display())

    @property
    def counts(self):
        return [getattr(self, column) for column in APPLICANT_COLUMNS]
