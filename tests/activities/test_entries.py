"""Every entry rule of DOMAIN.md §6, each refused with its Chinese message."""

import datetime

import pytest
from django.utils import timezone

from activities import services
from activities.models import Division, Entry
from activities.services import EntryError

pytestmark = pytest.mark.django_db


def test_officer_enters_a_member_for_a_unit(officer, rope, unit, athletes):
    entry = services.enter(event=rope, unit=unit, members=[athletes[0]], by=officer)
    assert entry.entry_members.get().member == athletes[0]
    assert entry.display_name == athletes[0].name


def test_member_enters_themselves_while_open(member, rope, unit):
    me = member.member
    entry = services.enter(event=rope, unit=unit, members=[me], by=member)
    assert entry.created_by == member


def test_member_cannot_enter_somebody_else(member, rope, unit, athletes):
    with pytest.raises(EntryError, match="您只能为自己报名"):
        services.enter(event=rope, unit=unit, members=[athletes[0]], by=member)


def test_unit_leader_enters_for_own_unit_only(member, rope, unit, other_unit, athletes, make_member, other_department):
    unit.leader = member.member
    unit.save()
    services.enter(event=rope, unit=unit, members=[athletes[0]], by=member)
    stranger = make_member(department=other_department)
    with pytest.raises(EntryError, match="您只能为自己报名"):
        services.enter(event=rope, unit=other_unit, members=[stranger], by=member)


def test_entries_closed_for_members(member, rope, unit, meet):
    meet.entry_closes = timezone.localdate() - datetime.timedelta(days=1)
    meet.save()
    with pytest.raises(EntryError, match="报名时间为.*现在不能报名"):
        services.enter(event=rope, unit=unit, members=[member.member], by=member)


def test_officer_may_enter_late_but_not_when_locked(officer, rope, unit, meet, athletes):
    meet.entry_closes = timezone.localdate() - datetime.timedelta(days=1)
    meet.save()
    services.enter(event=rope, unit=unit, members=[athletes[0]], by=officer)
    meet.is_locked = True
    meet.save()
    with pytest.raises(EntryError, match="成绩已锁定"):
        services.enter(event=rope, unit=unit, members=[athletes[1]], by=officer)


def test_per_person_event_limit(officer, make_event, unit, athletes):
    a = athletes[0]
    e1, e2, e3 = (make_event(name=n, measure="count", better="higher") for n in ("跳绳", "踢毽子", "投篮"))
    services.enter(event=e1, unit=unit, members=[a], by=officer)
    services.enter(event=e2, unit=unit, members=[a], by=officer)
    with pytest.raises(EntryError, match=f"每人最多报名2个个人项目，{a.name}已报名：跳绳、踢毽子。"):
        services.enter(event=e3, unit=unit, members=[a], by=officer)


def test_team_event_outside_limit_is_allowed(officer, make_event, unit, athletes):
    a = athletes[0]
    e1, e2 = (make_event(name=n, measure="count", better="higher") for n in ("跳绳", "踢毽子"))
    tug = make_event(name="拔河", kind="team", measure="match", team_min=2, team_max=10, counts_toward_limit=False)
    services.enter(event=e1, unit=unit, members=[a], by=officer)
    services.enter(event=e2, unit=unit, members=[a], by=officer)
    services.enter(event=tug, unit=unit, members=athletes[:3], by=officer)
    assert Entry.objects.filter(entry_members__member=a).count() == 3


def test_per_unit_cap(officer, rope, unit, athletes):
    services.enter(event=rope, unit=unit, members=[athletes[0]], by=officer)
    services.enter(event=rope, unit=unit, members=[athletes[1]], by=officer)
    with pytest.raises(EntryError, match=f"{unit.name}在跳绳已报2人，每队限报2人。"):
        services.enter(event=rope, unit=unit, members=[athletes[2]], by=officer)


def test_team_size(officer, make_event, unit, athletes):
    relay = make_event(name="4×50米接力", kind="relay", team_min=4, team_max=4, multiplier=2)
    with pytest.raises(EntryError, match="4×50米接力每队需4人，现有3人。"):
        services.enter(event=relay, unit=unit, members=athletes[:3], by=officer)
    with pytest.raises(EntryError, match="每队需4人，现有5人"):
        services.enter(event=relay, unit=unit, members=athletes[:5], by=officer)
    entry = services.enter(event=relay, unit=unit, members=athletes[:4], by=officer)
    assert [em.member for em in entry.entry_members.all()] == athletes[:4]


def test_individual_event_takes_one_person(officer, rope, unit, athletes):
    with pytest.raises(EntryError, match="个人项目每次报名一人"):
        services.enter(event=rope, unit=unit, members=athletes[:2], by=officer)


def test_gender_must_fit_division(officer, make_event, meet, unit, athletes):
    women = Division.objects.create(meet=meet, name="女子组", sex="F")
    event = make_event(name="踢毽子", division=women, measure="count", better="higher")
    man = next(a for a in athletes if a.sex == "M")
    with pytest.raises(EntryError, match=f"{man.name}的性别不符合女子组（限女子）。"):
        services.enter(event=event, unit=unit, members=[man], by=officer)


def test_age_group_at_reference_date(officer, make_event, meet, unit, make_member):
    meet.age_reference_date = datetime.date(2026, 3, 8)
    meet.save()
    youth = Division.objects.create(meet=meet, name="男子青年组", sex="M", max_age=39)
    event = make_event(name="登山", division=youth)
    # 40 on the reference date (born 1986-03-08), though 39 the day before
    older = make_member(sex="M", birth_date=datetime.date(1986, 3, 8))
    with pytest.raises(EntryError, match="按2026-03-08计40岁，不符合男子青年组（39岁及以下）。"):
        services.enter(event=event, unit=unit, members=[older], by=officer)
    younger = make_member(sex="M", birth_date=datetime.date(1986, 3, 9))
    services.enter(event=event, unit=unit, members=[younger], by=officer)
    unknown = make_member(sex="M")
    unknown.birth_date = None
    unknown.save()
    with pytest.raises(EntryError, match="缺少出生日期"):
        services.enter(event=event, unit=unit, members=[unknown], by=officer)


def test_time_clash(officer, make_event, unit, athletes):
    at = timezone.make_aware(datetime.datetime(2026, 3, 8, 9, 0))
    e1 = make_event(name="跳绳", starts_at=at, measure="count", better="higher")
    e2 = make_event(name="登山", starts_at=at)
    services.enter(event=e1, unit=unit, members=[athletes[0]], by=officer)
    with pytest.raises(EntryError, match="已报名跳绳（03-08 09:00），与登山（03-08 09:00）时间冲突。"):
        services.enter(event=e2, unit=unit, members=[athletes[0]], by=officer)


def at_(hour, minute=0):
    return timezone.make_aware(datetime.datetime(2026, 3, 8, hour, minute))


@pytest.mark.parametrize(
    ("first", "second", "clash"),
    [
        # (start, duration) of the event already entered, then of the new one
        (((9, 0), 40), ((9, 20), 30), True),  # starts while the first is still on
        (((9, 20), 30), ((9, 0), 40), True),  # the same, entered the other way round
        (((9, 0), 120), ((9, 30), None), True),  # a short one inside a long one
        (((9, 0), 40), ((9, 40), 30), False),  # back to back: the first ends as the second starts
        (((9, 0), None), ((9, 20), None), False),  # no durations: only the same start clashes
        (((9, 0), None), ((9, 0), None), True),
    ],
)
def test_overlapping_events_clash(officer, make_event, unit, athletes, first, second, clash):
    (h1, m1), d1 = first
    (h2, m2), d2 = second
    e1 = make_event(name="登山", starts_at=at_(h1, m1), duration_minutes=d1)
    e2 = make_event(name="跳绳", starts_at=at_(h2, m2), duration_minutes=d2, measure="count", better="higher")
    services.enter(event=e1, unit=unit, members=[athletes[0]], by=officer)
    if clash:
        with pytest.raises(EntryError, match="时间冲突"):
            services.enter(event=e2, unit=unit, members=[athletes[0]], by=officer)
        assert not e2.entries.exists()
    else:
        services.enter(event=e2, unit=unit, members=[athletes[0]], by=officer)
        assert e2.entries.count() == 1


def test_clash_message_gives_both_time_windows(officer, make_event, unit, athletes):
    e1 = make_event(name="登山", starts_at=at_(9), duration_minutes=90)
    e2 = make_event(name="拔河", starts_at=at_(10), duration_minutes=60)
    services.enter(event=e1, unit=unit, members=[athletes[0]], by=officer)
    with pytest.raises(EntryError, match="已报名登山（03-08 09:00–10:30），与拔河（03-08 10:00–11:00）时间冲突。"):
        services.enter(event=e2, unit=unit, members=[athletes[0]], by=officer)


def test_member_must_belong_to_unit(officer, rope, other_unit, athletes):
    with pytest.raises(EntryError, match=f"{athletes[0].name}不属于{other_unit.name}"):
        services.enter(event=rope, unit=other_unit, members=[athletes[0]], by=officer)


def test_same_person_twice_in_one_event(officer, rope, unit, athletes, make_event):
    services.enter(event=rope, unit=unit, members=[athletes[0]], by=officer)
    with pytest.raises(EntryError, match=f"{athletes[0].name}已报名跳绳"):
        services.enter(event=rope, unit=unit, members=[athletes[0]], by=officer)
    relay = make_event(name="接力", kind="relay", team_min=2, team_max=2)
    with pytest.raises(EntryError, match="同一队员不能重复填写"):
        services.enter(event=relay, unit=unit, members=[athletes[1], athletes[1]], by=officer)


def test_refused_entry_writes_nothing(officer, make_event, unit, athletes):
    relay = make_event(name="接力", kind="relay", team_min=4, team_max=4)
    with pytest.raises(EntryError):
        services.enter(event=relay, unit=unit, members=athletes[:2], by=officer)
    assert not Entry.objects.exists()


def test_withdraw_rules(member, officer, rope, unit, meet, athletes):
    mine = services.enter(event=rope, unit=unit, members=[member.member], by=member)
    other = services.enter(event=rope, unit=unit, members=[athletes[0]], by=officer)
    with pytest.raises(EntryError, match="您不能撤销这条报名"):
        services.withdraw(entry=other, by=member)
    services.withdraw(entry=mine, by=member)
    assert not Entry.objects.filter(pk=mine.pk).exists()


def test_self_entry_prefers_own_department_over_an_open_unit(member, meet, unit):
    from activities.models import Unit

    open_unit = Unit.objects.create(meet=meet, name="混合队", sort_order=0)
    assert services.unit_for(meet, member.member) == unit
    unit.delete()
    assert services.unit_for(meet, member.member) == open_unit
    assert services.unit_for(meet, None) is None
