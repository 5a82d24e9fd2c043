"""Input no view can use is refused once, for every app, with a Chinese 400 page."""

from auditlog.models import LogEntry
from django.contrib import admin
from django.urls import reverse


def test_nul_character_in_a_search_is_a_400_not_a_500(client_as, officer):
    client = client_as(officer)
    response = client.get(reverse("members:list"), {"q": "张\x00三"})
    assert response.status_code == 400
    assert "非法字符" in response.content.decode()


def test_nul_character_in_a_form_is_refused_before_any_write(client_as, officer, make_member):
    from members.models import Department

    client = client_as(officer)
    before = Department.objects.count()
    response = client.post(reverse("members:department_create"), {"name": "新\x00部门"})
    assert response.status_code == 400
    assert Department.objects.count() == before


def test_auditlog_entries_are_not_browsable_in_the_admin():
    """The trail holds hardship circumstances: only the chair's 操作日志 page shows it."""
    assert not admin.site.is_registered(LogEntry)
