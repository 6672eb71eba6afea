"""Chinese text cut into what the search index holds: every character, and jieba's words.

Every letter, digit and CJK character is a token of its own, so that any one- or two-character
query (医, 项目) is a conjunction of tokens the index holds; jieba's words (cut for search, so
智能制造 also gives 智能 and 制造) are added so that a whole word ranks above scattered
characters. Text is folded first (case, full-width forms), as the reader's query is.
"""

import logging
import tempfile
import unicodedata
from functools import cache

# The common abbreviations a reader types for the names the pages spell out, both ways.
SYNONYMS = (
    ("高新区", "高新技术产业开发区"),
    ("gdp", "地区生产总值"),
)


def fold(text):
    """``text`` case-folded and in NFKC form (ＧＤＰ → gdp, ７２.６ → 72.6)."""
    return unicodedata.normalize("NFKC", str(text or "")).casefold()


def normalize_query(query):
    return " ".join(fold(query).split())


@cache
def _jieba():
    """jieba, initialised once and quietly, its dictionary cache in a temporary folder (the
    dictionary ships with the package: nothing is downloaded)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.dt.tmp_dir = tempfile.gettempdir()
    jieba.initialize()
    return jieba


def characters(text):
    """The letters, digits and CJK characters of folded ``text``, in order."""
    return [char for char in fold(text) if char.isalnum()]


def words(text):
    """jieba's words of two characters or more in folded ``text``, cut for search."""
    found = (word.strip() for word in _jieba().cut_for_search(fold(text)))
    return [word for word in found if len(word) > 1 and word.isalnum()]


def tokens(text):
    """What the index holds for ``text``: its characters, then its words, space-separated."""
    return " ".join(characters(text) + words(text))


def alternatives(query):
    """The normalized ``query`` and its spellings with each known abbreviation swapped."""
    query = normalize_query(query)
    found = [query]
    for short, long in SYNONYMS:
        for a, b in ((short, long), (long, short)):
            for known in list(found):
                if a in known:
                    swapped = known.replace(a, b)
                    if swapped not in found:
                        found.append(swapped)
    return found
