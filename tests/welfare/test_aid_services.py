"""Hardship files and the aid workflow: 申请 → 初审 → 公示 → 审批 → 已发放, refusal."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError

from tests.welfare.conftest import TODAY
from welfare import services
from welfare.models import AidApplication, HardshipFile

pytestmark = pytest.mark.django_db
S = AidApplication.Status


def walk_to_paid(application, user):
    services.review_application(application=application, by=user, amount=Decimal("2000"))
    services.publicize_application(application=application, by=user, start=TODAY, end=TODAY)
    services.approve_application(application=application, by=user, amount=Decimal("1800"), source="branch")
    return services.pay_application(application=application, by=user, paid_on=TODAY)


def test_application_is_linked_to_the_open_file(application, hardship_file):
    assert application.hardship_file == hardship_file
    assert application.status == S.APPLIED


def test_full_workflow_records_every_step(application, welfare_officer):
    paid = walk_to_paid(application, welfare_officer)
    assert paid.status == S.PAID and paid.amount == Decimal("1800") and paid.paid_on == TODAY
    steps = [(s.from_status, s.to_status) for s in paid.steps.all()]
    assert steps == [("", "applied"), ("applied", "reviewed"), ("reviewed", "publicized"),
                     ("publicized", "approved"), ("approved", "paid")]  # fmt: skip


def test_steps_cannot_be_skipped(application, welfare_officer):
    with pytest.raises(services.WelfareError, match="只能在“公示”状态下"):
        services.approve_application(application=application, by=welfare_officer, amount=100, source="branch")
    with pytest.raises(services.WelfareError):
        services.pay_application(application=application, by=welfare_officer, paid_on=TODAY)
    application.refresh_from_db()
    assert application.status == S.APPLIED


def test_approval_waits_for_the_end_of_publicity(application, welfare_officer):
    services.review_application(application=application, by=welfare_officer, amount=1000)
    services.publicize_application(
        application=application, by=welfare_officer, start=TODAY, end=TODAY + datetime.timedelta(days=5)
    )
    with pytest.raises(services.WelfareError, match="公示期满后方可审批"):
        services.approve_application(application=application, by=welfare_officer, amount=1000, source="branch")
    services.approve_application(
        application=application, by=welfare_officer, amount=1000, source="branch",
        today=TODAY + datetime.timedelta(days=5),
    )  # fmt: skip


def test_publicity_end_before_start_is_refused(application, welfare_officer):
    services.review_application(application=application, by=welfare_officer, amount=1000)
    with pytest.raises(services.WelfareError, match="不能早于开始"):
        services.publicize_application(
            application=application, by=welfare_officer, start=TODAY, end=TODAY - datetime.timedelta(days=1)
        )


def test_upper_union_source_needs_submission_date(application, welfare_officer):
    services.review_application(application=application, by=welfare_officer, amount=1000)
    services.publicize_application(application=application, by=welfare_officer, start=TODAY, end=TODAY)
    services.approve_application(application=application, by=welfare_officer, amount=1000, source="upper")
    with pytest.raises(services.WelfareError, match="上报上级工会日期"):
        services.pay_application(application=application, by=welfare_officer, paid_on=TODAY)
    paid = services.pay_application(application=application, by=welfare_officer, paid_on=TODAY, submitted_up_on=TODAY)
    assert paid.submitted_up_on == TODAY


def test_refusal_needs_a_reason_and_ends_the_application(application, welfare_officer):
    with pytest.raises(services.WelfareError, match="须填写理由"):
        services.refuse_application(application=application, by=welfare_officer, reason=" ")
    refused = services.refuse_application(application=application, by=welfare_officer, reason="收入超过标准")
    assert refused.status == S.REFUSED and refused.refusal_reason == "收入超过标准"
    with pytest.raises(services.WelfareError):
        services.refuse_application(application=application, by=welfare_officer, reason="再次")


def test_education_aid_needs_school_level(hardship_file, welfare_officer):
    with pytest.raises(services.WelfareError, match="就学阶段"):
        services.create_application(
            by=welfare_officer, member=hardship_file.member, kind="education", reason="上大学", applied_on=TODAY
        )


def test_zero_amount_is_refused(application, welfare_officer):
    with pytest.raises(services.WelfareError, match="大于 0"):
        services.review_application(application=application, by=welfare_officer, amount=0)


def test_one_open_file_per_member(hardship_file):
    with pytest.raises(IntegrityError):
        HardshipFile.objects.create(
            member=hardship_file.member, category="relative", main_reason="illness", household_size=2,
            household_income=1000, opened_on=TODAY,
        )  # fmt: skip


def test_close_and_review_file(hardship_file, welfare_officer):
    assert hardship_file.review_overdue  # opened 400 days ago, never reviewed
    services.review_hardship_file(hardship_file=hardship_file, by=welfare_officer, reviewed_on=TODAY)
    hardship_file.refresh_from_db()
    assert not hardship_file.review_overdue
    services.close_hardship_file(hardship_file=hardship_file, by=welfare_officer, closed_on=TODAY, reason="recovered")
    hardship_file.refresh_from_db()
    assert not hardship_file.is_open and hardship_file.get_close_reason_display() == "脱困"
    with pytest.raises(services.WelfareError, match="已销档"):
        services.review_hardship_file(hardship_file=hardship_file, by=welfare_officer, reviewed_on=TODAY)


def test_per_capita_income(hardship_file):
    assert hardship_file.per_capita_income == Decimal("800.00")
    assert hardship_file.masked_bank_account == "6228***********8901"


def test_secondary_reasons_rules():
    with pytest.raises(services.WelfareError, match="最多选择三项"):
        services.validate_reasons("illness", ["education", "disaster", "accident", "other"])
    with pytest.raises(services.WelfareError, match="不能与主要致困原因相同"):
        services.validate_reasons("illness", ["illness"])
