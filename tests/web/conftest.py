"""Personas and the seed ledger for web and service tests (healthchecks-style base fixtures)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "samples" / "jinhua-2018-notice.txt"
JINHUA_PROFILE = ROOT / "src" / "luoshi" / "notice" / "profiles" / "jinhua.json"


@pytest.fixture
def jinhua(db):
    from luoshi.units.models import Jurisdiction, JurisdictionLevel

    return Jurisdiction.objects.create(
        name="金华市", level=JurisdictionLevel.CITY, profile=json.loads(JINHUA_PROFILE.read_text(encoding="utf-8"))
    )


@pytest.fixture
def office(db, django_user_model, jinhua):
    """The supervision office's administrator (督考办) of 金华市, who imports, corrects and publishes ledgers."""
    from personas import grant

    user = django_user_model.objects.create_user("duban", password="Luoshi-2018!", first_name="督考办 王科长")
    grant(user, "office_admin", jurisdiction=jinhua)
    return user


@pytest.fixture
def office_client(client, office):
    client.force_login(office)
    return client


@pytest.fixture
def seed_bytes() -> bytes:
    return SEED.read_bytes()


@pytest.fixture
def seed_ledger(jinhua, office, seed_bytes):
    from luoshi.ledger.services import import_notice

    return import_notice(actor=office, jurisdiction=jinhua, data=seed_bytes, filename="jinhua-2018-notice.txt").ledger
