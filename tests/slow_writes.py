"""Run a manage.py command whose zip (xlsx) writes are slowed down, so that a test can kill it
while it is writing: `python -m tests.slow_writes export_members --output F`.

Every ZipFile.writestr / write (openpyxl writes one per workbook part) is followed by a pause of
SLOW_WRITES_PAUSE seconds (default 0.3) after flushing, so the output is visibly half-written.
"""

import os
import sys
import time
import zipfile


def main():
    pause = float(os.environ.get("SLOW_WRITES_PAUSE", "0.3"))

    def slowed(method):
        def slow(self, *args, **kwargs):
            method(self, *args, **kwargs)
            if self.fp is not None and hasattr(self.fp, "flush"):
                self.fp.flush()
            time.sleep(pause)

        return slow

    zipfile.ZipFile.writestr = slowed(zipfile.ZipFile.writestr)
    zipfile.ZipFile.write = slowed(zipfile.ZipFile.write)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionhub.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["manage.py", *sys.argv[1:]])


if __name__ == "__main__":
    main()
