import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from activities import services
from activities.models import Activity, ActivityType, Division, Entry, Event, Meet, Participation, Result, Unit

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def activity(officer):
    return Activity.objects.create(
        type=ActivityType.objects.get(name="女工活动"),
        title="三八节插花",
        date=TODAY + datetime.timedelta(days=7),
        registration_deadline=TODAY + datetime.timedelta(days=3),
        capacity=2,
        created_by=officer,
    )


@pytest.fixture
def scored(officer, rope, unit, other_unit, athletes, make_member, other_department):
    """跳绳 with three results: unit 1st and 3rd, other_unit 2nd."""
    other = make_member(department=other_department, name="外队选手")
    e1 = services.enter(event=rope, unit=unit, members=[athletes[0]], by=officer)
    e2 = services.enter(event=rope, unit=other_unit, members=[other], by=officer)
    e3 = services.enter(event=rope, unit=unit, members=[athletes[1]], by=officer)
    services.save_results(
        event=rope, rows={e1.pk: (["150"], ""), e2.pk: (["140"], ""), e3.pk: (["130"], "")}, by=officer
    )
    return rope


def member_urls(meet, rope, activity):
    return [
        reverse("activities:activity_list"),
        reverse("activities:activity_detail", args=[activity.pk]),
        reverse("activities:meet_list"),
        reverse("activities:meet_detail", args=[meet.pk]),
        reverse("activities:event_detail", args=[rope.pk]),
        reverse("activities:event_matches", args=[rope.pk]),
        reverse("activities:meet_standings", args=[meet.pk]),
        reverse("activities:print_programme", args=[meet.pk]),
        reverse("activities:print_checkin", args=[rope.pk]),
        reverse("activities:print_results", args=[meet.pk]),
        reverse("activities:print_standings", args=[meet.pk]),
    ]


def officer_urls(meet, rope, activity, unit):
    return [
        reverse("activities:activity_create"),
        reverse("activities:activity_edit", args=[activity.pk]),
        reverse("activities:meet_create"),
        reverse("activities:meet_edit", args=[meet.pk]),
        reverse("activities:division_create", args=[meet.pk]),
        reverse("activities:unit_create", args=[meet.pk]),
        reverse("activities:unit_edit", args=[unit.pk]),
        reverse("activities:event_create", args=[meet.pk]),
        reverse("activities:event_edit", args=[rope.pk]),
        reverse("activities:event_results", args=[rope.pk]),
        reverse("activities:print_certificates", args=[meet.pk]),
        reverse("activities:meet_export", args=[meet.pk]),
    ]


def test_anonymous_is_sent_to_login(client, meet, rope, activity, unit):
    for url in member_urls(meet, rope, activity) + officer_urls(meet, rope, activity, unit):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url, url


def test_outsider_without_role_gets_403(client_as, outsider, meet, rope, activity, unit):
    c = client_as(outsider)
    for url in member_urls(meet, rope, activity) + officer_urls(meet, rope, activity, unit):
        assert c.get(url).status_code == 403, url


def test_member_sees_pages_but_not_officer_pages(client_as, member, meet, scored, activity, unit):
    c = client_as(member)
    for url in member_urls(meet, scored, activity):
        assert c.get(url).status_code == 200, url
    for url in officer_urls(meet, scored, activity, unit):
        assert c.get(url).status_code == 403, url
    for name, pk in [
        ("meet_lock", meet.pk),
        ("units_from_departments", meet.pk),
        ("event_generate_matches", scored.pk),
        ("activity_add_participants", activity.pk),
    ]:
        assert c.post(reverse(f"activities:{name}", args=[pk])).status_code == 403, name
    meet.refresh_from_db()
    assert not meet.is_locked


def test_officer_sees_every_page(client_as, officer, meet, scored, activity, unit):
    c = client_as(officer)
    for url in member_urls(meet, scored, activity) + officer_urls(meet, scored, activity, unit):
        assert c.get(url).status_code == 200, url


def test_missing_objects_are_404(client_as, officer):
    c = client_as(officer)
    assert c.get(reverse("activities:meet_detail", args=[999])).status_code == 404
    assert c.get(reverse("activities:event_results", args=[999])).status_code == 404
    assert c.get(reverse("activities:activity_detail", args=[999])).status_code == 404


# ---------------------------------------------------------------- activities


def test_officer_creates_activity(client_as, officer):
    c = client_as(officer)
    t = ActivityType.objects.get(name="参观踏青")
    response = c.post(
        reverse("activities:activity_create"),
        {"type": t.pk, "title": "五四青年踏青", "date": "2026-05-04", "mode": "registration", "capacity": "40"},
    )
    a = Activity.objects.get(title="五四青年踏青")
    assert response.status_code == 302 and a.created_by == officer


def test_activity_capacity_zero_or_below_the_registered_is_refused(client_as, officer, activity, make_member):
    c = client_as(officer)
    data = {
        "type": activity.type_id,
        "title": activity.title,
        "date": activity.date.isoformat(),
        "registration_deadline": activity.registration_deadline.isoformat(),
        "mode": "registration",
    }
    body = c.post(reverse("activities:activity_create"), {**data, "capacity": "0"}).content.decode()
    assert "名额上限至少为1人；不限名额请留空。" in body  # 0 used to read 不限 and 名额已满 at once
    assert Activity.objects.count() == 1
    for _ in range(2):
        Participation.objects.create(activity=activity, member=make_member())
    url = reverse("activities:activity_edit", args=[activity.pk])
    body = c.post(url, {**data, "capacity": "1"}).content.decode()
    assert "已有2人报名，名额上限不能少于2人。" in body
    activity.refresh_from_db()
    assert activity.capacity == 2
    assert c.post(url, {**data, "capacity": "3"}).status_code == 302


def test_headcount_activity_requires_count(client_as, officer):
    c = client_as(officer)
    t = ActivityType.objects.get(name="体检")
    response = c.post(
        reverse("activities:activity_create"),
        {"type": t.pk, "title": "体检", "date": "2026-06-01", "mode": "headcount"},
    )
    assert response.status_code == 200
    assert "请填写参加人数" in response.content.decode()
    assert not Activity.objects.exists()


def test_member_registers_and_cancels(client_as, member, activity):
    c = client_as(member)
    c.post(reverse("activities:activity_register", args=[activity.pk]))
    assert Participation.objects.filter(activity=activity, member=member.member).exists()
    response = c.get(reverse("activities:activity_list") + "?mine=1")
    assert "三八节插花" in response.content.decode()
    c.post(reverse("activities:activity_cancel", args=[activity.pk]))
    assert not Participation.objects.exists()


def test_registration_full_and_closed(client_as, member, other_member, make_member, activity):
    activity.capacity = 1
    activity.save()
    Participation.objects.create(activity=activity, member=make_member())
    c = client_as(member)
    response = c.post(reverse("activities:activity_register", args=[activity.pk]), follow=True)
    assert "名额已满（限1人）" in response.content.decode()
    activity.capacity = None
    activity.registration_deadline = TODAY - datetime.timedelta(days=1)
    activity.save()
    response = c.post(reverse("activities:activity_register", args=[activity.pk]), follow=True)
    assert "报名已截止" in response.content.decode()
    assert activity.participations.count() == 1


def test_register_is_post_only(client_as, member, activity):
    assert client_as(member).get(reverse("activities:activity_register", args=[activity.pk])).status_code == 405


def test_officer_adds_participants_by_staff_no(client_as, officer, activity, make_member):
    a, b = make_member(staff_no="8001"), make_member(staff_no="8002")
    c = client_as(officer)
    c.post(reverse("activities:activity_add_participants", args=[activity.pk]), {"staff_nos": "8001 8002"})
    assert set(activity.participations.values_list("member", flat=True)) == {a.pk, b.pk}
    response = c.post(
        reverse("activities:activity_add_participants", args=[activity.pk]), {"staff_nos": "9999"}, follow=True
    )
    assert "找不到这些工号的在会会员：9999" in response.content.decode()


def test_activity_list_filters(client_as, member, activity):
    c = client_as(member)
    assert "三八节插花" in c.get(reverse("activities:activity_list") + "?q=插花").content.decode()
    assert "三八节插花" not in c.get(reverse("activities:activity_list") + "?q=拔河").content.decode()
    assert "没有符合条件的活动" in c.get(reverse("activities:activity_list") + "?when=past").content.decode()


# ---------------------------------------------------------------- meets


def test_officer_builds_a_meet(client_as, officer, department):
    c = client_as(officer)
    response = c.post(
        reverse("activities:meet_create"),
        {
            "name": "春季运动会",
            "start_date": "2026-04-20",
            "age_reference_date": "2026-04-20",
            "entry_opens": "2026-04-01",
            "entry_closes": "2026-04-15",
            "max_events_per_person": "2",
            "points_table": "7，5，3，2，1",
            "tie_rule": "share",
        },
    )
    meet = Meet.objects.get(name="春季运动会")
    assert response.status_code == 302
    assert meet.points_table == "7-5-3-2-1"
    c.post(reverse("activities:division_create", args=[meet.pk]), {"name": "女子组", "sex": "F", "sort_order": "1"})
    c.post(reverse("activities:units_from_departments", args=[meet.pk]))
    assert Division.objects.filter(meet=meet, name="女子组").exists()
    assert Unit.objects.filter(meet=meet, department=department).exists()
    c.post(
        reverse("activities:event_create", args=[meet.pk]),
        {
            "name": "踢毽子",
            "division": Division.objects.get(meet=meet).pk,
            "kind": "individual",
            "measure": "count",
            "better": "higher",
            "decimals": "0",
            "attempts": "1",
            "aggregate": "best",
            "team_min": "1",
            "team_max": "1",
            "entries_per_unit": "3",
            "counts_toward_limit": "on",
            "multiplier": "1",
            "match_format": "knockout",
            "groups": "1",
            "starts_at": "2026-04-20T09:00",
            "duration_minutes": "40",
            "sort_order": "1",
        },
    )
    event = Event.objects.get(meet=meet)
    assert event.name == "踢毽子" and event.duration_minutes == 40
    assert "09:00–09:40" in c.get(reverse("activities:meet_detail", args=[meet.pk])).content.decode()
    assert "09:00–09:40" in c.get(reverse("activities:event_detail", args=[event.pk])).content.decode()


def test_bad_points_table_is_refused(client_as, officer):
    response = client_as(officer).post(
        reverse("activities:meet_create"),
        {
            "name": "x",
            "start_date": "2026-04-20",
            "age_reference_date": "2026-04-20",
            "entry_opens": "2026-04-01",
            "entry_closes": "2026-03-15",
            "max_events_per_person": "2",
            "points_table": "1-2-3",
            "tie_rule": "share",
        },
    )
    body = response.content.decode()
    assert "逐名不增" in body and "报名截止日期不能早于报名开始日期" in body
    assert not Meet.objects.exists()


def test_member_enters_themselves_through_the_page(client_as, member, rope, unit):
    c = client_as(member)
    page = c.get(reverse("activities:event_detail", args=[rope.pk])).content.decode()
    assert "我要报名" in page
    c.post(reverse("activities:event_enter", args=[rope.pk]), {"self": "1"})
    assert Entry.objects.filter(event=rope, entry_members__member=member.member).exists()


def test_member_is_told_before_clicking_that_a_division_is_not_theirs(client_as, member, meet, make_event, unit):
    other_sex = "F" if member.member.sex == "M" else "M"
    division = Division.objects.create(meet=meet, name="异性组", sex=other_sex)
    event = make_event(name="60米", division=division)
    page = client_as(member).get(reverse("activities:event_detail", args=[event.pk])).content.decode()
    assert "我要报名" not in page  # the button only led to 性别不符合 after the click
    assert f"{member.member.name}的性别不符合异性组" in page and "本项目您不能报名" in page


def test_member_cannot_enter_others_through_the_form(client_as, member, rope, unit, athletes):
    c = client_as(member)
    response = c.post(
        reverse("activities:event_enter", args=[rope.pk]),
        {"unit": unit.pk, "staff_nos": athletes[0].staff_no},
        follow=True,
    )
    assert not Entry.objects.exists()
    assert response.status_code == 200


def test_officer_entry_form_shows_rule_message(client_as, officer, make_event, unit, athletes):
    relay = make_event(name="迎面接力", kind="relay", team_min=4, team_max=4, multiplier=2)
    c = client_as(officer)
    response = c.post(
        reverse("activities:event_enter", args=[relay.pk]),
        {"unit": unit.pk, "staff_nos": " ".join(a.staff_no for a in athletes[:2])},
        follow=True,
    )
    assert "迎面接力每队需4人，现有2人。" in response.content.decode()
    c.post(
        reverse("activities:event_enter", args=[relay.pk]),
        {"unit": unit.pk, "staff_nos": " ".join(a.staff_no for a in athletes[:4]), "team_name": "教务一队"},
    )
    assert Entry.objects.get(event=relay).team_name == "教务一队"


def test_withdraw_needs_confirmation(client_as, member, rope, unit):
    entry = services.enter(event=rope, unit=unit, members=[member.member], by=member)
    c = client_as(member)
    url = reverse("activities:entry_withdraw", args=[entry.pk])
    assert "确定撤销" in c.get(url).content.decode()
    assert Entry.objects.filter(pk=entry.pk).exists()
    c.post(url)
    assert not Entry.objects.filter(pk=entry.pk).exists()


def test_member_cannot_withdraw_others(client_as, member, officer, rope, unit, athletes):
    entry = services.enter(event=rope, unit=unit, members=[athletes[0]], by=officer)
    assert client_as(member).post(reverse("activities:entry_withdraw", args=[entry.pk])).status_code == 403
    assert Entry.objects.filter(pk=entry.pk).exists()


# ---------------------------------------------------------------- results


def test_results_page_saves_and_ranks(client_as, officer, climb, unit, athletes):
    entries = [services.enter(event=climb, unit=unit, members=[a], by=officer) for a in athletes[:2]]
    c = client_as(officer)
    url = reverse("activities:event_results", args=[climb.pk])
    response = c.post(url, {f"mark_{entries[0].pk}_0": "1:02.35", f"mark_{entries[1].pk}_0": "dns"})
    assert response.status_code == 302
    r0, r1 = (Result.objects.get(entry=e) for e in entries)
    assert (r0.mark, r0.place, r0.points) == (62350, 1, 9)
    assert (r1.status, r1.place) == ("DNS", None)
    page = c.get(url).content.decode()
    assert 'value="1:02.35"' in page and 'value="DNS"' in page


def test_results_page_shows_row_errors_and_saves_nothing(client_as, officer, climb, unit, athletes):
    entries = [services.enter(event=climb, unit=unit, members=[a], by=officer) for a in athletes[:2]]
    c = client_as(officer)
    response = c.post(
        reverse("activities:event_results", args=[climb.pk]),
        {f"mark_{entries[0].pk}_0": "1:02.35", f"mark_{entries[1].pk}_0": "abc"},
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "无法识别的时间“abc”" in body and 'value="abc"' in body and 'value="1:02.35"' in body
    assert not Result.objects.exists()


def test_locked_meet_refuses_results_page(client_as, officer, climb, unit, athletes, meet):
    e = services.enter(event=climb, unit=unit, members=[athletes[0]], by=officer)
    c = client_as(officer)
    c.post(reverse("activities:meet_lock", args=[meet.pk]))
    meet.refresh_from_db()
    assert meet.is_locked
    response = c.post(reverse("activities:event_results", args=[climb.pk]), {f"mark_{e.pk}_0": "60"}, follow=True)
    assert "已锁定" in response.content.decode()
    assert not Result.objects.exists()
    c.post(reverse("activities:meet_lock", args=[meet.pk]))
    meet.refresh_from_db()
    assert not meet.is_locked


def test_standings_page_order(client_as, member, meet, scored, unit, other_unit):
    body = client_as(member).get(reverse("activities:meet_standings", args=[meet.pk])).content.decode()
    # unit: 9 + 6 = 15, other_unit: 7
    assert body.index(unit.name) < body.index(other_unit.name)
    assert ">15<" in body and ">7<" in body


def test_match_views(client_as, officer, make_event, unit, other_unit, athletes, make_member, other_department):
    tug = make_event(name="拔河", kind="team", measure="match", team_min=1, team_max=10, counts_toward_limit=False)
    services.enter(event=tug, unit=unit, members=athletes[:2], by=officer)
    services.enter(event=tug, unit=other_unit, members=[make_member(department=other_department)], by=officer)
    c = client_as(officer)
    c.post(reverse("activities:event_generate_matches", args=[tug.pk]))
    final = tug.matches.get()
    response = c.post(reverse("activities:match_score", args=[final.pk]), {"score_a": "2", "score_b": "1"}, follow=True)
    assert "第1场比分已保存" in response.content.decode()
    assert Result.objects.get(entry__unit=unit, entry__event=tug).place == 1
    response = c.post(reverse("activities:match_score", args=[final.pk]), {"score_a": "1", "score_b": "1"}, follow=True)
    assert "比分相同" in response.content.decode()


def test_match_score_is_officer_only(
    client_as, member, officer, make_event, unit, other_unit, athletes, make_member, other_department
):
    tug = make_event(name="拔河", kind="team", measure="match", team_min=1, team_max=10, counts_toward_limit=False)
    services.enter(event=tug, unit=unit, members=athletes[:1], by=officer)
    services.enter(event=tug, unit=other_unit, members=[make_member(department=other_department)], by=officer)
    services.generate_matches(event=tug, by=officer)
    final = tug.matches.get()
    assert (
        client_as(member)
        .post(reverse("activities:match_score", args=[final.pk]), {"score_a": "2", "score_b": "0"})
        .status_code
        == 403
    )


# ---------------------------------------------------------------- live, prints, export


def test_live_page_only_for_public_meets(client, meet, scored, unit):
    url = reverse("activities:live", args=[meet.pk])
    assert client.get(url).status_code == 404
    meet.is_public = True
    meet.save()
    response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'http-equiv="refresh"' in body and unit.name in body and "跳绳" in body


def test_live_page_names_a_team_once(client, officer, meet, make_event, unit, athletes):
    relay = make_event(name="4×50米接力", kind="relay", team_min=4, team_max=4, multiplier=2)
    e = services.enter(event=relay, unit=unit, members=athletes[:4], by=officer)
    services.save_results(event=relay, rows={e.pk: (["52.38"], "")}, by=officer)
    meet.is_public = True
    meet.save()
    body = client.get(reverse("activities:live", args=[meet.pk])).content.decode()
    row = body[body.index("4×50米接力") :]
    row = row[row.index("<tr") : row.index("</tr>")]
    assert row.count(unit.name) == 1 and "52.38" in row  # was 信息中心 信息中心 52.38


def test_printouts_show_the_right_content(client_as, officer, meet, scored, athletes):
    c = client_as(officer)
    body = c.get(reverse("activities:print_results", args=[meet.pk])).content.decode()
    assert "成 绩 册" in body and athletes[0].name in body and "150" in body
    body = c.get(reverse("activities:print_certificates", args=[meet.pk])).content.decode()
    # a certificate writes the place in Chinese numerals, as on a hand-written 奖状 (was 第1名)
    assert body.count('class="certificate"') == 3 and "荣获<strong>第一名</strong>" in body and "第1名" not in body
    body = c.get(reverse("activities:print_checkin", args=[scored.pk])).content.decode()
    assert "检 录 表" in body and athletes[1].name in body
    body = c.get(reverse("activities:print_programme", args=[meet.pk])).content.decode()
    assert "秩 序 册" in body and "外队选手" in body


def test_excel_export(client_as, officer, meet, scored, athletes):
    from io import BytesIO

    from openpyxl import load_workbook

    response = client_as(officer).get(reverse("activities:meet_export", args=[meet.pk]))
    wb = load_workbook(BytesIO(response.content))
    assert wb.sheetnames == ["报名", "成绩", "团体总分"]
    results = list(wb["成绩"].iter_rows(min_row=3, values_only=True))
    assert results[0][:5] == ("跳绳", 1, athletes[0].name, athletes[0].department.name, "150")
    assert results[0][7] == 9  # points as a number
    standings = list(wb["团体总分"].iter_rows(min_row=3, values_only=True))
    assert standings[0][:3] == (1, athletes[0].department.name, 15)


def test_excel_results_list_dns_after_the_placed(
    client_as, officer, meet, scored, other_unit, other_department, make_member
):
    from io import BytesIO

    from openpyxl import load_workbook

    late = services.enter(
        event=scored, unit=other_unit, members=[make_member(name="弃权者", department=other_department)], by=officer
    )
    services.save_results(event=scored, rows={late.pk: ([""], "DNS")}, by=officer)
    response = client_as(officer).get(reverse("activities:meet_export", args=[meet.pk]))
    rows = list(load_workbook(BytesIO(response.content))["成绩"].iter_rows(min_row=3, values_only=True))
    # SQLite sorted the unplaced DNS row above the winner
    assert [r[1] for r in rows] == [1, 2, 3, None] and rows[-1][2] == "弃权者"


# ---------------------------------------------------------------- query counts


def _fill(meet, officer, unit, n):
    from members.models import Member

    event = Event.objects.create(
        meet=meet, name=f"计数{n}", measure="count", better="higher", entries_per_unit=100, decimals=0
    )
    dept = unit.department
    rows = {}
    for i in range(n):
        m = Member.objects.create(staff_no=f"Q{n}{i:03d}", name=f"队员{i}", sex="M", department=dept)
        e = services.enter(event=event, unit=unit, members=[m], by=officer)
        rows[e.pk] = ([str(100 + i)], "")
    services.save_results(event=event, rows=rows, by=officer)
    return event


@pytest.mark.parametrize("n", [3, 15])
def test_results_page_queries_do_not_grow(client_as, officer, meet, unit, n, django_assert_max_num_queries):
    event = _fill(meet, officer, unit, n)
    c = client_as(officer)
    # session (read, save in a savepoint: 4), user, roles, event, entries (+result), entry members
    # (+member), the menu's own member lookup, unread notifications
    with django_assert_max_num_queries(11):
        assert c.get(reverse("activities:event_results", args=[event.pk])).status_code == 200


@pytest.mark.parametrize("n", [3, 15])
def test_standings_and_print_queries_do_not_grow(client_as, officer, meet, unit, n, django_assert_max_num_queries):
    _fill(meet, officer, unit, n)
    meet.is_public = True
    meet.save()
    c = client_as(officer)
    # session (4), user, roles, menu member, notifications; meet, units, events, results for the
    # standings; events, results (+unit), entry members (+member) for the lists
    with django_assert_max_num_queries(15):
        assert c.get(reverse("activities:meet_standings", args=[meet.pk])).status_code == 200
    with django_assert_max_num_queries(15):
        assert c.get(reverse("activities:print_results", args=[meet.pk])).status_code == 200
    with django_assert_max_num_queries(16):
        assert c.get(reverse("activities:live", args=[meet.pk])).status_code == 200
    # + units, divisions and the session save
    with django_assert_max_num_queries(14):
        assert c.get(reverse("activities:print_programme", args=[meet.pk])).status_code == 200


@pytest.mark.parametrize("n", [2, 12])
def test_list_pages_queries_do_not_grow(client_as, member, officer, n, django_assert_max_num_queries):
    t = ActivityType.objects.first()
    for i in range(n):
        Activity.objects.create(type=t, title=f"活动{i}", date=TODAY)
        Meet.objects.create(
            name=f"运动会{i}", start_date=TODAY, age_reference_date=TODAY, entry_opens=TODAY, entry_closes=TODAY
        )
    c = client_as(member)
    # session (read + save), user, roles, member, count + page (with participation counts),
    # my participations on the page, types, unread notifications, transaction overhead
    with django_assert_max_num_queries(13):
        assert c.get(reverse("activities:activity_list")).status_code == 200
    # session (read + save), user, roles, count + page with event counts, unread notifications
    with django_assert_max_num_queries(10):
        assert c.get(reverse("activities:meet_list")).status_code == 200


# ---------------------------------------------------------------- every persona


@pytest.mark.parametrize("persona", ["chair", "welfare_officer", "committee", "handler", "delegate"])
def test_other_personas(request, client_as, persona, meet, scored, activity, unit):
    user = request.getfixturevalue(persona)
    c = client_as(user)
    for url in member_urls(meet, scored, activity):
        assert c.get(url).status_code == 200, url
    expected = 200 if persona == "chair" else 403  # the chair may do everything an officer does
    for url in officer_urls(meet, scored, activity, unit):
        assert c.get(url).status_code == expected, url


def test_unit_leader_enters_for_own_unit_through_the_form(client_as, member, rope, unit, other_unit, athletes):
    unit.leader = member.member
    unit.save()
    c = client_as(member)
    page = c.get(reverse("activities:event_detail", args=[rope.pk])).content.decode()
    assert "为本队报名" in page
    c.post(reverse("activities:event_enter", args=[rope.pk]), {"unit": unit.pk, "staff_nos": athletes[0].staff_no})
    assert Entry.objects.filter(event=rope, unit=unit, entry_members__member=athletes[0]).exists()
    # another unit is not in the leader's choices
    response = c.post(
        reverse("activities:event_enter", args=[rope.pk]), {"unit": other_unit.pk, "staff_nos": athletes[1].staff_no}
    )
    assert response.status_code == 302
    assert not Entry.objects.filter(unit=other_unit).exists()


def test_event_measure_cannot_change_after_results(client_as, officer, scored):
    c = client_as(officer)
    data = {
        "name": scored.name,
        "kind": "individual",
        "measure": "time",
        "better": "lower",
        "decimals": "0",
        "attempts": "1",
        "aggregate": "best",
        "team_min": "1",
        "team_max": "1",
        "entries_per_unit": "2",
        "multiplier": "1",
        "match_format": "knockout",
        "groups": "1",
        "sort_order": "1",
    }
    response = c.post(reverse("activities:event_edit", args=[scored.pk]), data)
    assert "本项目已有成绩，不能修改计量方式" in response.content.decode()
    scored.refresh_from_db()
    assert scored.measure == "count"


def test_participant_removal_needs_confirmation(client_as, officer, member, activity, make_member):
    p = Participation.objects.create(activity=activity, member=make_member(name="待移除"))
    url = reverse("activities:participation_remove", args=[p.pk])
    assert client_as(member).get(url).status_code == 403
    c = client_as(officer)
    assert "确定将 <strong>待移除</strong>" in c.get(url).content.decode()
    assert Participation.objects.filter(pk=p.pk).exists()
    c.post(url)
    assert not Participation.objects.filter(pk=p.pk).exists()


@pytest.mark.parametrize("n", [2, 12])
def test_event_page_queries_do_not_grow(client_as, member, meet, unit, n, django_assert_max_num_queries):
    from members.models import Member

    event = Event.objects.create(meet=meet, name="跳远", measure="distance", better="higher", entries_per_unit=100)
    for i in range(n):
        m = Member.objects.create(staff_no=f"E{n}{i:03d}", name=f"队员{i}", sex="M", department=unit.department)
        e = Entry.objects.create(event=event, unit=unit)
        e.entry_members.create(event=event, member=m)
    c = client_as(member)
    # session (4), user, roles, member, menu, notifications; entries (+unit, result), entry members (+member),
    # the member's units (entry form), units for "我要报名"
    with django_assert_max_num_queries(16):
        assert c.get(reverse("activities:event_detail", args=[event.pk])).status_code == 200


def test_admin_pages_for_every_model(client, meet, scored, activity):
    from django.apps import apps

    from unionhub.models import User

    admin = User.objects.create_superuser(username="root", password="x")
    client.force_login(admin)
    for model in apps.get_app_config("activities").get_models():
        name = model._meta.model_name
        assert client.get(reverse(f"admin:activities_{name}_changelist")).status_code == 200, name
        obj = model.objects.first()
        if obj is not None:
            assert client.get(reverse(f"admin:activities_{name}_change", args=[obj.pk])).status_code == 200, name


def test_dashboard_shows_activity_panels(client_as, officer, activity):
    body = client_as(officer).get(reverse("dashboard")).content.decode()
    assert "文体活动（按月）" in body and "文体活动（按类型）" in body


def test_results_form_leaves_rows_it_did_not_show_alone(client_as, officer, climb, unit, athletes):
    a, b = (services.enter(event=climb, unit=unit, members=[p], by=officer) for p in athletes[:2])
    services.save_results(event=climb, rows={b.pk: (["61"], "")}, by=officer)
    # a form opened before b's result existed only carries a's input
    client_as(officer).post(reverse("activities:event_results", args=[climb.pk]), {f"mark_{a.pk}_0": "60"})
    assert Result.objects.get(entry=b).mark == 61000
    assert Result.objects.get(entry=a).place == 1


def test_delete_meet_parts_with_confirmation(client_as, officer, member, meet, rope, unit, make_event, athletes):
    empty = make_event(name="空项目")
    url = reverse("activities:meet_part_delete", args=["event", empty.pk])
    assert client_as(member).get(url).status_code == 403
    c = client_as(officer)
    assert "确定从" in c.get(url).content.decode()
    c.post(url)
    assert not Event.objects.filter(pk=empty.pk).exists()
    services.enter(event=rope, unit=unit, members=[athletes[0]], by=officer)
    response = c.post(reverse("activities:meet_part_delete", args=["event", rope.pk]), follow=True)
    assert "已有报名，请先撤销报名再删除" in response.content.decode()
    response = c.post(reverse("activities:meet_part_delete", args=["unit", unit.pk]), follow=True)
    assert "已有报名，不能删除" in response.content.decode()
    assert Event.objects.filter(pk=rope.pk).exists() and Unit.objects.filter(pk=unit.pk).exists()
    division = Division.objects.create(meet=meet, name="男子组", sex="M")
    c.post(reverse("activities:meet_part_delete", args=["division", division.pk]))
    assert not Division.objects.filter(pk=division.pk).exists()
    assert c.get(reverse("activities:meet_part_delete", args=["meet", meet.pk])).status_code == 404


def test_division_edit(client_as, officer, member, meet):
    division = Division.objects.create(meet=meet, name="男子组", sex="M")
    url = reverse("activities:division_edit", args=[division.pk])
    assert client_as(member).get(url).status_code == 403
    client_as(officer).post(url, {"name": "男子青年组", "sex": "M", "max_age": "40", "sort_order": "1"})
    division.refresh_from_db()
    assert (division.name, division.max_age) == ("男子青年组", 40)


def test_division_edit_keeps_its_entrants_fitting(client_as, officer, meet, make_event, unit, athletes):
    division = Division.objects.create(meet=meet, name="女子组", sex="F")
    event = make_event(name="女子60米", division=division)
    services.enter(event=event, unit=unit, members=[athletes[1]], by=officer)  # born 1987-05-01
    age = athletes[1].age_on(meet.age_reference_date)
    c = client_as(officer)
    url = reverse("activities:division_edit", args=[division.pk])
    body = c.post(url, {"name": "女子组", "sex": "M", "sort_order": "1"}).content.decode()
    assert f"以下已报名的运动员不符合修改后的组别：{athletes[1].name}（女）" in body
    body = c.post(url, {"name": "女子组", "sex": "F", "max_age": str(age - 1), "sort_order": "1"}).content.decode()
    assert f"{athletes[1].name}（{age}岁）" in body
    division.refresh_from_db()
    assert (division.sex, division.max_age) == ("F", None)
    assert c.post(url, {"name": "女子青年组", "sex": "F", "max_age": str(age), "sort_order": "1"}).status_code == 302


def test_unit_edit_keeps_its_entrants_members(client_as, officer, meet, rope, unit, athletes, other_department):
    services.enter(event=rope, unit=unit, members=[athletes[0]], by=officer)
    c = client_as(officer)
    url = reverse("activities:unit_edit", args=[unit.pk])
    data = {"name": unit.name, "department": other_department.pk, "sort_order": "1"}
    body = c.post(url, data).content.decode()
    assert f"以下已报名的队员不属于修改后的部门/工会小组：{athletes[0].name}。请先撤销其报名。" in body
    unit.refresh_from_db()
    assert unit.department_id == athletes[0].department_id
    assert c.post(url, {**data, "department": unit.department_id, "name": "第一代表队"}).status_code == 302


def test_round_robin_page_shows_the_table(client_as, officer, member, make_event, meet, make_member):
    from members.models import Department

    event = make_event(
        name="羽毛球团体",
        kind="team",
        measure="match",
        team_min=1,
        team_max=5,
        counts_toward_limit=False,
        match_format="round_robin",
    )
    for i in range(3):
        dept = Department.objects.create(name=f"循环队{i}", sort_order=50 + i)
        u = Unit.objects.create(meet=meet, name=f"循环队{i}", department=dept)
        services.enter(event=event, unit=u, members=[make_member(department=dept)], by=officer)
    services.generate_matches(event=event, by=officer)
    first = event.matches.first()
    services.record_match(match=first, score_a=3, score_b=1, by=officer)
    body = client_as(member).get(reverse("activities:event_matches", args=[event.pk])).content.decode()
    assert "循环赛积分" in body and "第1轮" in body and "3 : 1" in body
    assert 'name="score_a"' not in body  # members see scores, not the score form
    body = client_as(officer).get(reverse("activities:event_matches", args=[event.pk])).content.decode()
    assert 'name="score_a"' in body


def test_group_stage_then_cross_knockout_through_the_pages(client_as, officer, member, make_event, meet, make_member):
    from members.models import Department

    event = make_event(
        name="乒乓球团体",
        kind="team",
        measure="match",
        team_min=1,
        team_max=5,
        counts_toward_limit=False,
        match_format="round_robin",
        groups=2,
    )
    for i in range(4):
        dept = Department.objects.create(name=f"乒乓队{i}", sort_order=60 + i)
        u = Unit.objects.create(meet=meet, name=f"乒乓队{i}", department=dept)
        services.enter(event=event, unit=u, members=[make_member(department=dept)], by=officer)
    c = client_as(officer)
    c.post(reverse("activities:event_generate_matches", args=[event.pk]))
    url = reverse("activities:event_matches", args=[event.pk])
    body = c.get(url).content.decode()
    assert "A组积分" in body and "B组积分" in body and "A组 第1轮" in body
    assert "生成交叉淘汰赛" not in body
    for m in event.matches.all():
        c.post(reverse("activities:match_score", args=[m.pk]), {"score_a": "3", "score_b": "1"})
    assert "生成交叉淘汰赛" in c.get(url).content.decode()
    assert client_as(member).post(reverse("activities:event_group_knockout", args=[event.pk])).status_code == 403
    c = client_as(officer)
    response = c.post(reverse("activities:event_group_knockout", args=[event.pk]), follow=True)
    body = response.content.decode()
    assert "已生成交叉淘汰赛4场" in body and "决赛" in body and "三四名决赛" in body


def test_changing_the_points_table_recomputes_points(client_as, officer, meet, scored):
    c = client_as(officer)
    data = {
        "name": meet.name,
        "start_date": meet.start_date.isoformat(),
        "age_reference_date": meet.age_reference_date.isoformat(),
        "entry_opens": meet.entry_opens.isoformat(),
        "entry_closes": meet.entry_closes.isoformat(),
        "max_events_per_person": "2",
        "points_table": "7-5-3-2-1",
        "tie_rule": "share",
    }
    c.post(reverse("activities:meet_edit", args=[meet.pk]), data)
    assert sorted(Result.objects.values_list("points", flat=True)) == [3, 5, 7]


def test_anonymous_posts_are_sent_to_login(client, meet, scored, activity, unit, officer, athletes):
    entry = Entry.objects.filter(event=scored).first()
    p = Participation.objects.create(activity=activity, member=athletes[0])
    division = Division.objects.create(meet=meet, name="女子组", sex="F")
    urls = [
        reverse("activities:activity_register", args=[activity.pk]),
        reverse("activities:activity_cancel", args=[activity.pk]),
        reverse("activities:activity_add_participants", args=[activity.pk]),
        reverse("activities:participation_remove", args=[p.pk]),
        reverse("activities:meet_lock", args=[meet.pk]),
        reverse("activities:units_from_departments", args=[meet.pk]),
        reverse("activities:division_edit", args=[division.pk]),
        reverse("activities:meet_part_delete", args=["division", division.pk]),
        reverse("activities:event_enter", args=[scored.pk]),
        reverse("activities:entry_withdraw", args=[entry.pk]),
        reverse("activities:event_generate_matches", args=[scored.pk]),
        reverse("activities:event_group_knockout", args=[scored.pk]),
        reverse("activities:match_score", args=[1]),
    ]
    for url in urls:
        response = client.post(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url, url
    assert Participation.objects.filter(pk=p.pk).exists() and Division.objects.filter(pk=division.pk).exists()
    assert Entry.objects.filter(pk=entry.pk).exists()


def test_admin_deletes_a_whole_meet_but_not_a_unit_in_use(client, meet, scored, unit):
    from django.db.models import RestrictedError

    from unionhub.models import User

    with pytest.raises(RestrictedError):
        unit.delete()  # entries point at it
    admin = User.objects.create_superuser(username="root", password="x")
    client.force_login(admin)
    client.post(reverse("admin:activities_meet_delete", args=[meet.pk]), {"post": "yes"})
    assert not Meet.objects.filter(pk=meet.pk).exists()
    assert not Entry.objects.exists() and not Result.objects.exists()


def test_moving_an_event_onto_an_entrants_other_event_warns_with_names(
    client_as, officer, meet, make_event, unit, athletes
):
    day = meet.start_date
    nine = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))
    climb = make_event(name="登山", starts_at=nine, duration_minutes=90)
    rope = make_event(
        name="跳绳", starts_at=nine + datetime.timedelta(hours=2), duration_minutes=30, measure="count", better="higher"
    )
    services.enter(event=climb, unit=unit, members=[athletes[0]], by=officer)
    services.enter(event=rope, unit=unit, members=[athletes[0]], by=officer)
    data = {
        "name": "跳绳",
        "kind": "individual",
        "measure": "count",
        "better": "higher",
        "decimals": "0",
        "attempts": "1",
        "aggregate": "best",
        "team_min": "1",
        "team_max": "1",
        "entries_per_unit": "2",
        "multiplier": "1",
        "match_format": "knockout",
        "groups": "1",
        "sort_order": "1",
        "duration_minutes": "30",
    }
    c = client_as(officer)
    url = reverse("activities:event_edit", args=[rope.pk])
    calm = c.post(url, {**data, "starts_at": f"{day:%Y-%m-%d}T10:30"}, follow=True).content.decode()
    assert "项目已保存" in calm and "时间冲突" not in calm  # 10:30 is when the climb ends
    moved = c.post(url, {**data, "starts_at": f"{day:%Y-%m-%d}T10:00"}, follow=True).content.decode()
    assert "项目已保存" in moved
    assert f"调整后以下报名与本项目时间冲突：{athletes[0].name}（登山 {day:%m-%d} 09:00–10:30）" in moved
    outside = c.post(url, {**data, "starts_at": f"{day + datetime.timedelta(days=1):%Y-%m-%d}T10:00"}).content.decode()
    assert f"比赛时间应在运动会举办期间（{day:%Y-%m-%d}）" in outside
    rope.refresh_from_db()
    assert timezone.localtime(rope.starts_at).date() == day


def _meet_data(meet, **changes):
    data = {
        "name": meet.name,
        "start_date": meet.start_date.isoformat(),
        "age_reference_date": meet.age_reference_date.isoformat(),
        "entry_opens": meet.entry_opens.isoformat(),
        "entry_closes": meet.entry_closes.isoformat(),
        "max_events_per_person": "2",
        "points_table": meet.points_table,
        "tie_rule": meet.tie_rule,
    }
    return {**data, **changes}


def test_locked_meet_settings_cannot_change_its_points(client_as, officer, meet, scored):
    meet.is_locked = True
    meet.save()
    c = client_as(officer)
    url = reverse("activities:meet_edit", args=[meet.pk])
    for changes in ({"points_table": "20-10-5"}, {"tie_rule": "full"}):
        response = c.post(url, _meet_data(meet, **changes))
        assert response.status_code == 200
        assert "运动会成绩已锁定，不能修改影响名次和得分的设置" in response.content.decode()
        meet.refresh_from_db()
        assert (meet.points_table, meet.tie_rule) == ("9-7-6-5-4-3-2-1", "share")
        assert sorted(Result.objects.values_list("points", flat=True)) == [6, 7, 9]
    # the rest of the settings (and the same table typed differently) still save
    response = c.post(url, _meet_data(meet, name="改名后的运动会", points_table="9,7,6,5,4,3,2,1", is_public="on"))
    assert response.status_code == 302
    meet.refresh_from_db()
    assert meet.name == "改名后的运动会" and meet.is_public


def test_locked_meet_event_cannot_change_its_points(client_as, officer, meet, scored):
    meet.is_locked = True
    meet.save()
    data = {
        "name": scored.name,
        "kind": "individual",
        "measure": "count",
        "better": "higher",
        "decimals": "0",
        "attempts": "1",
        "aggregate": "best",
        "team_min": "1",
        "team_max": "1",
        "entries_per_unit": "2",
        "multiplier": "1",
        "match_format": "knockout",
        "groups": "1",
        "sort_order": "1",
    }
    c = client_as(officer)
    url = reverse("activities:event_edit", args=[scored.pk])
    for changes in ({"multiplier": "3"}, {"better": "lower"}):
        response = c.post(url, {**data, **changes})
        assert "运动会成绩已锁定，不能修改影响名次和得分的设置" in response.content.decode()
        assert sorted(Result.objects.values_list("points", flat=True)) == [6, 7, 9]
        assert list(Result.objects.order_by("place").values_list("place", flat=True)) == [1, 2, 3]
    response = c.post(url, {**data, "venue": "体育馆"})
    assert response.status_code == 302
    scored.refresh_from_db()
    assert scored.venue == "体育馆" and scored.multiplier == 1


def test_correcting_a_semifinal_warns_that_the_final_score_was_cleared(
    client_as, officer, make_event, meet, make_member
):
    from activities.models import Match
    from members.models import Department

    event = make_event(name="拔河", kind="team", measure="match", team_min=1, team_max=5, counts_toward_limit=False)
    for i in range(4):
        dept = Department.objects.create(name=f"拔河队{i}", sort_order=60 + i)
        u = Unit.objects.create(meet=meet, name=f"拔河队{i}", department=dept)
        services.enter(event=event, unit=u, members=[make_member(department=dept)], by=officer)
    services.generate_matches(event=event, by=officer)
    c = client_as(officer)

    def score(number, a, b):
        match = Match.objects.get(event=event, number=number)
        url = reverse("activities:match_score", args=[match.pk])
        return c.post(url, {"score_a": a, "score_b": b, "forfeit": ""}, follow=True).content.decode()

    score(1, 2, 0)
    score(2, 2, 0)
    body = score(3, 2, 1)  # the final
    assert "第3场比分已保存" in body and "原比分已清除" not in body
    body = score(1, 0, 2)  # semifinal 1 corrected: another team is in the final
    assert "第1场比分已保存" in body
    assert "第3场的对阵因此改变，原比分已清除，请重新录入。" in body
    assert not Match.objects.get(event=event, number=3).played


def test_programme_schedule_is_in_time_order(client_as, member, meet, make_event):
    day = timezone.make_aware(datetime.datetime(2026, 5, 20, 8, 0))
    make_event(name="男子定点投篮", sort_order=1, starts_at=day + datetime.timedelta(hours=2))
    make_event(name="男子60米", sort_order=2, starts_at=day + datetime.timedelta(minutes=30))
    make_event(name="趣味接力", sort_order=3)
    make_event(name="女子60米", sort_order=4, starts_at=day + datetime.timedelta(minutes=45))
    body = client_as(member).get(reverse("activities:print_programme", args=[meet.pk])).content.decode()
    order = [body.index(name) for name in ("男子60米", "女子60米", "男子定点投篮", "趣味接力")]
    assert order == sorted(order)


def test_individual_match_event_pages_speak_of_people_not_teams(client_as, officer, make_event, unit, athletes):
    singles = make_event(name="乒乓球单打", kind="individual", measure="match", better="higher")
    for a in athletes[:2]:
        services.enter(event=singles, unit=unit, members=[a], by=officer)
    c = client_as(officer)
    body = c.get(reverse("activities:event_matches", args=[singles.pk])).content.decode()
    assert "2人报名" in body and "支队伍" not in body
    body = c.get(reverse("activities:event_detail", args=[singles.pk])).content.decode()
    assert "数值大者优" not in body  # a match is won, not measured


def test_event_kind_or_division_cannot_change_under_its_entries(client_as, officer, meet, rope, unit, athletes):
    older = Division.objects.create(meet=meet, name="男子中年组", sex="M", min_age=41)
    services.enter(event=rope, unit=unit, members=[athletes[1]], by=officer)  # a woman born 1987
    data = {
        "name": rope.name,
        "kind": "individual",
        "measure": "count",
        "better": "higher",
        "decimals": "0",
        "attempts": "1",
        "aggregate": "best",
        "team_min": "1",
        "team_max": "1",
        "entries_per_unit": "2",
        "multiplier": "1",
        "match_format": "knockout",
        "groups": "1",
        "sort_order": "1",
    }
    c = client_as(officer)
    url = reverse("activities:event_edit", args=[rope.pk])
    for changes in ({"division": older.pk}, {"kind": "relay", "team_min": "4", "team_max": "4"}):
        body = c.post(url, {**data, **changes}).content.decode()
        assert "本项目已有报名，不能修改项目类型或组别；如需修改请先撤销报名。" in body
        rope.refresh_from_db()
        assert (rope.kind, rope.division_id) == ("individual", None)
    assert c.post(url, {**data, "venue": "操场"}).status_code == 302


def test_meet_age_reference_date_change_keeps_entrants_in_their_age_group(
    client_as, officer, meet, make_event, unit, athletes
):
    young = Division.objects.create(meet=meet, name="青年组", max_age=40)
    event = make_event(name="青年组60米", division=young)
    a = athletes[5]  # born 1991-05-01
    services.enter(event=event, unit=unit, members=[a], by=officer)
    later = datetime.date(2032, 6, 1)  # 41 then
    c = client_as(officer)
    url = reverse("activities:meet_edit", args=[meet.pk])
    body = c.post(url, _meet_data(meet, age_reference_date=later.isoformat())).content.decode()
    assert f"按新的年龄计算日期，青年组（40岁及以下）的已报名运动员不再符合：{a.name}（41岁）。" in body
    meet.refresh_from_db()
    assert meet.age_reference_date != later
    ok = datetime.date(2031, 4, 30)  # still 39
    assert c.post(url, _meet_data(meet, age_reference_date=ok.isoformat())).status_code == 302


def test_meet_form_refuses_entries_closing_after_the_meet_and_a_zero_limit(client_as, officer):
    data = {
        "name": "冬季运动会",
        "start_date": "2026-12-01",
        "age_reference_date": "2026-12-01",
        "entry_opens": "2026-11-20",
        "entry_closes": "2026-12-05",
        "max_events_per_person": "0",
        "points_table": "9-7-6-5-4-3-2-1",
        "tie_rule": "share",
    }
    c = client_as(officer)
    body = c.post(reverse("activities:meet_create"), data).content.decode()
    assert "报名截止日期不能晚于运动会日期。" in body and "每人限报个人项目数至少为1。" in body
    assert not Meet.objects.filter(name="冬季运动会").exists()
    ok = {**data, "end_date": "2026-12-05", "max_events_per_person": "1"}  # a meet over several days
    assert c.post(reverse("activities:meet_create"), ok).status_code == 302


def test_locked_meet_gets_no_new_units_divisions_or_events(client_as, officer, meet, scored):
    meet.is_locked = True
    meet.save()
    c = client_as(officer)
    posts = [
        ("division_create", {"name": "新组别", "sort_order": "1"}, "组别"),
        ("unit_create", {"name": "迟到的代表队", "sort_order": "1"}, "代表队"),
        ("event_create", {"name": "新项目", "kind": "individual", "measure": "count"}, "比赛项目"),
    ]
    for name, data, what in posts:
        url = reverse(f"activities:{name}", args=[meet.pk])
        body = c.get(url, follow=True).content.decode()
        assert f"运动会成绩已锁定，不能再添加{what}。如需修改请先解锁。" in body
        c.post(url, data)
    assert not Division.objects.exists()
    assert not Unit.objects.filter(name="迟到的代表队").exists() and not Event.objects.filter(name="新项目").exists()
    # so the final 团体总分 keeps its units
    assert len(services.meet_standings(meet)) == 2
    # and the meet page no longer offers the add buttons
    body = c.get(reverse("activities:meet_detail", args=[meet.pk])).content.decode()
    for name in ("event_create", "division_create", "unit_create", "units_from_departments"):
        assert reverse(f"activities:{name}", args=[meet.pk]) not in body


def test_no_entry_form_once_the_draw_is_made(client_as, officer, make_event, meet, make_member):
    from members.models import Department

    event = make_event(name="拔河", kind="team", measure="match", team_min=1, team_max=5, counts_toward_limit=False)
    for i in range(2):
        dept = Department.objects.create(name=f"抽签队{i}", sort_order=70 + i)
        u = Unit.objects.create(meet=meet, name=f"抽签队{i}", department=dept)
        services.enter(event=event, unit=u, members=[make_member(department=dept)], by=officer)
    c = client_as(officer)
    url = reverse("activities:event_detail", args=[event.pk])
    assert 'name="staff_nos"' in c.get(url).content.decode()
    services.generate_matches(event=event, by=officer)
    body = c.get(url).content.decode()
    assert 'name="staff_nos"' not in body and "对阵已生成，不能再报名。" in body

    # and once a match is played the draw cannot be made again: no 重新生成对阵 button
    matches_url = reverse("activities:event_matches", args=[event.pk])
    assert "重新生成对阵" in c.get(matches_url).content.decode()
    from activities.models import Match

    services.record_match(match=Match.objects.get(event=event, number=1), score_a=2, score_b=0, by=officer)
    assert "重新生成对阵" not in c.get(matches_url).content.decode()


def test_activity_page_tells_a_member_where_they_stand(client_as, member, activity, make_member):
    c = client_as(member)
    url = reverse("activities:activity_detail", args=[activity.pk])
    # a full activity whose deadline has passed: 报名已截止, not 名额已满
    for _ in range(2):
        Participation.objects.create(activity=activity, member=make_member())
    activity.registration_deadline = TODAY - datetime.timedelta(days=1)
    activity.date = TODAY
    activity.save()
    body = c.get(url).content.decode()
    assert "报名已截止" in body and "名额已满" not in body
    activity.registration_deadline = TODAY + datetime.timedelta(days=1)
    activity.save()
    assert "名额已满" in c.get(url).content.decode()
    # 指定参加人员: the member sees that they are on the list
    activity.mode = Activity.Mode.LIST
    activity.save()
    assert "您在本活动的参加人员名单中" not in c.get(url).content.decode()
    Participation.objects.create(activity=activity, member=member.member, source=Participation.Source.OFFICER)
    assert "您在本活动的参加人员名单中" in c.get(url).content.decode()


def test_no_withdraw_link_for_an_entry_with_a_result(client_as, officer, scored):
    entries = list(Entry.objects.filter(event=scored))
    body = client_as(officer).get(reverse("activities:event_detail", args=[scored.pk])).content.decode()
    for e in entries:  # the link led to 该项目已有成绩或对阵，不能撤销报名。
        assert reverse("activities:entry_withdraw", args=[e.pk]) not in body


def test_results_book_repeats_the_event_name_on_every_printed_page(client_as, officer, meet, scored):
    """A results table that runs onto the next page repeats its <thead> there; the event's name is
    that header's first row on paper, so page 2 still says which event (it showed bare rows)."""
    body = client_as(officer).get(reverse("activities:print_results", args=[meet.pk])).content.decode()
    table = body[body.index("各项目成绩") :]
    thead = table[table.index("<thead") : table.index("</thead>")]
    assert "d-print-table-row" in thead and str(scored) in thead


def test_certificate_places_read_in_chinese_numerals():
    from activities.templatetags.activities_tags import cn_place

    assert [cn_place(n) for n in (1, 3, 6, 10, 12, 20, 25)] == ["一", "三", "六", "十", "十二", "二十", "二十五"]
    assert cn_place(None) is None and cn_place("") == ""


def test_empty_checkin_sheet_row_spans_every_column(client_as, officer, rope):
    """An event with three attempts and no entrants: 无人报名 spanned 6 of the 8 columns."""
    rope.attempts = 3
    rope.save(update_fields=["attempts"])
    body = client_as(officer).get(reverse("activities:print_checkin", args=[rope.pk])).content.decode()
    thead = body[body.index("<thead") : body.index("</thead>")]
    assert thead.count("</th>") == 8 and '<td colspan="8" class="text-muted">无人报名</td>' in body
