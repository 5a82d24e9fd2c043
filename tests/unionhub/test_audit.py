"""The audit trail: registered models, actor recorded, the chair's 操作日志 page."""

import datetime

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD
from unionhub.audit import AUDITED_MODELS, audited_models

pytestmark = pytest.mark.django_db


def test_every_listed_model_resolves_and_is_registered():
    models = audited_models()
    assert len(models) == len(AUDITED_MODELS) >= 3
    for model in models:
        assert auditlog.contains(model), model


def test_user_passwords_are_never_in_the_trail():
    from unionhub.models import User

    fields = auditlog.get_model_fields(User)
    assert "password" in fields["exclude_fields"] and "last_login" in fields["exclude_fields"]


def test_password_change_records_the_user_as_actor_without_the_password(client, member):
    member.must_change_password = True
    member.save()
    client.force_login(member)
    client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "Xin-mima-2026!", "new_password2": "Xin-mima-2026!"},
    )
    entry = LogEntry.objects.get_for_object(member).filter(action=LogEntry.Action.UPDATE).latest("timestamp")
    assert entry.actor == member
    assert "must_change_password" in entry.changes_dict
    assert "password" not in entry.changes_dict
    assert "Xin-mima" not in str(entry.changes) and "Xin-mima" not in entry.changes_text


def test_middleware_records_request_user_and_address(rf, officer, make_member):
    from auditlog.middleware import AuditlogMiddleware

    target = make_member(name="张三")

    def view(request):
        target.name = "张三丰"
        target.save()
        from django.http import HttpResponse

        return HttpResponse("ok")

    request = rf.post("/x/", REMOTE_ADDR="10.1.2.3")
    request.user = officer
    AuditlogMiddleware(view)(request)
    entry = LogEntry.objects.get_for_object(target).latest("timestamp")
    assert entry.actor == officer and entry.remote_addr == "10.1.2.3"
    assert entry.changes_dict["name"] == ["张三", "张三丰"]


def test_role_changes_are_recorded(officer, member):
    from django.contrib.auth.models import Group

    from unionhub.permissions import Role

    with set_actor(officer):
        member.groups.add(Group.objects.get(name=Role.WELFARE))
    entry = LogEntry.objects.get_for_object(member).latest("timestamp")
    assert entry.actor == officer
    assert Role.WELFARE in str(entry.changes_dict["groups"])


def test_chair_reads_changes_with_chinese_field_names(client_as, chair, officer, make_member, other_department):
    target = make_member(name="李四", sex="M")
    with set_actor(officer):
        target.name = "李四光"
        target.sex = "F"
        target.department = other_department
        target.save()
    body = client_as(chair).get(reverse("audit_log"), {"q": "李四"}).content.decode()
    assert "李干事（officer01）" in body
    assert "姓名" in body and "<del>李四</del> → 李四光" in body
    assert "性别" in body and "<del>男</del> → 女" in body
    assert "部门" in body and "→ 后勤处" in body
    assert "修改" in body and "会员" in body


def test_filters_by_model_user_action_and_date(client_as, chair, officer, make_member):
    from django.contrib.contenttypes.models import ContentType

    from members.models import Member, MembershipEvent

    with set_actor(officer):
        m = make_member(name="王五")
    with set_actor(chair):
        m.phone = "13900000000"
        m.save()
    client = client_as(chair)
    member_ct = ContentType.objects.get_for_model(Member)
    event_ct = ContentType.objects.get_for_model(MembershipEvent)

    def rows(**params):
        response = client.get(reverse("audit_log"), params)
        return [e for e in response.context["entries"] if "王五" in e.object_repr]

    assert len(rows()) == 3  # member created, event created, member changed
    assert {e.content_type_id for e in rows(model=member_ct.pk)} == {member_ct.pk}
    assert {e.content_type_id for e in rows(model=event_ct.pk)} == {event_ct.pk}
    assert [e.actor for e in rows(user="王主席")] == [chair]
    assert {e.actor for e in rows(user="officer01")} == {officer}
    assert [e.action for e in rows(action=LogEntry.Action.UPDATE)] == [LogEntry.Action.UPDATE]
    today = timezone.localdate()
    assert len(rows(**{"from": today.isoformat(), "to": today.isoformat()})) == 3
    assert rows(to=(today - datetime.timedelta(2)).isoformat()) == []
    # nonsense filters are ignored, not a 500
    assert client.get(reverse("audit_log"), {"model": "x", "action": "9", "from": "bad"}).status_code == 200


def test_calendar_end_dates_mean_no_limit_not_a_500(client_as, chair, officer, make_member):
    """Before: 从 0001-01-01 or 到 9999-12-31 (typed as "no limit") crashed 操作日志 with a 500."""
    with set_actor(officer):
        make_member(name="王五")
    client = client_as(chair)
    for params in ({"from": "0001-01-01"}, {"to": "9999-12-31"}, {"from": "0001-01-01", "to": "9999-12-31"}):
        response = client.get(reverse("audit_log"), params)
        assert response.status_code == 200
        assert any("王五" in e.object_repr for e in response.context["entries"])


def test_audit_log_is_chair_only(client, client_as, officer, welfare_officer, member):
    response = client.get(reverse("audit_log"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    for user in (officer, welfare_officer, member):
        assert client_as(user).get(reverse("audit_log")).status_code == 403


def test_menu_shows_audit_log_to_the_chair_only(client_as, chair, officer):
    assert "操作日志" in client_as(chair).get(reverse("notifications")).content.decode()
    assert "操作日志" not in client_as(officer).get(reverse("notifications")).content.decode()


def test_empty_state(client_as, chair):
    body = client_as(chair).get(reverse("audit_log"), {"user": "没有这个人"}).content.decode()
    assert "没有符合条件的操作记录" in body


def test_audit_log_pages_and_query_count(
    client_as, chair, officer, make_member, other_department, django_assert_max_num_queries
):
    with set_actor(officer):
        for i in range(40):
            m = make_member(name=f"批量{i}")
            m.department = other_department
            m.save()
    client = client_as(chair)
    # session, user, roles, content types (cached after first), count, page of entries with
    # actor + content type, departments named in the diffs, unread count, the session save and
    # the apps' menu entries (member record, delegate check, badge counts: a constant handful)
    with django_assert_max_num_queries(18):
        response = client.get(reverse("audit_log"))
    assert len(response.context["entries"]) == 50
    assert response.context["page_obj"].paginator.num_pages >= 3
    assert client.get(reverse("audit_log"), {"page": 3}).status_code == 200


def test_new_and_deleted_records_list_only_filled_fields(client_as, chair, officer, make_member):
    with set_actor(officer):
        target = make_member(name="赵六", staff_no="Z0006")
        target.delete()
    response = client_as(chair).get(reverse("audit_log"), {"q": "赵六"})
    entries = [e for e in response.context["entries"] if e.content_type.model == "member"]
    assert [e.action for e in entries] == [LogEntry.Action.DELETE, LogEntry.Action.CREATE]
    for entry in entries:
        rows = {label: (old, new) for label, old, new in entry.change_rows}
        assert rows["姓名"] == ("", "赵六") and rows["工号"] == ("", "Z0006")
        assert "备注" not in rows  # empty on the record
        assert not any("events" in label or "led_groups" in label for label in rows)  # no reverse relations


def test_role_change_reads_as_added_roles(client_as, chair, officer, member):
    from django.contrib.auth.models import Group

    from unionhub.permissions import Role

    with set_actor(officer):
        member.groups.add(Group.objects.get(name=Role.WELFARE))
    response = client_as(chair).get(reverse("audit_log"), {"q": "member01", "action": LogEntry.Action.UPDATE})
    rows = [row for e in response.context["entries"] for row in e.change_rows]
    assert ("组", "", f"添加：{Role.WELFARE}") in rows


def test_times_in_the_diff_are_local(client_as, chair, officer, make_member):
    from django.utils import timezone

    before = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    with set_actor(officer):
        make_member(name="钱七")
    after = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    response = client_as(chair).get(reverse("audit_log"), {"q": "钱七"})
    rows = {label: new for e in response.context["entries"] for label, _, new in e.change_rows}
    assert rows["创建时间"] in {before, after}  # Asia/Shanghai, not the stored UTC
