"""Workbooks: a session's proposals with their answers."""

from openpyxl import Workbook

from congress.models import Proposal
from congress.stats import session_report_tables
from unionhub.excel import write_table

HEADERS = [
    "编号", "案由", "类别", "领衔人", "所在部门", "附议人", "附议人数", "状态", "提交日期",
    "主办部门", "协办部门", "答复期限", "答复类型", "答复内容", "评价", "优秀提案",
]  # fmt: skip


def session_workbook(session):
    proposals = (
        Proposal.objects.filter(session=session)
        .exclude(state__in=("draft", "withdrawn"))
        .for_list()
        .prefetch_related("seconds__member", "assignments__department", "answers", "ratings")
        .order_by("seq", "submitted_at", "id")
    )
    rows = []
    for p in proposals:
        seconders = [s.member.name for s in p.seconds.all()]
        answers = list(p.answers.all())
        ratings = list(p.ratings.all())
        last_answer = answers[-1] if answers else None
        co = [a.department.name for a in p.assignments.all() if not a.is_lead]
        rows.append(
            [
                p.number,
                p.title,
                p.category.name,
                p.proposer.name,
                p.proposer.department.name,
                "、".join(seconders),
                len(seconders),
                p.get_state_display(),
                p.submitted_at.date() if p.submitted_at else None,
                p.lead_department.name if p.lead_department_id else "",
                "、".join(co),
                p.due_date,
                last_answer.get_answer_type_display() if last_answer else "",
                "\n\n".join(a.text for a in answers),
                ratings[-1].get_result_display() if ratings else "",
                "是" if p.is_excellent else "",
            ]
        )
    wb = Workbook()
    ws = wb.active
    ws.title = "提案及答复"
    write_table(
        ws,
        title=f"{session.name}教代会提案及答复",
        headers=HEADERS,
        rows=rows,
        formats={6: "int", 8: "date", 11: "date"},
        widths={1: 36, 13: 60},
    )
    ws2 = wb.create_sheet("办理情况")
    row = 1
    for table in session_report_tables(session):
        row = write_table(
            ws2,
            title=table.title,
            headers=table.headers,
            rows=table.rows,
            formats=table.formats,
            total_row=table.total_row,
            start_row=row,
            freeze=False,
            list_sheet=False,
        )
    return wb


def delegate_template():
    wb = Workbook()
    ws = wb.active
    ws.title = "代表名单"
    write_table(ws, headers=["工号", "代表团"], rows=[], formats={0: "text"}, widths={0: 14, 1: 20})
    return wb
