"""Welfare objects for the whole-site tests (tests/urlcatalog.py).

Everything the URLs open concerns `world.member`: a visit to them (with a receipt) and a planned
festival visit, a life event, a hardship file of theirs (household member, attachment) and two
aid applications (the one in the URLs is in its 公示期, the other paid this year), plus a donation
campaign with their donation. The hardship data is the member's own, so the matrix proves that
even its subject cannot open it.

Objects are made in an order that gives related rows different ids (the planned visit before the
visit, a closed file of `delegate` before the member's file, the paid grant before the open
application), so that a URL filled with the wrong model's id fails on SQLite too.
"""

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

TODAY = timezone.localdate()


def populate(world):
    from welfare import services
    from welfare.models import (
        AccessLog,
        AidApplication,
        AidStep,
        Donation,
        DonationCampaign,
        HardshipAttachment,
        HardshipFile,
        HouseholdMember,
        LifeEvent,
        Occasion,
        Standard,
        Visit,
        VisitAttachment,
    )

    member = world.member.member
    officer, welfare_officer = world.officer, world.welfare_officer
    hospital = Occasion.objects.get(code=Occasion.HOSPITAL)
    festival = Occasion.objects.get(code=Occasion.FESTIVAL)
    world.objects[Occasion] = hospital
    world.objects[Standard] = Standard.objects.create(
        year=TODAY.year, occasion=hospital, max_amount=Decimal("1000"), max_times=2, notes="本单位标准"
    )

    # visits: the planned one (visit_complete, visit_cancel) and the done one with a receipt
    world.planned_visit = Visit.objects.create(
        member=member,
        occasion=festival,
        festival=Visit.Festival.SPRING,
        reason="春节走访",
        event_date=TODAY,
        status=Visit.Status.PLANNED,
        amount=Decimal("0"),
        created_by=officer,
    )
    visit = Visit.objects.create(
        member=member,
        occasion=hospital,
        reason="住院慰问",
        event_date=TODAY,
        visit_date=TODAY,
        visitors="李干事",
        amount=Decimal("500"),
        notes="术后恢复良好",
        created_by=officer,
    )
    world.objects[Visit] = visit
    receipt = VisitAttachment(
        visit=visit, kind=VisitAttachment.Kind.HOSPITAL_BILL, original_name="住院票据.pdf", uploaded_by=officer
    )
    receipt.file.save("receipt.pdf", ContentFile(b"%PDF-1.4 receipt"), save=True)
    world.objects[VisitAttachment] = receipt
    world.objects[LifeEvent] = LifeEvent.objects.create(
        member=member, occasion=hospital, date=TODAY, note="住院", recorded_by=officer
    )

    campaign = DonationCampaign.objects.create(
        name="慈心一日捐", date=TODAY, recipient="困难职工", anonymous_total=Decimal("100"), notes="全体教职工"
    )
    world.objects[DonationCampaign] = campaign
    world.objects[Donation] = Donation.objects.create(campaign=campaign, member=member, amount=Decimal("50"))

    # hardship: a closed file of somebody else, then the member's open file
    HardshipFile.objects.create(
        member=world.delegate.member,
        category=HardshipFile.Category.ACCIDENT,
        main_reason=HardshipFile.Reason.DISASTER,
        household_size=2,
        household_income=Decimal("3000"),
        opened_on=TODAY - datetime.timedelta(days=800),
        closed_on=TODAY - datetime.timedelta(days=100),
        close_reason=HardshipFile.CloseReason.RECOVERED,
        created_by=welfare_officer,
    )
    hardship_file = HardshipFile.objects.create(
        member=member,
        category=HardshipFile.Category.DEEP,
        main_reason=HardshipFile.Reason.ILLNESS,
        household_size=3,
        household_income=Decimal("2400"),
        health="配偶患病",
        housing="租房",
        bank_name="中国农业银行",
        bank_account="6228480012345678901",
        situation="配偶长期透析",
        opened_on=TODAY - datetime.timedelta(days=30),
        created_by=welfare_officer,
    )
    world.objects[HardshipFile] = hardship_file
    world.objects[HouseholdMember] = HouseholdMember.objects.create(
        hardship_file=hardship_file, name="配偶甲", relation="配偶", monthly_income=0, health="尿毒症"
    )
    evidence = HardshipAttachment(
        hardship_file=hardship_file, description="诊断证明", original_name="诊断证明.pdf", uploaded_by=welfare_officer
    )
    evidence.file.save("diagnosis.pdf", ContentFile(b"%PDF-1.4 diagnosis"), save=True)
    world.objects[HardshipAttachment] = evidence

    # aid: a grant paid this year (the 发放名单 export has a row), then the application in 公示
    AidApplication.objects.create(
        member=member,
        hardship_file=hardship_file,
        kind=AidApplication.Kind.WARMTH,
        reason="春节送温暖",
        applied_on=TODAY,
        status=AidApplication.Status.PAID,
        amount=Decimal("800"),
        source=AidApplication.Source.BRANCH,
        paid_on=TODAY,
        created_by=welfare_officer,
    )
    application = services.create_application(
        by=welfare_officer,
        member=member,
        kind=AidApplication.Kind.MEDICAL,
        reason="配偶透析费用高",
        requested_amount=Decimal("3000"),
        applied_on=TODAY,
    )
    services.review_application(application=application, by=welfare_officer, amount=Decimal("2000"))
    services.publicize_application(
        application=application, by=welfare_officer, start=TODAY, end=TODAY + datetime.timedelta(days=5)
    )
    application.refresh_from_db()
    world.objects[AidApplication] = application
    world.objects[AidStep] = application.steps.order_by("pk").last()
    world.objects[AccessLog] = AccessLog.objects.create(
        user=welfare_officer, action=AccessLog.Action.VIEW, hardship_file=hardship_file, detail="查看档案"
    )


# URL name -> kwargs, where the catalogue's guess picks the wrong model (visit_attachment_upload
# would get a VisitAttachment id, file_attachment_download a HardshipFile id) or needs more.
KWARGS = {
    "welfare:visit_attachment_upload": lambda w: {"pk": _obj(w, "Visit").pk},
    "welfare:visit_complete": lambda w: {"pk": w.planned_visit.pk},
    "welfare:visit_cancel": lambda w: {"pk": w.planned_visit.pk},
    "welfare:file_attachment_download": lambda w: {"pk": _obj(w, "HardshipAttachment").pk},
    "welfare:application_action": lambda w: {"pk": _obj(w, "AidApplication").pk, "action": "review"},
    "welfare:sign_sheet": lambda w: {"?": _period()},
    "welfare:sign_sheet_print": lambda w: {"?": _period()},
}


def _obj(world, model_name):
    from django.apps import apps

    return world.objects[apps.get_model("welfare", model_name)]


def _period():
    return f"start={TODAY.replace(day=1):%Y-%m-%d}&end={TODAY:%Y-%m-%d}"
