import pytest
from django.contrib.auth.models import Permission, User

from hightech_zone.seed import load_seed_data


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


def add_records(copies, *, tag="扩充"):
    """Add ``copies`` more of every public record type, all published and linked like the seed."""
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
    report = WorkReport.objects.get(year=2017)
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
        for year in (2016, 2017):
            IndicatorValue.objects.create(
                indicator=indicator,
                year=year,
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
        ProjectProgress.objects.create(project=project, year=2017, stage="in_operation")
        policy = PolicyDocument.objects.create(
            title=f"{name}科技政策",
            issuing_body=f"{name}机关",
            kind="notice",
            category="sci_tech",
            year=2017,
            status=published,
        )
        Designation.objects.create(name=f"{name}科技基地", status=published)
        section = ReportSection.objects.create(
            report=report,
            order=100 + i,
            heading=f"{name}科技章节",
            body=f"{name}科技指标为[[{indicator.code}]],平台[[platform:{platform.name}|name]]。",
        )
        section.indicators.add(indicator)
        section.projects.add(project)
        section.policies.add(policy)
        section.platforms.add(platform)
        year = 1950 + i + (1 if 1950 + i >= 2017 else 0)
        other = WorkReport.objects.create(
            year=year, title=f"{name}报告", issuing_body="管委会", status=published
        )
        ReportSection.objects.create(
            report=other,
            order=1,
            heading="一",
            body=(
                f"科技[[{indicator.code}]][[platform:{platform.name}|name]]"
                f"[[designation:{name}科技基地]][[zone|area]]"
            ),
        )


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
    """One address of every kind of public page (looked up by position, not by name, so that
    tests which rewrite every text field can still use it)."""
    from hightech_zone.models import InnovationPlatform, PolicyDocument, Project

    return [
        "/",
        "/reports/",
        "/reports/2017/",
        "/en/reports/2017/",
        "/indicators/",
        "/indicators/gdp/",
        "/projects/",
        Project.objects.order_by("pk").first().get_absolute_url(),
        "/policies/",
        PolicyDocument.objects.order_by("pk").first().get_absolute_url(),
        "/platforms/",
        InnovationPlatform.objects.order_by("pk").first().get_absolute_url(),
        f"/search/?q={query}",
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
