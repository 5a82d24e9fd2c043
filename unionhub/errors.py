"""Error pages. When the database is unreachable the user gets a calm 503 page, not a 500.

handler500 sees every uncaught exception, whether raised in a view or in a middleware (the
session and user are loaded from the database in middleware). For OperationalError /
InterfaceError it closes the connections, so the next request reconnects (together with
CONN_HEALTH_CHECKS, the app recovers by itself when the database is back), and renders
templates/503.html without a request context: no context processor, no database query.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.views import defaults

DB_DOWN_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30

logger = logging.getLogger("unionhub.errors")


def database_unavailable_response():
    for conn in connections.all(initialized_only=True):
        try:
            conn.close()
        except Exception:  # the connection is broken already; forget it
            conn.connection = None
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def caused_by_database(exc):
    """True if exc is, or was raised while handling, a lost-database error."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, DB_DOWN_ERRORS):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def bad_request(request, exception, template_name="400.html"):
    # The session is saved after the view ran; if the database went away meanwhile Django
    # reports SessionInterrupted (a 400). That is the database being down, not a bad request.
    if caused_by_database(exception):
        logger.warning("数据库不可用（保存会话时），返回 503：%s", exception)
        return database_unavailable_response()
    return defaults.bad_request(request, exception, template_name)


def server_error(request, template_name="500.html"):
    exc = sys.exc_info()[1]
    if caused_by_database(exc):
        logger.warning("数据库不可用，返回 503：%s", exc)
        return database_unavailable_response()
    return HttpResponseServerError(loader.get_template(template_name).render())
