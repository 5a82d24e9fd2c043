import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

TODAY = timezone.localdate()


@pytest.fixture
def occasion(db):
    from welfare.models import Occasion

    return Occasion.objects.get(code="hospital")


@pytest.fixture
def hospital_standard(occasion):
    """住院: at most 1000 yuan, at most 2 times per member per year."""
    from welfare.models import Standard

    return Standard.objects.create(year=TODAY.year, occasion=occasion, max_amount=Decimal("1000"), max_times=2)


@pytest.fixture
def festival_standard(db):
    from welfare.models import Occasion, Standard

    return Standard.objects.create(
        year=TODAY.year,
        occasion=Occasion.objects.get(code="festival"),
        max_amount=Decimal("500"),
        payment=Standard.Payment.GOODS_ONLY,
        max_times=3,
    )


@pytest.fixture
def make_visit(db, officer):
    from welfare.models import Visit

    def make(member, occasion, **fields):
        fields.setdefault("reason", "住院慰问")
        fields.setdefault("visit_date", TODAY)
        fields.setdefault("amount", Decimal("500"))
        fields.setdefault("created_by", officer)
        return Visit.objects.create(member=member, occasion=occasion, **fields)

    return make


@pytest.fixture
def hardship_file(make_member, welfare_officer):
    from welfare.models import HardshipFile, HouseholdMember

    m = make_member(
        name="困难甲", staff_no="H0001", id_number="360426199101010071", sex="M", birth_date=datetime.date(1991, 1, 1)
    )
    f = HardshipFile.objects.create(
        member=m,
        category=HardshipFile.Category.DEEP,
        main_reason=HardshipFile.Reason.ILLNESS,
        secondary_reasons=["education"],
        household_size=4,
        household_income=Decimal("3200"),
        health="配偶患尿毒症",
        housing="租房",
        bank_name="中国农业银行",
        bank_account="6228480012345678901",
        opened_on=TODAY - datetime.timedelta(days=400),
        created_by=welfare_officer,
    )
    HouseholdMember.objects.create(
        hardship_file=f, name="困难甲配偶", relation="配偶", monthly_income=0, health="尿毒症"
    )
    return f


@pytest.fixture
def application(hardship_file, welfare_officer):
    from welfare import services
    from welfare.models import AidApplication

    return services.create_application(
        by=welfare_officer,
        member=hardship_file.member,
        kind=AidApplication.Kind.MEDICAL,
        reason="配偶透析费用高",
        requested_amount=Decimal("3000"),
        applied_on=TODAY,
    )


# the sensitive numbers of the hardship_file fixture, in full and their tell-tale middle parts
FULL_ID = "360426199101010071"
FULL_BANK = "6228480012345678901"
