"""Write a file so that a reader never sees half of it, even if the writer is killed.

    with atomic_output(path) as fh:
        workbook.save(fh)

The bytes go to a hidden temporary file in the same folder (`.name.<pid>.<random>.part`),
which is flushed to disk and renamed over `path` only when complete; os.replace is atomic on
one file system. A writer killed midway (kill -9, power loss) leaves no `path` or the previous
one, and a `.part` file that the next writer of the same path removes (its process is gone).
The file is created readable by its owner only (mkstemp): exports hold ID numbers.
"""

import contextlib
import glob
import os
import re
import tempfile
from pathlib import Path


def _part_prefix(path: Path) -> str:
    return f".{path.name}."


def remove_stale_parts(path) -> list[Path]:
    """Delete the temporary files of earlier writers of `path` whose process no longer runs."""
    path = Path(path)
    prefix = _part_prefix(path)
    removed = []
    for part in path.parent.glob(f"{glob.escape(prefix)}*.part"):
        m = re.fullmatch(re.escape(prefix) + r"(\d+)\.[^.]+\.part", part.name)
        if not m or _running(int(m.group(1))):
            continue
        with contextlib.suppress(FileNotFoundError):
            part.unlink()
            removed.append(part)
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: leave its file alone
        return True
    return True


@contextlib.contextmanager
def atomic_output(path):
    path = Path(path)
    remove_stale_parts(path)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f"{_part_prefix(path)}{os.getpid()}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
