"""Chinese names for the link tables of many-to-many fields, which Django names in English.

The admin lists them when a deletion takes links with it ("Reportsection-indicator
relationship: ReportSection_indicators object (1)"); here they read as "报告章节与指标的关联:
<the section> — <the indicator>".
"""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


def _describe(source, target):
    def __str__(link):
        return f"{getattr(link, source)} — {getattr(link, target)}"

    return __str__


def name_link_tables(models):
    for model in models:
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            if not through._meta.auto_created:
                continue
            name = format_lazy(
                _("{source}与{target}的关联"),
                source=model._meta.verbose_name,
                target=field.verbose_name,
            )
            through._meta.verbose_name = through._meta.verbose_name_plural = name
            through.__str__ = _describe(field.m2m_field_name(), field.m2m_reverse_field_name())
