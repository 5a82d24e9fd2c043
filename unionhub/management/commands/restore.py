import sys

from django.core.management.base import BaseCommand, CommandError

from unionhub.backups import BackupError, restore_backup


class Command(BaseCommand):
    help = "从备份文件恢复数据库和附件（会覆盖当前全部数据）"

    def add_arguments(self, parser):
        parser.add_argument("archive", help="backup 命令生成的 .tar.gz 文件")
        parser.add_argument("--yes", action="store_true", help="不再询问，直接恢复")

    def handle(self, *args, archive, yes=False, **options):
        if not yes:
            if not sys.stdin.isatty():
                raise CommandError("恢复会覆盖当前全部数据和附件。确认无误请加 --yes 参数再运行。")
            answer = input(f"将用 {archive} 覆盖当前全部数据和附件，输入 yes 确认：")
            if answer.strip().lower() != "yes":
                raise CommandError("已取消，未做任何改动。")
        try:
            manifest = restore_backup(archive)
        except BackupError as exc:
            raise CommandError(str(exc))
        self.stdout.write(self.style.SUCCESS(f"恢复完成：数据来自 {manifest['created']} 的备份。"))
