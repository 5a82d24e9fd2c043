"""Attachment checks and protected downloads, shared by every app that takes uploads."""

import os
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404

ALLOWED_EXTENSIONS = {
    ".pdf", ".jpg", ".jpeg", ".png", ".gif", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".txt", ".zip",
}  # fmt: skip
MAX_UPLOAD_BYTES = 10 * 1024 * 1024

# first bytes of the formats we accept; text files are checked for being text
SIGNATURES = {
    ".pdf": [b"%PDF"],
    ".jpg": [b"\xff\xd8\xff"],
    ".jpeg": [b"\xff\xd8\xff"],
    ".png": [b"\x89PNG"],
    ".gif": [b"GIF8"],
    ".docx": [b"PK"],
    ".xlsx": [b"PK"],
    ".pptx": [b"PK"],
    ".zip": [b"PK"],
    ".doc": [b"\xd0\xcf\x11\xe0"],
    ".xls": [b"\xd0\xcf\x11\xe0"],
    ".ppt": [b"\xd0\xcf\x11\xe0"],
}


def validate_attachment(upload, *, allowed=None, max_bytes=MAX_UPLOAD_BYTES):
    """Raise ValidationError (Chinese) unless the upload has an allowed type, real content and size."""
    allowed = allowed or ALLOWED_EXTENSIONS
    name = getattr(upload, "name", "") or ""
    ext = os.path.splitext(name)[1].lower()
    if ext not in allowed:
        raise ValidationError(
            f"不支持的附件类型“{ext or '无扩展名'}”，仅允许：{'、'.join(sorted(e.lstrip('.') for e in allowed))}。"
        )
    size = getattr(upload, "size", 0) or 0
    if size > max_bytes:
        raise ValidationError(f"附件“{name}”过大（{size / 1048576:.1f} MB），不能超过 {max_bytes // 1048576} MB。")
    if size == 0:
        raise ValidationError(f"附件“{name}”是空文件。")
    head = upload.read(8)
    upload.seek(0)
    sigs = SIGNATURES.get(ext)
    if sigs and not any(head.startswith(s) for s in sigs):
        raise ValidationError(f"附件“{name}”的内容与扩展名不符。")
    if ext == ".txt" and b"\x00" in head:
        raise ValidationError(f"附件“{name}”不是文本文件。")


def protected_download(fieldfile, filename=None):
    """Stream an uploaded file. Call only after the view has checked the user may see it."""
    if not fieldfile:
        raise Http404("文件不存在")
    try:
        handle = fieldfile.open("rb")
    except FileNotFoundError:
        raise Http404("文件不存在") from None
    name = filename or os.path.basename(fieldfile.name)
    response = FileResponse(handle, as_attachment=True, filename=name)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response
