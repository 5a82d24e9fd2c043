"""Pinyin initials for searching names (张三 → zs), from the pypinyin package."""

from functools import lru_cache

from pypinyin import Style, lazy_pinyin


@lru_cache(maxsize=4096)
def initials(name: str) -> str:
    if not name:
        return ""
    parts = lazy_pinyin(name, style=Style.FIRST_LETTER, errors="ignore")
    return "".join(p[:1] for p in parts if p).lower()
