"""What one synthetic committee looks like: members, agenda, parties and assignments.

A plan is computed once per committee with the application's own rules (the directory's
Resolver and group expansion, the distribution proposal) and then stamped out for every
meeting by :mod:`committee.bench.seed`, so the bulk-inserted rows are the rows that
saving and issuing those minutes through the application would have produced.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..bangla import parse_file_number, to_bangla_digits
from ..committees.service import default_header
from ..directory.service import Resolver, expand
from ..documents.distribution import clean_rows
from ..models import District, Upazila
from ..vocab import MemberRole

TEMPLATE = Path(__file__).with_name("minutes.json")
FIRST = ("মোঃ আব্দুল", "মোছাঃ নাসরিন", "ড. মোঃ", "মোঃ রফিকুল", "মোছাঃ শাহনাজ", "মোঃ কামরুল",
         "সৈয়দ", "মোঃ জাহিদুল", "মোছাঃ ফারহানা", "মোঃ মাহবুবুর")
LAST = ("হক", "ইসলাম", "রহমান", "আক্তার", "হোসেন", "আলম", "কবির", "সুলতানা", "করিম", "উদ্দিন")
DISTRICT_MEMBERS = ("অতিরিক্ত জেলা প্রশাসক (শিক্ষা ও আইসিটি)", "সহকারী কমিশনার (আইসিটি)",
                    "জেলা শিক্ষা অফিসার", "জেলা প্রাথমিক শিক্ষা অফিসার", "সিভিল সার্জন",
                    "নির্বাহী প্রকৌশলী, এলজিইডি")
UPAZILA_MEMBERS = ("উপজেলা মাধ্যমিক শিক্ষা অফিসার, {u}", "উপজেলা প্রাথমিক শিক্ষা অফিসার, {u}",
                   "উপজেলা কৃষি অফিসার, {u}", "উপজেলা প্রকৌশলী, {u}")


@lru_cache(maxsize=1)
def template() -> dict:
    """The agenda every synthetic meeting follows (13 items, 29 decisions)."""
    return json.loads(TEMPLATE.read_text(encoding="utf-8"))


def person(n: int) -> str:
    """A synthetic but plausible Bangla name, fixed for a given number."""
    return f"{FIRST[n % len(FIRST)]} {LAST[(n // len(FIRST)) % len(LAST)]}"


@dataclass
class ItemPlan:
    title: str
    discussion: str
    parties: list[tuple[str, int | None]]               # (text as written, office id)
    decisions: list[str]
    assignments: list[tuple[str, int | None, str | None]]  # (party, office id, via group)


@dataclass
class CommitteePlan:
    name: str
    level: str
    district: District
    upazila: Upazila | None
    file_number: str
    file_key: str
    header: list[str]
    members: list[dict]                                  # Member columns but ids
    kind: str = "ict"
    items: list[ItemPlan] = field(default_factory=list)
    distribution: list[dict] = field(default_factory=list)
    venue: str = ""

    @property
    def secretary(self) -> dict:
        return next(m for m in self.members if m["role"] == MemberRole.MEMBER_SECRETARY)

    @property
    def chair(self) -> dict:
        return next(m for m in self.members if m["role"] == MemberRole.CHAIR)


def _assignments(parties, resolver: Resolver) -> list[tuple[str, int | None, str | None]]:
    """As meetings.service.sync_assignments: groups expanded, each name once, in order."""
    wanted, seen = [], set()
    for text, _ in parties:
        for name, office, via in expand(resolver(text), text):
            if name not in seen:
                seen.add(name)
                wanted.append((name, office.id if office else None, via))
    return wanted


def _members(designations: list[str], resolver: Resolver, seed: int) -> list[dict]:
    rows = []
    for position, designation in enumerate(designations, start=1):
        office = resolver(designation)
        role = (MemberRole.CHAIR if position == 1 else
                MemberRole.MEMBER_SECRETARY if position == len(designations) else MemberRole.MEMBER)
        rows.append({"position": position, "name": person(seed + position),
                     "designation": designation, "office_id": office.id if office else None,
                     "office_text": office.name if office else "", "role": role})
    return rows


# The file's subject (বিষয়) code and file serial per committee kind: the ICT committee's
# file is ০৬.০০১, as Magura's is; an office's other committees have files of their own
# (a file number belongs to one committee).
FILE_SUBJECTS = {"ict": (6, 1), "ict-coordination": (6, 2), "ethics": (8, 1), "other": (9, 1)}
FILE_YEAR = 20          # the year the files were opened (২০২০)
FILE_SERIAL = 5         # the file-serial segment of 2.2.4.3.2.3.2


def file_number(district_code: int, upazila_code: int, kind: str = "ict") -> tuple[str, str]:
    """A committee's 18-digit file number, (as typed, key): ministry.office.geo.branch.
    subject.file.year = ৫৬.০৪.<district>০০.<upazila, ০০০ for the district>.<the kind's
    subject and file serial>.২০, e.g. ৫৬.০৪.০১০০.০০৩.০৬.০০১.২০ for the third upazila's
    ICT committee of the first district."""
    subject, serial = FILE_SUBJECTS[kind]
    key = parse_file_number(f"56.04.{district_code:02d}00.{upazila_code:03d}."
                            f"{subject:02d}.{serial:03d}.{FILE_YEAR:02d}")
    return to_bangla_digits(key), key


def next_file(file_key: str) -> tuple[str, str]:
    """The office's next file on the same subject (the file serial + 1): (as typed, key)."""
    segments = file_key.split(".")
    serial = int(segments[FILE_SERIAL]) + 1
    if serial > 999:
        raise ValueError(f"no free file number after {file_key}")
    segments[FILE_SERIAL] = f"{serial:03d}"
    key = parse_file_number(".".join(segments))
    return to_bangla_digits(key), key


def district_plan(district: District, code: int, resolver: Resolver) -> CommitteePlan:
    """The district ICT committee: the DC chairs, the programmer is member-secretary."""
    d = district.name
    designations = (["জেলা প্রশাসক", *DISTRICT_MEMBERS]
                    + [f"উপজেলা নির্বাহী অফিসার, {u.name}" for u in district.upazilas]
                    + ["প্রোগ্রামার"])
    number, key = file_number(code, 0, "ict")
    plan = CommitteePlan(f"জেলা আইসিটি কমিটি, {d}", "district", district, None, number, key,
                         default_header(d), _members(designations, resolver, code * 97),
                         venue=f"জেলা প্রশাসকের সম্মেলন কক্ষ, {d}")
    _fill(plan, "district", {"district": d}, resolver)
    return plan


def upazila_plan(district: District, upazila: Upazila, code: int, index: int,
                 resolver: Resolver) -> CommitteePlan:
    """An upazila ICT committee: the UNO chairs, the assistant programmer is secretary."""
    u = upazila.name
    designations = ([f"উপজেলা নির্বাহী অফিসার, {u}"]
                    + [m.format(u=u) for m in UPAZILA_MEMBERS]
                    + [f"সহকারী প্রোগ্রামার, {u}"])
    number, key = file_number(code, index, "ict")
    header = [*default_header(district.name)[:2], f"তথ্য ও যোগাযোগ প্রযুক্তি অধিদপ্তর, {u}, "
              f"{district.name}", "সহকারী প্রোগ্রামার এর দপ্তর"]
    plan = CommitteePlan(f"উপজেলা আইসিটি কমিটি, {u}", "upazila", district, upazila, number,
                         key, header, _members(designations, resolver, code * 97 + index * 7),
                         venue=f"উপজেলা পরিষদ সম্মেলন কক্ষ, {u}")
    _fill(plan, "upazila", {"district": district.name, "upazila": u}, resolver)
    return plan


def _fill(plan: CommitteePlan, level: str, names: dict, resolver: Resolver) -> None:
    """Items, parties and assignments from the template; the issued distribution list."""
    for item in template()["items"]:
        parties = []
        for text in item[level]:
            text = text.format(**names)
            office = resolver(text)
            parties.append((text, office.id if office else None))
        plan.items.append(ItemPlan(item["title"].format(**names),
                                   item["discussion"].format(**names), parties,
                                   [d.format(**names) for d in item["decisions"]],
                                   _assignments(parties, resolver)))
    # As documents.distribution.propose_distribution: members, then the parties.
    rows = [m["designation"] for m in plan.members if m["role"] != MemberRole.MEMBER_SECRETARY]
    rows += [t for i in plan.items for t, _ in i.parties if not t.startswith("স্ব স্ব")]
    plan.distribution = clean_rows(rows)
