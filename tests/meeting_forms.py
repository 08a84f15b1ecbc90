"""Helpers for the meeting editor tests: build the flat fields the editor posts."""
from __future__ import annotations

import re

from sqlalchemy import func, select

from committee.extensions import db
from committee.models import Meeting, Member
from tests.conftest import csrf_token, import_magura, login

ITEMS = [
    {"title": "পূর্ববর্তী সভার কার্যবিবরণী দৃঢ়ীকরণ", "discussion": "বিগত সভার কার্যবিবরণী পাঠ করা হয়।",
     "responsible": [], "decisions": [{"text": "সর্বসম্মতিক্রমে দৃঢ়ীকরণ করা হয়।"}]},
    {"title": "ডিজিটাল কনটেন্ট", "discussion": "কনটেন্ট নিয়ে আলোচনা।",
     "responsible": ["জেলা শিক্ষা অফিসার", "প্রোগ্রামার, মাগুরা"],
     "decisions": [{"text": "নিয়মিত অনলাইনে ক্লাশ পরিচালনা করতে হবে।"},
                   {"text": "মানসম্মত কনটেন্ট ব্যবহার করতে হবে।", "due_on": "2022-05-31",
                    "responsible": ["জেলা প্রাথমিক শিক্ষা অফিসার"]}]},
    {"title": "ই-সেবা কার্যক্রম", "discussion": "ই-নথি নিয়ে আলোচনা।",
     "responsible": ["উপজেলা নির্বাহী অফিসার (সকল)"],
     "decisions": [{"text": "ই-নথি বাস্তবায়ন করতে হবে।"},
                   {"text": "নথি সিস্টেমের সর্বাধিক ব্যবহার নিশ্চিত করতে হবে।"}]},
]


def flat(items=None, *, held_on="2022-04-10", time="১১:০০", venue="জেলা প্রশাসকের সম্মেলন কক্ষ",
         chair=("ড. আশরাফুল আলম", "জেলা প্রশাসক"), attendance=(), annex=False,
         version=None, item_keys=None, decision_keys=None) -> dict:
    """The editor's fields for a meeting; item_keys/decision_keys override the positions."""
    data = {"held_on": held_on, "time": time, "venue": venue, "chair-name": chair[0],
            "chair-designation": chair[1], "opening": "সভাপতি সভার কাজ শুরু করেন।",
            "closing": "সভাপতি সভার সমাপ্তি ঘোষণা করেন।"}
    if annex:
        data["attendance_annex"] = "1"
    if version is not None:
        data["version"] = str(version)
    for k, (name, designation, office, present) in enumerate(attendance):
        data.update({f"attendance-{k}-name": name, f"attendance-{k}-designation": designation,
                     f"attendance-{k}-office": office})
        if present:
            data[f"attendance-{k}-present"] = "1"
    for n, item in enumerate(ITEMS if items is None else items):
        i = item_keys[n] if item_keys else n
        p = f"items-{i}-"
        data.update({p + "id": str(item.get("id") or ""), p + "title": item["title"],
                     p + "discussion": item.get("discussion", ""),
                     p + "responsible": "\n".join(item.get("responsible", []))})
        for m, d in enumerate(item.get("decisions", [])):
            j = decision_keys[n][m] if decision_keys else m
            q = f"{p}decisions-{j}-"
            data.update({q + "id": str(d.get("id") or ""), q + "text": d["text"],
                         q + "due_on": d.get("due_on", ""),
                         q + "responsible": "\n".join(d.get("responsible") or [])})
    return data


def post(client, url: str, data: dict, *, token_from: str | None = None):
    """POST the editor's fields with a valid CSRF token taken from the form page."""
    data = dict(data)
    data["csrf_token"] = csrf_token(client, token_from or "/")
    return client.post(url, data=data)


def as_user(client, username: str):
    response = login(client, username)
    assert response.status_code == 302, "login failed"
    return client


def form_version(html: str) -> int:
    return int(re.search(r'name="version" value="(\d+)"', html).group(1))


def setup_magura(app) -> dict:
    """Import the (issued) Magura meeting; give its committee a chair and members."""
    meeting_id = import_magura(app)
    with app.app_context():
        committee = db.session.get(Meeting, meeting_id).committee
        committee.members = [
            Member(position=1, role="chair", name="ড. আশরাফুল আলম", designation="জেলা প্রশাসক"),
            Member(position=2, role="member", name="", designation="জেলা শিক্ষা অফিসার"),
            Member(position=3, role="member_secretary", name="মোঃ আবুল কাসেম পলাশ",
                   designation="প্রোগ্রামার"),
        ]
        db.session.commit()
        return {"meeting": meeting_id, "committee": committee.id}


def create(client, committee_id: int, data: dict | None = None) -> int:
    """Create a meeting through the editor; returns its id."""
    response = post(client, f"/committees/{committee_id}/meetings/new", data or flat())
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    return int(response.headers["Location"].rstrip("/").split("/")[-1])


def count(app, model) -> int:
    """Rows of a model."""
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))
