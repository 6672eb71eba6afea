"""Template tags and filters of the public pages: addresses, figures, inspection meta tags."""

from django import template
from django.urls import reverse, translate_url

from hightech_zone.numbers import format_number, format_quantity

from ..page_meta import page_meta

register = template.Library()


@register.simple_tag(takes_context=True)
def translated_url(context, language):
    """The current page, query string included, in another language."""
    request = context["request"]
    return translate_url(request.get_full_path(), language)


@register.simple_tag(takes_context=True)
def export_url(context, export_format):
    """The current list's address with its filters and sort, asking for a download."""
    query = context["request"].GET.copy()
    query.pop("page", None)
    query["_export"] = export_format
    return "?" + query.urlencode()


@register.simple_tag(takes_context=True)
def absolute_url(context, url_name, query=""):
    """The absolute address of a URL name (any app's) on the host the page was asked for,
    with an optional query string: for addresses a reader copies elsewhere (curl)."""
    path = reverse(url_name) + (f"?{query}" if query else "")
    return context["request"].build_absolute_uri(path)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def number(value):
    """A figure as every page shows it (hightech_zone.numbers): 3.77, not 3.7700."""
    return format_number(value)


@register.filter
def quantity(value, unit):
    """A figure with its unit: 3.77亿元; in English "377 million yuan"."""
    return format_quantity(value, "", unit)


@register.inclusion_tag("includes/page_meta.html", takes_context=True)
def page_meta_tags(context):
    """The inspection <meta> tags (portal.page_meta) of the page being rendered; a record page's
    record is its DetailView's object."""
    return {
        "tags": page_meta(
            request=context.get("request"),
            profile=context.get("profile"),
            record=context.get("object"),
        )
    }
