"""Accessible HTML on every public page: landmarks, one h1, captions, header cells, labels."""

from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import public_pages

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_records")]


class Outline(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []
        self.ids = set()
        self.labels = set()
        self.controls = []
        self.tables = []
        self.in_table = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "label" and "for" in attrs:
            self.labels.add(attrs["for"])
        if tag in ("input", "select", "textarea") and attrs.get("type") != "hidden":
            self.controls.append(attrs)
        if tag == "table":
            self.in_table = {"caption": False, "th": 0, "th_scope": 0}
            self.tables.append(self.in_table)
        if self.in_table is not None and tag == "caption":
            self.in_table["caption"] = True
        if self.in_table is not None and tag == "th":
            self.in_table["th"] += 1
            self.in_table["th_scope"] += "scope" in attrs

    def handle_endtag(self, tag):
        if tag == "table":
            self.in_table = None

    def count(self, tag):
        return sum(1 for t, _ in self.tags if t == tag)


def pages():
    return [*public_pages(), "/en/", "/no-such-page/", "/report-error/?page=/", "/en/report-error/"]


def test_every_page_has_landmarks_one_h1_captions_header_cells_and_labels(client):
    for url in pages():
        response = client.get(url)
        outline = Outline()
        outline.feed(response.content.decode())
        assert outline.count("h1") == 1, url
        for landmark in ("header", "nav", "main", "footer"):
            assert outline.count(landmark) >= 1, (url, landmark)
        assert any(t == "a" and a.get("href") == "#main" for t, a in outline.tags), url
        for table in outline.tables:
            assert table["caption"], url
            assert table["th"] and table["th"] == table["th_scope"], url
        for control in outline.controls:
            assert control.get("id") in outline.labels, (url, control)


def test_stylesheet_gives_visible_focus_and_print_rules(client):
    from django.contrib.staticfiles import finders

    css = Path(finders.find("css/portal.css")).read_text(encoding="utf-8")
    assert ":focus-visible" in css and "outline: 3px solid" in css
    print_css = Path(finders.find("css/print.css")).read_text(encoding="utf-8")
    assert "size: A4" in print_css


def relative_luminance(hex_colour):
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground, background):
    lighter, darker = sorted(
        (relative_luminance(foreground), relative_luminance(background)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize(
    ("foreground", "background"),
    [
        ("#1f2328", "#ffffff"),  # body text
        ("#555e68", "#ffffff"),  # muted text
        ("#0b4f8a", "#ffffff"),  # links and figures
        ("#ffffff", "#0b4f8a"),  # header
        ("#ffffff", "#083b67"),  # navigation
        ("#0b4f8a", "#f6f8fa"),  # links in the section data panel
        ("#1f2328", "#fde68a"),  # highlighted search words
    ],
)
def test_colours_meet_wcag_aa_contrast(foreground, background):
    assert contrast(foreground, background) >= 4.5
