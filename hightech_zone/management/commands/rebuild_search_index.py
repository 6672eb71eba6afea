"""Rebuild the search index from the published records (after a restore, or to repair it)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from hightech_zone.management.chinese import ChineseCommandLine
from hightech_zone.models import SearchKind
from hightech_zone.search_index import rebuild


class Command(ChineseCommandLine, BaseCommand):
    help = "从已发布的记录重建搜索索引。"

    def handle(self, *args, **options):
        with transaction.atomic():
            counts = rebuild()
        for kind, count in counts.items():
            self.stdout.write(f"{SearchKind(kind).label}:{count} 条")
        self.stdout.write(self.style.SUCCESS(f"搜索索引已重建,共 {sum(counts.values())} 条。"))
