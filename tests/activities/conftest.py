import datetime

import pytest
from django.utils import timezone

TODAY = timezone.localdate()


@pytest.fixture
def meet(db, officer):
    from activities.models import Meet

    return Meet.objects.create(
        name="教职工趣味运动会",
        start_date=TODAY + datetime.timedelta(days=10),
        age_reference_date=TODAY,
        entry_opens=TODAY - datetime.timedelta(days=5),
        entry_closes=TODAY + datetime.timedelta(days=5),
        max_events_per_person=2,
        created_by=officer,
    )


@pytest.fixture
def unit(meet, department):
    from activities.models import Unit

    return Unit.objects.create(meet=meet, name=department.name, department=department, sort_order=1)


@pytest.fixture
def other_unit(meet, other_department):
    from activities.models import Unit

    return Unit.objects.create(meet=meet, name=other_department.name, department=other_department, sort_order=2)


@pytest.fixture
def make_event(meet):
    from activities.models import Event

    counter = iter(range(1, 1000))

    def make(**fields):
        n = next(counter)
        fields.setdefault("name", f"项目{n}")
        fields.setdefault("sort_order", n)
        return Event.objects.create(meet=fields.pop("meet", meet), **fields)

    return make


@pytest.fixture
def rope(make_event):
    """跳绳: count, higher is better."""
    return make_event(name="跳绳", measure="count", better="higher", unit_label="个", decimals=0)


@pytest.fixture
def climb(make_event):
    """登山: time, lower is better."""
    return make_event(name="登山", measure="time", better="lower", unit_label="秒")


@pytest.fixture
def athletes(make_member, unit):
    """Six members of `unit`'s department, alternating sex, born 1985-1990."""
    return [
        make_member(name=f"运动员{i}", sex="M" if i % 2 else "F", birth_date=datetime.date(1985 + i, 5, 1))
        for i in range(1, 7)
    ]
