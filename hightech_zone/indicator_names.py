"""Finding indicators by what spreadsheets call them: code, name or one of their other names."""

import re
import unicodedata

ALIAS_SEPARATORS = re.compile(r"[、,,;;\n]+")


def split_aliases(text):
    """An indicator's other names as written (全社会固定资产投资、固投), in order, once each."""
    return list(dict.fromkeys(a.strip() for a in ALIAS_SEPARATORS.split(text or "") if a.strip()))


def names_of(indicator):
    """The names an indicator answers to: its own name first, then its other names."""
    return list(dict.fromkeys([indicator.name.strip(), *split_aliases(indicator.aliases)]))


def label(text):
    """A name as looked up: full-width letters and digits as ASCII, no surrounding spaces."""
    return unicodedata.normalize("NFKC", str(text or "")).strip()


class Names(dict):
    """Labels -> indicators, looked up with 地区生产总值 and ＧＤＰ read alike."""

    def get(self, key, default=None):
        return super().get(label(key), default)

    def __contains__(self, key):
        return super().__contains__(label(key))


def by_name(indicators, *, codes=False):
    """Every name (and, with ``codes``, every code) -> the indicators it may mean.

    A label that means more than one indicator maps to all of them: the caller refuses it as
    ambiguous rather than guess.
    """
    found = Names()
    for indicator in indicators:
        codes_of = [indicator.code] if codes else []
        for text in [*codes_of, *names_of(indicator)]:
            mine = found.setdefault(label(text), [])
            if indicator not in mine:
                mine.append(indicator)
    return found


def lookup(*, codes=True):
    """Code, name and other names of every indicator in the database -> the indicators."""
    from .models import Indicator

    return by_name(Indicator.objects.all(), codes=codes)


def ambiguity(text, indicators):
    """The Chinese reason a name cannot be used: it names these indicators."""
    named = "、".join(f"{i.name}({i.code})" for i in sorted(indicators, key=lambda i: i.code))
    return f"“{text}”对应多个指标({named}),请改用指标代码"
