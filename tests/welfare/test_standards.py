"""The standard check: amount cap, yearly count cap, goods-only, and the exception path."""

import datetime
from decimal import Decimal

import pytest

from tests.welfare.conftest import TODAY
from welfare import services
from welfare.models import Occasion, Standard, Visit

pytestmark = pytest.mark.django_db


def record(member, occasion, officer, **kw):
    kw.setdefault("reason", "住院慰问")
    kw.setdefault("visit_date", TODAY)
    kw.setdefault("amount", Decimal("800"))
    return services.record_visit(by=officer, member=member.member, occasion=occasion, **kw)


def test_visit_within_standard_is_saved(member, occasion, hospital_standard, officer):
    visit = record(member, occasion, officer, amount=Decimal("1000"))
    assert visit.status == Visit.Status.DONE
    assert visit.exception_reason == ""


def test_amount_above_cap_is_refused_with_rule_named(member, occasion, hospital_standard, officer):
    with pytest.raises(services.StandardViolation) as err:
        record(member, occasion, officer, amount=Decimal("1500"))
    message = str(err.value)
    assert "1,500.00" in message and "1,000.00" in message
    assert f"{TODAY.year}年“生病住院”标准上限" in message
    assert Visit.objects.count() == 0


def test_count_cap_per_year_is_refused(member, occasion, hospital_standard, officer):
    record(member, occasion, officer)
    record(member, occasion, officer)
    with pytest.raises(services.StandardViolation) as err:
        record(member, occasion, officer)
    assert "已有 2 次" in str(err.value) and "最多 2 次" in str(err.value)
    assert Visit.objects.count() == 2


def test_count_cap_counts_only_the_same_year(member, occasion, hospital_standard, officer):
    last_year = TODAY.replace(year=TODAY.year - 1, month=6, day=1)
    Standard.objects.create(year=last_year.year, occasion=occasion, max_amount=Decimal("1000"), max_times=2)
    record(member, occasion, officer, visit_date=last_year)
    record(member, occasion, officer, visit_date=last_year)
    record(member, occasion, officer)
    record(member, occasion, officer)
    assert Visit.objects.count() == 4


def test_count_cap_is_per_member(member, other_member, occasion, hospital_standard, officer):
    record(member, occasion, officer)
    record(member, occasion, officer)
    record(other_member, occasion, officer)
    assert Visit.objects.filter(member=other_member.member).count() == 1


def test_planned_visits_do_not_count_towards_cap(member, occasion, hospital_standard, officer):
    Visit.objects.create(member=member.member, occasion=occasion, reason="计划", status=Visit.Status.PLANNED)
    record(member, occasion, officer)
    record(member, occasion, officer)


def test_goods_only_refuses_cash(member, festival_standard, officer):
    festival = Occasion.objects.get(code="festival")
    with pytest.raises(services.StandardViolation) as err:
        record(member, festival, officer, form=Visit.Form.CASH, amount=Decimal("300"))
    assert "仅限慰问品" in str(err.value)
    visit = record(member, festival, officer, form=Visit.Form.GOODS, amount=Decimal("300"))
    assert visit.form == Visit.Form.GOODS


def test_exception_reason_lets_the_visit_through_and_is_kept(member, occasion, hospital_standard, officer):
    visit = record(member, occasion, officer, amount=Decimal("1500"), exception_reason="重大手术，经主席办公会同意")
    visit.refresh_from_db()
    assert visit.amount == Decimal("1500")
    assert visit.exception_reason == "重大手术，经主席办公会同意"


def test_blank_exception_reason_is_not_an_exception(member, occasion, hospital_standard, officer):
    with pytest.raises(services.StandardViolation):
        record(member, occasion, officer, amount=Decimal("1500"), exception_reason="   ")


def test_exception_reason_not_kept_when_within_standard(member, occasion, hospital_standard, officer):
    visit = record(member, occasion, officer, amount=Decimal("200"), exception_reason="无需")
    assert visit.exception_reason == ""


def test_no_standard_for_the_year_means_no_check(member, occasion, officer):
    visit = record(member, occasion, officer, amount=Decimal("5000"))
    assert visit.pk


def test_visit_is_checked_against_the_standard_of_its_own_year(member, occasion, hospital_standard, officer):
    Standard.objects.create(year=TODAY.year - 1, occasion=occasion, max_amount=Decimal("300"))
    last_year = datetime.date(TODAY.year - 1, 5, 1)
    with pytest.raises(services.StandardViolation):
        record(member, occasion, officer, visit_date=last_year, amount=Decimal("500"))
    record(member, occasion, officer, amount=Decimal("500"))


def test_completing_a_planned_visit_checks_the_standard(member, festival_standard, officer):
    festival = Occasion.objects.get(code="festival")
    planned = Visit.objects.create(
        member=member.member, occasion=festival, reason="春节走访", status=Visit.Status.PLANNED
    )
    with pytest.raises(services.StandardViolation):
        services.complete_visit(visit=planned, by=officer, visit_date=TODAY, form=Visit.Form.GOODS, amount=600)
    planned.refresh_from_db()
    assert planned.status == Visit.Status.PLANNED
    services.complete_visit(visit=planned, by=officer, visit_date=TODAY, form=Visit.Form.GOODS, amount=400)
    planned.refresh_from_db()
    assert planned.status == Visit.Status.DONE and planned.amount == 400
    with pytest.raises(services.WelfareError):
        services.complete_visit(visit=planned, by=officer, visit_date=TODAY, amount=100)


def test_copy_last_years_standards(occasion, hospital_standard):
    festival = Occasion.objects.get(code="festival")
    Standard.objects.create(year=TODAY.year, occasion=festival, max_amount=Decimal("300"), payment="goods", max_times=3)
    Standard.objects.create(year=TODAY.year + 1, occasion=occasion, max_amount=Decimal("1200"), max_times=2)
    assert services.copy_standards(year=TODAY.year + 1) == 1
    copied = Standard.objects.get(year=TODAY.year + 1, occasion=festival)
    assert copied.goods_only and copied.max_times == 3 and copied.max_amount == 300
    # the existing one was kept, not overwritten
    assert Standard.objects.get(year=TODAY.year + 1, occasion=occasion).max_amount == 1200
    with pytest.raises(services.WelfareError, match="无需复制"):
        services.copy_standards(year=TODAY.year + 1)
    with pytest.raises(services.WelfareError, match="没有慰问标准"):
        services.copy_standards(year=1990)


def test_default_occasions_are_seeded():
    names = list(Occasion.objects.values_list("name", flat=True))
    for name in ("生病住院", "结婚", "生育", "退休", "本人去世", "直系亲属去世", "意外/突发事件", "节日走访"):
        assert name in names


def test_festival_list_creates_planned_visits_once(make_member, hardship_file, officer):
    from members.models import WorkStatus

    retiree = make_member(name="退休甲", work_status=WorkStatus.RETIRED)
    worker = make_member(name="在职乙")
    created, skipped = services.create_festival_visits(festival="spring", event_date=TODAY, by=officer)
    assert (created, skipped) == (2, 0)
    planned = Visit.objects.planned()
    assert {v.member_id for v in planned} == {retiree.pk, hardship_file.member_id}
    assert worker.pk not in {v.member_id for v in planned}
    # the reason does not reveal the hardship file
    assert all("困难" not in v.reason for v in planned)
    assert services.create_festival_visits(festival="spring", event_date=TODAY, by=officer) == (0, 2)
    # another festival is a separate list
    assert services.create_festival_visits(festival="double_ninth", event_date=TODAY, by=officer) == (2, 0)
