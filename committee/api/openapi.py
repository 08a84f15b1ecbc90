"""GET /api/v1/openapi.json: the API described in OpenAPI 3.1 (kept here as plain data).

tests/test_openapi.py checks that every /api/v1 route of the app is in this document and
every path of the document is a route, so the two cannot drift apart silently.
"""
from flask import jsonify

from ..authz import login_required
from ..interchange import validate as limits
from ..models.idempotency import KEEP_HOURS, MAX_KEY_LENGTH
from ..retrysafe import HEADER as IDEMPOTENCY_HEADER
from ..vocab import (
    CommitteeKind,
    FollowUpStatus,
    IndicatorMethod,
    LetterKind,
    Level,
    MeetingStatus,
)
from . import bp


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*codes: int) -> dict:
    """The error answers of an operation: 401 and 503 (every call reads the database)
    with `codes`, each the shared Error shape."""
    return {str(code): {"$ref": f"#/components/responses/E{code}"}
            for code in sorted({401, *codes, 503})}


def _enum(vocabulary, *members) -> dict:
    """An enum of the product's vocabulary (committee/vocab.py): every value, or only
    `members`, in declaration order."""
    return {"enum": [m.value for m in (members or vocabulary)]}


DATE = {"type": "string", "format": "date", "description": "YYYY-MM-DD (Bangla digits too)"}
TEXT = {"type": "string"}
NULLABLE_TEXT = {"type": ["string", "null"]}
NAMES = {"type": "array", "items": TEXT}
PARTIES = {**NAMES, "maxItems": limits.MAX_PARTIES}
PERSON = {"type": "object", "required": ["name", "designation"],
          "properties": {"name": TEXT, "designation": TEXT}}
DOCX = {"description": "A Word document",
        "content": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document":
                    {"schema": {"type": "string", "format": "binary"}}}}
PAGED = {h: {"schema": {"type": "integer"}} for h in ("X-Total-Count", "X-Page", "X-Per-Page")}
PAGED["Link"] = {"schema": TEXT, "description": 'rel="next" / rel="prev" pages'}


def _query(name: str, description: str, schema: dict | None = None) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema or TEXT}


def _path_id(name: str, example: int = 1) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer"},
            "example": example}


def _body(schema: dict, example: dict, required: bool = True) -> dict:
    return {"required": required,
            "content": {"application/json": {"schema": schema, "example": example}}}


# Examples of the request bodies (tests/test_api_schema.py sends them, after importing the
# Magura minutes of 14/03/2022: meeting 1, decision 2 is their 2.1).
IMPORT_EXAMPLE = {
    "format": "committee-minutes/1",
    "committee": {"name": "জেলা আইসিটি কমিটি, মাগুরা", "kind": CommitteeKind.ICT,
                  "level": Level.DISTRICT,
                  "district": "মাগুরা",
                  "office_header": ["গণপ্রজাতন্ত্রী বাংলাদেশ সরকার", "প্রোগ্রামার এর দপ্তর"],
                  "file_number": "৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০"},
    "meeting": {
        "held_on": "2022-04-11", "time": "11:00", "venue": "জেলা প্রশাসকের সম্মেলন কক্ষ",
        "chair": {"name": "ড. আশরাফুল আলম", "designation": "জেলা প্রশাসক"},
        "attendance": [{"name": "মোঃ আবুল কাসেম পলাশ", "designation": "প্রোগ্রামার",
                        "office": "প্রোগ্রামার, মাগুরা"}],
        "opening": "সভাপতি উপস্থিত সকলকে স্বাগত জানিয়ে সভার কাজ শুরু করেন।",
        "closing": "আর কোনো আলোচ্য বিষয় না থাকায় সভাপতি সভার সমাপ্তি ঘোষণা করেন।",
        "items": [
            {"title": "পূর্ববর্তী সভার কার্যবিবরণী দৃঢ়ীকরণ", "discussion": "",
             "responsible": [],
             "decisions": [{"text": "কার্যবিবরণী সম্মতিক্রমে দৃঢ়ীকরণ হয়।"}]},
            {"title": "ডিজিটাল সেন্টারের সেবা", "discussion": "",
             "responsible": ["উপজেলা নির্বাহী অফিসার (সকল)"],
             "decisions": [{"text": "সকল ডিজিটাল সেন্টার নিয়মিত খোলা রাখতে হবে।",
                            "due_on": "2022-05-31"}]}]},
    "issue": {"memo_serial": None, "memo_date": "2022-04-20",
              "signatory": {"name": "মোঃ আবুল কাসেম পলাশ", "designation": "প্রোগ্রামার"},
              "distribution_note": "জ্যেষ্ঠতার ক্রমানুসারে নয়",
              "distribution": ["জেলা প্রশাসক, মাগুরা"]},
}


PAGING = [_query("page", "page number, from 1", {"type": "integer", "minimum": 1}),
          _query("per_page", "1..200 (default 100)",
                 {"type": "integer", "minimum": 1, "maximum": 200})]
COMMITTEE_ID = _query("committee_id", "only this committee", {"type": "integer"})
DISTRICT = {**_query("district", "district name in Bangla, e.g. মাগুরা"), "example": "মাগুরা"}

SCHEMAS = {
    "Error": {"type": "object", "required": ["error", "details"], "properties": {
        "error": {"type": "string", "description": "what went wrong, in Bangla"},
        "details": {"type": "array", "items": {"type": "object", "properties": {
            "path": {"type": "string", "description": "where, e.g. meeting.items[3].title"},
            "message": {"type": "string"}}}}}},
    "Committee": {"type": "object", "required": [
        "id", "name", "kind", "level", "district", "upazila", "file_number"], "properties": {
        "id": {"type": "integer"}, "name": TEXT,
        "kind": _enum(CommitteeKind),
        "level": _enum(Level), "district": TEXT,
        "upazila": NULLABLE_TEXT, "file_number": TEXT}},
    "MeetingSummary": {"type": "object", "required": [
        "id", "committee_id", "held_on", "status", "memo_number"], "properties": {
        "id": {"type": "integer"}, "committee_id": {"type": "integer"}, "held_on": DATE,
        "status": _enum(MeetingStatus),
        "memo_number": NULLABLE_TEXT}},
    "CommitteeMinutes": {
        "description": "committee-minutes/1 (CONTRACT.md §2). On export each item and "
                       "decision also has `number` and `id`, each decision a `status` "
                       "object {party: status}, and `issue` a `memo_number` once issued. "
                       "The limits on the lists (maxItems) are in docs/api.md; a document "
                       "over them is refused (400) before anything else is checked, and "
                       "also at most 1,000 decisions and 2,000 responsible names in all.",
        "type": "object", "required": ["format", "committee", "meeting"], "properties": {
            "format": {"const": "committee-minutes/1"},
            "committee": {"type": "object", "required": [
                "name", "kind", "level", "district", "file_number"], "properties": {
                "name": TEXT, "kind": _enum(CommitteeKind),
                "level": _enum(Level), "district": TEXT,
                "upazila": {"type": ["string", "null"],
                            "description": "required when level is upazila"},
                "office_header": {**NAMES, "maxItems": limits.MAX_HEADER_LINES},
                "file_number": {"type": "string", "description": "18 or 22 digits"}}},
            "meeting": {"type": "object", "required": ["held_on", "chair", "items"],
                        "properties": {
                "held_on": DATE,
                "time": {"type": ["string", "null"], "pattern": "^[0-9০-৯]{1,2}:[0-9০-৯]{2}$",
                         "description": "HH:MM (Bangla digits too); null, or left out, for "
                                        "a meeting without a time: exported as null"},
                "venue": TEXT, "chair": PERSON, "opening": TEXT, "closing": TEXT,
                "attendance_annex": {"type": "boolean"},
                "attendance": {"type": "array", "maxItems": limits.MAX_ATTENDANCE,
                               "items": {"type": "object", "properties": {
                    "name": TEXT, "designation": TEXT, "office": NULLABLE_TEXT,
                    "present": {"type": "boolean"}, "guest": {"type": "boolean"}}}},
                "items": {"type": "array", "maxItems": limits.MAX_ITEMS, "items": {
                    "type": "object", "required": ["title"], "properties": {
                        "number": {"type": "string", "description": "export: 1, 2 …"},
                        "id": {"type": "integer", "description": "export"},
                        "title": TEXT, "discussion": TEXT, "responsible": PARTIES,
                        "decisions": {
                            "type": "array", "maxItems": limits.MAX_DECISIONS_PER_ITEM,
                            "items": {"type": "object", "required": ["text"], "properties": {
                                "number": {"type": "string",
                                           "description": "export: 2.1, 2.2 …"},
                                "id": {"type": "integer", "description": "export"},
                                "text": TEXT, "responsible": PARTIES,
                                "due_on": {"oneOf": [DATE, {"type": "null"}]},
                                "status": {"type": "object", "description": "export",
                                           "additionalProperties": _ref("FollowUpStatus")},
                            }}}}}}}},
            "issue": {"type": "object", "required": ["memo_date"], "properties": {
                "memo_serial": {"type": ["integer", "null"], "minimum": 1},
                "memo_date": DATE, "signatory": PERSON, "distribution_note": TEXT,
                "distribution": {**NAMES, "maxItems": limits.MAX_DISTRIBUTION},
                "memo_number": {"type": "string",
                                "description": "export, once issued (Bangla digits)"}}}}},
    "ImportResult": {"type": "object", "required": ["id", "committee_id", "status", "items"],
                     "properties": {
        "id": {"type": "integer"}, "committee_id": {"type": "integer"},
        "status": _enum(MeetingStatus, MeetingStatus.DRAFT, MeetingStatus.ISSUED),
        "items": {"type": "integer"},
        # Only on 200: the committee's meeting of that date, with the same minutes.
        "already_imported": {"type": "boolean"}, "message": TEXT}},
    "IssueBody": {"type": "object", "properties": {"memo_date": DATE}},
    "IssueResult": {"type": "object", "required": [
        "memo_number", "memo_serial", "memo_date", "meeting_id", "status"], "properties": {
        "memo_number": TEXT, "memo_serial": {"type": "integer"}, "memo_date": DATE,
        "meeting_id": {"type": "integer"},
        "status": _enum(MeetingStatus, MeetingStatus.ISSUED, MeetingStatus.CONFIRMED)}},
    "Letter": {"type": "object", "required": [
        "id", "kind", "memo_number", "memo_serial", "memo_date", "sha256", "meeting_id",
        "addressee"],
               "properties": {
        "id": {"type": "integer"},
        "kind": _enum(LetterKind),
        "memo_number": TEXT, "memo_serial": {"type": "integer"}, "memo_date": DATE,
        "sha256": {"type": ["string", "null"],
                   "description": "SHA-256 (hex) of the frozen DOCX; null until a letter "
                                  "issued before freezing is first downloaded"},
        "meeting_id": {"type": ["integer", "null"]}, "addressee": NULLABLE_TEXT}},
    "OverdueOffice": {"type": "object", "properties": {
        "office": TEXT, "office_id": {"type": ["integer", "null"]},
        "reminders": {"type": "integer", "description": "reminder letters sent already"},
        "decisions": {"type": "array", "items": {"type": "object", "properties": {
            "id": {"type": "integer"}, "meeting_id": {"type": "integer"}, "held_on": DATE,
            "number": TEXT, "text": TEXT, "due_on": {"type": ["string", "null"]},
            "status": _ref("FollowUpStatus"), "note": TEXT}}}}},
    "CorrigendumBody": {"type": "object", "required": ["corrections"], "properties": {
        "corrections": {"type": "array", "minItems": 1, "maxItems": 50, "items": {
            "type": "object", "required": ["now"], "properties": {
                "ref": {"type": "string", "maxLength": 50,
                        "description": "item or decision number, e.g. ২.১"},
                "was": {"type": "string", "maxLength": 5000,
                        "description": "as issued; blank: taken from the minutes by ref"},
                "now": {"type": "string", "minLength": 1, "maxLength": 5000}}}},
        "memo_date": DATE}},
    "FollowUpStatus": _enum(FollowUpStatus),
    "StatusBody": {"type": "object", "required": ["party", "status"], "properties": {
        "party": {"type": "string", "description": "a responsible party of the decision"},
        "status": _ref("FollowUpStatus"),
        "note": {"type": "string", "maxLength": 5000},
        "on": {"oneOf": [DATE, {"type": "null"}], "description": "default: today"}}},
    "Decision": {"type": "object", "required": [
        "id", "number", "text", "due_on", "meeting", "parties"], "properties": {
        "id": {"type": "integer"}, "number": {"type": "string", "example": "2.1"},
        "text": TEXT, "due_on": {"oneOf": [DATE, {"type": "null"}]},
        "meeting": {"type": "object", "required": ["id", "held_on", "committee_id"],
                    "properties": {"id": {"type": "integer"}, "held_on": DATE,
                                   "committee_id": {"type": "integer"}}},
        "parties": {"type": "array", "items": {"type": "object", "required": [
            "party", "office_id", "status", "note", "on"], "properties": {
            "party": TEXT, "office_id": {"type": ["integer", "null"]},
            "status": _ref("FollowUpStatus"), "note": NULLABLE_TEXT,
            "on": {"oneOf": [DATE, {"type": "null"}]}}}}}},
    "Indicator": {"type": "object", "description": "see docs/api.md (APA)", "required": [
        "code", "title", "method", "unit", "weight", "targets", "quarter_targets", "quarters",
        "achievement", "score", "evidence", "evidence_pending", "evidence_description"],
                  "properties": {
        "code": TEXT, "title": TEXT, "method": _enum(IndicatorMethod),
        "unit": TEXT, "weight": {"type": "number"},
        "targets": {"type": "array", "minItems": 5, "maxItems": 5},
        "quarter_targets": {"type": ["array", "null"]},
        "quarters": {"type": "array", "minItems": 4, "maxItems": 4},
        "achievement": {}, "score": {"type": ["number", "null"]},
        "evidence": {"type": "array", "items": {"type": "object"}},
        "evidence_pending": {"type": "array", "items": {"type": "object"}},
        "evidence_description": NULLABLE_TEXT}},
}

RESPONSES = {f"E{code}": _json(_ref("Error"), text) for code, text in {
    400: "Invalid input: `details` names each problem (a malformed Idempotency-Key too, "
         "with `path` Idempotency-Key)",
    401: "Missing or bad bearer token",
    403: "Outside the user's role or district",
    404: "No such object",
    409: "Nothing changed: the request conflicts with the stored state (the minutes are "
         "issued, the serial would go back, the file is full, what the Idempotency-Key's "
         "first request created was deleted since), or another write held the same data "
         "(busy: send it again in a few seconds)",
    413: "Request body too large: over MAX_CONTENT_LENGTH (16 MiB), or over "
         "IMPORT_MAX_CONTENT_LENGTH (2 MiB) for an import; `details[0].message` names the "
         "limit",
    422: "The Idempotency-Key was used before for another request: another call, another "
         "meeting, or the same call with another body (`details[0].path` is "
         "Idempotency-Key); nothing changed",
    503: "The connection to the database was lost: nothing was answered from it; send the "
         "request again after Retry-After seconds (with the same Idempotency-Key, a write "
         "that went through is not repeated). `details` is empty",
}.items()}
RESPONSES["E503"]["headers"] = {"Retry-After": {
    "description": "seconds to wait before sending the request again",
    "schema": {"type": "integer", "minimum": 1}}}


def _idempotency_key(example: str) -> dict:
    """The optional Idempotency-Key header of a write that may be sent again."""
    return {
        "name": IDEMPOTENCY_HEADER, "in": "header", "required": False, "example": example,
        "description": (
            "A key the client chooses for this request (a UUID, say). Sent again with the "
            "same body, the request stores nothing more and answers as the first did; the "
            "same key with another body, or at another call, is refused (422). Keys are "
            f"per user and kept {KEEP_HOURS} hours. See docs/api.md."),
        "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH,
                   "pattern": "^[!-~]+$"}}

PATHS = {
    "/openapi.json": {"get": {
        "summary": "This document", "operationId": "openapi",
        "responses": {"200": _json({"type": "object"}, "OpenAPI 3.1"), **_errors()}}},
    "/committees": {"get": {
        "summary": "The committees the user may see", "operationId": "committees",
        "responses": {"200": _json({"type": "array", "items": _ref("Committee")},
                                   "Committees"), **_errors()}}},
    "/meetings": {"get": {
        "summary": "The meetings the user may see, newest first", "operationId": "meetings",
        "parameters": [COMMITTEE_ID, DISTRICT, *PAGING],
        "responses": {"200": {**_json({"type": "array", "items": _ref("MeetingSummary")},
                                      "Meetings"), "headers": PAGED},
                      **_errors(400, 403, 404)}}},
    "/meetings/import": {"post": {
        "summary": "Import one meeting (all or nothing)", "operationId": "import_meeting",
        "parameters": [_idempotency_key("5b0d3c1e-7f2a-4e8b-9c6d-import-2022-04-11")],
        "requestBody": _body(_ref("CommitteeMinutes"), IMPORT_EXAMPLE),
        "responses": {"201": _json(_ref("ImportResult"),
                                   "The new meeting (with an Idempotency-Key already used "
                                   "with this body: the meeting the first request stored)"),
                      "200": _json(_ref("ImportResult"),
                                   "The same minutes were imported before: the committee's "
                                   "meeting of that date, nothing stored "
                                   "(already_imported: true)"),
                      **_errors(400, 403, 409, 413, 422)}}},
    "/minutes/read-docx": {"post": {
        "summary": "Read minutes from a Word document (.docx, .doc); nothing is stored",
        "operationId": "read_docx",
        "description": "The file is the request body (or the multipart field `file`); "
                       "`X-Filename` names it in messages. The answer's `document` is "
                       "committee-minutes/1 as read (fields not read are empty: see "
                       "`problems`); correct it and POST it to /meetings/import. A file "
                       "that is not readable Word minutes answers 422.",
        "parameters": [{"name": "X-Filename", "in": "header", "required": False,
                        "schema": {"type": "string", "maxLength": 255}}],
        "requestBody": {"required": True, "content": {
            DOCX["content"] and next(iter(DOCX["content"])): {
                "schema": {"type": "string", "format": "binary"}},
            "multipart/form-data": {"schema": {"type": "object", "properties": {
                "file": {"type": "string", "format": "binary"}}}}}},
        "responses": {"200": _json({"type": "object", "required": [
            "document", "problems", "sources", "recognised", "expected"], "properties": {
                "document": {"type": "object", "description": "committee-minutes/1 as read"},
                "problems": {"type": "array", "items": {"type": "object"}},
                "sources": {"type": "object", "description": "field path -> {text, where}: "
                            "the text of the file each field was read from"},
                "recognised": {"type": "integer"}, "expected": {"type": "integer"},
                "bijoy": {"type": "boolean"}}}, "What was read"),
            **_errors(403, 413, 422)}}},
    "/meetings/{meeting_id}": {"get": {
        "summary": "One meeting in committee-minutes/1", "operationId": "meeting",
        "parameters": [_path_id("meeting_id")],
        "responses": {"200": _json(_ref("CommitteeMinutes"), "The meeting"),
                      **_errors(403, 404)}}},
    "/meetings/{meeting_id}/issue": {"post": {
        "summary": "Issue the minutes; issuing again returns the same number",
        "operationId": "issue_meeting",
        "parameters": [_path_id("meeting_id"),
                       _idempotency_key("9e4f7a20-issue-meeting-1")],
        "requestBody": _body(_ref("IssueBody"), {"memo_date": "2022-04-07"}, required=False),
        "responses": {"200": _json(_ref("IssueResult"), "The memo number"),
                      **_errors(400, 403, 404, 409, 413, 422)}}},
    "/meetings/{meeting_id}/minutes.docx": {"get": {
        "summary": "The official minutes", "operationId": "minutes_docx",
        "parameters": [_path_id("meeting_id")],
        "responses": {"200": DOCX, **_errors(403, 404, 409)}}},
    "/meetings/{meeting_id}/notice.docx": {"get": {
        "summary": "The meeting notice", "operationId": "notice_docx",
        "parameters": [_path_id("meeting_id")],
        "responses": {"200": DOCX, **_errors(403, 404, 409)}}},
    "/meetings/{meeting_id}/letters": {"get": {
        "summary": "Every letter issued for the meeting, with the SHA-256 of its frozen DOCX",
        "operationId": "meeting_letters", "parameters": [_path_id("meeting_id")],
        "responses": {"200": _json({"type": "object", "required": ["letters"], "properties": {
            "letters": {"type": "array", "items": _ref("Letter")}}}, "The letters"),
            **_errors(403, 404)}}},
    "/meetings/{meeting_id}/corrigendum": {"post": {
        "summary": "Issue a corrigendum of issued minutes (a new letter citing them)",
        "operationId": "corrigendum", "parameters": [_path_id("meeting_id")],
        "requestBody": _body(_ref("CorrigendumBody"), {
            "corrections": [{"ref": "২.১", "now": "সকল শিক্ষা প্রতিষ্ঠানে ডিজিটাল হাজিরা চালু "
                                                  "করতে হবে।"}],
            "memo_date": "2022-04-20"}),
        "responses": {"201": _json(_ref("Letter"), "The corrigendum"),
                      **_errors(400, 403, 404, 409, 413)}}},
    "/committees/{committee_id}/overdue": {"get": {
        "summary": "Each office with its overdue decisions (reminder letters chase these)",
        "operationId": "overdue", "parameters": [
            _path_id("committee_id"),
            _query("on", "judge overdue as of this date (default today)", DATE)],
        "responses": {"200": _json({"type": "object", "required": ["on", "offices"],
                                    "properties": {"on": DATE, "offices": {
                                        "type": "array", "items": _ref("OverdueOffice")}}},
                                   "Overdue decisions per office"),
                      **_errors(400, 403, 404)}}},
    "/committees/{committee_id}/reminders": {"post": {
        "summary": "Issue reminder letters (তাগিদপত্র), one per overdue office",
        "operationId": "reminders", "parameters": [_path_id("committee_id")],
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "required": ["offices"], "properties": {
                "offices": {"oneOf": [{"const": "all"},
                                      {"type": "array", "minItems": 1, "items": TEXT}]},
                "memo_date": DATE}}}}},
        "responses": {"201": _json({"type": "object", "required": ["letters"], "properties": {
            "letters": {"type": "array", "items": {"allOf": [_ref("Letter"), {
                "type": "object", "properties": {"office": TEXT}}]}}}}, "The letters issued"),
            **_errors(400, 403, 404, 409, 413)}}},
    "/letters/{letter_id}.docx": {"get": {
        "summary": "A letter's bytes exactly as frozen when it was issued",
        "operationId": "letter_docx", "parameters": [_path_id("letter_id")],
        "responses": {"200": DOCX, **_errors(403, 404, 409)}}},
    "/decisions": {"get": {
        "summary": "Decisions with their per-party status", "operationId": "decisions",
        "parameters": [COMMITTEE_ID, DISTRICT,
                       _query("office", "an office id, or its name (with district or "
                                        "committee_id)"),
                       _query("office_id", "an office id", {"type": "integer"}),
                       _query("status", "only decisions with a party in this status",
                              _ref("FollowUpStatus")), *PAGING],
        "responses": {"200": {**_json({"type": "array", "items": _ref("Decision")},
                                      "Decisions"), "headers": PAGED},
                      **_errors(400, 403, 404)}}},
    "/decisions/{decision_id}/status": {"post": {
        "summary": "Record the follow-up of one responsible party",
        "description": "With an Idempotency-Key, a request sent again (the answer was "
                       "lost) records nothing new and answers with the decision as it is.",
        "operationId": "decision_status",
        "parameters": [_path_id("decision_id", 2),
                       _idempotency_key("3c9e1d42-status-2-deo-2022-04-10")],
        "requestBody": _body(_ref("StatusBody"), {
            "party": "জেলা শিক্ষা অফিসার", "status": FollowUpStatus.IN_PROGRESS,
            "note": "৩০টি বিদ্যালয়ে চালু হয়েছে", "on": "2022-04-10"}),
        "responses": {"200": _json(_ref("Decision"), "The decision"),
                      **_errors(400, 403, 404, 409, 413, 422)}}},
    "/committees/{committee_id}/serial": {"post": {
        "summary": "Set the serial the committee's file has reached outside the system "
                   "(only upward, never below the highest serial issued, at most 99999)",
        "operationId": "committee_serial", "parameters": [_path_id("committee_id")],
        "requestBody": _body({
            "type": "object", "required": ["reached"], "properties": {
                "reached": {"type": "integer", "minimum": 0, "maximum": 99999,
                            "description": "Bangla or ASCII digits in a string too"}}},
            {"reached": 24}),
        "responses": {
            "200": _json({"type": "object", "properties": {
                "committee_id": {"type": "integer"}, "reached": {"type": "integer"},
                "highest_issued": {"type": "integer"}, "next_serial": {"type": "integer"},
                "next_memo_number": {"type": ["string", "null"],
                                     "description": "Bangla digits; null when the file "
                                                    "is full"}}},
                         "The file's serial and the next memo number"),
            **_errors(400, 403, 404, 409, 413)}}},
    "/apa/{fy}/indicators": {"get": {
        "summary": "APA indicators of a district (or upazila) for a fiscal year",
        "operationId": "apa_indicators",
        "parameters": [{"name": "fy", "in": "path", "required": True,
                        "schema": {"type": "string", "pattern": "^\\d{4}-\\d{2}$"},
                        "example": "2021-22"},
                       {**DISTRICT, "required": True}, _query("upazila", "upazila name")],
        "responses": {"200": _json({"type": "array", "items": _ref("Indicator")},
                                   "Indicators"), **_errors(400, 403, 404)}}},
}

DOCUMENT = {
    "openapi": "3.1.0",
    "info": {"title": "ICT committee minutes API", "version": "1",
             "description": "See CONTRACT.md §3 and docs/api.md. Errors are "
                            '{"error": str, "details": [...]} with a 4xx status, or '
                            "503 with Retry-After when the database connection was "
                            "lost. Writes that may be sent again take an "
                            "Idempotency-Key header."},
    "servers": [{"url": "/api/v1"}],
    "security": [{"bearer": []}],
    "paths": PATHS,
    "components": {
        "securitySchemes": {"bearer": {
            "type": "http", "scheme": "bearer",
            "description": "flask --app app users token USERNAME"}},
        "schemas": SCHEMAS,
        "responses": RESPONSES,
    },
}


@bp.get("/openapi.json")
@login_required
def openapi():
    """The OpenAPI 3.1 description of /api/v1 (a token is needed, as for every call)."""
    return jsonify(DOCUMENT)
