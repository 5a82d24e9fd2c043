"""Roster import (会员花名册导入) from an .xlsx workbook.

read_roster() parses and validates the whole file without writing anything; every problem
is collected as `第N行 列名：原因` (N = the spreadsheet row). import_roster() writes only
when there is no problem at all, in one transaction, with bulk operations (no per-row
queries), so 20,000 rows import in seconds.

Columns are found by header name in the first rows (a title row above the header is
common). Required: 工号 姓名 性别 证件号码 部门. Optional: 出生日期 民族 手机 工会小组 岗位
职称 学历 政治面貌 用工形式 入会日期 会籍状态 在职状态 退休日期 备注. A column that is absent
leaves that field untouched on update; a blank cell in a present column clears it.
"""

import datetime
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.utils.datetime import from_excel
from openpyxl.utils.exceptions import InvalidFileException

from members import idcard
from members.models import (
    Department,
    EmploymentType,
    IdType,
    Member,
    MembershipEvent,
    MembershipStatus,
    Sex,
    UnionGroup,
    WorkStatus,
)
from members.pinyin import initials
from members.services import sync_login_names
from unionhub.excel import FORMULA_PREFIXES

# the template's example row (members/exports.py): left in by mistake, it would import 张三
TEMPLATE_EXAMPLE = {"staff_no": "2024001", "id_number": "360426199101010071", "notes": "此行为示例，导入前请删除"}

HEADER_SCAN_ROWS = 10
MAX_ROWS = 50_000

# canonical column -> (model field, accepted header spellings)
COLUMNS = {
    "工号": ("staff_no", ["工号", "职工号", "教工号", "员工编号"]),
    "姓名": ("name", ["姓名"]),
    "性别": ("sex", ["性别"]),
    "出生日期": ("birth_date", ["出生日期", "出生年月日"]),
    "民族": ("ethnicity", ["民族"]),
    "证件号码": ("id_number", ["证件号码", "身份证号", "身份证号码", "公民身份号码"]),
    "手机": ("phone", ["手机", "手机号", "手机号码", "联系电话"]),
    "部门": ("department", ["部门", "所在部门", "单位部门"]),
    "工会小组": ("union_group", ["工会小组", "小组"]),
    "岗位": ("position", ["岗位", "职务", "岗位/职务", "岗位职务"]),
    "职称": ("title", ["职称"]),
    "学历": ("education", ["学历"]),
    "政治面貌": ("political_status", ["政治面貌"]),
    "用工形式": ("employment_type", ["用工形式", "用工性质"]),
    "入会日期": ("joined_on", ["入会日期", "入会时间"]),
    "会籍状态": ("membership_status", ["会籍状态"]),
    "在职状态": ("work_status", ["在职状态"]),
    "退休日期": ("retired_on", ["退休日期", "退休时间"]),
    "备注": ("notes", ["备注"]),
}
REQUIRED = ("工号", "姓名", "性别", "证件号码", "部门")
# the order of the export and the template
EXPORT_ORDER = list(COLUMNS)
TEXT_FIELDS = ("ethnicity", "position", "title", "education", "political_status", "notes")
MAX_LENGTHS = {f.name: f.max_length for f in Member._meta.fields if getattr(f, "max_length", None)}
DEPARTMENT_MAX = Department._meta.get_field("name").max_length
GROUP_MAX = UnionGroup._meta.get_field("name").max_length

SEX_VALUES = {"男": Sex.MALE, "女": Sex.FEMALE}
EMPLOYMENT_VALUES = {label: value for value, label in EmploymentType.choices}
MEMBERSHIP_VALUES = {label: value for value, label in MembershipStatus.choices}
WORK_VALUES = {label: value for value, label in WorkStatus.choices}
# the event that brings a member into a status when an import changes it
MEMBERSHIP_EVENT = {
    MembershipStatus.ACTIVE: MembershipEvent.Kind.RESTORE,
    MembershipStatus.RESERVED: MembershipEvent.Kind.RESERVE,
    MembershipStatus.QUIT: MembershipEvent.Kind.QUIT,
    MembershipStatus.TRANSFERRED: MembershipEvent.Kind.TRANSFER_OUT,
    MembershipStatus.DECEASED: MembershipEvent.Kind.DEATH,
}
WORK_EVENT = {
    WorkStatus.RETIRED: MembershipEvent.Kind.RETIRE,
    WorkStatus.EARLY_RETIRED: MembershipEvent.Kind.EARLY_RETIRE,
}

DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
COMPACT_DATE_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
PHONE_RE = re.compile(r"^[0-9+\-]{5,20}$")


@dataclass
class RosterRow:
    row: int
    values: dict  # model field -> cleaned value (only for columns present in the file)
    department: str
    group: str | None  # None when the column is absent


@dataclass
class RosterReport:
    problems: list = field(default_factory=list)  # "第N行 列名：原因"
    rows: list = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    new_departments: list = field(default_factory=list)
    new_groups: list = field(default_factory=list)
    header_row: int | None = None
    columns: list = field(default_factory=list)
    written: bool = False
    new_group_departments: dict = field(default_factory=dict)  # new group -> department name

    @property
    def ok(self):
        return not self.problems

    def add(self, row, column, reason):
        self.problems.append(f"第{row}行 {column}：{reason}")

    def summary(self):
        verb = "已" if self.written else "将"
        parts = [f"{verb}新增 {self.created} 人", f"更新 {self.updated} 人", f"未变 {self.unchanged} 人"]
        if self.new_departments:
            parts.append(f"新建部门 {len(self.new_departments)} 个（{_some(self.new_departments)}）")
        if self.new_groups:
            parts.append(f"新建工会小组 {len(self.new_groups)} 个（{_some(self.new_groups)}）")
        return "，".join(parts) + "。"


def _some(names, limit=10):
    return "、".join(names[:limit]) + ("等" if len(names) > limit else "")


def _norm_header(value):
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    return re.sub(r"[\s*＊:：()（）必填]", "", text)


HEADER_LOOKUP = {_norm_header(alias): canonical for canonical, (_f, aliases) in COLUMNS.items() for alias in aliases}


def _text(value):
    """A cell as trimmed text; numbers that are whole become '1008', not '1008.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return f"{value:%Y-%m-%d}"
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if text.startswith("'") and text[1:2] and text[1] in FORMULA_PREFIXES:
        text = text[1:]  # undo unionhub.excel.safe(): exported text re-imports unchanged
    return text


def parse_date(value):
    """Excel date, serial number, 1985-03-12, 1985/3/12, 1985.3.12, 1985年3月12日 or 19850312.

    Returns a date, None for blank, or raises ValueError with a Chinese reason.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # Excel's serial range
            return from_excel(value).date()
        raise ValueError(f"无法识别的日期“{value}”")
    text = unicodedata.normalize("NFKC", str(value)).strip()
    m = DATE_RE.match(text) or COMPACT_DATE_RE.match(text)
    if not m:
        raise ValueError(f"无法识别的日期“{text}”，请写成 1985-03-12 或 1985年3月12日")
    y, mo, d = (int(x) for x in m.groups())
    try:
        return datetime.date(y, mo, d)
    except ValueError:
        raise ValueError(f"日期“{text}”不存在") from None


class RosterFileError(Exception):
    pass


# what a damaged sheet raises while its rows are read (XML parse errors are SyntaxErrors; a bad
# number or date cell gives ValueError/OverflowError; a damaged zip member gives BadZipFile/zlib.error)
SHEET_ERRORS = (SyntaxError, ValueError, TypeError, KeyError, OverflowError, EOFError, zipfile.BadZipFile, zlib.error)


def _open_sheet(source):
    try:
        wb = load_workbook(source, read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise RosterFileError("文件不是有效的 Excel .xlsx 工作簿（.xls 或 .csv 请先另存为 .xlsx）") from None
    ws = wb.worksheets[0] if wb.worksheets else None
    if ws is None:
        raise RosterFileError("工作簿中没有工作表")
    return wb, ws


def _merged_ranges(wb, ws):
    """Merged cell ranges of the read-only sheet (read from the sheet XML; read-only mode hides them)."""
    try:
        with wb._archive.open(ws._worksheet_path) as fh:
            xml = fh.read()
    except Exception:  # pragma: no cover - an unusual package layout: skip the check
        return []
    return re.findall(rb'<mergeCell ref="([A-Z]+\d+:[A-Z]+\d+)"', xml)


def read_roster(source, *, allow_new=True):
    """Parse and validate the whole file; nothing is written. Returns a RosterReport."""
    report = RosterReport()
    try:
        wb, ws = _open_sheet(source)
    except RosterFileError as exc:
        report.problems.append(f"文件：{exc}")
        return report
    try:
        _read(wb, ws, report, allow_new=allow_new)
    except SHEET_ERRORS:
        # openpyxl parses the sheet lazily, row by row: a damaged sheet fails here, not on opening
        report.rows = []
        report.problems.append("文件：工作表内容已损坏，无法读取（请在 Excel 中打开后另存为 .xlsx 再导入）")
    finally:
        wb.close()
    return report


def _read(wb, ws, report, *, allow_new):
    rows = ws.iter_rows()
    header = None
    buffered = []
    for index, cells in enumerate(rows, start=1):
        names = [HEADER_LOOKUP.get(_norm_header(c.value)) for c in cells]
        if sum(1 for n in names if n in REQUIRED) >= 2:
            header = (index, names)
            break
        buffered.append(cells)
        if index >= HEADER_SCAN_ROWS:
            break
    if header is None:
        report.problems.append(
            f"文件：前{HEADER_SCAN_ROWS}行中找不到表头（须包含“工号”“姓名”“性别”“证件号码”“部门”等列名）"
        )
        return
    header_row, names = header
    report.header_row = header_row
    positions = {}
    for col, name in enumerate(names):
        if name is None:
            continue
        if name in positions:
            report.add(header_row, name, "表头中该列重复出现")
            continue
        positions[name] = col
    report.columns = [n for n in EXPORT_ORDER if n in positions]
    for name in REQUIRED:
        if name not in positions:
            report.add(header_row, name, "缺少必填列")
    if report.problems:
        return

    from openpyxl.utils.cell import range_boundaries

    for ref in _merged_ranges(wb, ws):
        min_col, min_row, max_col, max_row = range_boundaries(ref.decode())
        if max_row > header_row:
            col_name = next((n for n, c in positions.items() if min_col - 1 <= c <= max_col - 1), ref.decode())
            report.add(
                max(min_row, header_row + 1), col_name, f"存在合并单元格（{ref.decode()}），请取消合并并逐行填写"
            )

    existing = _existing_index()
    departments = set(Department.objects.values_list("name", flat=True))
    groups = set(UnionGroup.objects.values_list("name", flat=True))
    seen_staff, seen_ids = {}, {}
    new_depts, new_groups = {}, {}
    count = 0
    for index, cells in enumerate(rows, start=header_row + 1):
        cells = list(cells)
        if all(c.value is None or (isinstance(c.value, str) and not c.value.strip()) for c in cells):
            continue
        count += 1
        if count > MAX_ROWS:
            report.problems.append(f"文件：数据超过 {MAX_ROWS} 行，请分批导入")
            return
        row = _read_row(index, cells, positions, report)
        if row is None:
            continue
        staff_no = row.values.get("staff_no")
        id_number = row.values.get("id_number")
        if staff_no:
            if staff_no in seen_staff:
                report.add(index, "工号", f"工号“{staff_no}”与第{seen_staff[staff_no]}行重复")
            else:
                seen_staff[staff_no] = index
        if id_number:
            if id_number in seen_ids:
                report.add(index, "证件号码", f"证件号码与第{seen_ids[id_number]}行重复")
            else:
                seen_ids[id_number] = index
            owner = existing["by_id"].get(id_number)
            if owner and staff_no and owner[0] != staff_no:
                report.add(index, "证件号码", f"证件号码已被会员 {owner[1]}（工号 {owner[0]}）使用")
        dept = row.department
        if dept and dept not in departments:
            if allow_new:
                new_depts.setdefault(dept, index)
            else:
                report.add(index, "部门", f"部门“{dept}”不存在（请先在部门管理中添加，或勾选允许新建）")
        if row.group and row.group not in groups:
            if allow_new:
                new_groups.setdefault(row.group, dept)
            else:
                report.add(index, "工会小组", f"工会小组“{row.group}”不存在")
        report.rows.append(row)
    if count == 0:
        report.problems.append(f"文件：表头（第{header_row}行）下面没有数据行")
    report.new_departments = list(new_depts)
    report.new_groups = list(new_groups)
    report.new_group_departments = new_groups
    _count_changes(report, existing)


def _cell(cells, positions, name):
    col = positions.get(name)
    if col is None or col >= len(cells):
        return None
    return cells[col]


def _read_row(index, cells, positions, report):
    """Clean one data row; problems go to the report. Returns a RosterRow (or None)."""
    before = len(report.problems)
    values = {}
    for name, col in positions.items():
        cell = cells[col] if col < len(cells) else None
        if cell is not None and cell.data_type == "f":
            report.add(index, name, "单元格含公式，请复制后“粘贴为数值”再导入")
    if len(report.problems) > before:
        return None

    def raw(name):
        cell = _cell(cells, positions, name)
        return None if cell is None else cell.value

    for name in ("工号", "姓名", "部门"):
        text = _text(raw(name))
        if not text:
            report.add(index, name, "必填，不能为空")
        values[COLUMNS[name][0]] = text
    staff_no = values.pop("staff_no")
    if staff_no and len(staff_no) > MAX_LENGTHS["staff_no"]:
        report.add(index, "工号", f"不能超过{MAX_LENGTHS['staff_no']}个字符")
    values["staff_no"] = staff_no
    if len(values["name"]) > MAX_LENGTHS["name"]:
        report.add(index, "姓名", f"不能超过{MAX_LENGTHS['name']}个字符")
    department = values.pop("department")
    if len(department) > DEPARTMENT_MAX:
        report.add(index, "部门", f"不能超过{DEPARTMENT_MAX}个字符")

    sex_text = _text(raw("性别"))
    sex = SEX_VALUES.get(sex_text)
    if not sex_text:
        report.add(index, "性别", "必填，不能为空")
    elif sex is None:
        report.add(index, "性别", f"“{sex_text}”无法识别，应为“男”或“女”")
    values["sex"] = sex

    id_raw = raw("证件号码")
    info = None
    if id_raw is None or (isinstance(id_raw, str) and not id_raw.strip()):
        report.add(index, "证件号码", "必填，不能为空")
    elif isinstance(id_raw, int | float) and not isinstance(id_raw, bool) and len(_text(id_raw)) > 15:
        report.add(
            index,
            "证件号码",
            f"以数字格式保存（显示为 {_text(id_raw)}），超过15位的数字已丢失，请将该列设为文本后重新填写",
        )
    else:
        try:
            info = idcard.parse(_text(id_raw))
        except idcard.IdCardError as exc:
            report.add(index, "证件号码", str(exc))
    values["id_type"] = IdType.RESIDENT
    values["id_number"] = info.number if info else ""

    for name in ("出生日期", "入会日期", "退休日期"):
        if name not in positions:
            continue
        try:
            values[COLUMNS[name][0]] = parse_date(raw(name))
        except ValueError as exc:
            report.add(index, name, str(exc))
            values[COLUMNS[name][0]] = None
    today = timezone.localdate()
    if info:
        if sex and sex != info.sex:
            report.add(index, "性别", f"与证件号码不符（证件号码显示为{Sex(info.sex).label}）")
        birth = values.get("birth_date")
        if birth and birth != info.birth_date:
            report.add(index, "出生日期", f"与证件号码不符（证件号码显示为{info.birth_date:%Y-%m-%d}）")
        values["birth_date"] = info.birth_date
    for name in ("入会日期", "退休日期"):
        day = values.get(COLUMNS[name][0])
        if day and day > today:
            report.add(index, name, f"{day:%Y-%m-%d} 晚于今天")
        elif day and values.get("birth_date") and day < values["birth_date"]:
            report.add(index, name, "早于出生日期")

    for name, choices, default in (
        ("用工形式", EMPLOYMENT_VALUES, None),
        ("会籍状态", MEMBERSHIP_VALUES, None),
        ("在职状态", WORK_VALUES, None),
    ):
        if name not in positions:
            continue
        text = _text(raw(name))
        value = choices.get(text, default)
        if text and value is None:
            report.add(index, name, f"“{text}”无法识别，应为{'、'.join(choices)}之一")
        values[COLUMNS[name][0]] = value  # None = blank: keep / default

    if "手机" in positions:
        phone = "".join(_text(raw("手机")).split())
        if phone and not PHONE_RE.match(phone):
            report.add(index, "手机", f"“{phone}”不是有效的电话号码")
        values["phone"] = phone
    for name in ("民族", "岗位", "职称", "学历", "政治面貌", "备注"):
        if name not in positions:
            continue
        field_name = COLUMNS[name][0]
        text = _text(raw(name))
        limit = MAX_LENGTHS.get(field_name)
        if limit and len(text) > limit:
            report.add(index, name, f"不能超过{limit}个字符")
        values[field_name] = text
    if values.get("notes") == TEMPLATE_EXAMPLE["notes"] or (
        staff_no == TEMPLATE_EXAMPLE["staff_no"] and values["id_number"] == TEMPLATE_EXAMPLE["id_number"]
    ):
        report.add(index, "工号", "这是导入模板中的示例行，请删除该行后再导入")
    group = _text(raw("工会小组")) if "工会小组" in positions else None
    if group and len(group) > GROUP_MAX:
        report.add(index, "工会小组", f"不能超过{GROUP_MAX}个字符")
    if len(report.problems) > before:
        return None
    return RosterRow(row=index, values=values, department=department, group=group)


def _existing_index():
    """One query: 工号 → pk and 证件号码 → (工号, 姓名) of every member."""
    by_staff, by_id = {}, {}
    for pk, staff_no, name, id_type, id_number in Member.objects.values_list(
        "pk", "staff_no", "name", "id_type", "id_number"
    ):
        by_staff[staff_no] = pk
        if id_number and id_type == IdType.RESIDENT:
            by_id[id_number] = (staff_no, name)
    return {"by_staff": by_staff, "by_id": by_id}


COMPARE_FIELDS = (
    "name",
    "sex",
    "birth_date",
    "ethnicity",
    "id_number",
    "phone",
    "position",
    "title",
    "education",
    "political_status",
    "employment_type",
    "notes",
)


def _count_changes(report, existing):
    """Fill created/updated/unchanged (reads the members the file touches, in chunks).

    Also reports changes the roster cannot make: a retired member cannot return to work
    (there is no dated event for that; an officer corrects it on the member page).
    """
    staff_nos = [r.values["staff_no"] for r in report.rows if r.values["staff_no"] in existing["by_staff"]]
    current = _load_members(staff_nos)
    report.created = report.updated = report.unchanged = 0
    for row in report.rows:
        member = current.get(row.values["staff_no"])
        if member is None:
            report.created += 1
        elif changes := _changes(member, row):
            if "name" in changes and "id_number" in changes:
                # a different person under an existing 工号 (a typo in the 工号 column, usually):
                # updating would silently overwrite that member's identity
                report.add(
                    row.row,
                    "工号",
                    f"工号“{member.staff_no}”在系统中是 {member.name}，本行姓名和证件号码都与之不同，请核对工号",
                )
            if changes.get("work_status") == WorkStatus.WORKING or (
                changes.get("work_status") == WorkStatus.EARLY_RETIRED and member.work_status == WorkStatus.RETIRED
            ):
                report.add(
                    row.row,
                    "在职状态",
                    f"该会员现为“{member.get_work_status_display()}”，导入不能改回，请在会员详情页处理",
                )
            report.updated += 1
        else:
            report.unchanged += 1


def _load_members(staff_nos, *, lock=False):
    result = {}
    for i in range(0, len(staff_nos), 2000):
        qs = Member.objects.filter(staff_no__in=staff_nos[i : i + 2000]).select_related("department", "union_group")
        if lock:
            qs = qs.select_for_update(of=("self",))
        result.update((m.staff_no, m) for m in qs)
    return result


def _changes(member, row):
    """Field changes as {field: new value}, plus 'status' entries for 会籍/在职 changes."""
    changes = {}
    v = row.values
    for name in COMPARE_FIELDS:
        if name in v and v[name] is not None and getattr(member, name) != v[name]:
            changes[name] = v[name]
    if member.department.name != row.department:
        changes["department"] = row.department
    if row.group is not None and (member.union_group.name if member.union_group else "") != row.group:
        changes["union_group"] = row.group
    if v.get("membership_status") and v["membership_status"] != member.membership_status:
        changes["membership_status"] = v["membership_status"]
    if v.get("work_status") and v["work_status"] != member.work_status:
        changes["work_status"] = v["work_status"]
    # 退休日期 alone is not compared: it dates the 退休 event when an import records a
    # retirement; correcting a past date is done on the member page (the event keeps it)
    return changes


def import_roster(source, *, dry_run=False, by=None, allow_new=True):
    """Validate, then (unless dry_run or any problem) write everything in one transaction."""
    report = read_roster(source, allow_new=allow_new)
    if report.ok and not dry_run:
        try:
            with transaction.atomic():
                _write(report, by=by)
        except IntegrityError:
            # someone changed the roster between our checks and the write: nothing was written
            report.problems.append(
                "文件：写入时与他人同时进行的修改冲突（工号或证件号码已被占用），未写入任何数据，请重新导入"
            )
            return report
        report.written = True
    return report


def _write(report, *, by):
    today = timezone.localdate()
    # departments and groups
    dept_names = {r.department for r in report.rows}
    depts = {d.name: d for d in Department.objects.filter(name__in=dept_names)}
    missing = [n for n in report.new_departments if n not in depts]
    if missing:
        start = (Department.objects.order_by("-sort_order").values_list("sort_order", flat=True).first() or 0) + 1
        Department.objects.bulk_create([Department(name=n, sort_order=start + i) for i, n in enumerate(missing)])
        depts = {d.name: d for d in Department.objects.filter(name__in=dept_names)}
    group_names = {r.group for r in report.rows if r.group}
    groups = {g.name: g for g in UnionGroup.objects.filter(name__in=group_names)}
    missing = [n for n in report.new_groups if n not in groups]
    if missing:
        dept_of = report.new_group_departments
        UnionGroup.objects.bulk_create([UnionGroup(name=n, department=depts.get(dept_of.get(n))) for n in missing])
        groups = {g.name: g for g in UnionGroup.objects.filter(name__in=group_names)}

    current = _load_members([r.values["staff_no"] for r in report.rows], lock=True)
    new_members, new_events, changed = [], [], []
    changed_fields = set()
    report.created = report.updated = report.unchanged = 0
    for row in report.rows:
        v = row.values
        member = current.get(v["staff_no"])
        if member is None:
            member = _new_member(row, depts, groups)
            new_members.append(member)
            new_events.append(_events_for_new(member, v, today, by))
            report.created += 1
            continue
        changes = _changes(member, row)
        if not changes:
            report.unchanged += 1
            continue
        report.updated += 1
        events = []
        for name, value in changes.items():
            if name == "department":
                member.department = depts[value]
            elif name == "union_group":
                member.union_group = groups.get(value) if value else None
            elif name == "membership_status":
                events.append(MembershipEvent(member=member, kind=MEMBERSHIP_EVENT[value], date=today))
                member.membership_status = value
            elif name == "work_status":  # only 在职 → 内退/退休 or 内退 → 退休 get here (see _count_changes)
                day = v.get("retired_on") or today
                events.append(MembershipEvent(member=member, kind=WORK_EVENT[value], date=day))
                member.work_status = value
                if value == WorkStatus.RETIRED:
                    member.retired_on = day
                    changed_fields.add("retired_on")
            else:
                setattr(member, name, value)
            changed_fields.add(name)
        if "name" in changes:
            member.name_initials = initials(member.name)
            changed_fields.add("name_initials")
        for e in events:
            e.note = "花名册导入"
            e.recorded_by = by
        new_events.append(events)
        changed.append(member)
    if new_members:
        Member.objects.bulk_create(new_members, batch_size=2000)
        if any(m.pk is None for m in new_members):  # backends that do not return ids
            ids = dict(
                Member.objects.filter(staff_no__in=[m.staff_no for m in new_members]).values_list("staff_no", "pk")
            )
            for m in new_members:
                m.pk = m.id = ids[m.staff_no]
    if changed:
        changed_fields.add("updated_at")
        now = timezone.now()
        for m in changed:
            m.updated_at = now
        Member.objects.bulk_update(changed, sorted(changed_fields), batch_size=1000)
        if "name" in changed_fields:
            sync_login_names(changed)
    flat = [e for events in new_events for e in events]
    for e in flat:
        e.member_id = e.member.pk
    MembershipEvent.objects.bulk_create(flat, batch_size=2000)


def _new_member(row, depts, groups):
    v = row.values
    fields = {k: val for k, val in v.items() if val is not None}
    member = Member(**fields)
    member.department = depts[row.department]
    member.union_group = groups.get(row.group) if row.group else None
    member.name_initials = initials(member.name)
    if v.get("work_status") == WorkStatus.RETIRED and not v.get("retired_on"):
        member.retired_on = timezone.localdate()  # same date as the 退休 event written for it
    return member


def _events_for_new(member, v, today, by):
    joined = v.get("joined_on")
    events = [
        MembershipEvent(
            member=member,
            kind=MembershipEvent.Kind.JOIN,
            date=joined or today,
            note="花名册导入" if joined else "花名册导入（入会日期未填，按导入日记录）",
            recorded_by=by,
        )
    ]
    status = v.get("membership_status")
    if status and status != MembershipStatus.ACTIVE:
        events.append(
            MembershipEvent(member=member, kind=MEMBERSHIP_EVENT[status], date=today, note="花名册导入", recorded_by=by)
        )
    work = v.get("work_status")
    if work in WORK_EVENT:
        day = v.get("retired_on") or today
        events.append(
            MembershipEvent(
                member=member, kind=WORK_EVENT[work], date=max(day, joined or day), note="花名册导入", recorded_by=by
            )
        )
    return events
