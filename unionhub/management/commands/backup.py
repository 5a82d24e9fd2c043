from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from unionhub.backups import BackupError, make_backup


class Command(BaseCommand):
    help = "备份数据库和上传的附件到一个 .tar.gz 文件"

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="备份文件路径（默认：当前目录下 unionhub-backup-时间.tar.gz）")

    def handle(self, *args, output=None, **options):
        output = output or f"unionhub-backup-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz"
        try:
            manifest = make_backup(output)
        except BackupError as exc:
            raise CommandError(str(exc))
        self.stdout.write(
            self.style.SUCCESS(f"备份完成：{output}（{manifest['vendor']} 数据库，附件 {manifest['files']} 个）")
        )
