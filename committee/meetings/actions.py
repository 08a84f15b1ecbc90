"""Row operations of the editor when the browser runs no JavaScript.

With JavaScript, static/meeting-editor.js adds, removes and moves rows in the page and
these buttons never reach the server. Without it, each button submits the form with
`action=<operation>`; the view applies the operation to the posted state and shows the
form again (nothing is saved), so the editor still works and nothing typed is lost.
"""
from __future__ import annotations

import re

from .forms import blank_attendee, blank_decision, blank_item

_ACTION = re.compile(
    r"^(?:(?P<list>item|attendance)-add"
    r"|item-(?P<i>\d{1,4})-decision-add"
    r"|item-(?P<di>\d{1,4})-decision-(?P<dj>\d{1,4})-(?P<dop>remove|up|down)"
    r"|(?P<kind>item|attendance)-(?P<k>\d{1,4})-(?P<op>remove|up|down))$"
)


def _move(rows: list, index: int, op: str) -> None:
    if not 0 <= index < len(rows):
        return
    if op == "remove":
        del rows[index]
        return
    other = index - 1 if op == "up" else index + 1
    if 0 <= other < len(rows):
        rows[index], rows[other] = rows[other], rows[index]


def apply_action(state: dict, action: str) -> bool:
    """Apply one row operation to `state` in place; False if `action` is not one."""
    m = _ACTION.match(action or "")
    if m is None:
        return False
    if m["list"] == "item":
        state["items"].append(blank_item())
    elif m["list"] == "attendance":
        state["attendance"].append(blank_attendee())
    elif m["i"] is not None:
        i = int(m["i"])
        if i < len(state["items"]):
            state["items"][i]["decisions"].append(blank_decision())
    elif m["di"] is not None:
        i = int(m["di"])
        if i < len(state["items"]):
            _move(state["items"][i]["decisions"], int(m["dj"]), m["dop"])
    else:
        rows = state["items"] if m["kind"] == "item" else state["attendance"]
        _move(rows, int(m["k"]), m["op"])
    return True
