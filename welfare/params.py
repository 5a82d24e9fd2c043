"""Values read from query strings, kept to what the database and the date functions take: a
hand-edited URL (?year=99999, ?occasion=1e30, ?file=-1, ?q=%00) filters nothing instead of a 500."""

MAX_ID = 2**31 - 1
MIN_YEAR, MAX_YEAR = 1900, 9999


def to_int(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def to_id(value):
    """A positive row id, or None."""
    n = to_int(value)
    return n if n is not None and 0 < n <= MAX_ID else None


def to_year(value, default=None):
    """A year a date can have, or `default`."""
    n = to_int(value)
    return n if n is not None and MIN_YEAR <= n <= MAX_YEAR else default


def to_text(value):
    """Search text: trimmed, without NUL characters (PostgreSQL refuses them in a query)."""
    return (value or "").replace("\x00", "").strip()
