"""The 政府信息公开工作年度报告's tables: the policy counts derived from the policy documents,
part 三's rows with their derived totals and the check that the requests balance, part 四."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import rules
from .models import (
    APPEAL_KINDS,
    APPEAL_RESULTS,
    APPLICANT_COLUMNS,
    GROUPED_OUTCOMES,
    OUTCOME_ROWS,
    DisclosureRequestRow,
    PolicyDocument,
    PolicyValidity,
    RequestRow,
)

# A document still being drawn up, put out for comment or not a normative text was never
# issued: it is neither 制发, 废止 nor 现行有效.
NOT_ISSUED = (PolicyValidity.DRAFTING, PolicyValidity.FOR_COMMENT, PolicyValidity.NOT_APPLICABLE)
# Out of force without a date saying since when: not counted in force at any year's end.
ENDED = (PolicyValidity.REPEALED, PolicyValidity.EXPIRED, PolicyValidity.AMENDED)
# 规章 are promulgated by a government's or a ministry's order (政府令, 部令): a policy whose
# 发文字号 says 令 is a 规章, every other published policy a 行政规范性文件.
REGULATION = Q(doc_number__contains="令")

POLICY_CLASSES = {
    "regulation": (gettext_lazy("规章"), REGULATION),
    "normative": (gettext_lazy("行政规范性文件"), ~REGULATION),
}


@dataclass(frozen=True)
class PolicyCount:
    label: str
    issued: int
    repealed: int
    in_force: int


def policy_counts(year):
    """本年制发, 本年废止 and 现行有效 of 规章 and 行政规范性文件, from the published policies,
    in one query.

    制发 is the policy's 年度 (成文或发布的年度); 废止 its 废止/失效日期 within the year;
    现行有效 issued by the year's end and not out of force on 31 December.
    """
    year_end = date(year, 12, 31)
    issued = PolicyDocument.objects.published().policies().exclude(validity__in=NOT_ISSUED)
    in_force = (
        Q(year__lte=year)
        & (Q(expires_on__isnull=True) | Q(expires_on__gt=year_end))
        & ~Q(validity__in=ENDED, expires_on__isnull=True)
    )
    figures = {}
    for key, (_label, condition) in POLICY_CLASSES.items():
        figures[f"{key}_issued"] = Count("pk", filter=condition & Q(year=year))
        figures[f"{key}_repealed"] = Count("pk", filter=condition & Q(expires_on__year=year))
        figures[f"{key}_in_force"] = Count("pk", filter=condition & in_force)
    found = issued.aggregate(**figures)
    return [
        PolicyCount(
            str(label),
            found[f"{key}_issued"],
            found[f"{key}_repealed"],
            found[f"{key}_in_force"],
        )
        for key, (label, _condition) in POLICY_CLASSES.items()
    ]


@dataclass(frozen=True)
class TableRow:
    """A row of part 三 as printed: its label, its counts by applicant and their total; a
    group's heading has no counts."""

    label: str
    counts: tuple = ()
    level: int = 0

    @property
    def total(self):
        return sum(self.counts)

    @property
    def is_heading(self):
        return not self.counts


def request_counts(rows):
    """{RequestRow: [six counts]} from a report's rows; a row not entered is zeros."""
    counts = {row: [0] * len(APPLICANT_COLUMNS) for row in RequestRow}
    for entered in rows:
        counts[RequestRow(entered.row)] = entered.counts
    return counts


def _sum(counts, rows):
    return tuple(sum(counts[row][i] for row in rows) for i in range(len(APPLICANT_COLUMNS)))


def request_table(rows):
    """Part 三 in the official order, (七)总计 and the 总计 column derived."""
    counts = request_counts(rows)
    table = [
        TableRow(str(RequestRow.NEW.label), tuple(counts[RequestRow.NEW])),
        TableRow(str(RequestRow.CARRIED_OVER.label), tuple(counts[RequestRow.CARRIED_OVER])),
        TableRow(_("三、本年度办理结果")),
    ]
    grouped = {code for items in GROUPED_OUTCOMES.values() for code in items}
    for row in OUTCOME_ROWS:
        if row not in grouped:
            table.append(TableRow(str(row.label), tuple(counts[row]), level=1))
    for group, items in GROUPED_OUTCOMES.items():
        table.append(TableRow(str(group), level=1))
        table += [
            TableRow(str(label), tuple(counts[RequestRow(code)]), 2)
            for code, label in items.items()
        ]
    table.append(TableRow(_("（七）总计"), _sum(counts, OUTCOME_ROWS), level=1))
    table.append(
        TableRow(str(RequestRow.CARRY_FORWARD.label), tuple(counts[RequestRow.CARRY_FORWARD]))
    )
    return table


def complete_rows(*, report, user):
    """Every row of part 三 the report lacks, as zeros: staff then see and keep the whole
    table in the official order. Added as ``user`` would add them (rules.py)."""
    entered = set(report.request_rows.values_list("row", flat=True))
    missing = [
        DisclosureRequestRow(report=report, row=row) for row in RequestRow if row not in entered
    ]
    for row in missing:
        rules.check_write(user=user, before=None, after=row)
    for row in missing:
        row.save()
    return missing


def applicant_headings():
    """The columns of part 三, under 申请人情况: 自然人, the five kinds of 法人或其他组织."""
    fields = DisclosureRequestRow._meta
    return [str(fields.get_field(column).verbose_name) for column in APPLICANT_COLUMNS]


def balance_problems(counts):
    """Why part 三 does not add up, in Chinese, one line per column; empty when it does.

    In each column the requests received this year and carried over from last year are all
    either handled ((七)总计) or carried over into next year.
    """
    problems = []
    headings = applicant_headings()
    for i, heading in enumerate(headings):
        came = counts[RequestRow.NEW][i] + counts[RequestRow.CARRIED_OVER][i]
        went = sum(counts[row][i] for row in OUTCOME_ROWS) + counts[RequestRow.CARRY_FORWARD][i]
        if came != went:
            problems.append(
                _(
                    "“%(column)s”一列:本年新收与上年结转的申请共%(came)s件,"
                    "办理结果总计与结转下年度共%(went)s件,两者必须相等。"
                )
                % {"column": heading, "came": came, "went": went}
            )
    return problems


APPEAL_LABELS = {
    "review": gettext_lazy("行政复议"),
    "suit_direct": gettext_lazy("未经复议直接起诉"),
    "suit_after_review": gettext_lazy("复议后起诉"),
}
RESULT_LABELS = {
    "upheld": gettext_lazy("结果维持"),
    "corrected": gettext_lazy("结果纠正"),
    "other": gettext_lazy("其他结果"),
    "pending": gettext_lazy("尚未审结"),
    "total": gettext_lazy("总计"),
}


def appeal_table(report):
    """Part 四: for 行政复议 and the two kinds of 行政诉讼, (label, five figures)."""
    return [
        (
            str(APPEAL_LABELS[kind]),
            [getattr(report, f"{kind}_{result}") for result in (*APPEAL_RESULTS, "total")],
        )
        for kind in APPEAL_KINDS
    ]
