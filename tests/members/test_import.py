import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from members.exports import roster_workbook, template_workbook
from members.importer import import_roster, parse_date, read_roster
from members.models import Department, Member, UnionGroup
from tests.conftest import valid_id
from tests.members.conftest import HEADERS, roster_file, roster_row

pytestmark = pytest.mark.django_db


def test_good_roster_with_title_row_imports_everything():
    rows = [roster_row("A1"), roster_row("A2", name="李芳", sex="女", birth=datetime.date(1990, 1, 2))]
    report = import_roster(roster_file(rows))
    assert report.ok, report.problems
    assert report.header_row == 2
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    assert report.new_departments == ["教务处"] and report.new_groups == ["教务学工小组"]
    m = Member.objects.get(staff_no="A2")
    assert (m.name, m.sex, m.birth_date, m.name_initials) == ("李芳", "F", datetime.date(1990, 1, 2), "lf")
    assert m.department.name == "教务处" and m.union_group.name == "教务学工小组"
    assert m.union_group.department == m.department
    assert list(m.events.values_list("kind", "date")) == [("join", datetime.date(2010, 9, 1))]


@pytest.mark.parametrize(
    "value",
    [datetime.datetime(1985, 3, 12), "1985-03-12", "1985/3/12", "1985年3月12日", "1985.3.12", "19850312", 31118],
)
def test_date_formats(value):
    assert parse_date(value) == datetime.date(1985, 3, 12)


@pytest.mark.parametrize(
    ("value", "reason"), [("1985-02-30", "不存在"), ("去年", "无法识别"), ("12/03/1985", "无法识别")]
)
def test_bad_dates(value, reason):
    with pytest.raises(ValueError, match=reason):
        parse_date(value)


def _problems(rows, **kwargs):
    report = import_roster(roster_file(rows), **kwargs)
    assert not report.ok
    assert not Member.objects.filter(staff_no__startswith="B").exists(), "nothing may be written"
    return report.problems


def _numeric_id():
    """A valid ID whose check character is a digit (one ending in X cannot be a number)."""
    while (number := valid_id())[-1] == "X":
        pass
    return number


def test_every_bad_row_is_reported_and_nothing_written(make_member):
    existing = make_member(staff_no="X9", name="老会员")
    good = roster_row("B1")
    bad_check = good["证件号码"][:17] + ("0" if good["证件号码"][17] != "0" else "1")
    rows = [
        good,  # row 3
        roster_row("B2", 证件号码=bad_check),  # 4
        roster_row("B1"),  # 5: 工号 repeats row 3
        roster_row("B4", 证件号码=good["证件号码"]),  # 6: ID repeats row 3
        roster_row("B5", 姓名=None),  # 7
        roster_row("B6", 入会日期="2019-02-30"),  # 8
        roster_row("B7", 证件号码=int(_numeric_id())),  # 9: stored as a number
        roster_row("B8", 性别="女"),  # 10: ID says male
        roster_row(
            "B9", 证件号码=existing.id_number, sex="男" if existing.sex == "M" else "女", birth=existing.birth_date
        ),
        roster_row("B10", 部门=""),  # 12
        roster_row("B11", 用工形式="临时工"),  # 13
        roster_row("B12", 性别="未知"),  # 14
        roster_row("B13", 出生日期=datetime.date(1985, 3, 13)),  # 15
    ]
    problems = _problems(rows)
    expected = [
        "第4行 证件号码：证件号码校验位错误",
        "第5行 工号：工号“B1”与第3行重复",
        "第6行 证件号码：证件号码与第3行重复",
        "第7行 姓名：必填，不能为空",
        "第8行 入会日期：日期“2019-02-30”不存在",
        "第9行 证件号码：以数字格式保存",
        "第10行 性别：与证件号码不符（证件号码显示为男）",
        "第11行 证件号码：证件号码已被会员 老会员（工号 X9）使用",
        "第12行 部门：必填，不能为空",
        "第13行 用工形式：“临时工”无法识别",
        "第14行 性别：“未知”无法识别",
        "第15行 出生日期：与证件号码不符（证件号码显示为1985-03-12）",
    ]
    for text in expected:
        assert any(p.startswith(text) for p in problems), (text, problems)
    assert len(problems) == len(expected)
    assert Member.objects.count() == 1


def test_formula_cell_is_refused():
    rows = [roster_row("B1", 手机='=HYPERLINK("http://x")')]
    assert _problems(rows) == ["第3行 手机：单元格含公式，请复制后“粘贴为数值”再导入"]


def test_not_an_xlsx_file(tmp_path):
    report = import_roster(io.BytesIO("工号,姓名\n1,张三\n".encode()))
    assert report.problems == ["文件：文件不是有效的 Excel .xlsx 工作簿（.xls 或 .csv 请先另存为 .xlsx）"]


def test_missing_required_column_and_header_not_found():
    headers = [h for h in HEADERS if h != "证件号码"]
    report = read_roster(roster_file([roster_row("B1")], headers=headers))
    assert report.problems == ["第2行 证件号码：缺少必填列"]
    wb = Workbook()
    for i in range(12):
        wb.active.append([f"说明{i}"])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    assert read_roster(buf).problems[0].startswith("文件：前10行中找不到表头")


def test_header_aliases_and_columns_by_name():
    headers = ["序号", "身份证号", "部门", "姓名", "性别", "职工号", "手机号码"]
    row = roster_row("B1")
    row.update({"序号": 1, "身份证号": row["证件号码"], "职工号": 1008, "手机号码": 13800001234})
    report = import_roster(roster_file([row], headers=headers, title=None))
    assert report.ok, report.problems
    m = Member.objects.get(staff_no="1008")  # numeric cell 1008 → "1008", not "1008.0"
    assert m.phone == "13800001234" and m.id_number == row["证件号码"]


def test_lower_case_x_and_spaces_are_normalised():
    number = None
    while number is None or not number.endswith("X"):
        number = valid_id(datetime.date(1985, 3, 12), "M")
    row = roster_row("B1", 证件号码=" " + number[:6] + " " + number[6:].lower())
    assert import_roster(roster_file([row])).ok
    assert Member.objects.get(staff_no="B1").id_number == number


def test_merged_cells_are_reported():
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    for staff_no in ("B1", "B2"):
        r = roster_row(staff_no)
        ws.append([r[h] for h in HEADERS])
    ws.merge_cells("G2:G3")  # 部门 merged over two data rows
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    problems = read_roster(buf).problems
    assert any(p.startswith("第2行 部门：存在合并单元格（G2:G3）") for p in problems), problems


def test_unknown_department_when_new_ones_not_allowed(department):
    rows = [roster_row("B1", 部门="不存在的部门"), roster_row("B2", 部门=department.name, 工会小组=None)]
    problems = _problems(rows, allow_new=False)
    assert problems[0].startswith("第3行 部门：部门“不存在的部门”不存在")
    assert any(p.startswith("第3行 工会小组：工会小组“教务学工小组”不存在") for p in problems)


def test_existing_staff_no_updates_and_counts(make_member, department):
    m = make_member(staff_no="C1", name="旧名", sex="M", birth_date=datetime.date(1985, 3, 12))
    same = make_member(staff_no="C2", name="不变", sex="M", birth_date=datetime.date(1986, 4, 5))
    first = import_roster(io.BytesIO(_export_bytes(Member.objects.filter(pk=same.pk))))
    assert (first.created, first.updated, first.unchanged) == (0, 0, 1)
    rows = [
        roster_row("C1", name="新名", 证件号码=m.id_number, 部门=department.name, 手机="13911112222", 在职状态="退休"),
        roster_row("C3"),
    ]
    report = import_roster(roster_file(rows))
    assert report.ok, report.problems
    assert (report.created, report.updated, report.unchanged) == (1, 1, 0)
    m.refresh_from_db()
    assert (m.name, m.name_initials, m.phone, m.work_status) == ("新名", "xm", "13911112222", "retired")
    assert m.events.filter(kind="retire").count() == 1 and m.retired_on is not None
    assert Member.objects.get(staff_no="C3").events.count() == 1


def test_retired_member_cannot_be_imported_back_to_work(make_member):
    m = make_member(staff_no="C1", name="退休人", sex="M", birth_date=datetime.date(1985, 3, 12), work_status="retired")
    rows = [roster_row("C1", name="退休人", 证件号码=m.id_number, 在职状态="在职")]
    report = import_roster(roster_file(rows))
    assert report.problems == ["第3行 在职状态：该会员现为“退休”，导入不能改回，请在会员详情页处理"]


def test_dry_run_writes_nothing():
    report = import_roster(roster_file([roster_row("B1")]), dry_run=True)
    assert report.ok and report.created == 1 and not report.written
    assert not Member.objects.exists() and not Department.objects.exists()


def _export_bytes(qs):
    buf = io.BytesIO()
    roster_workbook(qs, include_private=True).save(buf)
    return buf.getvalue()


def test_export_reimports_unchanged(make_member):
    make_member(notes="=1+1 看起来像公式", title="+高级", ethnicity="汉族")
    make_member(work_status="retired", retired_on=datetime.date(2020, 1, 1), employment_type="migrant")
    data = _export_bytes(Member.objects.all())
    ws = load_workbook(io.BytesIO(data)).active
    assert ws["A1"].value.startswith("会员花名册")
    assert ws.freeze_panes == "C3"
    header = [c.value for c in ws[2]]
    id_col = header.index("证件号码")
    assert ws.cell(row=3, column=id_col + 1).data_type == "s"  # IDs as text
    notes = [ws.cell(row=r, column=header.index("备注") + 1).value for r in range(3, ws.max_row + 1)]
    assert "'=1+1 看起来像公式" in notes  # never a formula
    report = import_roster(io.BytesIO(data))
    assert report.ok, report.problems
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)


def test_template_has_headers_and_a_valid_example():
    buf = io.BytesIO()
    template_workbook().save(buf)
    buf.seek(0)
    report = read_roster(buf)
    # every cell of the example is valid: the one problem is that it is the example
    assert report.problems == ["第3行 工号：这是导入模板中的示例行，请删除该行后再导入"]
    assert report.header_row == 2


def test_template_example_row_left_in_is_not_imported():
    """Before: an officer who filled the template below the example imported 张三 (2024001) too."""
    wb = template_workbook()
    ws = wb.active
    ws.append(["1008", "杨强", "男", None, "汉族", valid_id(datetime.date(1985, 3, 12), "M"), None, "教务处"])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    report = import_roster(buf)
    assert not report.ok and "示例行" in report.problems[0]
    assert not Member.objects.filter(staff_no="2024001").exists()
    # the example's 备注 cleared but the row kept: still recognised by its 工号 and 证件号码
    ws["S3"] = None
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    assert any("示例行" in p for p in read_roster(buf).problems)


def test_import_query_count_does_not_grow_with_rows(django_assert_max_num_queries, make_member):
    make_member(staff_no="Z1")
    z1 = Member.objects.get(staff_no="Z1")
    z1_row = {"证件号码": z1.id_number, "sex": "男" if z1.sex == "M" else "女", "birth": z1.birth_date}

    def rows(n, name):
        day = datetime.date(1980, 1, 1)
        return [roster_row(f"B{i}", birth=day + datetime.timedelta(days=i)) for i in range(n)] + [
            roster_row("Z1", name=name, **z1_row)
        ]

    small = roster_file(rows(20, "改名"), as_bytes=True)
    large = roster_file(rows(600, "又改"), as_bytes=True)
    Member.objects.exclude(staff_no="Z1").delete()
    # validation: members index, departments, groups, members in the file; writing: the same
    # three again, then batched inserts/updates (SQLite caps parameters per statement, so
    # bulk_create there sends about 40 rows per INSERT; PostgreSQL sends 2,000)
    with django_assert_max_num_queries(20):
        assert import_roster(io.BytesIO(small)).ok
    Member.objects.exclude(staff_no="Z1").delete()
    with django_assert_max_num_queries(45) as ctx:
        assert import_roster(io.BytesIO(large)).ok
    assert len(ctx.captured_queries) < 601 / 10  # nothing per row
    assert not [q for q in ctx.captured_queries if q["sql"].startswith("SELECT") and "LIMIT" in q["sql"]]
    assert Member.objects.count() == 601 and UnionGroup.objects.count() == 1


def test_import_command(tmp_path):
    path = tmp_path / "roster.xlsx"
    path.write_bytes(roster_file([roster_row("B1")], as_bytes=True))
    out = io.StringIO()
    call_command("import_members", str(path), "--dry-run", stdout=out)
    assert "检查通过" in out.getvalue() and not Member.objects.exists()
    call_command("import_members", str(path), stdout=out)
    assert "已新增 1 人" in out.getvalue() and Member.objects.count() == 1


def test_import_command_fails_on_errors(tmp_path):
    path = tmp_path / "roster.xlsx"
    path.write_bytes(roster_file([roster_row("B1", 姓名=None), roster_row("B2", 性别="?")], as_bytes=True))
    err = io.StringIO()
    with pytest.raises(CommandError, match="发现 2 个问题"):
        call_command("import_members", str(path), stderr=err)
    assert "第3行 姓名：必填，不能为空" in err.getvalue() and "第4行 性别" in err.getvalue()
    assert not Member.objects.exists()
    with pytest.raises(CommandError, match="无法打开文件"):
        call_command("import_members", str(tmp_path / "missing.xlsx"))


def test_export_command(tmp_path, make_member):
    make_member(name="导出人")
    path = tmp_path / "out.xlsx"
    call_command("export_members", "--output", str(path), stdout=io.StringIO())
    ws = load_workbook(path).active
    assert "导出人" in [c.value for c in ws[3]]


def test_write_conflict_is_reported_not_raised(monkeypatch):
    from django.db import IntegrityError

    from members import importer

    def boom(report, *, by):
        Department.objects.create(name="半途写入")
        raise IntegrityError("duplicate key")

    monkeypatch.setattr(importer, "_write", boom)
    report = import_roster(roster_file([roster_row("B1")]))
    assert report.problems[0].startswith("文件：写入时与他人同时进行的修改冲突")
    assert not Department.objects.filter(name="半途写入").exists()  # rolled back


def test_import_name_correction_reaches_the_login_account(member, department):
    me = member.member
    row = roster_row(me.staff_no, name="郑慧敏", sex=me.get_sex_display(), birth=me.birth_date)
    row.update({"证件号码": me.id_number, "部门": department.name, "工会小组": None})
    report = import_roster(roster_file([row]))
    assert report.ok and report.updated == 1, report.problems
    member.refresh_from_db()
    assert member.name == "郑慧敏"


def test_a_different_person_under_an_existing_staff_no_is_refused(make_member):
    """Before: a 工号 typo silently renamed member 1008 and replaced their 证件号码 (将更新 1 人)."""
    existing = make_member(staff_no="1008", name="杨强")
    row = roster_row("1008", name="张三", birth=datetime.date(1985, 3, 12))
    report = import_roster(roster_file([row]))
    assert not report.ok
    assert any("工号“1008”在系统中是 杨强" in p for p in report.problems), report.problems
    existing.refresh_from_db()
    assert existing.name == "杨强"
    # a name correction alone (same 证件号码) still updates
    row = roster_row("1008", name="杨 强", sex=existing.get_sex_display(), birth=existing.birth_date)
    row["证件号码"] = existing.id_number
    assert import_roster(roster_file([row])).ok
