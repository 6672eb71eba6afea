"""Finding indicators by what spreadsheets call them: code, name or one of their other names."""

import re

ALIAS_SEPARATORS = re.compile(r"[、,,;;\n]+")


def split_aliases(text):
    """An indicator's other names as written (全社会固定资产投资、固投), in order, once each."""
    return list(dict.fromkeys(a.strip() for a in ALIAS_SEPARATORS.split(text or "") if a.strip()))


def names_of(indicator):
    """The names an indicator answers to: its own name first, then its other names."""
    return list(dict.fromkeys([indicator.name.strip(), *split_aliases(indicator.aliases)]))


def by_name(indicators, *, codes=False):
    """Every name (and, with ``codes``, every code) -> the indicators it may mean.

    A label that means more than one indicator maps to all of them: the caller refuses it as
    ambiguous rather than guess.
    """
    found = {}
    for indicator in indicators:
        labels = [indicator.code] if codes else []
        for label in [*labels, *names_of(indicator)]:
            mine = found.setdefault(label, [])
            if indicator not in mine:
                mine.append(indicator)
    return found


def lookup():
    """Code, name and other names of every indicator in the database -> the indicators."""
    from .models import Indicator

    return by_name(Indicator.objects.all(), codes=True)


def ambiguity(label, indicators):
    """The Chinese reason a name cannot be used: it names these indicators."""
    named = "、".join(f"{i.name}({i.code})" for i in indicators)
    return f"“{label}”对应多个指标({named}),请改用指标代码"
