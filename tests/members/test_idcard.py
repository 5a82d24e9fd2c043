import datetime

import pytest

from members import idcard


def test_valid_number_from_domain_guide():
    info = idcard.parse("360426199101010071")
    assert info.birth_date == datetime.date(1991, 1, 1)
    assert info.sex == "M"


def test_bad_check_character_is_refused():
    with pytest.raises(idcard.IdCardError, match="校验位"):
        idcard.parse("360426199101010072")


def test_normalises_spaces_fullwidth_and_lowercase_x():
    first17 = "11010519491231002"
    number = first17 + idcard.check_char(first17)
    assert number.endswith("X")
    messy = " ".join(number[:6]) + "１９４９１２３１００２ｘ"[0:0] + number[6:-1] + "x"
    assert idcard.normalize(messy) == number
    assert idcard.normalize("１１０１０５１９４９１２３１００２ｘ") == number
    assert idcard.parse("１１０１０５ １９４９１２３１ ００２ｘ").number == number


def test_unknown_area_code_within_a_real_province_is_accepted():
    # 440105 (广州市海珠区) is missing from some bundled tables; we only check the province.
    first17 = "44010519800101001"
    assert idcard.parse(first17 + idcard.check_char(first17)).number.startswith("440105")


def test_impossible_date_and_province_and_length():
    first17 = "36042619910230007"
    with pytest.raises(idcard.IdCardError, match="出生日期"):
        idcard.parse(first17 + idcard.check_char(first17))
    first17 = "99042619910101007"
    with pytest.raises(idcard.IdCardError, match="省份"):
        idcard.parse(first17 + idcard.check_char(first17))
    with pytest.raises(idcard.IdCardError, match="18位"):
        idcard.parse("3604261991010100")


def test_legacy_15_digit_number_is_readable():
    info = idcard.parse("360426910101007")
    assert info.birth_date == datetime.date(1991, 1, 1) and info.sex == "M"


def test_mask():
    assert idcard.mask("360426199101010071") == "3604**********0071"
