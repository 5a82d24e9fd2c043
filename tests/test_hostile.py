"""Hostile input on every page: XSS payloads in every text field come back escaped, and
spreadsheet formulas in text never run in an exported workbook.

The test walks the whole URL conf (tests/urlcatalog.py), so the pages of every app are covered
as soon as they are routed. URLs it cannot open are listed by name in the failure message;
declare their kwargs in tests/urlcatalog.KWARGS or give them an object in tests/<app>/world.py.
"""

import io
import warnings

import openpyxl
import pytest
from auditlog.context import set_actor
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from openpyxl import Workbook

from tests.urlcatalog import PERSONAS, PROJECT_APPS, build_world, url_entries, url_for
from unionhub.excel import safe, write_table

SCRIPT = "<script>alert(1)</script>"
FORMULA = "=cmd|' /C calc'!A0"
LONG_PAYLOAD = FORMULA + SCRIPT
SHORT_PAYLOAD = "<x>'\""  # for short columns: a tag and both quotes
SKIP_FIELDS = {"id_number", "phone", "password"}  # validated formats, not free text

# URL name -> why the test may not render it (keep this short and honest)
KNOWN_UNREACHABLE = {}


def is_unique(field):
    """unique=True, or alone in a (possibly conditional) UniqueConstraint."""
    return field.unique or any(
        isinstance(c, models.UniqueConstraint) and tuple(c.fields) == (field.name,)
        for c in field.model._meta.constraints
    )


def payload_for(field, pk):
    """The payload, or None where the field's own validators refuse it (a format, not free text)."""
    suffix = str(pk) if is_unique(field) else ""
    for payload in (LONG_PAYLOAD, SHORT_PAYLOAD):
        try:
            field.run_validators(payload + suffix)  # max_length and any format validator
        except ValidationError:
            continue
        return payload + suffix
    return None


def text_fields(model):
    for f in model._meta.concrete_fields:
        if type(f) in (models.CharField, models.TextField) and not f.choices and f.name not in SKIP_FIELDS:
            yield f


def poison_everything(actor):
    """Write the payload into every free-text column of every row of the project's models."""
    poisoned = 0
    with set_actor(actor):  # audited models keep the payload in the trail too
        for app in PROJECT_APPS:
            for model in apps.get_app_config(app).get_models():
                fields = list(text_fields(model))
                if not fields:
                    continue
                for obj in model._base_manager.all():
                    values = {f.name: payload_for(f, obj.pk) for f in fields}
                    values = {k: v for k, v in values.items() if v is not None}
                    for k, v in values.items():
                        setattr(obj, k, v)
                    try:
                        obj.save(update_fields=list(values))
                    except Exception:  # a save() with its own rules: write the columns directly
                        model._base_manager.filter(pk=obj.pk).update(**values)
                    poisoned += 1
    return poisoned


@pytest.fixture
def poisoned_world(request, db):
    personas = {name: request.getfixturevalue(name) for name in PERSONAS}
    world = build_world(personas)
    assert poison_everything(personas["chair"]) > 10
    return world


def check_body(response, where):
    problems = []
    ctype = response.get("Content-Type", "")
    if response.status_code >= 500:
        problems.append(f"{where}: HTTP {response.status_code}")
    if ctype.startswith("text/") or "json" in ctype:
        body = b"".join(response) if response.streaming else response.content
        text = body.decode("utf-8", "replace")
        if SCRIPT in text or "<x>" in text:
            problems.append(f"{where}: unescaped payload in the page")
    if "spreadsheetml" in ctype:
        body = b"".join(response) if response.streaming else response.content
        problems += [f"{where}: {p}" for p in formula_cells(body)]
    return problems


def formula_cells(xlsx_bytes):
    """Cells whose text would run as a formula in Excel (our payload, not left escaped)."""
    wb = openpyxl.load_workbook(io.BytesIO(xlsx_bytes))
    bad = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("=") and "cmd|" in cell.value:
                    bad.append(f"{ws.title}!{cell.coordinate} is a live formula: {cell.value[:30]}")
    return bad


def test_every_page_escapes_hostile_text(poisoned_world, client, django_user_model):
    admin_user = django_user_model.objects.create_superuser(username="root01", password="x-Root-2026")
    problems, unreached, admin_unreached, rendered = [], [], [], 0
    for entry in url_entries():
        if entry.name is None:
            if entry.namespace == "" and not entry.route.startswith("admin/"):
                unreached.append(f"{entry.route}: unnamed pattern")
            continue
        url, why = url_for(entry, poisoned_world)
        if url is None:
            (admin_unreached if entry.namespace == "admin" else unreached).append(f"{entry.name}: {why}")
            continue
        client.force_login(admin_user if entry.namespace == "admin" else poisoned_world.chair)
        response = client.get(url)
        problems += check_body(response, f"{entry.name} ({url})")
        if response.status_code == 404 and entry.name not in KNOWN_UNREACHABLE:
            target = admin_unreached if entry.namespace == "admin" else unreached
            target.append(f"{entry.name}: 404 at {url}")
        elif response.status_code == 200:
            rendered += 1
    if admin_unreached:
        warnings.warn("admin pages not opened: " + "; ".join(admin_unreached), stacklevel=1)
    unreached = [u for u in unreached if u.split(":")[0] not in KNOWN_UNREACHABLE]
    assert not problems, "\n".join(problems)
    assert not unreached, "pages the test could not open:\n" + "\n".join(unreached)
    assert rendered > 30


def test_the_payload_really_is_in_the_data(poisoned_world, client):
    """Guards the test above: the pages it renders do carry the payload, escaped."""
    from django.urls import reverse

    client.force_login(poisoned_world.chair)
    body = client.get(reverse("audit_log")).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


@pytest.mark.parametrize("value", [FORMULA, "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "=1+1"])
def test_safe_escapes_formula_prefixes(value):
    assert safe(value) == "'" + value


@pytest.mark.parametrize("value", ["张三", "1+1", "a=b", 42, None, 3.5])
def test_safe_leaves_ordinary_values(value):
    assert safe(value) == value


def test_workbook_written_with_hostile_text_has_no_formula():
    wb = Workbook()
    write_table(
        wb.active,
        title=FORMULA,
        headers=["姓名", FORMULA],
        rows=[[FORMULA, '=HYPERLINK("http://evil","点我")'], ["@SUM(1)", 5]],
        total_row=["-1+1", 5],
    )
    buf = io.BytesIO()
    wb.save(buf)
    assert formula_cells(buf.getvalue()) == []
    loaded = openpyxl.load_workbook(io.BytesIO(buf.getvalue()))
    values = [c.value for row in loaded.active.iter_rows() for c in row if c.value is not None]
    assert all(not (isinstance(v, str) and v.startswith(("=", "+", "-", "@"))) for v in values)
    assert 5 in values  # numbers stay numbers
