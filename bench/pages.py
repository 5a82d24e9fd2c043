"""The pages `make bench` times.

Each entry is "url-name" or a tuple ("url-name", kwargs, "query-string", "工号 of the user").
kwargs may be a callable returning the kwargs (it runs once, before timing, e.g. to pick the
first proposal for a detail page). The default user is the demo officer 1002 (工会干部);
pages only the 帮扶专员 may open run as 1003. A name that does not resolve (its app is not
merged yet) is listed as skipped, so the list can name pages before they exist.
"""

PAGES = [
    "dashboard",
    "member_home",
    ("dashboard", {}, "", "1001"),  # the chair sees every app's panels
    ("dashboard", {}, "", "1003"),  # the 帮扶专员: visits, aid and hardship files
    ("member_home", {}, "", "1006"),  # a delegate: proposals, proposals to second
    "members:list",
    ("members:list", {}, "q=张"),
    ("congress:my_proposals", {}, "", "1006"),  # a delegate's own proposals
    "congress:session_list",
    "congress:notice_list",
    ("congress:review_queue", {}, "", "1004"),
    "welfare:visit_list",
    ("welfare:file_list", {}, "", "1003"),
    ("welfare:application_list", {}, "", "1003"),
    "activities:activity_list",
    "activities:meet_list",
]
