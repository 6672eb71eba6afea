"""Records for behaviour tests (factory_boy), built by the tests themselves, never the seed.

Names and years are chosen so that they never meet the shipped 锦州 data: years after 2030,
names with 测试, codes starting with t_. Each factory takes any field as a keyword, so a test
states what it depends on and leaves the rest to the defaults here:

    indicator = IndicatorFactory(code="t_gdp", unit="亿元")
    ValueFactory(indicator=indicator, year=2091, value=12)

The lower-case names (``indicator(...)``, ``report(...)``…) are the same factories, for tests
that read better as a function call.
"""

import factory
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType

from hightech_zone.models import (
    Designation,
    DisclosureReport,
    DisclosureRequestRow,
    ErrorReport,
    Indicator,
    IndicatorValue,
    InnovationPlatform,
    PolicyDocument,
    Project,
    ProjectProgress,
    PublicationStatus,
    ReportSection,
    WorkReport,
    ZoneProfile,
)

PUBLISHED = PublicationStatus.PUBLISHED
DRAFT = PublicationStatus.DRAFT
PASSWORD = "测试用的长密码-2090"


class ZoneFactory(factory.django.DjangoModelFactory):
    """The zone itself: one per database, so a second call returns the first."""

    class Meta:
        model = ZoneProfile
        django_get_or_create = ("singleton",)

    singleton = True
    name = "测试高新技术产业开发区"
    short_name = "测试高新区"
    founded_year = 2031
    area_km2 = 12
    overview = "测试高新区的综合介绍。"


class PublishableFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    status = PUBLISHED


class DesignationFactory(PublishableFactory):
    class Meta:
        model = Designation

    name = factory.Sequence(lambda n: f"测试称号{n}")
    granting_body = "测试认定机构"
    year = 2032


class IndicatorFactory(PublishableFactory):
    class Meta:
        model = Indicator

    code = factory.Sequence(lambda n: f"t_indicator_{n}")
    name = factory.Sequence(lambda n: f"测试指标{n}")
    unit = "亿元"
    category = "economy"


class ValueFactory(PublishableFactory):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    year = 2090
    value = 100


class ReportFactory(PublishableFactory):
    class Meta:
        model = WorkReport

    year = factory.Sequence(lambda n: 2031 + n % 69)
    title = factory.LazyAttribute(lambda o: f"{o.year}年测试工作报告")
    issuing_body = "测试管委会"


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportSection

    report = factory.SubFactory(ReportFactory)
    order = factory.LazyAttribute(lambda o: o.report.sections.count() + 1)
    heading = factory.Sequence(lambda n: f"测试章节{n}")
    body = "章节正文。"


class PlatformFactory(PublishableFactory):
    class Meta:
        model = InnovationPlatform

    name = factory.Sequence(lambda n: f"测试平台{n}")
    kind = "incubator"


class ProjectFactory(PublishableFactory):
    class Meta:
        model = Project

    name = factory.Sequence(lambda n: f"测试项目{n}")


class ProgressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectProgress

    project = factory.SubFactory(ProjectFactory)
    year = 2090
    stage = "under_construction"


class PolicyFactory(PublishableFactory):
    class Meta:
        model = PolicyDocument

    title = factory.Sequence(lambda n: f"测试政策文件{n}")
    kind = "notice"
    category = "sci_tech"
    year = 2090


class ErrorReportFactory(factory.django.DjangoModelFactory):
    """A visitor's report of an error on a page, open (待处理)."""

    class Meta:
        model = ErrorReport

    page = "/reports/"
    description = factory.Sequence(lambda n: f"测试:第{n}段文字有错别字")


class DisclosureFactory(PublishableFactory):
    """A 政府信息公开工作年度报告 with every figure zero, its part 三 rows not entered."""

    class Meta:
        model = DisclosureReport

    year = factory.Sequence(lambda n: 2031 + n % 69)
    title = factory.LazyAttribute(lambda o: f"测试管委会{o.year}年政府信息公开工作年度报告")
    issuing_body = "测试管委会"


class RequestRowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DisclosureRequestRow

    report = factory.SubFactory(DisclosureFactory)
    row = "new"


class UserFactory(factory.django.DjangoModelFactory):
    """A staff member; ``role="编辑"`` (or 审核发布, 只读) puts them in that group."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"测试用户{n}")
    is_staff = True
    password = factory.django.Password(PASSWORD)
    raw_password = factory.LazyFunction(lambda: PASSWORD)

    @classmethod
    def _create(cls, model_class, *args, raw_password, **kwargs):
        user = super()._create(model_class, *args, **kwargs)
        user.raw_password = raw_password
        return user

    @factory.post_generation
    def role(user, create, name, **kwargs):
        if create and name:
            user.groups.add(Group.objects.get(name=name))


class SuperuserFactory(UserFactory):
    username = factory.Sequence(lambda n: f"测试管理员{n}")
    is_superuser = True


zone = ZoneFactory
designation = DesignationFactory
indicator = IndicatorFactory
value = ValueFactory
report = ReportFactory
section = SectionFactory
platform = PlatformFactory
project = ProjectFactory
progress = ProgressFactory
policy = PolicyFactory
error_report = ErrorReportFactory
disclosure = DisclosureFactory
request_row = RequestRowFactory
user = UserFactory
superuser = SuperuserFactory


def content_type_id(record):
    return ContentType.objects.get_for_model(record).pk


# admintests


def one_of_each():
    """One record of every record model, linked as they are in use, keyed by model."""
    report = ReportFactory()
    project = ProjectFactory()
    value = ValueFactory()
    disclosure = DisclosureFactory()
    records = [
        ZoneFactory(),
        DesignationFactory(),
        value.indicator,
        value,
        PlatformFactory(),
        project,
        ProgressFactory(project=project),
        PolicyFactory(),
        report,
        SectionFactory(report=report),
        disclosure,
        RequestRowFactory(report=disclosure),
    ]
    return {type(record): record for record in records}


# importtests


def whole_zone():
    """Records of every type, linked as a zone's records are (a composite ratio and its parts,
    a project in a platform, a section citing each kind), with the optional fields filled: for
    tests of what crosses every table (exports, the workbook, backups). Returns them by name."""
    from datetime import date
    from decimal import Decimal
    from types import SimpleNamespace

    zone = ZoneFactory(founded_month=3, population_wan=Decimal("5.5"), website="https://t.example/")
    designation = DesignationFactory(month=5, description="测试称号的说明。")
    ratio = IndicatorFactory(kind="ratio", unit="", name="测试三次产业比")
    parts = [IndicatorFactory(parent=ratio, unit="%", display_order=n) for n in (1, 2)]
    count = IndicatorFactory(
        unit="个", category="innovation", counts_platform_kind="incubator", is_headline=True
    )
    change = IndicatorFactory(unit="%", category="reform", change_of=count)
    gdp = IndicatorFactory(unit="亿元", is_headline=True, definition="测试指标解释。")
    report = ReportFactory(issued_on=date(2091, 1, 15), closing="测试结束语。")
    year, last_year = report.year, report.year - 1
    values = [
        ValueFactory(
            indicator=gdp,
            year=year,
            value=Decimal("72.6"),
            growth_pct=Decimal("15.8"),
            rank=2,
            rank_scope="测试市",
            rank_basis="growth",
        ),
        ValueFactory(indicator=gdp, year=last_year, value=80, qualifier="约", note="测试备注"),
        ValueFactory(indicator=count, year=year, value=330, qualifier="余", source="测试来源"),
        ValueFactory(indicator=change, year=year, value=50, baseline_value=22, status=DRAFT),
        ValueFactory(indicator=parts[0], year=year, value=40),
        ValueFactory(indicator=parts[1], year=year, value=60),
    ]
    platform = PlatformFactory(
        level="national",
        year_recognised=2033,
        total_investment=Decimal("3.77"),
        floor_area=Decimal("1.2"),
        signed_projects=8,
    )
    projects = [
        ProjectFactory(
            name="测试药业",
            phase=phase,
            industry="biomedicine",
            platform=platform,
            total_investment=Decimal("1250.5"),
            start_date=date(2090, 3, 1),
            completion_date=date(2091, 6, 30),
            is_key=True,
        )
        for phase in ("一期", "二期")
    ]
    progress = ProgressFactory(project=projects[0], year=year, progress="测试主体完工。")
    policies = [
        PolicyFactory(
            issuing_body="测试管委会",
            doc_number="测高发〔2090〕1号",
            written_on=date(2090, 4, 17),
            published_on=date(2090, 4, 20),
        ),
        PolicyFactory(issuing_body="测试管委会", kind="measures", status=DRAFT),
    ]
    section = SectionFactory(report=report, body=f"测试正文[[{gdp.code}]]。")
    section.indicators.add(gdp, count)
    section.projects.add(*projects)
    section.policies.add(*policies)
    section.platforms.add(platform)
    other_section = SectionFactory(report=report)
    disclosure = DisclosureFactory(
        year=year, issued_on=date(2092, 1, 20), overview="测试总体情况。", fees_wan=Decimal("1.5")
    )
    request_rows = [
        RequestRowFactory(report=disclosure, row=row, natural_person=2, research=1)
        for row in ("new", "disclosed")
    ]
    return SimpleNamespace(
        zone=zone,
        designation=designation,
        ratio=ratio,
        parts=parts,
        count=count,
        change=change,
        gdp=gdp,
        values=values,
        platform=platform,
        projects=projects,
        progress=progress,
        policies=policies,
        report=report,
        sections=[section, other_section],
        disclosure=disclosure,
        request_rows=request_rows,
    )
