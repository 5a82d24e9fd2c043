"""居民身份证号码 (GB 11643-1999): normalisation and validation.

We check length, digits, the birth date and the ISO 7064 MOD 11-2 check character, and at
most the two-digit province code. We never reject a number because its six-digit area
code is missing from a table: such tables lag behind new districts.
"""

import datetime
import unicodedata
from dataclasses import dataclass

from django.utils import timezone

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
PROVINCES = {
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
    "65", "71", "81", "82", "83", "91",
}  # fmt: skip


class IdCardError(ValueError):
    """Raised with a Chinese message saying what is wrong with the number."""


@dataclass(frozen=True)
class IdCardInfo:
    number: str
    birth_date: datetime.date
    sex: str  # "M" or "F"


def normalize(raw) -> str:
    """Strip spaces (also full-width), turn full-width characters to ASCII, upper-case X."""
    if raw is None:
        return ""
    text = unicodedata.normalize("NFKC", str(raw))
    text = "".join(ch for ch in text if not ch.isspace() and ch not in "-‐－")
    return text.upper()


def check_char(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def parse(raw) -> IdCardInfo:
    """Validate a mainland ID number; return its normalised form, birth date and sex."""
    number = normalize(raw)
    if not number:
        raise IdCardError("证件号码为空")
    if len(number) == 15:
        if not number.isdigit():
            raise IdCardError("15位证件号码只能由数字组成")
        date_text = "19" + number[6:12]
        seq_digit = number[14]
    elif len(number) == 18:
        if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
            raise IdCardError("证件号码前17位须为数字，最后一位为数字或X")
        date_text = number[6:14]
        seq_digit = number[16]
    else:
        raise IdCardError(f"证件号码应为18位（旧证15位），实际为{len(number)}位")
    if number[:2] not in PROVINCES:
        raise IdCardError(f"证件号码的省份代码“{number[:2]}”不存在")
    try:
        birth = datetime.date(int(date_text[:4]), int(date_text[4:6]), int(date_text[6:8]))
    except ValueError:
        raise IdCardError(f"证件号码中的出生日期“{date_text}”不是有效日期") from None
    if birth.year < 1900 or birth > timezone.localdate():
        raise IdCardError(f"证件号码中的出生日期“{date_text}”不合理")
    if len(number) == 18:
        expected = check_char(number[:17])
        if number[17] != expected:
            raise IdCardError("证件号码校验位错误（请核对是否录入有误）")
    sex = "M" if int(seq_digit) % 2 == 1 else "F"
    return IdCardInfo(number=number, birth_date=birth, sex=sex)


def mask(number: str) -> str:
    """3604**********0071: keep the first 4 and last 4 characters."""
    if not number:
        return ""
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]
