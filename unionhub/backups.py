"""Backup and restore of the whole branch: the database and the uploaded files, one archive.

Archive (.tar.gz):
  manifest.json      format, database vendor, time, applied migrations
  database.sqlite3   SQLite: a consistent copy made with sqlite3's online backup API
  database.pgdump    PostgreSQL: pg_dump custom format (pg_restore reads it)
  media/...          everything under MEDIA_ROOT

The native dumps are used rather than `dumpdata`: they keep sequences, constraints and
indexes exactly, are fast for 20,000 members, and restore atomically (pg_restore
--single-transaction; SQLite's backup API replaces the whole database in one step).
"""

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
PG_VERSIONS = ("17", "16", "15", "14", "13")


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message is Chinese and shown to the operator."""


def pg_tool(name):
    """Find pg_dump / pg_restore: $PG_BIN, then PATH, then the Debian cluster directories."""
    candidates = []
    if os.environ.get("PG_BIN"):
        candidates.append(Path(os.environ["PG_BIN"]) / name)
    found = shutil.which(name)
    if found:
        candidates.append(Path(found))
    candidates += [Path(f"/usr/lib/postgresql/{v}/bin/{name}") for v in PG_VERSIONS]
    for path in candidates:
        if path.is_file() and os.access(path, os.X_OK):
            return str(path)
    raise BackupError(f"找不到 {name}：请安装 PostgreSQL 客户端，或用环境变量 PG_BIN 指定其目录。")


def pg_env_and_args():
    s = connection.settings_dict
    env = dict(os.environ)
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = str(s["PASSWORD"])
    args = []
    if s.get("HOST"):
        args += ["-h", str(s["HOST"])]
    if s.get("PORT"):
        args += ["-p", str(s["PORT"])]
    if s.get("USER"):
        args += ["-U", str(s["USER"])]
    return env, args, s["NAME"]


def applied_migrations():
    recorder = MigrationRecorder(connection)
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def _add_media(tar):
    media = Path(settings.MEDIA_ROOT)
    count = 0
    if media.is_dir():
        for path in sorted(media.rglob("*")):
            if path.is_file() and not path.is_symlink():
                tar.add(path, arcname=f"media/{path.relative_to(media).as_posix()}", recursive=False)
                count += 1
    return count


def make_backup(output):
    """Write the archive to `output` (atomically: a .part file renamed when complete)."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"不支持的数据库类型：{vendor}。")
    if connection.in_atomic_block:
        raise BackupError("不能在数据库事务中备份：备份只包含已提交的数据。")
    with tempfile.TemporaryDirectory(prefix="unionhub-backup-") as tmp:
        tmp = Path(tmp)
        if vendor == "sqlite":
            db_file = tmp / "database.sqlite3"
            connection.ensure_connection()
            target = sqlite3.connect(db_file)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
        else:
            db_file = tmp / "database.pgdump"
            env, args, name = pg_env_and_args()
            result = subprocess.run(
                [pg_tool("pg_dump"), "-Fc", "--no-owner", "--no-acl", "-f", str(db_file), *args, name],
                env=env,
                capture_output=True,
                text=True,
            )
            if result.returncode:
                raise BackupError(f"pg_dump 失败：{result.stderr.strip()}")
        manifest = {
            "format": FORMAT,
            "vendor": vendor,
            "created": timezone.now().isoformat(),
            "branch": settings.UNIONHUB_BRANCH_NAME,
            "migrations": applied_migrations(),
        }
        part = output.with_name(output.name + ".part")
        with tarfile.open(part, "w:gz") as tar:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            info.mtime = int(timezone.now().timestamp())
            tar.addfile(info, io.BytesIO(data))
            tar.add(db_file, arcname=db_file.name)
            manifest["files"] = _add_media(tar)
        os.replace(part, output)
    return manifest


def read_archive(path, into):
    """Unpack and check an archive; returns its manifest. Refuses links and paths leaving `into`."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"备份文件不存在：{path}")
    try:
        with tarfile.open(path, "r:gz") as tar:
            for member in tar.getmembers():
                name = member.name
                if not (member.isfile() or member.isdir()) or name.startswith("/") or ".." in Path(name).parts:
                    raise BackupError(f"备份文件中有不安全的条目：{name}")
                if name not in ("manifest.json", "database.sqlite3", "database.pgdump") and not (
                    name == "media" or name.startswith("media/")
                ):
                    raise BackupError(f"备份文件中有未知的条目：{name}")
            tar.extractall(into, filter="data")
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise BackupError(f"无法读取备份文件（{exc}）。")
    try:
        manifest = json.loads((Path(into) / "manifest.json").read_text())
    except (OSError, ValueError):
        raise BackupError("备份文件缺少 manifest.json，不是本系统的备份。")
    if manifest.get("format") != FORMAT:
        raise BackupError("备份文件的格式版本不受支持。")
    return manifest


def restore_backup(path):
    """Replace the database and MEDIA_ROOT with the archive's content."""
    with tempfile.TemporaryDirectory(prefix="unionhub-restore-") as tmp:
        tmp = Path(tmp)
        manifest = read_archive(path, tmp)
        vendor = connection.vendor
        if manifest.get("vendor") != vendor:
            raise BackupError(f"备份来自 {manifest.get('vendor')} 数据库，当前是 {vendor}，不能直接恢复。")
        if connection.in_atomic_block:
            raise BackupError("不能在数据库事务中恢复。")
        if vendor == "sqlite":
            db_file = tmp / "database.sqlite3"
            if not db_file.is_file():
                raise BackupError("备份文件中没有数据库。")
            source = sqlite3.connect(db_file)
            try:
                connection.ensure_connection()
                source.backup(connection.connection)
            finally:
                source.close()
        else:
            db_file = tmp / "database.pgdump"
            if not db_file.is_file():
                raise BackupError("备份文件中没有数据库。")
            connections.close_all()
            env, args, name = pg_env_and_args()
            result = subprocess.run(
                [
                    pg_tool("pg_restore"),
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--no-acl",
                    "--single-transaction",
                    "--exit-on-error",
                    *args,
                    "-d",
                    name,
                    str(db_file),
                ],
                env=env,
                capture_output=True,
                text=True,
            )
            if result.returncode:
                raise BackupError(f"pg_restore 失败，数据库未改动：{result.stderr.strip()}")
        _replace_media(tmp / "media")
    return manifest


def _replace_media(source):
    """Swap MEDIA_ROOT for the restored files: copy beside it, then two renames."""
    media = Path(settings.MEDIA_ROOT)
    media.parent.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d%H%M%S%f")
    incoming = media.with_name(f".{media.name}.restore-{stamp}")
    if source.is_dir():
        shutil.copytree(source, incoming)
    else:
        incoming.mkdir()
    old = media.with_name(f".{media.name}.old-{stamp}")
    if media.exists():
        media.rename(old)
    incoming.rename(media)
    if old.exists():
        shutil.rmtree(old)
