"""Records for behaviour tests, built by the tests themselves rather than taken from the seed.

Names and years are chosen so that they never meet the shipped 锦州 data (years after 2030,
names with 测试, codes starting with t_).
"""

import itertools

from hightech_zone.models import (
    Indicator,
    IndicatorValue,
    InnovationPlatform,
    PolicyDocument,
    Project,
    ProjectProgress,
    PublicationStatus,
    ReportSection,
    WorkReport,
)

PUBLISHED = PublicationStatus.PUBLISHED
DRAFT = PublicationStatus.DRAFT

_numbers = itertools.count(1)


def unique(prefix):
    return f"{prefix}{next(_numbers)}"


def indicator(*, status=PUBLISHED, **fields):
    fields.setdefault("code", unique("t_indicator_"))
    fields.setdefault("name", f"测试指标{fields['code'][-4:]}")
    fields.setdefault("unit", "亿元")
    fields.setdefault("category", "economy")
    return Indicator.objects.create(status=status, **fields)


def value(*, status=PUBLISHED, **fields):
    if "indicator" not in fields:
        fields["indicator"] = indicator()
    fields.setdefault("year", 2090)
    fields.setdefault("value", 100)
    return IndicatorValue.objects.create(status=status, **fields)


def report(*, status=PUBLISHED, **fields):
    fields.setdefault("year", 2031 + next(_numbers) % 69)
    fields.setdefault("title", f"{fields['year']}年测试工作报告")
    fields.setdefault("issuing_body", "测试管委会")
    return WorkReport.objects.create(status=status, **fields)


def section(*, report, **fields):
    fields.setdefault("order", (report.sections.count() or 0) + 1)
    fields.setdefault("heading", unique("测试章节"))
    fields.setdefault("body", "章节正文。")
    return ReportSection.objects.create(report=report, **fields)


def platform(*, status=PUBLISHED, **fields):
    fields.setdefault("name", unique("测试平台"))
    fields.setdefault("kind", "incubator")
    return InnovationPlatform.objects.create(status=status, **fields)


def project(*, status=PUBLISHED, **fields):
    fields.setdefault("name", unique("测试项目"))
    return Project.objects.create(status=status, **fields)


def progress(*, project, **fields):
    fields.setdefault("year", 2090)
    fields.setdefault("stage", "under_construction")
    return ProjectProgress.objects.create(project=project, **fields)


def policy(*, status=PUBLISHED, **fields):
    fields.setdefault("title", unique("测试政策文件"))
    fields.setdefault("kind", "notice")
    fields.setdefault("category", "sci_tech")
    fields.setdefault("year", 2090)
    return PolicyDocument.objects.create(status=status, **fields)


def superuser(*, password="测试用的长密码-2090", **fields):
    from django.contrib.auth.models import User

    fields.setdefault("username", unique("测试管理员"))
    user = User.objects.create_superuser(password=password, **fields)
    user.raw_password = password
    return user


def content_type_id(record):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(record).pk
