"""Every congress model is in the admin, and its list and search pages open."""

import pytest
from django.apps import apps
from django.contrib import admin


@pytest.fixture
def superuser(make_user):
    return make_user("root01", is_staff=True, is_superuser=True)


def test_every_model_registered_and_lists_open(client_as, superuser, make_proposal, member, session):
    make_proposal(member)
    c = client_as(superuser)
    for model in apps.get_app_config("congress").get_models():
        assert admin.site.is_registered(model), model
        opts = model._meta
        url = f"/admin/congress/{opts.model_name}/"
        assert c.get(url).status_code == 200, url
        assert c.get(url, {"q": "体检"}).status_code == 200, url


def test_proposal_state_is_read_only_in_admin(client_as, superuser, make_proposal, member):
    p = make_proposal(member)
    body = client_as(superuser).get(f"/admin/congress/proposal/{p.pk}/change/").content.decode()
    assert 'name="state"' not in body
