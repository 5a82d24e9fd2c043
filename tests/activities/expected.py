"""Who may open each activities page (see tests/test_permission_matrix.py; objects from
tests/activities/world.py).

DOMAIN.md §6 and issue 5: every member sees the activities, the meets, their events, the
programme, results and standings, registers for an activity and enters a meet themself; unit
leaders enter for their unit (world.delegate leads the unit); officers run everything else
(participant lists, meet set-up, results, matches, certificates, the Excel export with staff
numbers). Every persona but `outsider` holds the 会员 role; an account without any role sees
nothing (403). The live page of a public meet needs no login at all.
"""

from tests.matrix import OFFICERS, everyone, only

MEMBERS = ("chair", "officer", "welfare_officer", "committee", "handler", "delegate", "member")


def members(status):
    """Every union member (all personas but the role-less outsider)."""
    return only(status, *MEMBERS)


def officers(status):
    return only(status, *OFFICERS)


def post(spec):
    return ("post", spec)


EXPECTED = {
    # 文体活动
    "activities:activity_list": members(200),
    "activities:activity_detail": members(200),
    "activities:activity_create": officers(200),
    "activities:activity_edit": officers(200),
    # registering and cancelling answer with a message on the detail page (already registered,
    # not registered) and never change anybody else's registration
    "activities:activity_register": post(members(302)),
    "activities:activity_cancel": post(members(302)),
    "activities:activity_add_participants": post(officers(302)),
    # the officers' remove-from-list confirmation; members cancel their own registration instead
    "activities:participation_remove": officers(200),
    # 运动会: reading
    "activities:meet_list": members(200),
    "activities:meet_detail": members(200),
    "activities:meet_standings": members(200),
    "activities:event_detail": members(200),
    "activities:event_matches": members(200),
    "activities:print_programme": members(200),  # 秩序册
    "activities:print_checkin": members(200),  # 检录表: the entrants an event page shows anyway
    "activities:print_results": members(200),  # 成绩册
    "activities:print_standings": members(200),  # 团体总分表
    # public meet: the projector page needs no login
    "activities:live": everyone(200, anonymous=200),
    # 运动会: entering (a member for themself, the leader for the unit, officers for any unit;
    # an empty POST answers with a message)
    "activities:event_enter": post(members(302)),
    # the entry is world.member's own individual entry while entries are open: the member, the
    # unit's leader and the officers may withdraw it; nobody else
    "activities:entry_withdraw": only(200, *OFFICERS, "delegate", "member"),
    # 运动会: running it
    "activities:meet_create": officers(200),
    "activities:meet_edit": officers(200),
    "activities:meet_lock": post(officers(302)),
    "activities:division_create": officers(200),
    "activities:division_edit": officers(200),
    "activities:unit_create": officers(200),
    "activities:unit_edit": officers(200),
    "activities:units_from_departments": post(officers(302)),
    "activities:meet_part_delete": officers(200),
    "activities:event_create": officers(200),
    "activities:event_edit": officers(200),
    "activities:event_results": officers(200),
    "activities:event_generate_matches": post(officers(302)),
    "activities:event_group_knockout": post(officers(302)),
    "activities:match_score": post(officers(302)),
    "activities:print_certificates": officers(200),
    "activities:meet_export": officers(200),  # staff numbers of every entrant
}
