"""The notice's unit registry: every unit named, its kind, role counts, members and suspected aliases."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from . import units
from .model import Diagnostic, ParsedNotice, Unit

PROFILE_DIR = Path(__file__).with_name("profiles")


@lru_cache(maxsize=1)
def shipped_profiles() -> tuple[units.JurisdictionProfile, ...]:
    """The profiles shipped with the parser, read from disk once per process (not once per parse)."""
    return tuple(units.load_profile(str(path)) for path in sorted(PROFILE_DIR.glob("*.json")))


def detect_profile(text: str, name: str | None = None) -> units.JurisdictionProfile | None:
    """The profile named, or the shipped profile whose jurisdiction the notice's title/issuer names."""
    if name:
        return units.load_profile(name)
    for profile in shipped_profiles():
        short = profile.name[:-1] if profile.name.endswith(("市", "县", "区", "省")) else profile.name
        if profile.name in text or (len(short) >= 2 and short in text):
            return profile
    return None


def build_registry(notice: ParsedNotice, profile: units.JurisdictionProfile | None) -> None:
    """Fill `notice.units` and add warnings for unknown kinds and suspected aliases."""
    registry: dict[str, Unit] = {}
    first_line: dict[str, int] = {}

    def touch(name: str, line: int) -> Unit:
        unit = registry.get(name)
        if unit is None:
            collective = units.is_collective(name)
            unit = Unit(name=name, kind=units.classify_unit(name), collective=collective)
            if collective and profile is not None:
                unit.members = units.expand_collective(name, profile) or []
            registry[name] = unit
            first_line.setdefault(name, line)
        return unit

    for task in notice.tasks:
        for span in task.unit_spans:  # where each unit was first written
            for name in span["units"]:
                first_line.setdefault(name.strip("*"), span["line"])
        for name in task.lead_units:
            touch(name, task.line).lead_count += 1
        for name in task.cooperating_units + task.implied_cooperating_units:
            touch(name, task.line).cooperating_count += 1
    for rule in notice.rules:
        for name in rule.units:
            touch(name, rule.line)

    counts = {name: unit.lead_count + unit.cooperating_count for name, unit in registry.items()}
    for suggestion in units.suggest_aliases(counts, profile):
        canonical = registry.get(suggestion.canonical)
        if canonical is None or suggestion.alias not in registry:
            continue
        canonical.aliases.append(suggestion.alias)
        canonical.alias_evidence.append(suggestion.evidence)
        line = first_line.get(suggestion.alias, 0)
        notice.warnings.append(
            Diagnostic(
                line,
                f"疑似同一单位：“{suggestion.alias}”与“{suggestion.canonical}”（{suggestion.evidence}），请确认是否合并",
                "suspected_alias",
                {"alias": suggestion.alias, "canonical": suggestion.canonical, "evidence": suggestion.evidence},
            )
        )
    for name, unit in registry.items():
        if unit.kind == "unknown":
            line = first_line[name]
            notice.warnings.append(Diagnostic(line, f"第{line}行：无法判断单位“{name}”的类型，请在单位库中确认", "unknown_unit_kind", {"unit": name}))
    notice.units = sorted(registry.values(), key=lambda u: (-(u.lead_count + u.cooperating_count), u.name))
