"""export_annual_stats: write the year-end workbook (年度统计) to a file.

python manage.py export_annual_stats --year 2025 --output 2025年度统计.xlsx
python manage.py export_annual_stats --year 2025 --from 2025-01-01 --to 2025-06-30 --output 上半年.xlsx
"""

import datetime
import getpass
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from unionhub import yearend
from unionhub.stats import Period


def parse_date(text, option):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{option} 日期格式应为 YYYY-MM-DD，收到：{text}")


class Command(BaseCommand):
    help = "导出年度统计工作簿（各工作表 + 汇总 + 说明）"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="统计年度，如 2025")
        parser.add_argument("--from", dest="date_from", help="统计开始日期 YYYY-MM-DD（默认该年 1 月 1 日）")
        parser.add_argument("--to", dest="date_to", help="统计截止日期 YYYY-MM-DD（默认该年 12 月 31 日）")
        parser.add_argument("--output", required=True, help="输出的 .xlsx 文件路径")
        parser.add_argument("--by", default="", help="生成人（写入“说明”工作表；默认当前系统用户）")

    def handle(self, *args, year, date_from, date_to, output, by, **options):
        if not 1900 <= year <= 2999:
            raise CommandError(f"年度不正确：{year}")
        default = Period.year(year)
        start = parse_date(date_from, "--from") if date_from else default.start
        end = parse_date(date_to, "--to") if date_to else default.end
        if start > end:
            raise CommandError(f"开始日期 {start} 晚于截止日期 {end}。")
        path = Path(output)
        if path.suffix.lower() != ".xlsx":
            raise CommandError("输出文件应以 .xlsx 结尾。")
        if not path.parent.exists():
            raise CommandError(f"输出目录不存在：{path.parent}")
        by = by or f"{getpass.getuser()}（命令行）"
        report = yearend.export_to_path(Period(start, end), path, generated_by=by)
        t = report.timings
        self.stdout.write(
            self.style.SUCCESS(
                f"已导出年度统计（{report.period.label}）到 {path}（{len(report.sheets) + 2} 个工作表，"
                f"统计 {t.get('collect', 0):.2f} 秒，写入 {t.get('write', 0):.2f} 秒）"
            )
        )
