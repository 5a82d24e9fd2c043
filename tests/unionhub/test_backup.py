"""backup / restore round trip: runs on SQLite, and on PostgreSQL when DATABASE_URL points there.

Backups read committed data (the SQLite backup API waits for a writer to finish), so the tests
that take one run with transaction=True.
"""

import io
import tarfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from members.models import Department, Member


@pytest.fixture
def some_data(make_member):
    member = make_member(name="备份测试", staff_no="B0001")
    stored = default_storage.save("welfare/2026/证明.pdf", ContentFile(b"%PDF-1.4 original"))
    return member, stored


@pytest.mark.django_db(transaction=True)
def test_backup_wipe_restore_round_trip(some_data, tmp_path, settings):
    member, stored = some_data
    archive = tmp_path / "b.tar.gz"
    out = io.StringIO()
    call_command("backup", output=str(archive), stdout=out)
    assert "备份完成" in out.getvalue() and archive.is_file()

    # wipe: the data and the file are gone, and something new appears that the restore must drop
    Member.objects.all().delete()
    Department.objects.create(name="备份之后新建")
    default_storage.delete(stored)
    default_storage.save("stray.txt", ContentFile(b"after"))
    assert not Member.objects.exists()

    call_command("restore", str(archive), yes=True, stdout=io.StringIO())

    restored = Member.objects.get(staff_no="B0001")
    assert restored.name == "备份测试" and restored.department.name == member.department.name
    assert restored.events.count() == 1
    assert not Department.objects.filter(name="备份之后新建").exists()
    with default_storage.open(stored) as f:
        assert f.read() == b"%PDF-1.4 original"
    assert not default_storage.exists("stray.txt")
    # sequences survive: new rows get fresh ids
    assert Member.objects.create(staff_no="B0002", name="新", sex="M", department=restored.department).pk > restored.pk


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_without_confirmation(some_data, tmp_path, monkeypatch):
    archive = tmp_path / "b.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    Member.objects.all().delete()
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(archive))
    assert not Member.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_restore_asks_on_a_terminal_and_cancels(tmp_path, monkeypatch, some_data):
    archive = tmp_path / "b.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="已取消"):
        call_command("restore", str(archive))


def _tar(path, entries):
    with tarfile.open(path, "w:gz") as tar:
        for name, data in entries.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "entries, message",
    [
        ({"manifest.json": b'{"format": 1, "vendor": "sqlite"}', "../evil.txt": b"x"}, "不安全"),
        ({"manifest.json": b'{"format": 1, "vendor": "sqlite"}', "other.txt": b"x"}, "未知的条目"),
        ({"database.sqlite3": b"x"}, "manifest"),
        ({"manifest.json": b'{"format": 1, "vendor": "oracle"}'}, "不能直接恢复"),
    ],
)
def test_restore_rejects_bad_archives_and_changes_nothing(tmp_path, make_member, entries, message):
    make_member(staff_no="KEEP1")
    bad = tmp_path / "bad.tar.gz"
    _tar(bad, entries)
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(bad), yes=True)
    assert Member.objects.filter(staff_no="KEEP1").exists()


@pytest.mark.django_db
def test_restore_rejects_a_file_that_is_not_an_archive(tmp_path):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not a tarball")
    with pytest.raises(CommandError, match="无法读取"):
        call_command("restore", str(junk), yes=True)
    with pytest.raises(CommandError, match="不存在"):
        call_command("restore", str(tmp_path / "missing.tar.gz"), yes=True)


@pytest.mark.django_db(transaction=True)
def test_backup_never_leaves_a_partial_archive(tmp_path, monkeypatch):
    from unionhub import backups

    def boom(tar):
        raise OSError("disk full")

    monkeypatch.setattr(backups, "_add_media", boom)
    with pytest.raises(OSError):
        call_command("backup", output=str(tmp_path / "b.tar.gz"))
    assert not (tmp_path / "b.tar.gz").exists()


@pytest.mark.django_db
def test_backup_refuses_inside_a_transaction(tmp_path):
    with pytest.raises(CommandError, match="事务"):
        call_command("backup", output=str(tmp_path / "b.tar.gz"))
