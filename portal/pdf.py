"""PDF documents rendered on the server by WeasyPrint, with the machine's CJK fonts."""

import ctypes.util
import gc
import hashlib

from django.core.cache import cache

# Debian's libraries WeasyPrint loads (make pdf-deps installs them, with fonts-noto-cjk).
SYSTEM_LIBRARIES = ("pango-1.0", "pangoft2-1.0", "harfbuzz-subset", "fontconfig")

# How long a rendered PDF is kept for a document that has not changed.
CACHE_SECONDS = 24 * 60 * 60


def cached_pdf(html):
    """render_pdf(html), kept in the shared cache under the document's own hash.

    Any write makes the page cache stale, PDF included; the document's HTML is cheap to
    rebuild, and while it reads the same its PDF is reused instead of rendered again (a
    render takes seconds, see docs/benchmarks.md).
    """
    key = "pdf:" + hashlib.sha256(html.encode()).hexdigest()
    pdf = cache.get(key)
    if pdf is None:
        pdf = render_pdf(html)
        cache.set(key, pdf, CACHE_SECONDS)
    return pdf


def render_pdf(html):
    """The PDF of an HTML document that carries its own styles, as bytes.

    The fonts are the system's (fontconfig), embedded as subsets with their Unicode maps, so
    the text can be selected and searched. Nothing is fetched: the document must not need any
    file or address, and one it names anyway is skipped rather than loaded.
    """
    # Imported here, not at start-up: it takes about a second and needs Pango, which only
    # this feature does.
    import weasyprint

    fetcher = weasyprint.URLFetcher(allowed_protocols=())
    pdf = weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf(pdf_tags=True)
    # A render leaves reference cycles holding the font files it read (~70 MB for the 2017
    # report) that only a full collection frees; without it each render grew the process by
    # that much until Python's rare full pass. It takes ~0.3 s (bench/report_pdf.py).
    gc.collect()
    return pdf


def missing_libraries():
    """The system libraries render_pdf needs that this machine lacks."""
    return [name for name in SYSTEM_LIBRARIES if ctypes.util.find_library(name) is None]
