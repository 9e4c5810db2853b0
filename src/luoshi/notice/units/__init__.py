"""Units (单位): splitting unit lists, kinds, collectives, jurisdiction profiles, alias suggestions.

    >>> split_units("市发改委、市财政(地税)局,金华开发区、金义都市新区管委会")
    ['市发改委', '市财政(地税)局', '金华开发区管委会', '金义都市新区管委会']
    >>> classify_unit("市委宣传部(文产办)")
    'party_organ'
"""

from luoshi.notice.units.aliases import AliasSuggestion, suggest_aliases
from luoshi.notice.units.kinds import UNIT_KINDS, classify_unit, is_collective
from luoshi.notice.units.profile import (
    Division,
    JurisdictionProfile,
    Zone,
    collective_scope,
    expand_collective,
    load_profile,
    profile_from_data,
)
from luoshi.notice.units.sentence import parse_unit_sentence
from luoshi.notice.units.split import compound_groups, split_units, split_units_with_spans

__all__ = [
    "UNIT_KINDS",
    "AliasSuggestion",
    "Division",
    "JurisdictionProfile",
    "Zone",
    "classify_unit",
    "collective_scope",
    "compound_groups",
    "expand_collective",
    "is_collective",
    "load_profile",
    "parse_unit_sentence",
    "profile_from_data",
    "split_units",
    "split_units_with_spans",
    "suggest_aliases",
]
