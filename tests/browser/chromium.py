"""Debian's chromium under Playwright: the ``browser`` and ``page`` fixtures every browser test
uses, here so that tests/seed/ can drive the shipped report in the same browser setup."""

import os
import shutil

import pytest

# Playwright's sync API keeps an event loop on the test thread; Django then refuses ORM
# calls from it unless told that this (test-only) process knows what it is doing.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


_running = []  # the one browser of this run, once launched


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium package, never a browser downloaded by Playwright. One for the whole
    run, whichever folder asks first: Playwright's sync API cannot start a second one while
    the first's event loop runs on this thread."""
    if _running:
        yield _running[0]
        return
    if not shutil.which(CHROMIUM):
        pytest.fail(
            f"浏览器测试需要 Debian 的 chromium({CHROMIUM}),请运行 make browser-deps 安装。"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        _running.append(browser)
        try:
            yield browser
        finally:
            _running.clear()
            browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    page.errors = []
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()
