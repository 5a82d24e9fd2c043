"""Hand-edited query strings (a year no date can have, an id beyond the database's integers, a NUL)
filter nothing and never give a 500 (found by probing every welfare page with such values)."""

import pytest
from django.urls import reverse

from welfare.models import AccessLog, Standard

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    "query", [f"year={HUGE}", "year=-1", "year=0", "year=99999", f"occasion={HUGE}", f"department={HUGE}"]
)
def test_visit_list_ignores_impossible_filters(client_as, officer, member, occasion, make_visit, query):
    make_visit(member.member, occasion, reason="住院慰问甲")
    response = client_as(officer).get(reverse("welfare:visit_list") + "?" + query)
    assert response.status_code == 200
    assert "住院慰问甲" in response.content.decode()  # the filter is dropped, not applied to nothing


@pytest.mark.parametrize("year", [HUGE, "-1", "0", "99999"])
def test_aid_export_with_an_impossible_year_exports_this_year(client_as, welfare_officer, year):
    response = client_as(welfare_officer).get(reverse("welfare:aid_export") + f"?year={year}")
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]


@pytest.mark.parametrize("file_id", [HUGE, "-1", "0"])
def test_access_log_ignores_an_impossible_file_id(client_as, chair, welfare_officer, file_id):
    AccessLog.objects.create(user=welfare_officer, action=AccessLog.Action.LIST, detail="困难档案列表 第1页")
    response = client_as(chair).get(reverse("welfare:access_log") + f"?file={file_id}")
    assert response.status_code == 200
    assert "困难档案列表 第1页" in response.content.decode()


def test_standard_pages_with_an_impossible_year(client_as, chair, hospital_standard):
    client = client_as(chair)
    assert client.get(reverse("welfare:standard_create") + f"?year={HUGE}&occasion={HUGE}").status_code == 200
    response = client.post(reverse("welfare:standard_copy"), {"year": HUGE})
    assert response.status_code == 302
    assert Standard.objects.count() == 1  # nothing copied anywhere


@pytest.mark.parametrize(
    "url_name,param",
    [
        ("welfare:visit_list", "q"),
        ("welfare:file_list", "q"),
        ("welfare:file_export", "q"),
        ("welfare:application_list", "q"),
        ("welfare:access_log", "user"),
    ],
)
def test_search_with_a_nul_character(client_as, chair, url_name, param):
    """PostgreSQL refuses NUL in a query: the site-wide middleware answers a Chinese 400 first."""
    response = client_as(chair).get(reverse(url_name) + f"?{param}=%00")
    assert response.status_code == 400
    assert "非法字符" in response.content.decode()
