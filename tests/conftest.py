import functools
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Permission, User
from pytest_django.plugin import blocking_manager_key

from hightech_zone.seed import load_seed_data


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    """Tests create and log in hundreds of users; PBKDF2's deliberate slowness (a quarter of a
    second a hash) would cost minutes. The site itself keeps Django's default hasher."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(scope="session", autouse=True)
def cache_of_this_process():
    """Each test process caches in its own memory. The file cache that an installation's
    processes share is named after the configured database, not the test database, so the
    two xdist workers would otherwise read each other's pages."""
    from django.test import override_settings

    memory = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with override_settings(CACHES=memory):
        yield


@pytest.fixture
def seed(db):
    """The shipped 锦州 fixtures, for the tests under tests/seed/ that prove them; behaviour
    tests build their own records (tests/factories.py) and pass for any zone."""
    load_seed_data()


@pytest.fixture
def staff_user(db):
    """A staff member (not a superuser) holding every permission on the zone's records."""
    user = User.objects.create_user(username="staff", password="不易猜到的密码-2017", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="hightech_zone"))
    return user


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def add_records(copies, *, tag="扩充", year=None, report=None):
    """Add ``copies`` more of every public record type, all published and linked as a report
    links them: each copy is named in a section of ``report`` (default: a new base report) and
    in a report of its own. ``year`` (default: the latest year with published values, else
    2090) is the year of the new values, progress and policies, so that they land on the pages
    that show it."""
    from django.db.models import Max

    from hightech_zone.models import (
        Designation,
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

    published = PublicationStatus.PUBLISHED
    year = year or IndicatorValue.objects.published().latest_year() or 2090
    taken = set(WorkReport.objects.values_list("year", flat=True))
    free_years = (y for y in range(1950, 2101) if y not in taken)
    if report is None:
        report = WorkReport.objects.create(
            year=next(free_years), title=f"{tag}基础报告", issuing_body="管委会", status=published
        )
    first_order = (report.sections.aggregate(last=Max("order"))["last"] or 0) + 1
    for i in range(copies):
        name = f"{tag}{i}"
        indicator = Indicator.objects.create(
            code=f"{tag}-{i}".encode("unicode_escape").decode().replace("\\", "u"),
            name=f"{name}科技指标",
            unit="亿元",
            category="economy",
            is_headline=True,
            status=published,
        )
        for value_year in (year - 1, year):
            IndicatorValue.objects.create(
                indicator=indicator,
                year=value_year,
                value=i + 1,
                growth_pct=5,
                rank=1,
                rank_scope="全市",
                status=published,
            )
        platform = InnovationPlatform.objects.create(
            name=f"{name}科技园", kind="university_park", status=published
        )
        project = Project.objects.create(
            name=f"{name}科技项目", platform=platform, is_key=True, status=published
        )
        ProjectProgress.objects.create(project=project, year=year, stage="in_operation")
        policy = PolicyDocument.objects.create(
            title=f"{name}科技政策",
            issuing_body=f"{name}机关",
            kind="notice",
            category="sci_tech",
            year=year,
            status=published,
        )
        Designation.objects.create(name=f"{name}科技基地", status=published)
        section = ReportSection.objects.create(
            report=report,
            order=first_order + i,
            heading=f"{name}科技章节",
            body=(
                f"{name}科技指标为[[{indicator.code}@{year}]],"
                f"平台[[platform:{platform.name}|name]]。"
            ),
        )
        section.indicators.add(indicator)
        section.projects.add(project)
        section.policies.add(policy)
        section.platforms.add(platform)
        other = WorkReport.objects.create(
            year=next(free_years), title=f"{name}报告", issuing_body="管委会", status=published
        )
        ReportSection.objects.create(
            report=other,
            order=1,
            heading="一",
            body=(
                f"科技[[{indicator.code}@{year}]][[platform:{platform.name}|name]]"
                f"[[designation:{name}科技基地]][[zone|area]]"
            ),
        )


@pytest.fixture
def site_records(db):
    """One published record of every public kind, built with factories, and a report whose
    section names them all and draws its figures from them: a small zone for the portal's
    behaviour tests. Returns the records by name (``site_records.report``…)."""
    from tests import factories

    zone = factories.zone(area_km2=Decimal("12.5"))
    designation = factories.designation(name="测试国家级称号", year=2032, month=5)
    indicator = factories.indicator(code="t_output", name="测试总产值", is_headline=True)
    value = factories.value(
        indicator=indicator,
        year=SITE_YEAR,
        value=Decimal("72.6"),
        growth_pct=Decimal("15.8"),
        rank=2,
        rank_scope="全市",
    )
    platform = factories.platform(
        name="测试大学科技园", kind="university_park", total_investment=Decimal("3.77")
    )
    project = factories.project(name="测试生物医药项目", platform=platform, is_key=True)
    progress = factories.progress(project=project, year=SITE_YEAR, stage="in_operation")
    policy = factories.policy(
        title="测试科技创新券管理办法", issuing_body="测试管委会", year=SITE_YEAR
    )
    report = factories.report(year=SITE_YEAR, title=f"{SITE_YEAR}年测试工作报告")
    section = factories.section(
        report=report,
        heading="一、测试经济发展",
        body=(
            "全区测试总产值实现[[t_output]],同比增长[[t_output|growth]],"
            "增幅位于[[t_output|rank]]。\n"
            "[[platform:测试大学科技园]]总投资[[platform:测试大学科技园|total_investment]],"
            "[[designation:测试国家级称号|granted]]获批测试国家级称号,"
            "园区面积[[zone|area]]。"
        ),
    )
    section.indicators.add(indicator)
    section.projects.add(project)
    section.policies.add(policy)
    section.platforms.add(platform)
    disclosure = factories.disclosure(year=SITE_YEAR, overview="测试总体情况。")
    factories.request_row(report=disclosure, row="new", natural_person=1)
    factories.request_row(report=disclosure, row="disclosed", natural_person=1)
    return SimpleNamespace(
        zone=zone,
        designation=designation,
        indicator=indicator,
        value=value,
        platform=platform,
        project=project,
        progress=progress,
        policy=policy,
        report=report,
        section=section,
        disclosure=disclosure,
    )


SITE_YEAR = 2090  # the year of site_records' report and values (ValueFactory's default year)


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's language, whatever a previous request activated."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


def user_in_role(role, username=None):
    """A staff member in one of the roles the data migration creates."""
    from django.contrib.auth.models import Group

    user = User.objects.create_user(
        username=username or f"user-{role}", password="不易猜到的密码-2017", is_staff=True
    )
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def editor(db):
    return user_in_role("编辑", "editor")


@pytest.fixture
def publisher(db):
    return user_in_role("审核发布", "publisher")


@pytest.fixture
def viewer(db):
    return user_in_role("只读", "viewer")


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with no cached pages: the database is rolled back between tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def public_pages(query="科技"):
    """One address of every kind of public page, each of the first published record of its
    kind (by position, not by name, so that tests which rewrite every text field can still use
    it): the same list over factory-built records (``site_records``) and over the seed."""
    from hightech_zone.models import (
        Indicator,
        InnovationPlatform,
        PolicyDocument,
        Project,
        WorkReport,
    )

    def first(model):
        record = model.objects.published().order_by("pk").first()
        assert record is not None, f"public_pages() needs a published {model.__name__}"
        return record.get_absolute_url()

    report = first(WorkReport)
    return [
        "/",
        "/reports/",
        report,
        f"/en{report}",
        "/indicators/",
        first(Indicator),
        "/projects/",
        first(Project),
        "/policies/",
        first(PolicyDocument),
        "/platforms/",
        first(InnovationPlatform),
        f"/search/?q={query}",
        "/data/",
        "/disclosure/",
    ]


def libreoffice_xlsx(out, rows, blank_rows):
    """An XLSX as LibreOffice writes a sheet whose formatting runs to the bottom: ``rows``,
    then ``blank_rows`` numbered rows of formatted, empty cells, and a dimension that says so.
    Written straight into the zip, a block at a time, so that a million rows stay cheap."""
    import io
    import re
    import zipfile

    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    plain = io.BytesIO()
    book.save(plain)
    source = zipfile.ZipFile(plain)
    width = max(len(r) for r in rows)
    columns = [chr(ord("A") + i) for i in range(width)]
    last = len(rows) + blank_rows
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename != "xl/worksheets/sheet1.xml":
                target.writestr(info, data)
                continue
            dimension = f'<dimension ref="A1:{columns[-1]}{last}"/>'
            text = re.sub(r'<dimension ref="[^"]*"\s*/>', dimension, data.decode())
            head, tail = text.split("</sheetData>")
            with target.open(info.filename, "w") as sheet:
                sheet.write(head.encode())
                for start in range(len(rows) + 1, last + 1, 10_000):
                    block = "".join(
                        f'<row r="{n}" s="1" customFormat="true" ht="12.8" hidden="false" '
                        f'customHeight="false" outlineLevel="0" collapsed="false">'
                        + "".join(f'<c r="{c}{n}" s="1"/>' for c in columns)
                        + "</row>"
                        for n in range(start, min(start + 10_000, last + 1))
                    )
                    sheet.write(block.encode())
                sheet.write(("</sheetData>" + tail).encode())


@functools.cache
def _migrated_apps():
    """The models as the migrations leave them, for replaying their data steps."""
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    return MigrationLoader(connection).project_state().apps


# The data migrations' steps that make the roles and give them their permissions.
ROLE_STEPS = ("create_roles", "grant")


def restore_roles():
    """The roles (编辑, 审核发布, 只读) as the data migrations make them: every migration step
    that creates the roles or grants them permissions, replayed in the migrations' order, so
    that a migration adding a grant needs no line here."""
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations import RunPython

    loader = MigrationLoader(connection)
    apps = loader.project_state().apps
    migrations = loader.disk_migrations
    for key in sorted(key for key in migrations if key[0] == "hightech_zone"):
        for operation in migrations[key].operations:
            if isinstance(operation, RunPython) and operation.code.__name__ in ROLE_STEPS:
                operation.code(apps, None)


def flushes_the_database(item):
    marker = item.get_closest_marker("django_db")
    return "transactional_db" in item.fixturenames or bool(
        marker and marker.kwargs.get("transaction")
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test (a live server, a row lock) ends with a flush, which also empties
    what the data migrations wrote: the roles come back for the tests after it, whatever order
    the workers run modules in."""
    result = yield
    # After the session's last test the test databases are gone, and nothing needs the roles.
    if nextitem is not None and flushes_the_database(item):
        with item.config.stash[blocking_manager_key].unblock():
            restore_roles()
    return result
