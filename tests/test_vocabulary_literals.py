"""Outside committee/vocab.py no code or template spells a status, role, kind or level.

The vocabulary (committee.vocab) is the one place a stored value such as "implemented" or
"secretary" is written; everything else names it (FollowUpStatus.IMPLEMENTED, Role.SECRETARY).
These tests read the source: Python through its syntax tree, templates through their Jinja
expressions. A value is flagged where it is used as one — compared with a status/role/level/
kind, assigned to one, passed as one, listed with others of its vocabulary, or written in a
template expression — not where the same word is a field name ("office" as a form field, a
JSON key "district").
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from committee.vocab import (
    CommitteeKind,
    FollowUpStatus,
    Level,
    MeetingStatus,
    MemberRole,
    OfficeKind,
    Role,
)

ROOT = Path(__file__).resolve().parents[1]
VOCABULARIES = (FollowUpStatus, MeetingStatus, Role, MemberRole, CommitteeKind, Level,
                OfficeKind)
VALUES = {v for vocab in VOCABULARIES for v in vocab.values()}
FIELDS = {"status", "role", "level", "kind", "statuses", "roles"}


def _names_a_field(node: ast.AST) -> bool:
    """Whether the expression reads a status/role/level/kind: x.status, role, d["level"]."""
    if isinstance(node, ast.Attribute):
        return node.attr in FIELDS
    if isinstance(node, ast.Name):
        return node.id in FIELDS or node.id in {"s", "value", "wanted"}
    if isinstance(node, ast.Subscript):
        key = node.slice
        return isinstance(key, ast.Constant) and key.value in FIELDS
    if isinstance(node, ast.Call):  # .data of a form field: self.level.data
        return False
    return False


def _vocab_constants(node: ast.AST) -> list[ast.Constant]:
    """The vocabulary strings a node is, or holds as a tuple/list/set of them."""
    if isinstance(node, ast.Constant) and node.value in VALUES:
        return [node]
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return [e for e in node.elts if isinstance(e, ast.Constant) and e.value in VALUES]
    if isinstance(node, ast.IfExp):
        return _vocab_constants(node.body) + _vocab_constants(node.orelse)
    return []


def _flagged(tree: ast.AST) -> list[ast.Constant]:
    found: list[ast.Constant] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            if any(_names_a_field(s) or (isinstance(s, ast.Attribute) and s.attr == "data"
                                         and _names_a_field(s.value)) for s in sides):
                for side in sides:
                    found += _vocab_constants(side)
        elif isinstance(node, ast.keyword) and node.arg in FIELDS:
            found += _vocab_constants(node.value)
        elif isinstance(node, ast.Assign):
            if any(_names_a_field(t) for t in node.targets):
                found += _vocab_constants(node.value)
            # A hand-written list of one vocabulary's values (ROLES = ("admin", ...)).
            elif isinstance(node.value, (ast.Tuple, ast.List, ast.Set)):
                elts = node.value.elts
                if len(elts) >= 2 and all(isinstance(e, ast.Constant) and e.value in VALUES
                                          for e in elts):
                    found += list(elts)
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name == "roles_required":
                for arg in node.args:
                    found += _vocab_constants(arg)
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and key.value in FIELDS:
                    found += _vocab_constants(value)
                    if isinstance(value, ast.List):  # an audit change [before, after]
                        for e in value.elts:
                            found += _vocab_constants(e)
                elif isinstance(key, ast.Tuple):  # {("ict", "district"): ...}
                    found += _vocab_constants(key)
        elif isinstance(node, ast.Return) and node.value is not None:
            if isinstance(node.value, ast.IfExp):
                found += _vocab_constants(node.value)
    return found


def python_literals() -> list[str]:
    hits = []
    for path in sorted((ROOT / "committee").rglob("*.py")):
        if path.name == "vocab.py":
            continue
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        for const in {id(c): c for c in _flagged(ast.parse(source))}.values():
            hits.append(f"{path.relative_to(ROOT)}:{const.lineno}: {const.value!r}: "
                        f"{lines[const.lineno - 1].strip()}")
    return sorted(hits)


_JINJA = re.compile(r"{{.*?}}|{%.*?%}", re.S)
_QUOTED = re.compile(r"""(['"])([\w-]+)\1""")
_KEY = re.compile(r"""(['"])([\w-]+)\1\s*:""")
_READS_A_FIELD = re.compile(r"\b(status|role|level|kind)\b")


def _spelled(block: str) -> list[str]:
    """The vocabulary values a Jinja expression spells: any, when it reads a status, role,
    level or kind (`meeting.status == 'draft'`); the keys of a label table otherwise
    (`{'draft': 'খসড়া', 'issued': ...}`: two keys or more of one vocabulary)."""
    if _READS_A_FIELD.search(block):
        return [q.group(0) for q in _QUOTED.finditer(block) if q.group(2) in VALUES]
    keys = {k.group(2) for k in _KEY.finditer(block)}
    for vocab in VOCABULARIES:
        if len(keys & set(vocab.values())) >= 2:
            return [repr(k) for k in sorted(keys & set(vocab.values()))]
    return []


def template_literals(root: Path = ROOT) -> list[str]:
    hits = []
    for path in sorted((root / "templates").rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for block in _JINJA.finditer(text):
            line = text.count("\n", 0, block.start()) + 1
            hits += [f"{path.relative_to(root)}:{line}: {word}"
                     for word in _spelled(block.group(0))]
    return hits


def test_no_python_module_spells_a_vocabulary_value():
    assert python_literals() == []


def test_no_template_spells_a_vocabulary_value():
    assert template_literals() == []


@pytest.mark.parametrize("snippet", [
    'if meeting.status == "issued": pass',
    'ok = user.role in ("admin", "secretary")',
    'm = Meeting(status="draft")',
    'assignment.status = "dropped"',
    'ROLES = ("admin", "secretary", "office", "viewer")',
    '@roles_required("secretary")\ndef f(): pass',
    'record(changes={"status": ["draft", "issued"]})',
    'T = {("ict", "district"): "title"}',
    'def f(h):\n    return "implemented" if h else "dropped"',
])
def test_the_scan_finds_a_spelled_value(snippet):
    """The scan itself bites: each way of spelling a value is found."""
    assert _flagged(ast.parse(snippet))


@pytest.mark.parametrize("snippet", [
    'row = {f: raw.get(f, "") for f in ("name", "designation", "office")}',
    'district = find_district(data["district"])',
    'doc = {"district": committee.district.name}',
    'if meeting.status == MeetingStatus.ISSUED: pass',
])
def test_the_scan_leaves_field_names_alone(snippet):
    assert not _flagged(ast.parse(snippet))


def test_the_template_scan_finds_a_spelled_value(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "t.html").write_text(
        "{% if meeting.status == 'draft' %}x{% endif %}{{ cell(idx, 'office', row) }}\n"
        "{% set labels = {'draft': 'খসড়া', 'issued': 'জারিকৃত'} %}\n"
        "{{ row({'name': '', 'office': ''}) }}", encoding="utf-8")
    assert template_literals(tmp_path) == ["templates/t.html:1: 'draft'",
                                           "templates/t.html:2: 'draft'",
                                           "templates/t.html:2: 'issued'"]
