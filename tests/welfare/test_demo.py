"""seed_demo for welfare: every occasion and every application state, and idempotent."""

import io

import pytest
from django.core.management import call_command

from welfare.models import AidApplication, DonationCampaign, HardshipFile, Occasion, Standard, Visit

pytestmark = pytest.mark.django_db


def counts():
    return (
        Standard.objects.count(),
        Visit.objects.count(),
        HardshipFile.objects.count(),
        AidApplication.objects.count(),
        DonationCampaign.objects.count(),
    )


def test_demo_covers_everything_and_runs_twice():
    call_command("seed_demo", stdout=io.StringIO())
    standards, visits, files, applications, campaigns = counts()
    years = set(Standard.objects.values_list("year", flat=True))
    assert len(years) == 2 and standards == 2 * Occasion.objects.count()
    assert 100 <= visits <= 140
    codes = set(Occasion.objects.values_list("code", flat=True))
    assert set(Visit.objects.values_list("occasion__code", flat=True)) == codes
    assert Visit.objects.exclude(exception_reason="").exists() and Visit.objects.planned().exists()
    assert files == 8 and campaigns == 2 and applications == 20
    assert set(AidApplication.objects.values_list("status", flat=True)) == set(AidApplication.Status.values)
    before = counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert counts() == before
