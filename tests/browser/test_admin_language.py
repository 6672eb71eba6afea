"""Every admin page each role can reach reads in Chinese: no English left on screen."""

import re
from collections import Counter
from urllib.parse import urljoin, urlsplit

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group, User

from hightech_zone import publishing
from hightech_zone.models import Indicator, InnovationPlatform, PolicyDocument, Project

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "不易猜到的密码-2017"
# Pages of one kind (a change form, a history, an export…) differ mostly by their model's
# fields: each role sees every kind of page it can reach, then more models of each kind, up
# to this many pages (about half a second each).
PAGES_PER_ROLE = 28

# Latin text that is right in a Chinese admin: codes, units, key and file names, format,
# encoding and algorithm names (the site hashes passwords with PBKDF2, the tests with MD5).
# Words of the records themselves (codes, browsers' user agents) are added per run from the
# database: data as entered or recorded, not interface.
ALLOWED = set(
    """
    GDP R&D CSV XLSX XLS TSV JSON HTML PDF UTF-8 GBK SHA-256 MB KB ID IP HTTP URL LDAP
    Control Command Mac manage.py check_consistency check_site pbkdf2_sha256 md5
    """.upper().split()
)

# Downloads, pages outside the admin, and links that act when followed.
SKIPPED = re.compile(r"/logout/|/media/|/import-template/|/export-by-year/|/admin/r/|/jsi18n/")

VISIBLE_TEXT = """() => {
    const parts = [document.title, document.body.innerText];
    for (const el of document.querySelectorAll(
        'input[type=submit], input[type=button], input[type=reset], [placeholder]'
    )) {
        if (el.offsetParent !== null) parts.push(el.value || '', el.placeholder || '');
    }
    return parts.join('\\n');
}"""

WORD = r"[A-Za-z][A-Za-z0-9&_.'’-]*"
LATIN_RUN = re.compile(rf"{WORD}(?:[ \t]+{WORD})*")
# References in report text ([[gdp|growth]]) are markup staff write, shown as written; a
# password hash is shown as its first characters, masked (m1cse******).
NOT_WORDS = re.compile(r"\[\[[^\]]*\]\]|\S+\*{3,}")


def latin_runs(text, allowed):
    return [
        run
        for run in LATIN_RUN.findall(NOT_WORDS.sub("", text))
        if any(w.strip(".-'’").upper() not in allowed for w in re.findall(WORD, run))
    ]


def data_words():
    """Latin words in the records shown: indicator codes, login records (user agents…)."""
    texts = [*Indicator.objects.values_list("code", flat=True)]
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        for row in model.objects.values_list("user_agent", "http_accept", "path_info"):
            texts += row
    for row in AccessAttempt.objects.values_list("get_data", "post_data"):
        texts += row
    return {w.strip(".-'’").upper() for text in texts for w in re.findall(WORD, text or "")}


def users():
    # The roles come from the data migrations (replayed after each flush: tests/conftest.py).
    made = {"superuser": User.objects.create_superuser("总管理员", password=PASSWORD)}
    for role, name in (("审核发布", "审核员"), ("编辑", "编辑员"), ("只读", "查看员")):
        user = User.objects.create_user(name, password=PASSWORD, is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        made[role] = user
    return made


def history_to_show(publisher):
    """A withdrawal with its reason, an edit, a deletion: what history pages list."""
    platform = InnovationPlatform.objects.order_by("pk").first()
    publishing.withdraw(record=platform, user=publisher, reason="数据有误,待核实")
    publishing.publish(record=platform, user=publisher)
    project = Project.objects.order_by("pk").first()
    project.name += "(改)"
    project.save()
    PolicyDocument.objects.order_by("-pk").first().delete()


def kind(path):
    """/admin/hightech_zone/indicator/12/history/ -> admin/hightech_zone/*/N/history: the
    model and the record stand for any; pages outside a model are their own kind."""
    parts = ["N" if p.isdigit() else p for p in path.strip("/").split("/")]
    if len(parts) >= 3:
        parts[2] = "*"
    return "/".join(parts)


def crawl(context, site, start, allowed, shift):
    """From ``start`` over the admin's own links, a kind of page not seen yet first;
    returns what it saw. Each page's links are taken from the ``shift``-th on, so that each
    role meets other models first and the roles together cover more of them."""
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    found, seen, per_kind = list(start), set(), Counter()
    visited, offences = [], {}
    while len(visited) < PAGES_PER_ROLE:
        waiting = [p for p in found if re.sub(r"/\d+/", "/N/", p) not in seen]
        if not waiting:
            break
        path = min(waiting, key=lambda p: per_kind[kind(p)])
        seen.add(re.sub(r"/\d+/", "/N/", path))
        per_kind[kind(path)] += 1
        response = page.goto(site + path)
        visited.append(path)
        assert response.status < 500, f"{path} 返回 {response.status}"
        if response.status >= 400:
            continue
        for run in latin_runs(page.evaluate(VISIBLE_TEXT), allowed):
            offences.setdefault(run, path)
        links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        shift %= max(len(links), 1)
        for href in links[shift:] + links[:shift]:
            target = urlsplit(urljoin(page.url, href))
            if (
                target.netloc == urlsplit(site).netloc
                and target.path.startswith("/admin/")
                and not SKIPPED.search(target.path)
            ):
                found.append(target.path)
    page.close()
    return visited, offences, errors


def log_in(browser, site, user):
    context = browser.new_context(
        locale="zh-CN", extra_http_headers={"Accept-Language": "zh-CN,zh;q=0.9"}
    )
    page = context.new_page()
    page.goto(f"{site}/admin/login/")
    login_text = page.evaluate(VISIBLE_TEXT)
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")
    page.close()
    return context, login_text


@pytest.mark.slow
def test_every_admin_page_of_every_role_is_in_chinese(browser, site, full_zone):
    made = users()
    history_to_show(made["审核发布"])
    indicator = full_zone.gdp
    version = indicator.history.order_by("history_id").first()
    platform = InnovationPlatform.objects.order_by("pk").first()
    # The pages the brief names first, then whatever their links lead to.
    start = [
        "/admin/",
        "/admin/hightech_zone/indicator/add/",
        f"/admin/hightech_zone/indicator/{indicator.pk}/change/",
        f"/admin/hightech_zone/innovationplatform/{platform.pk}/history/",
        f"/admin/hightech_zone/indicator/{indicator.pk}/history/{version.history_id}/",
        "/admin/hightech_zone/policydocument/deleted/",
        "/admin/hightech_zone/indicatorvalue/import/",
        "/admin/hightech_zone/indicatorvalue/export/",
        "/admin/workbook/",
        "/admin/consistency/",
        "/admin/password_change/",
        "/admin/auth/user/add/",
        "/admin/auth/group/add/",
    ]
    report = []
    for number, (role, user) in enumerate(made.items()):
        context, login_text = log_in(browser, site, user)
        allowed = ALLOWED | data_words()
        report += [
            f"[{role}] {run!r} 见于 /admin/login/" for run in latin_runs(login_text, allowed)
        ]
        visited, offences, errors = crawl(context, site, start, allowed, number * 5)
        context.close()
        assert len(visited) >= 20, (role, visited)
        report += [f"[{role}] {run!r} 见于 {path}" for run, path in offences.items()]
        report += [f"[{role}] 脚本错误 {e}" for e in errors]
    if report:
        pytest.fail("后台页面上有英文:\n" + "\n".join(report))
