"""Policy attachments as downloads, sent by Django or, when configured, by nginx."""

import mimetypes
from pathlib import PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header


def attachment_response(field_file):
    """The stored file as a download under its own (often Chinese) name.

    Nothing under MEDIA_ROOT is public by address: a view decides who may have a file, then
    streams it, or, with DJANGO_MEDIA_ACCEL_REDIRECT set, names it to nginx's internal
    location (X-Accel-Redirect, percent-encoded as nginx expects) so that nginx sends it.
    """
    name = PurePosixPath(field_file.name).name
    prefix = settings.MEDIA_ACCEL_REDIRECT
    if prefix:
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        response = HttpResponse(content_type=kind)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(field_file.name)
    else:
        try:
            stream = field_file.storage.open(field_file.name, "rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(stream, as_attachment=True, filename=name)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
