"""The table আলোচনা | সিদ্ধান্ত | বাস্তবায়নে of the minutes: one item a row, a row continued
over a page break joined to its item, each cell split into its title, discussion,
decisions and offices (committee.wordimport.numbering)."""
from __future__ import annotations

from ..bangla import normalize_text
from .blocks import Cell, Grid
from .numbering import split_decisions, split_item_number, split_responsible, split_title
from .reading import Reading


def is_main_table(grid: Grid) -> bool:
    """A table whose first rows name the columns আলোচনা and সিদ্ধান্ত."""
    return any(_header_columns(row) for row in grid.rows[:2])


def _header_columns(row: list[Cell]) -> dict[str, int] | None:
    """Column numbers of a header row (আলোচনা | সিদ্ধান্ত | বাস্তবায়নে, maybe ক্রমিক)."""
    columns = {}
    for i, cell in enumerate(row):
        text = cell.text.strip()
        if len(text) > 40:
            return None
        if "সিদ্ধান্ত" in text:
            columns["decisions"] = i
        elif "আলোচ" in text or "বিষয়" in text:
            columns["discussion"] = i
        elif "বাস্তবায়" in text or "দায়িত্ব" in text:
            columns["responsible"] = i
        elif "ক্রম" in text or "নং" in text:
            columns["number"] = i
    return columns if {"decisions", "discussion"} <= columns.keys() else None


# --------------------------------------------------------------------------- the table

def read_table(grids: list[Grid], reading: Reading, places: set[str]) -> list[dict]:
    columns = None
    rows: list[tuple[list[Cell], dict]] = []
    for grid in grids:
        for row in grid.rows:
            header = _header_columns(row)
            if header:
                columns = header
                continue
            if columns is None:
                columns = {"discussion": 0, "decisions": 1, "responsible": 2} if len(row) >= 3 \
                    else {"discussion": 0, "decisions": 1}
            if all(not c.text.strip() for c in row):
                continue
            rows.append((row, columns))
    numbered = any(_row_number(row, cols)[0] is not None for row, cols in rows)
    items: list[dict] = []
    cells: list[dict] = []
    for row, cols in rows:
        number, discussion_cell = _row_number(row, cols)
        decision_cell = _cell(row, cols.get("decisions"))
        responsible_cell = _cell(row, cols.get("responsible"))
        if numbered and number is None and items:
            # A row that goes on with the item above (split across pages, or typed so).
            last = cells[-1]
            last["discussion"].append(discussion_cell)
            last["decisions"].append(decision_cell)
            if responsible_cell and responsible_cell.text != _joined(last["responsible"]):
                last["responsible"].append(responsible_cell)
            continue
        cells.append({"number": number, "discussion": [discussion_cell],
                      "decisions": [decision_cell], "responsible": [responsible_cell]})
        items.append({})
    for i, parts in enumerate(cells):
        items[i] = _item(i, parts, reading, places)
    return items


def _cell(row: list[Cell], index: int | None) -> Cell | None:
    return row[index] if index is not None and index < len(row) else None


def _joined(cells: list[Cell | None]) -> str:
    return "\n".join(c.text for c in cells if c is not None and c.text.strip())


def _where(cells: list[Cell | None]) -> str:
    return "; ".join(c.where for c in cells if c is not None and c.text.strip())


def _row_number(row: list[Cell], cols: dict) -> tuple[int | None, Cell | None]:
    discussion = _cell(row, cols.get("discussion"))
    number_cell = _cell(row, cols.get("number"))
    if number_cell is not None and number_cell.text.strip():
        number, _ = split_item_number(number_cell.text.strip() + ".")
        if number is not None:
            return number, discussion
    if discussion is not None:
        number, _ = split_item_number(discussion.text)
        return number, discussion
    return None, discussion


def _item(i: int, parts: dict, reading: Reading, places: set[str]) -> dict:
    path = f"meeting.items[{i}]"
    discussion_text = _joined(parts["discussion"])
    number, rest = split_item_number(discussion_text)
    if parts["number"] is not None:
        number = parts["number"]
    title, discussion = split_title(rest)
    if title is None:
        lines = [line for line in rest.split("\n") if line.strip()]
        if len(lines) > 1 and len(lines[0]) <= 150:
            title, discussion = normalize_text(lines[0]), "\n".join(lines[1:])
        else:
            title = ""
            reading.problem(f"{path}.title", "আলোচ্য বিষয়ের শিরোনাম আলাদা করা যায়নি "
                                              "(শিরোনামের পরে «:» বা «ঃ» নেই); শিরোনামটি লিখুন")
    where = _where(parts["discussion"])
    reading.source(f"{path}.title", discussion_text, where)
    reading.source(f"{path}.discussion", discussion_text, where)
    decision_text = _joined(parts["decisions"])
    decisions, how = split_decisions(decision_text, number)
    if decision_text:
        reading.source(f"{path}.decisions", decision_text, _where(parts["decisions"]))
    if how == "lines" and len(decisions) > 1:
        reading.problem(f"{path}.decisions", "সিদ্ধান্তগুলোর নম্বর নেই; প্রতিটি লাইনকে "
                                               "আলাদা সিদ্ধান্ত ধরা হয়েছে, মিলিয়ে দেখুন")
    responsible_text = _joined(parts["responsible"])
    responsible = split_responsible(responsible_text, places) if responsible_text else []
    if responsible_text:
        reading.source(f"{path}.responsible", responsible_text, _where(parts["responsible"]))
    return {"title": title, "discussion": normalize_text(discussion.replace("\n", " "))
            if "\n" not in discussion.strip() else discussion.strip(),
            "responsible": responsible,
            "decisions": [{"text": text} for text in decisions],
            "_number": number}
