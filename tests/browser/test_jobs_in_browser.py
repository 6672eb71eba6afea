"""A 60,000-row import in a real browser: the job page's bars advance without a reload."""

import pytest
from django.contrib.auth.models import Permission

from hightech_zone.models import IndicatorValue, Job
from tests import factories
from tests.worker import running_worker, shared_cache

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "不易猜到的密码-2017"
YEARS = range(1950, 2100)
LONG = 180_000  # ms: a loaded CI machine checks and writes the file far slower


@pytest.fixture
def worker_cache(tmp_path):
    folder = tmp_path / "cache"
    with shared_cache(folder):
        yield folder


def advanced(samples, rows):
    counts = {value for value, total in samples if total == rows}
    return len(counts) >= 2 and any(0 < value < rows for value in counts)


def sample_bars(page, bar):
    """The bar's values, read without reloading until the job ends (the page reloads then)."""
    from playwright.sync_api import Error

    page.evaluate("window.notReloaded = true")
    read = (
        f"(() => {{ const b = document.getElementById('{bar}'); "
        "return window.notReloaded && b ? [b.value, b.max] : null; })()"
    )
    seen = []
    while True:
        try:
            value = page.evaluate(read)
        except Error:  # the page reloaded as the job ended, between two reads
            break
        if value is None:
            break
        seen.append(tuple(value))
        page.wait_for_timeout(100)
    return seen


def test_the_progress_bar_advances_as_a_60000_row_file_is_checked_and_written(
    page, live_server, django_user_model, tmp_path, worker_cache
):
    site = live_server.url
    # The page reads the progress once a second; on a quiet machine 20,000 rows were checked
    # between two reads. 60,000 take a few.
    indicators = [factories.indicator(code=f"t_bar_{i:03}") for i in range(402)]
    rows = len(indicators) * len(YEARS)
    assert rows >= 60000
    lines = ["指标,年度,数值"] + [
        f"{indicator.code},{year},{year - 1900}.5" for indicator in indicators for year in YEARS
    ]
    upload = tmp_path / "六万行.csv"
    upload.write_bytes("\r\n".join(lines).encode("gbk"))
    user = django_user_model.objects.create_user("importer", password=PASSWORD, is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="hightech_zone"))
    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", "importer")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")

    with running_worker(worker_cache):
        page.goto(f"{site}/admin/hightech_zone/indicatorvalue/import/")
        page.set_input_files("#id_import_file", str(upload))
        page.click("input[type=submit]")
        page.wait_for_selector("#job-progress")
        preview = Job.objects.get()
        assert page.url.endswith(f"/admin/hightech_zone/job/{preview.pk}/change/")
        checked = sample_bars(page, "job-validated")
        page.wait_for_selector("input[value='确认导入']", timeout=LONG)
        # It advanced on the page, with no reload: two counts against the file's rows, one of
        # them part-way (on a quiet machine the check takes about two of the page's reads).
        assert advanced(checked, rows), sorted(set(checked))
        assert f"确认后将新增 {rows} 条" in page.inner_text("#content-main")

        # A write meanwhile: every row is checked and written again, as slowly as the preview,
        # rather than the kept rows replayed within a second or two, between two of the
        # page's reads.
        factories.indicator(code="t_bar_meanwhile")
        page.click("input[value='确认导入']")
        page.wait_for_selector("#job-written")
        written = sample_bars(page, "job-written")
        page.wait_for_selector(".job-done", timeout=LONG)
        assert advanced(written, rows), sorted(set(written))
        assert f"导入完成:新增 {rows} 条" in page.inner_text("#content-main")
    assert IndicatorValue.objects.count() == rows
    assert page.errors == []
