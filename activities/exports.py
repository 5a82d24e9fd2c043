"""Excel workbooks of a meet: entries, results and team standings."""

from django.db.models import F
from openpyxl import Workbook

from activities.models import EntryMember, Result
from unionhub.excel import write_table, xlsx_response


def meet_workbook(meet):
    from activities import services

    wb = Workbook()
    ws = wb.active
    ws.title = "报名"
    members = (
        EntryMember.objects.filter(event__meet=meet)
        .select_related("entry__unit", "event__division", "member")
        .order_by("event__sort_order", "event_id", "entry__unit__sort_order", "entry_id", "order")
    )
    write_table(
        ws,
        title=f"{meet.name} 报名表",
        headers=["项目", "组别", "代表队", "队名", "棒次/顺序", "工号", "姓名", "性别"],
        rows=[
            [
                em.event.name,
                em.event.division.name if em.event.division_id else "",
                em.entry.unit.name,
                em.entry.team_name,
                em.order,
                em.member.staff_no,
                em.member.name,
                em.member.get_sex_display(),
            ]
            for em in members
        ],
        formats={4: "int", 5: "text"},
        widths={0: 16, 2: 14, 5: 12},
    )

    ws = wb.create_sheet("成绩")
    results = (
        Result.objects.filter(entry__event__meet=meet)
        .select_related("entry__unit", "entry__event__division")
        .prefetch_related("entry__entry_members__member")
        .order_by("entry__event__sort_order", "entry__event_id", F("place").asc(nulls_last=True), "id")
    )
    rows = []
    for r in results:
        event = r.entry.event
        rows.append(
            [
                str(event),
                r.place,
                r.entry.display_name,
                r.entry.unit.name,
                r.mark_text,
                event.unit_label,
                r.get_status_display() if r.status else "",
                float(r.points),
            ]
        )
    write_table(
        ws,
        title=f"{meet.name} 成绩",
        headers=["项目", "名次", "姓名/队名", "代表队", "成绩", "单位", "状态", "得分"],
        rows=rows,
        formats={1: "int", 7: "decimal"},
        widths={0: 18, 2: 16, 3: 14},
    )

    ws = wb.create_sheet("团体总分")
    standings = services.meet_standings(meet)
    depth = min(len(meet.points), 8)
    write_table(
        ws,
        title=f"{meet.name} 团体总分",
        headers=["名次", "代表队", "总分", *[f"第{p}名" for p in range(1, depth + 1)]],
        rows=[
            [s.rank, s.unit.name, float(round(s.points, 2)), *[s.count(p) for p in range(1, depth + 1)]]
            for s in standings
        ],
        formats={0: "int", 2: "decimal", **{3 + i: "int" for i in range(depth)}},
        widths={1: 16},
    )
    return wb


def meet_workbook_response(meet):
    return xlsx_response(meet_workbook(meet), f"{meet.name}-报名与成绩.xlsx")
