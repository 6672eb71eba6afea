"""Forms filled in and sent as a browser sends them: every field the page holds, as it holds it.

A test that posts a hand-made dict tests what the test's author thinks the page sends; these
helpers read the page's own form (hidden fields, the version it was opened at, the CSRF token,
selected options, checked boxes), change only what the test names, and post the rest unchanged.
"""

from html.parser import HTMLParser

from django.test import Client
from django.urls import reverse

TEXT_INPUTS = {"", "text", "hidden", "number", "date", "email", "url", "password", "search", "tel"}


class Form:
    def __init__(self, attrs):
        self.id = attrs.get("id", "")
        self.action = attrs.get("action") or ""
        self.method = (attrs.get("method") or "get").lower()
        self.fields = []  # (name, value) in page order, as a browser would send them
        self.names = set()  # every field's name, sent or not (an unchecked box, say)

    def data(self, changes=None):
        """The form's data with ``changes`` applied: a value, a list of values, or None to
        leave the field out."""
        changes = dict(changes or {})
        data = {}
        for name, value in self.fields:
            if name in changes:
                continue
            data.setdefault(name, []).append(value)
        for name, value in changes.items():
            if value is None:
                continue
            data[name] = [str(v) for v in value] if isinstance(value, list | tuple) else [value]
        return data


class FormReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self.form = None
        self.select = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.form = Form(attrs)
            self.forms.append(self.form)
            return
        if self.form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            self.form.names.add(name)
            kind = (attrs.get("type") or "").lower()
            if "disabled" in attrs:
                return
            if kind in TEXT_INPUTS:
                self.form.fields.append((name, attrs.get("value") or ""))
            elif kind in ("checkbox", "radio") and "checked" in attrs:
                self.form.fields.append((name, attrs.get("value", "on")))
        elif tag == "select" and name:
            self.form.names.add(name)
            self.select = {"name": name, "multiple": "multiple" in attrs, "first": None, "on": []}
            if "disabled" in attrs:
                self.select["disabled"] = True
        elif tag == "option" and self.select is not None:
            value = attrs.get("value", "")
            if self.select["first"] is None:
                self.select["first"] = value
            if "selected" in attrs:
                self.select["on"].append(value)
        elif tag == "textarea" and name:
            self.form.names.add(name)
            self.textarea = {"name": name, "text": "", "disabled": "disabled" in attrs}

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea["text"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select" and self.select is not None:
            chosen = self.select["on"]
            if not chosen and not self.select["multiple"] and self.select["first"] is not None:
                chosen = [self.select["first"]]
            if not self.select.get("disabled"):
                self.form.fields += [(self.select["name"], value) for value in chosen]
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            text = self.textarea["text"]
            if not self.textarea["disabled"]:
                # Browsers drop the newline that follows <textarea>.
                self.form.fields.append((self.textarea["name"], text.removeprefix("\n")))
            self.textarea = None


def read_form(html, form_id=None):
    """The page's form named ``form_id``, or its first form that posts (not the log-out one)."""
    reader = FormReader()
    reader.feed(html)
    for form in reader.forms:
        if form_id is not None and form.id == form_id:
            return form
        if form_id is None and form.method == "post" and form.id != "logout-form":
            return form
    raise AssertionError(f"no form {form_id or 'that posts'} on the page")


def browser(user=None):
    """A client that, like a browser, must send the CSRF token the page gave it."""
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


def submit(client, url, changes=None, *, button=("_save", ""), form_id=None, files=None):
    """Open ``url``, fill in its form with ``changes`` and send it with ``button``.

    Returns the response to the post. The page must open (a user who may not see the form
    cannot send it from a browser); use ``post_blind`` to send a form one was never shown.
    """
    page = client.get(url)
    assert page.status_code == 200, f"{url} answered {page.status_code}"
    form = read_form(page.content.decode(), form_id)
    unknown = set(changes or {}) - form.names
    assert not unknown, f"the form at {url} has no field {sorted(unknown)}"
    data = form.data(changes)
    if button:
        data[button[0]] = [button[1]]
    data.update(files or {})
    return client.post(form.action or url, data)


def form_data(client, url, *, form_id=None):
    """The data a browser would send from ``url``'s form, unchanged."""
    page = client.get(url)
    assert page.status_code == 200, f"{url} answered {page.status_code}"
    return read_form(page.content.decode(), form_id).data()


def post_blind(client, url, data):
    """Post ``data`` (a form read by someone else, say) to ``url`` as ``client``, with the
    client's own CSRF token: what an attacker who never saw the form can send."""
    client.get("/admin/", follow=True)  # the index, or the log-in page: both set the cookie
    data = {**data, "csrfmiddlewaretoken": [client.cookies["csrftoken"].value]}
    return client.post(url, data)


def admin_url(record, action, *args):
    """The admin address of ``action`` on a record's model (change, history, propose…)."""
    meta = record._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{action}", args=args)


def reload(record):
    return type(record).objects.get(pk=record.pk)


def public_text(url):
    """A public page as an anonymous visitor gets it (it must answer 200)."""
    response = Client().get(url)
    assert response.status_code == 200
    return response.content.decode()
