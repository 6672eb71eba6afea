"""A large made-up zone for benchmarks and load tests. Its data never goes into fixtures/."""

import datetime
import random
from decimal import Decimal

from django.db import connection, transaction

from . import search_index
from .models import (
    Indicator,
    IndicatorCategory,
    IndicatorValue,
    Industry,
    InnovationPlatform,
    PlatformKind,
    PlatformLevel,
    PolicyCategory,
    PolicyDocument,
    PolicyKind,
    PolicyValidity,
    Project,
    ProjectProgress,
    ProjectStage,
    PublicationStatus,
    ReportSection,
    WorkReport,
    ZoneProfile,
    zone_data_models,
)

PREFIX = "demo"
YEARS = range(2006, 2026)
PER_SCALE = {"indicators": 300, "projects": 20_000, "policies": 5_000, "platforms": 2_000}
UNITS = ["亿元", "万元", "家", "个", "件", "项", "万平方米"]  # levels, never percentages
WORDS = ["科技", "医药", "新材料", "智能制造", "电子信息", "汽车零部件", "服务", "人才", "金融"]
BATCH = 2_000


# The profile the demo makes when the database has none: plainly no real zone.
DEMO_PROFILE = {
    "name": "示例高新技术产业开发区",
    "short_name": "示例高新区",
    "management_body": "示例高新技术产业开发区管理委员会",
    "founded_year": YEARS[0],
    "area_km2": Decimal("100"),
    "overview": "本园区及其全部数据均为随机生成的示例,用于演示和压力测试,不代表任何真实园区。",
}
HEADLINES = 4  # the first indicators are the home page's headline figures


def has_demo_data():
    """Whether the demo's indicators are in the database (one indexed query)."""
    return Indicator.objects.filter(code__startswith=f"{PREFIX}-").exists()


def _count(kind, scale):
    return max(1, round(PER_SCALE[kind] * scale))


def demo_policy(i, rng, status):
    """A made-up policy document with every element 政务公开 asks of one (索引号, 发文字号, 成文
    and 发布日期), so that the demo zone passes the site check; its dates follow from its
    number, so the random draws stay those of every earlier demo."""
    fields = {
        "title": f"{PREFIX}关于{rng.choice(WORDS)}发展的政策{i:05d}",
        "issuing_body": f"{PREFIX}管委会{i % 12}局",
        "kind": rng.choice([k for k, _ in PolicyKind.choices]),
        "category": rng.choice([k for k, _ in PolicyCategory.choices]),
        "validity": rng.choice([k for k, _ in PolicyValidity.choices]),
        "year": rng.choice(YEARS),
        "summary": f"支持{rng.choice(WORDS)}与{rng.choice(WORDS)}。",
    }
    written = datetime.date(fields["year"], 1 + i % 12, 1 + i % 28)
    return PolicyDocument(
        **fields,
        index_number=f"{PREFIX}-{fields['year']}-{i:05d}",
        doc_number=f"{PREFIX}管发〔{fields['year']}〕{i + 1}号",
        written_on=written,
        published_on=written + datetime.timedelta(days=i % 10),
        status=status,
    )


@transaction.atomic
@search_index.deferred()
def generate(*, scale=1.0, seed=2017):
    """Create the demo zone; return how many rows of each kind were made."""
    rng = random.Random(seed)
    published = PublicationStatus.PUBLISHED
    profiles = 0 if ZoneProfile.objects.exists() else 1
    if profiles:
        ZoneProfile.objects.create(**DEMO_PROFILE)
    categories = [c for c, _ in IndicatorCategory.choices]

    indicators = Indicator.objects.bulk_create(
        [
            Indicator(
                code=f"{PREFIX}-{i:05d}",
                name=f"{rng.choice(WORDS)}示范指标{i}",
                unit=rng.choice(UNITS),
                category=categories[i % len(categories)],
                display_order=i,
                is_headline=i < HEADLINES,
                status=published,
            )
            for i in range(_count("indicators", scale))
        ],
        batch_size=BATCH,
    )
    values = []
    for indicator in indicators:
        level = Decimal(rng.randint(10, 5000))
        for year in YEARS:
            growth = Decimal(rng.randint(-50, 300)) / 10
            level = (level * (1 + growth / 100)).quantize(Decimal("0.01"))
            values.append(
                IndicatorValue(
                    indicator=indicator,
                    year=year,
                    value=level,
                    growth_pct=growth,
                    rank=rng.randint(1, 12),
                    rank_scope="全市",
                    rank_basis="growth",
                    status=published,
                )
            )
    IndicatorValue.objects.bulk_create(values, batch_size=BATCH)

    kinds = [k for k, _ in PlatformKind.choices]
    levels = ["", *(level for level, _ in PlatformLevel.choices)]
    platforms = InnovationPlatform.objects.bulk_create(
        [
            InnovationPlatform(
                name=f"{PREFIX}平台{i:05d}{rng.choice(WORDS)}中心",
                kind=rng.choice(kinds),
                level=rng.choice(levels),
                year_recognised=rng.choice(YEARS),
                status=published,
            )
            for i in range(_count("platforms", scale))
        ],
        batch_size=BATCH,
    )

    industries = [k for k, _ in Industry.choices]
    stages = [k for k, _ in ProjectStage.choices]
    projects = Project.objects.bulk_create(
        [
            Project(
                name=f"{PREFIX}项目{i:06d}{rng.choice(WORDS)}产业园",
                industry=rng.choice(industries),
                total_investment=Decimal(rng.randint(1, 5000)) / 10,
                platform=rng.choice(platforms) if rng.random() < 0.2 else None,
                is_key=rng.random() < 0.01,
                status=published,
            )
            for i in range(_count("projects", scale))
        ],
        batch_size=BATCH,
    )
    ProjectProgress.objects.bulk_create(
        [
            ProjectProgress(project=p, year=rng.choice(YEARS), stage=rng.choice(stages))
            for p in projects
        ],
        batch_size=BATCH,
    )

    policies = PolicyDocument.objects.bulk_create(
        [demo_policy(i, rng, published) for i in range(_count("policies", scale))],
        batch_size=BATCH,
    )

    taken = set(WorkReport.objects.values_list("year", flat=True))
    reports = WorkReport.objects.bulk_create(
        [
            WorkReport(
                year=year, title=f"{PREFIX}年度报告", issuing_body="管委会", status=published
            )
            for year in YEARS
            if year not in taken
        ]
    )
    sections = []
    for report in reports:
        for order in range(1, 5):
            chosen = rng.sample(indicators, min(5, len(indicators)))
            body = "。".join(f"{i.name}为[[{i.code}]],增长[[{i.code}|growth]]" for i in chosen)
            sections.append(
                ReportSection(report=report, order=order, heading=f"第{order}部分", body=body)
            )
    ReportSection.objects.bulk_create(sections, batch_size=BATCH)
    return {
        "profile": profiles,
        "indicators": len(indicators),
        "values": len(values),
        "platforms": len(platforms),
        "projects": len(projects),
        "policies": len(policies),
        "reports": len(reports),
    }


def refresh_planner_statistics():
    """After a bulk load, PostgreSQL's GIN indexes hold new rows in a pending list and its
    planner has no statistics, so it would ignore the trigram indexes until autovacuum runs.
    Both steps work inside a transaction, unlike VACUUM."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT gin_clean_pending_list(indexrelid::regclass) FROM pg_index "
            "JOIN pg_class ON pg_class.oid = indexrelid WHERE relname LIKE '%%_trgm'"
        )
        for model in zone_data_models():
            cursor.execute(f'ANALYZE "{model._meta.db_table}"')
