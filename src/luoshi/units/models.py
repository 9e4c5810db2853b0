"""Jurisdictions (province, city, county) and the unit registry: canonical units, kinds, aliases."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from luoshi.notice.units import UNIT_KINDS, JurisdictionProfile, profile_from_data

from .scoping import JurisdictionQuerySet, UnitQuerySet


class JurisdictionLevel(models.TextChoices):
    PROVINCE = "province", "省"
    CITY = "city", "市"
    COUNTY = "county", "县(市、区)"


class Jurisdiction(models.Model):
    """A government whose notices become ledgers; its profile lists its divisions and zones."""

    name = models.CharField("名称", max_length=50, unique=True)
    level = models.CharField("层级", max_length=10, choices=JurisdictionLevel.choices, default=JurisdictionLevel.CITY)
    parent = models.ForeignKey("self", verbose_name="上级辖区", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    # Same shape as luoshi/notice/profiles/*.json: {"name", "level", "divisions": [...], "zones": [...]}
    profile = models.JSONField("辖区配置", default=dict, blank=True)
    # The office turns on the unit head's sign-off of a unit's report before it reaches the office.
    require_head_signoff = models.BooleanField("报送须经单位负责人审核", default=False)
    version = models.PositiveIntegerField(default=1)

    objects = JurisdictionQuerySet.as_manager()

    class Meta:
        verbose_name = "辖区"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def notice_profile(self) -> JurisdictionProfile | None:
        """The profile in the parser's form, used to expand collective units on import."""
        if not self.profile:
            return None
        return profile_from_data(self.profile, self.name)


UnitKind = models.TextChoices("UnitKind", [(key, (key, label)) for key, label in UNIT_KINDS.items()])


class Unit(models.Model):
    """A canonical unit (单位) of a jurisdiction; other spellings are its aliases."""

    jurisdiction = models.ForeignKey(Jurisdiction, verbose_name="辖区", on_delete=models.PROTECT, related_name="units")
    name = models.CharField("单位名称", max_length=100)
    kind = models.CharField("类型", max_length=30, choices=UnitKind.choices, default="unknown")
    parent = models.ForeignKey("self", verbose_name="上级单位", null=True, blank=True, on_delete=models.SET_NULL, related_name="children")
    is_collective = models.BooleanField("集合单位", default=False)
    members = models.ManyToManyField("self", verbose_name="成员单位", symmetrical=False, blank=True, related_name="collectives")
    merged_into = models.ForeignKey("self", verbose_name="已合并到", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_units")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = "单位"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "name"], name="unit_name_unique_in_jurisdiction")]

    def __str__(self) -> str:
        return self.name


class UnitAlias(models.Model):
    """Another written form of a unit (`市财政(地税)局` for `市财政局`), with why it is the same body."""

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="unit_aliases")
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField("别名", max_length=100)
    evidence = models.CharField("依据", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "单位别名"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "name"], name="alias_unique_in_jurisdiction")]

    def __str__(self) -> str:
        return f"{self.name} → {self.unit.name}"
