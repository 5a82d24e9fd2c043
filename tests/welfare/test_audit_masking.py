"""The audit trail (unionhub/audit.py) must not become a second copy of bank and ID numbers:
an edited hardship file's entry keeps the bank number masked like the rest of the site
(first 4 and last 4 digits), in the stored changes and on the chair's 操作日志 page."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from tests.conftest import valid_id
from tests.welfare.conftest import FULL_BANK, TODAY
from welfare.models import HardshipFile

pytestmark = pytest.mark.django_db

NEW_BANK = "6217000012345678123"


def edit_data(hardship_file, **changes):
    data = {
        "member": hardship_file.member.staff_no,
        "category": hardship_file.category,
        "main_reason": hardship_file.main_reason,
        "secondary_reasons": hardship_file.secondary_reasons,
        "household_size": str(hardship_file.household_size),
        "household_income": str(hardship_file.household_income),
        "health": hardship_file.health,
        "housing": hardship_file.housing,
        "bank_name": hardship_file.bank_name,
        "bank_account": hardship_file.bank_account,
        "situation": hardship_file.situation,
        "opened_on": hardship_file.opened_on.isoformat(),
        "household-TOTAL_FORMS": "0",
        "household-INITIAL_FORMS": "0",
        "household-MIN_NUM_FORMS": "0",
        "household-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def test_edited_file_keeps_bank_numbers_masked_in_the_audit_trail(client_as, welfare_officer, chair, hardship_file):
    url = reverse("welfare:file_edit", args=[hardship_file.pk])
    response = client_as(welfare_officer).post(url, edit_data(hardship_file, bank_account=NEW_BANK))
    assert response.status_code == 302, response.content.decode()
    hardship_file.refresh_from_db()
    assert hardship_file.bank_account == NEW_BANK

    entry = LogEntry.objects.get_for_object(hardship_file).filter(action=LogEntry.Action.UPDATE).latest("pk")
    assert entry.actor == welfare_officer
    assert entry.changes_dict["bank_account"] == ["6228***********8901", "6217***********8123"]
    stored = str(entry.changes) + entry.changes_text + str(entry.serialized_data or "")
    for number in (FULL_BANK, NEW_BANK):
        assert number not in stored
        assert number[4:-4] not in stored  # not even the middle digits

    page = client_as(chair).get(reverse("audit_log")).content.decode()
    assert "6217***********8123" in page
    for number in (FULL_BANK, NEW_BANK):
        assert number not in page and number[4:-4] not in page


def test_new_file_is_masked_in_the_audit_trail(welfare_officer, make_member):
    person = make_member(name="新建档", staff_no="N0002")
    f = HardshipFile.objects.create(
        member=person,
        category=HardshipFile.Category.RELATIVE,
        main_reason=HardshipFile.Reason.ILLNESS,
        household_size=2,
        household_income=1000,
        bank_account=NEW_BANK,
        opened_on=TODAY,
        created_by=welfare_officer,
    )
    entry = LogEntry.objects.get_for_object(f).get(action=LogEntry.Action.CREATE)
    assert entry.changes_dict["bank_account"][1] == "6217***********8123"
    assert NEW_BANK[4:-4] not in str(entry.changes)


def test_id_number_of_a_hardship_member_is_masked_in_the_audit_trail(hardship_file):
    """Hardship files take the ID number from the member record, audited with the same mask."""
    person = hardship_file.member
    old, new = person.id_number, valid_id(datetime.date(1991, 1, 1), "M")
    person.id_number = new
    person.save()
    entry = LogEntry.objects.get_for_object(person).filter(action=LogEntry.Action.UPDATE).latest("pk")
    assert entry.changes_dict["id_number"] == [old[:4] + "*" * 10 + old[-4:], new[:4] + "*" * 10 + new[-4:]]
    assert old[4:-4] not in str(entry.changes) and new[4:-4] not in str(entry.changes)
