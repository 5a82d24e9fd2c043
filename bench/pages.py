"""The pages `make bench` times, as URL names (with optional kwargs and query string).

Each entry: "url-name" or ("url-name", {kwargs}, "query-string"). Pages that need an object
can give a callable instead of kwargs: it receives nothing and returns the kwargs (it runs
once, before timing, e.g. to pick the first proposal). The lead extends this list after
merging each app (lists, detail pages, dashboards).
"""

PAGES = [
    "dashboard",
    "member_home",
    "members:list",
    ("members:list", {}, "q=张"),
]
