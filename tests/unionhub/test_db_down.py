"""Database down → a Chinese 503 page; back up → the app works again without a restart."""

import socket

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from unionhub.errors import database_unavailable_response


@pytest.fixture
def quiet_client():
    """A client that returns the error page instead of re-raising the view's exception."""
    return Client(raise_request_exception=False)


def assert_friendly_503(response):
    body = response.content.decode()
    assert response.status_code == 503
    assert "系统正在维护，暂时无法访问" in body and "没有保存" in body
    assert response["Retry-After"] == "30"


@pytest.mark.django_db
def test_db_error_in_a_view_gives_503(quiet_client, member, monkeypatch):
    quiet_client.force_login(member)

    def down(user):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("unionhub.dashboard.member_of", down)
    assert_friendly_503(quiet_client.get(reverse("member_home")))


@pytest.mark.django_db
def test_db_error_while_loading_the_session_gives_503(quiet_client, member, monkeypatch):
    quiet_client.force_login(member)

    def down(self):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr("django.contrib.sessions.backends.db.SessionStore._get_session_from_db", down)
    assert_friendly_503(quiet_client.get(reverse("member_home")))


@pytest.mark.django_db
def test_db_lost_while_saving_the_session_gives_503_not_400(quiet_client, member, monkeypatch):
    """The view ran, then the database went away before the session was saved."""
    quiet_client.force_login(member)

    def down(self, *args, **kwargs):
        raise OperationalError("the database system is shutting down")

    monkeypatch.setattr("django.contrib.sessions.models.Session.save", down)
    assert_friendly_503(quiet_client.get(reverse("member_home")))


@pytest.mark.django_db
def test_other_errors_still_give_the_500_page(quiet_client, member, monkeypatch):
    quiet_client.force_login(member)

    def bug(user):
        raise ValueError("a bug")

    monkeypatch.setattr("unionhub.dashboard.member_of", bug)
    response = quiet_client.get(reverse("member_home"))
    assert response.status_code == 500 and "系统出现错误" in response.content.decode()


@pytest.mark.django_db
def test_503_page_touches_no_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = database_unavailable_response()
    assert_friendly_503(response)


def _dead_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again: nothing listens there


@pytest.mark.postgres  # needs a PostgreSQL server to lose; `make test-pg` runs it
@pytest.mark.django_db(transaction=True)
def test_postgres_unreachable_then_back(quiet_client, member):
    quiet_client.force_login(member)
    assert quiet_client.get(reverse("member_home")).status_code == 200
    real_port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = _dead_port()
    try:
        for _ in range(3):  # stays down: every request gets the page, none crashes the worker
            assert_friendly_503(quiet_client.get(reverse("member_home")))
        assert connection.connection is None  # the handler dropped the broken connection
    finally:
        connection.settings_dict["PORT"] = real_port
    # the database is back: the next request reconnects by itself, the session is still valid
    response = quiet_client.get(reverse("member_home"))
    assert response.status_code == 200 and "郑会员" in response.content.decode()
