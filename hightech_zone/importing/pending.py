"""Uploads waiting for the user to confirm their preview, kept in the database."""

import datetime
import re
import uuid
import zlib

from django.utils import timezone
from import_export.tmp_storages import BaseStorage

from .reading import SpreadsheetError


class DatabaseStorage(BaseStorage):
    """django-import-export's storage for the upload between preview and confirmation.

    The library offers a temporary folder, the cache or the media storage; the first two are
    local to one app server unless Redis is configured (and a cache may evict the file), and
    media needs a shared disk. Every app server shares the database, so the file waits there,
    and is deleted when imported or, if never confirmed, by the next upload after a day.
    """

    lifetime = datetime.timedelta(days=1)
    NAME = re.compile(r"[0-9a-f]{32}")

    def save(self, data):
        from ..models import PendingUpload

        self.name = self.name or uuid.uuid4().hex
        PendingUpload.objects.filter(created_at__lt=timezone.now() - self.lifetime).delete()
        PendingUpload.objects.create(name=self.name, data=zlib.compress(data, 1), compressed=True)

    def read(self):
        from ..models import PendingUpload

        # The name comes back in a hidden form field; anything but ours was never stored.
        upload = (
            PendingUpload.objects.filter(name=self.name).first()
            if self.NAME.fullmatch(self.name or "")
            else None
        )
        if upload is None:
            raise SpreadsheetError("待确认的文件已导入或已过期,请重新上传。")
        return zlib.decompress(upload.data) if upload.compressed else bytes(upload.data)

    def remove(self):
        from ..models import PendingUpload

        if self.NAME.fullmatch(self.name or ""):
            PendingUpload.objects.filter(name=self.name).delete()
