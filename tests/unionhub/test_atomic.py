import os
import subprocess
import sys

import pytest

from unionhub.atomic import atomic_output, remove_stale_parts


def test_complete_write_replaces_the_file_and_leaves_nothing_else(tmp_path):
    path = tmp_path / "年度统计.xlsx"
    path.write_bytes(b"old")
    with atomic_output(path) as fh:
        fh.write(b"new")
        assert path.read_bytes() == b"old"  # readers see the old file until the end
    assert path.read_bytes() == b"new"
    assert os.listdir(tmp_path) == ["年度统计.xlsx"]


def test_failed_write_keeps_the_old_file_and_removes_its_temporary_file(tmp_path):
    path = tmp_path / "out.xlsx"
    path.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_output(path) as fh:
        fh.write(b"half")
        raise RuntimeError("disk full")
    assert path.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["out.xlsx"]


def test_failed_first_write_leaves_no_file(tmp_path):
    path = tmp_path / "out.xlsx"
    with pytest.raises(RuntimeError), atomic_output(path):
        raise RuntimeError
    assert os.listdir(tmp_path) == []


def test_stale_parts_of_dead_writers_are_removed_live_ones_kept(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(dead.stdout)  # that process has ended
    stale = tmp_path / f".out.xlsx.{dead_pid}.abc123.part"
    live = tmp_path / f".out.xlsx.{os.getppid()}.def456.part"
    other = tmp_path / f".other.xlsx.{dead_pid}.abc123.part"
    for f in (stale, live, other):
        f.write_bytes(b"half")
    assert remove_stale_parts(tmp_path / "out.xlsx") == [stale]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, other.name])
    with atomic_output(tmp_path / "out.xlsx") as fh:
        fh.write(b"x")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, other.name, "out.xlsx"])
