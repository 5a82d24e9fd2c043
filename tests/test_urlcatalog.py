"""The URL walker and kwargs filler the hostile and permission tests rely on."""

import pytest

from tests import urlcatalog
from tests.urlcatalog import UrlEntry, url_entries, url_for


def test_walker_finds_named_and_admin_urls_with_their_params():
    entries = {e.name: e for e in url_entries() if e.name}
    assert entries["notification_open"].params == ("pk",)
    assert entries["admin:members_member_change"].params == ("object_id",)
    assert "home" in entries and entries["home"].params == ()


@pytest.mark.django_db
def test_guesses_fill_ids_from_the_world_and_report_what_they_cannot(make_user, monkeypatch):
    from members.models import Member

    member = make_user("m1")
    world = urlcatalog.World(personas={"member": member})
    world.objects[Member] = member.member
    entry = UrlEntry("admin:members_member_change", "", ("object_id",), None)
    assert url_for(entry, world) == (f"/admin/members/member/{member.member.pk}/change/", None)
    unknown = UrlEntry("notifications", "", ("token",), None)
    url, why = url_for(unknown, world)
    assert url is None and "<token>" in why
    monkeypatch.setitem(urlcatalog.KWARGS, "notifications", lambda w: {"?": "start=2026-01-01&end=2026-01-31"})
    assert url_for(unknown, world) == ("/messages/?start=2026-01-01&end=2026-01-31", None)
