import datetime

import pytest
from django.urls import reverse

from members.models import Department, Member, MembershipEvent, UnionGroup
from tests.conftest import valid_id

pytestmark = pytest.mark.django_db

OFFICER_URLS = [
    ("members:create", False),
    ("members:edit", True),
    ("members:status", True),
    ("members:departments", False),
    ("members:department_create", False),
    ("members:groups", False),
    ("members:group_create", False),
    ("members:accounts", False),
    ("members:import", False),
    ("members:import_template", False),
]


def _url(name, needs_pk, pk):
    return reverse(name, args=[pk]) if needs_pk else reverse(name)


@pytest.mark.parametrize(("name", "needs_pk"), [*OFFICER_URLS, ("members:list", False), ("members:detail", True)])
def test_anonymous_is_sent_to_login(client, make_member, name, needs_pk):
    m = make_member()
    response = client.get(_url(name, needs_pk, m.pk))
    assert response.status_code == 302 and reverse("login") in response["Location"]


@pytest.mark.parametrize(("name", "needs_pk"), OFFICER_URLS)
def test_member_and_welfare_cannot_use_officer_pages(client_as, member, welfare_officer, make_member, name, needs_pk):
    m = make_member()
    assert client_as(member).get(_url(name, needs_pk, m.pk)).status_code == 403
    assert client_as(welfare_officer).get(_url(name, needs_pk, m.pk)).status_code == 403


@pytest.mark.parametrize("name", ["members:account_create", "members:import_confirm"])
def test_officer_posts_refused_for_members(client_as, member, name):
    assert client_as(member).post(reverse(name)).status_code == 403


def test_member_cannot_open_roster_or_another_member(client_as, member, other_member, committee):
    client = client_as(member)
    assert client.get(reverse("members:list")).status_code == 403
    assert client.get(reverse("members:detail", args=[other_member.member.pk])).status_code == 403
    assert client_as(committee).get(reverse("members:list")).status_code == 403


def test_officer_sees_roster_with_full_ids(client_as, officer, make_member):
    m = make_member(name="张晓明")
    body = client_as(officer).get(reverse("members:list")).content.decode()
    assert "张晓明" in body and m.id_number in body and m.phone in body


def test_welfare_officer_sees_roster_masked(client_as, welfare_officer, make_member):
    m = make_member(name="张晓明")
    client = client_as(welfare_officer)
    body = client.get(reverse("members:list")).content.decode()
    assert "张晓明" in body and m.id_number not in body and m.masked_id_number in body and m.phone not in body
    body = client.get(reverse("members:detail", args=[m.pk])).content.decode()
    assert m.id_number not in body and m.masked_id_number in body
    assert "记录变动" not in body


def test_list_search_by_name_staff_no_and_pinyin(client_as, officer, make_member):
    make_member(name="张晓明", staff_no="8001")
    make_member(name="李大伟", staff_no="8002")
    client = client_as(officer)
    for q in ("张晓", "8001", "zxm"):
        body = client.get(reverse("members:list"), {"q": q}).content.decode()
        assert "张晓明" in body and "李大伟" not in body, q


def test_list_filters(client_as, officer, make_member, other_department):
    make_member(name="甲合同", employment_type="contract")
    make_member(name="乙退休", work_status="retired")
    make_member(name="丙后勤", department=other_department)
    quit_member = make_member(name="丁退会")
    quit_member.membership_status = "quit"
    quit_member.save()
    client = client_as(officer)

    def names(**params):
        body = client.get(reverse("members:list"), params).content.decode()
        return {n for n in ("甲合同", "乙退休", "丙后勤", "丁退会") if n in body}

    assert names(employment="contract") == {"甲合同"}
    assert names(work="retired") == {"乙退休"}
    assert "乙退休" not in names(work="in_service")
    assert names(department=other_department.pk) == {"丙后勤"}
    assert names(status="quit") == {"丁退会"}
    assert "丁退会" not in names(status="in_union")
    assert names(department="not-a-number") == {"甲合同", "乙退休", "丙后勤", "丁退会"}  # ignored, no 500
    # a stale value drops only its own filter: the search and the other filters still apply
    assert names(department="999999", employment="contract") == {"甲合同"}
    assert names(group="999999", q="丙后勤") == {"丙后勤"}


def test_list_group_filter_and_empty_state(client_as, officer, make_member, department):
    group = UnionGroup.objects.create(name="一组", department=department)
    make_member(name="组里人", union_group=group)
    make_member(name="组外人")
    client = client_as(officer)
    body = client.get(reverse("members:list"), {"group": group.pk}).content.decode()
    assert "组里人" in body and "组外人" not in body
    body = client.get(reverse("members:list"), {"q": "没有这个人"}).content.decode()
    assert "没有符合条件的会员" in body


def _list_queries(client, django_assert_max_num_queries):
    # session, user, user's groups (roles), count, page of members (department + group
    # joined), unread notifications, the two filter dropdowns (departments, groups),
    # member_of for the menu, and the session save (savepoint, update, release)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("members:list"), {"page": 2})
    assert response.status_code == 200


def _bulk_members(department, n, start):
    day = datetime.date(1970, 1, 1)
    Member.objects.bulk_create(
        [
            Member(
                staff_no=f"Q{start + i:05d}",
                name=f"批量{start + i}",
                sex="M",
                birth_date=day + datetime.timedelta(days=start + i),
                id_number=valid_id(day + datetime.timedelta(days=start + i), "M"),
                department=department,
            )
            for i in range(n)
        ]
    )


def test_list_query_count_same_for_20_or_500(client_as, officer, department, django_assert_max_num_queries):
    _bulk_members(department, 20, 0)
    client = client_as(officer)
    _list_queries(client, django_assert_max_num_queries)
    _bulk_members(department, 480, 20)
    _list_queries(client, django_assert_max_num_queries)


def test_detail_shows_history(client_as, officer, make_member):
    m = make_member(name="历史人")
    MembershipEvent.objects.create(
        member=m, kind="retire", date=datetime.date(2020, 7, 1), note="到龄退休", recorded_by=officer
    )
    body = client_as(officer).get(reverse("members:detail", args=[m.pk])).content.decode()
    assert "2010-09-01" in body and "入会" in body and "到龄退休" in body and "记录人：李干事" in body


def _form_data(department, **overrides):
    data = {
        "staff_no": "9001",
        "name": "新会员",
        "sex": "F",
        "birth_date": "",
        "ethnicity": "汉族",
        "id_type": "resident",
        "id_number": valid_id(datetime.date(1990, 5, 6), "F"),
        "phone": "13900001234",
        "email": "",
        "department": department.pk,
        "union_group": "",
        "position": "",
        "title": "",
        "education": "",
        "political_status": "",
        "employment_type": "contract",
        "joined_on": "2020-09-01",
        "notes": "",
    }
    data.update(overrides)
    return data


def test_officer_creates_member_with_join_event(client_as, officer, department):
    data = _form_data(department)
    data["id_number"] = " " + data["id_number"].lower() + " "
    response = client_as(officer).post(reverse("members:create"), data)
    m = Member.objects.get(staff_no="9001")
    assert response.status_code == 302 and response["Location"] == reverse("members:detail", args=[m.pk])
    assert m.birth_date == datetime.date(1990, 5, 6)  # filled from the ID number
    assert m.name_initials == "xhy"
    assert list(m.events.values_list("kind", "date")) == [("join", datetime.date(2020, 9, 1))]


def test_create_rejects_bad_id_with_chinese_messages(client_as, officer, department):
    client = client_as(officer)
    good = _form_data(department)["id_number"]
    bad_check = good[:17] + ("0" if good[17] != "0" else "1")
    body = client.post(reverse("members:create"), _form_data(department, id_number=bad_check)).content.decode()
    assert "校验位错误" in body
    body = client.post(reverse("members:create"), _form_data(department, sex="M")).content.decode()
    assert "性别与证件号码不符" in body
    body = client.post(reverse("members:create"), _form_data(department, birth_date="1990-05-07")).content.decode()
    assert "出生日期与证件号码不符" in body
    assert not Member.objects.filter(staff_no="9001").exists()


def test_create_rejects_duplicate_staff_no_and_id(client_as, officer, department, make_member):
    other = make_member(staff_no="9001")
    client = client_as(officer)
    before = Member.objects.count()
    body = client.post(reverse("members:create"), _form_data(department)).content.decode()
    assert "工号已存在" in body
    body = client.post(
        reverse("members:create"),
        _form_data(department, staff_no="9002", id_number=other.id_number, sex=other.sex),
    ).content.decode()
    assert "证件号码已被其他会员使用" in body
    assert Member.objects.count() == before


def test_officer_edits_member(client_as, officer, department, make_member):
    m = make_member(name="旧名字", sex="F", birth_date=datetime.date(1990, 5, 6))
    data = _form_data(department, staff_no=m.staff_no, name="新名字", id_number=m.id_number, phone="13911112222")
    response = client_as(officer).post(reverse("members:edit", args=[m.pk]), data)
    assert response.status_code == 302
    m.refresh_from_db()
    assert (m.name, m.phone, m.name_initials) == ("新名字", "13911112222", "xmz")
    assert m.joined_on == datetime.date(2010, 9, 1)  # disabled on edit: history stays in events


def test_record_status_change_page(client_as, officer, make_member):
    m = make_member()
    client = client_as(officer)
    response = client.post(
        reverse("members:status", args=[m.pk]), {"kind": "quit", "date": "2024-06-30", "note": "本人申请"}
    )
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.membership_status == "quit"
    body = client.post(reverse("members:status", args=[m.pk]), {"kind": "quit", "date": "2024-07-30"}).content.decode()
    assert "不能记录“退会”" in body
    assert m.events.count() == 2


def test_my_info_shows_own_record_in_full(client_as, member, other_member):
    me = member.member
    body = client_as(member).get(reverse("members:me")).content.decode()
    assert me.id_number in body and me.phone in body
    assert other_member.member.id_number not in body and other_member.member.name not in body


def test_my_info_without_member_record(client_as, outsider):
    body = client_as(outsider).get(reverse("members:me")).content.decode()
    assert "尚未关联会员档案" in body


def test_menu_shows_only_allowed_items(client_as, officer, member):
    body = client_as(officer).get(reverse("members:list")).content.decode()
    assert "花名册导入" in body and "开通登录账号" in body
    body = client_as(member).get(reverse("member_home")).content.decode()
    assert "我的信息" in body and "会员名册" not in body and "花名册导入" not in body


def test_department_and_group_pages(client_as, officer, department, make_member):
    make_member()
    client = client_as(officer)
    body = client.get(reverse("members:departments")).content.decode()
    assert department.name in body
    response = client.post(
        reverse("members:department_create"), {"name": "新部门", "code": "X1", "sort_order": 5, "is_active": "on"}
    )
    assert response.status_code == 302
    dept = Department.objects.get(name="新部门")
    client.post(reverse("members:department_edit", args=[dept.pk]), {"name": "新部门2", "sort_order": 5})
    dept.refresh_from_db()
    assert dept.name == "新部门2" and not dept.is_active
    body = client.post(reverse("members:department_create"), {"name": "新部门2", "sort_order": 1}).content.decode()
    assert "已存在" in body
    response = client.post(reverse("members:group_create"), {"name": "新小组", "department": dept.pk, "sort_order": 1})
    assert response.status_code == 302
    group = UnionGroup.objects.get(name="新小组")
    body = client.get(reverse("members:groups")).content.decode()
    assert "新小组" in body and "新部门2" in body
    client.post(reverse("members:group_edit", args=[group.pk]), {"name": "改名小组", "sort_order": 2})
    group.refresh_from_db()
    assert group.name == "改名小组" and group.department is None


def test_department_and_group_lists_query_counts(client_as, officer, django_assert_max_num_queries):
    for i in range(30):
        d = Department.objects.create(name=f"部门{i}")
        UnionGroup.objects.create(name=f"小组{i}", department=d)
    client = client_as(officer)
    # session, user, roles, member_of (menu), count, page (annotated), unread notifications,
    # session save (savepoint, update, release)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("members:departments")).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("members:groups")).status_code == 200


def test_staff_no_locked_once_member_has_login(client_as, officer, member, department):
    me = member.member
    data = _form_data(department, staff_no="changed", name=me.name, sex=me.sex, id_number=me.id_number)
    data["birth_date"] = me.birth_date.isoformat()
    response = client_as(officer).post(reverse("members:edit", args=[me.pk]), data)
    assert response.status_code == 302
    me.refresh_from_db()
    assert me.staff_no == "member01" and me.user.username == "member01"


def test_edit_of_unknown_member_is_404(client_as, officer):
    assert client_as(officer).get(reverse("members:edit", args=[999999])).status_code == 404
    assert client_as(officer).get(reverse("members:detail", args=[999999])).status_code == 404


def test_group_leader_is_chosen_from_the_group(client_as, officer, department, make_member):
    group = UnionGroup.objects.create(name="一组", department=department)
    inside = make_member(name="组内人", union_group=group)
    outside = make_member(name="组外人")
    client = client_as(officer)
    url = reverse("members:group_edit", args=[group.pk])
    body = client.get(url).content.decode()
    assert "组内人" in body and "组外人" not in body
    body = client.post(url, {"name": "一组", "leader": outside.pk, "sort_order": 1}).content.decode()
    assert "选择一个有效的选项" in body
    client.post(url, {"name": "一组", "leader": inside.pk, "sort_order": 1})
    group.refresh_from_db()
    assert group.leader == inside


def test_duplicate_department_and_group_names_get_plain_chinese_messages(client_as, officer, department):
    """Before: Django's machine message 具有 部门名称 的 部门 已存在。"""
    UnionGroup.objects.create(name="语文小组", department=department)
    client = client_as(officer)
    body = client.post(
        reverse("members:department_create"), {"name": department.name, "sort_order": 1}
    ).content.decode()
    assert "已存在同名部门" in body and "具有" not in body
    body = client.post(reverse("members:group_create"), {"name": "语文小组", "sort_order": 1}).content.decode()
    assert "已存在同名工会小组" in body and "具有" not in body


def test_corrected_name_reaches_the_login_account(client_as, officer, member, department):
    """Before: the roster said 郑慧敏 but the menu, 操作日志 and 记录人 kept the old login name 郑会员."""
    me = member.member
    data = _form_data(department, staff_no=me.staff_no, name="郑慧敏", sex=me.sex, id_number=me.id_number)
    data["birth_date"] = me.birth_date.isoformat()
    assert client_as(officer).post(reverse("members:edit", args=[me.pk]), data).status_code == 302
    member.refresh_from_db()
    assert member.name == "郑慧敏"
    assert "郑慧敏" in client_as(member).get(reverse("member_home")).content.decode()


@pytest.mark.parametrize(
    ("overrides", "field_message"),
    [
        ({"birth_date": "2099-01-01"}, "出生日期 2099-01-01 不合理"),
        ({"birth_date": "1800-01-01"}, "出生日期 1800-01-01 不合理"),
        ({"birth_date": "1990-01-01", "joined_on": "1980-01-01"}, "入会日期不能早于出生日期"),
    ],
)
def test_create_rejects_impossible_dates(client_as, officer, department, overrides, field_message):
    """Before: a 护照 holder born in 2099, or who joined the union before birth, was saved."""
    data = _form_data(department, id_type="passport", id_number="E12345678", **overrides)
    response = client_as(officer).post(reverse("members:create"), data)
    assert response.status_code == 200
    assert field_message in response.content.decode()
    assert not Member.objects.filter(staff_no="9001").exists()


def test_resident_joined_before_birth_is_rejected(client_as, officer, department):
    data = _form_data(department, joined_on="1985-01-01")  # the ID number says born 1990-05-06
    response = client_as(officer).post(reverse("members:create"), data)
    assert "入会日期不能早于出生日期" in response.content.decode()
    assert not Member.objects.filter(staff_no="9001").exists()


def test_full_width_phone_is_stored_as_ascii(client_as, officer, department):
    data = _form_data(department, phone="１３９ ００００ １２３４")
    assert client_as(officer).post(reverse("members:create"), data).status_code == 302
    assert Member.objects.get(staff_no="9001").phone == "13900001234"


def test_officer_resets_a_forgotten_password(client_as, officer, member):
    """Before: the login page said 忘记密码请联系工会干部重置, but officers had no way to do it."""
    from tests.conftest import PASSWORD

    client = client_as(officer)
    assert "重置密码" in client.get(reverse("members:detail", args=[member.member.pk])).content.decode()
    response = client.post(reverse("members:password_reset", args=[member.member.pk]))
    assert response.status_code == 200
    assert "已重置 郑会员 的登录密码" in response.content.decode()
    new_password = response.context["issued"][0][1]
    member.refresh_from_db()
    assert member.must_change_password
    assert member.check_password(new_password) and not member.check_password(PASSWORD)


def test_only_the_chair_resets_an_officers_password(client_as, officer, chair, make_user):
    from tests.conftest import PASSWORD
    from unionhub.permissions import Role

    other_officer = make_user("officer02", Role.OFFICER, name="周干事")
    url = reverse("members:password_reset", args=[other_officer.member.pk])
    response = client_as(officer).post(url, follow=True)
    assert "请由工会主席重置密码" in response.content.decode()
    other_officer.refresh_from_db()
    assert other_officer.check_password(PASSWORD) and not other_officer.must_change_password
    # nor the chair's own account
    client_as(officer).post(reverse("members:password_reset", args=[chair.member.pk]))
    chair.refresh_from_db()
    assert chair.check_password(PASSWORD)
    assert client_as(chair).post(url).status_code == 200
    other_officer.refresh_from_db()
    assert other_officer.must_change_password


def test_full_width_staff_no_is_the_same_staff_no(client_as, officer, department, make_member):
    """Before: 工号 typed as １００９ created a second member next to 1009 (and a full-width login name)."""
    make_member(staff_no="1009")
    response = client_as(officer).post(reverse("members:create"), _form_data(department, staff_no="１００９"))
    assert "工号已存在" in response.content.decode()
    assert Member.objects.filter(staff_no__in=["1009", "１００９"]).count() == 1


def test_search_with_full_width_digits_and_letters(client_as, officer, make_member):
    make_member(staff_no="1009", name="张三")
    client = client_as(officer)
    assert "张三" in client.get(reverse("members:list"), {"q": "１００９"}).content.decode()
    assert "张三" in client.get(reverse("members:list"), {"q": "ｚｓ"}).content.decode()


def test_officer_undoes_a_mistaken_change_from_the_member_page(client_as, officer, make_member):
    """Before: a 退休/去世 recorded by mistake could not be taken back anywhere an officer can reach
    (the import even said 请在会员详情页处理, but the page had no way)."""
    from members.services import record_status_change

    m = make_member(name="误记会员")
    event = record_status_change(member=m, kind="death", date=datetime.date(2025, 1, 1))
    client = client_as(officer)
    body = client.get(reverse("members:detail", args=[m.pk])).content.decode()
    assert "撤销最近一条记录（去世 2025-01-01）" in body
    response = client.post(reverse("members:event_undo", args=[event.pk]), follow=True)
    assert "已撤销 误记会员 的去世（2025-01-01）记录" in response.content.decode()
    m.refresh_from_db()
    assert m.membership_status == "active" and m.events.count() == 1
    assert "撤销最近一条记录" not in response.content.decode()  # the only 入会 is not offered


def test_department_member_count_is_not_multiplied_by_its_groups(client_as, officer, department, make_member):
    """Before: 综合教研组 with 2 工会小组 and 28 members showed 在会会员 56."""
    UnionGroup.objects.create(name="理化生小组", department=department)
    UnionGroup.objects.create(name="文体艺术小组", department=department)
    for _ in range(3):
        make_member(department=department)
    response = client_as(officer).get(reverse("members:departments"))
    row = next(d for d in response.context["page_obj"] if d.pk == department.pk)
    expected = Member.objects.in_union().filter(department=department).count()  # 3 + the officer's own
    assert expected == 4
    assert (row.member_count, row.group_count) == (expected, 2)
