"""Pairing each report of a batch with last year's report by the same issuer, from their metadata.

"The same issuer" is decided in three tiers, each trusted less than the one before:

1. the same name (spaces of any width removed);
2. a name the report says its issuer had (…更名为…, …整合组建…, 原…职责由我局承接; see
   validator.metadata.find_predecessors), or one the configuration names as the same issuer
   (the ``issuers`` groups of the rule files' vocabulary);
3. the same name with or without a higher place in front (栖云镇人民政府 / 鹤汀县栖云镇人民政府), when the
   shorter name still names its own place (not a bare "教育局").

Each tier pairs only what is unambiguous: one candidate last year for one report this year, and no
other report this year taking the same candidate. A report with two candidates in a tier is left
unpaired (which of them is meant cannot be told); a report paired by a tier is not offered again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import regex

from validator.model import Metadata

# A place name and its level: what a longer name may add in front (鹤汀县, 白鹭湾市青岚区) …
_PLACE_PREFIX = regex.compile(r"^\p{Han}{1,12}?(?:省|自治区|市|自治州|州|盟|地区|县|自治县|旗|区)$")
# … and what the shorter name must still start with: its own place (栖云镇, 望川街道), not a word that
# merely ends like one (城市管理局, 社区工作站).
_OWN_PLACE = regex.compile(
    r"^(?!城市|城区|都市|社区|小区|园区|景区|街区|片区|辖区|全市|全县|全区|本市|本县|本区)"
    r"\p{Han}{1,8}?(?:省|市|州|盟|县|旗|区|镇|乡|街道|苏木)"
)


def issuer_key(issuer: str | None) -> str | None:
    """An issuer's name for pairing: spaces of any width removed."""
    if not issuer:
        return None
    key = "".join(issuer.split())
    return key or None


def alias_groups(groups: Sequence[Sequence[str]]) -> dict[str, int]:
    """{issuer key: group number} for the configured names of one issuer."""
    out: dict[str, int] = {}
    for i, group in enumerate(groups):
        for name in group:
            key = issuer_key(name)
            if key is not None:
                out.setdefault(key, i)
    return out


def shorter_names(key: str) -> list[str]:
    """The name without each higher place in front that it may carry (鹤汀县栖云镇人民政府 → 栖云镇人民政府),
    as long as what is left still names its own place."""
    return [key[i:] for i in range(1, len(key))
            if key[i - 1] in _LEVEL_ENDS and _PLACE_PREFIX.match(key[:i]) and _OWN_PLACE.match(key[i:])]


_LEVEL_ENDS = frozenset("省区市州盟县旗")


class _Index:
    """Last year's reports of a batch by the names a tier matches them on."""

    def __init__(self, documents: Mapping[str, Metadata], paths: Sequence[str]) -> None:
        self.by_key: dict[str, list[str]] = {}
        self.by_shorter: dict[str, list[str]] = {}
        for path in paths:
            key = issuer_key(documents[path].issuer)
            assert key is not None
            self.by_key.setdefault(key, []).append(path)
            for short in shorter_names(key):
                self.by_shorter.setdefault(short, []).append(path)

    def candidates(self, tier: str, meta: Metadata, aliases: Mapping[str, int],
                   groups: Sequence[Sequence[str]]) -> list[str]:
        key = issuer_key(meta.issuer)
        assert key is not None
        if tier == "same":
            names = [key]
        elif tier == "stated":
            names = [k for k in (issuer_key(p) for p in meta.predecessors) if k]
            if key in aliases:
                names += [k for k in (issuer_key(n) for n in groups[aliases[key]]) if k and k != key]
        else:
            found = [p for short in shorter_names(key) for p in self.by_key.get(short, [])]
            return list(dict.fromkeys(found + self.by_shorter.get(key, [])))
        return list(dict.fromkeys(p for name in names for p in self.by_key.get(name, [])))


TIERS = ("same", "stated", "prefixed")


def pair_documents(documents: Mapping[str, Metadata], aliases: Sequence[Sequence[str]] = ()) -> dict[str, str]:
    """{path: last year's path} for the reports of a batch (see the module's docstring)."""
    groups = [g for g in aliases if len(g) >= 2]
    alias_of = alias_groups(groups)
    usable = {path: meta for path, meta in documents.items()
              if issuer_key(meta.issuer) is not None and meta.report_year is not None}
    by_year: dict[int, list[str]] = {}
    for path, meta in usable.items():
        assert meta.report_year is not None
        by_year.setdefault(meta.report_year, []).append(path)
    indexes = {year: _Index(usable, paths) for year, paths in by_year.items()}
    pairs: dict[str, str] = {}
    taken: set[str] = set()  # last year's reports already paired
    settled: set[str] = set()  # this year's reports paired, or found ambiguous
    for tier in TIERS:
        proposals: dict[str, list[str]] = {}  # last year's path: this year's paths that would take it
        for path, meta in usable.items():
            assert meta.report_year is not None
            index = indexes.get(meta.report_year - 1)
            if path in settled or index is None:
                continue
            candidates = [c for c in index.candidates(tier, meta, alias_of, groups) if c not in taken]
            if len(candidates) > 1:
                settled.add(path)
            elif candidates:
                proposals.setdefault(candidates[0], []).append(path)
        for last, paths in proposals.items():
            if len(paths) == 1:
                pairs[paths[0]] = last
                taken.add(last)
            settled.update(paths)  # two reports this year for one last year: neither is paired
    return pairs


def same_issuer(this: Metadata, last: Metadata, aliases: Sequence[Sequence[str]] = ()) -> bool:
    """Whether ``last`` is by the issuer of ``this`` in any of the tiers."""
    pairs = pair_documents({"this": this._replace(report_year=1), "last": last._replace(report_year=0)}, aliases)
    return pairs.get("this") == "last"


def pairing_mismatch(this: Metadata, last: Metadata, aliases: Sequence[Sequence[str]] = ()) -> str | None:
    """Why ``last`` does not look like last year's report by the issuer of ``this``, or None.

    A name the report says its issuer had, a configured alias or a place prefix is the same issuer.
    """
    reasons = []
    if issuer_key(this.issuer) and issuer_key(last.issuer) and not same_issuer(this, last, aliases):
        reasons.append(f"的发文机关是“{last.issuer}”，本报告是“{this.issuer}”")
    if this.report_year is not None and last.report_year is not None and last.report_year != this.report_year - 1:
        reasons.append(f"是{last.report_year}年度报告，本报告是{this.report_year}年度")
    return "；".join(reasons) or None
