"""A staff member's browser without the browser, for tests that drive a server of their own
(`make run`, `make serve`): cookies, CSRF, forms and uploads, and waiting for a job to end."""

import http.cookiejar
import json
import re
import time
import urllib.parse
import urllib.request
import uuid


class Session:
    """A staff member's browser without the browser: cookies, CSRF and forms."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def url(self, path):
        return urllib.parse.urljoin(self.base, path)

    def get(self, path):
        with self.opener.open(self.url(path), timeout=30) as response:
            return response.geturl(), response.read().decode()

    def csrf(self, path):
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.get(path)[1])[1]

    def post(self, path, fields, files=None, *, token_from=None):
        fields = {"csrfmiddlewaretoken": self.csrf(token_from or path), **fields}
        boundary = uuid.uuid4().hex
        body = b""
        for name, value in fields.items():
            body += (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
            ).encode()
        for name, (file_name, data) in (files or {}).items():
            body += (
                (
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                    f'filename="{file_name}"\r\nContent-Type: text/csv\r\n\r\n'
                ).encode()
                + data
                + b"\r\n"
            )
        body += f"--{boundary}--\r\n".encode()
        request = urllib.request.Request(
            self.url(path),
            data=body,
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Referer": self.url(path),
            },
        )
        with self.opener.open(request, timeout=30) as response:
            return response.geturl(), response.read().decode()

    def wait_for_job(self, job_url, timeout=120):
        progress = job_url.replace("/change/", "/progress/")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            state = json.loads(self.get(progress)[1])
            if state["status"] not in ("queued", "running"):
                return state
            time.sleep(0.2)
        raise AssertionError(f"the job at {job_url} did not end in {timeout} s")
