"""The Django admin keeps a meet readable: a points table the ranking cannot read is refused
there too (before, the admin stored it and every page of the meet answered 500)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from activities.models import Meet


def _admin_meet_post(**fields):
    data = {
        "name": "秋季运动会",
        "start_date": "2026-10-20",
        "age_reference_date": "2026-10-20",
        "entry_opens": "2026-10-01",
        "entry_closes": "2026-10-15",
        "max_events_per_person": "2",
        "points_table": "9-7-6-5-4-3-2-1",
        "tie_rule": "share",
        "divisions-TOTAL_FORMS": "0",
        "divisions-INITIAL_FORMS": "0",
        "units-TOTAL_FORMS": "0",
        "units-INITIAL_FORMS": "0",
    }
    data.update(fields)
    return data


@pytest.fixture
def admin_client_(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser(username="root01", password="x-Root-2026"))
    return client


def test_admin_refuses_an_unreadable_points_table(admin_client_):
    response = admin_client_.post(reverse("admin:activities_meet_add"), _admin_meet_post(points_table="九-七-六"))
    assert response.status_code == 200
    assert "积分表只能包含非负整数" in response.content.decode()
    assert not Meet.objects.exists()


def test_admin_saves_a_good_points_table_and_the_meet_opens(admin_client_, client_as, member):
    response = admin_client_.post(reverse("admin:activities_meet_add"), _admin_meet_post(points_table="7-5-3-2-1"))
    assert response.status_code == 302
    meet = Meet.objects.get()
    assert meet.points == (7, 5, 3, 2, 1)
    assert client_as(member).get(reverse("activities:meet_standings", args=[meet.pk])).status_code == 200


@pytest.mark.parametrize("table", ["", "abc", "1-2-3", "=1+1"])
def test_model_validation_refuses_bad_tables(table):
    meet = Meet(points_table=table)
    with pytest.raises(ValidationError) as info:
        meet.clean_fields(exclude=[f.name for f in Meet._meta.fields if f.name != "points_table"])
    assert "points_table" in info.value.message_dict
