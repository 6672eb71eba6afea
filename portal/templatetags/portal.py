import re

from django import template
from django.urls import translate_url
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def translated_url(context, language):
    """The current page, query string included, in another language."""
    request = context["request"]
    return translate_url(request.get_full_path(), language)


@register.filter
def highlight(text, query):
    """Escape text and wrap every case-insensitive occurrence of query in <mark>."""
    text = str(text or "")
    if not query:
        return escape(text)
    pattern = re.compile(re.escape(query), re.IGNORECASE)
    out, position = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[position : match.start()]))
        out.append(f"<mark>{escape(match.group(0))}</mark>")
        position = match.end()
    out.append(escape(text[position:]))
    # Safe: every piece was escaped above.
    return mark_safe("".join(out))


@register.filter
def excerpt(text, query, width=60):
    """The part of text around the first occurrence of query, with ellipses."""
    text = str(text or "")
    index = text.lower().find(str(query).lower()) if query else -1
    if index < 0:
        return text[: width * 2] + ("…" if len(text) > width * 2 else "")
    start = max(0, index - width)
    end = min(len(text), index + len(query) + width)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


@register.simple_tag(takes_context=True)
def export_url(context, export_format):
    """The current list's address with its filters and sort, asking for a download."""
    query = context["request"].GET.copy()
    query.pop("page", None)
    query["_export"] = export_format
    return "?" + query.urlencode()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
