"""The APA quarterly progress report as DOCX (minutes_templates/apa_progress.docx)."""
from __future__ import annotations

from datetime import date

from .. import bangla, clock
from ..documents.docx_chart import ColumnChart
from ..documents.render import docx_response, render_docx

QUARTERS = {1: "১ম ত্রৈমাসিক (জুলাই–সেপ্টেম্বর)", 2: "২য় ত্রৈমাসিক (অক্টোবর–ডিসেম্বর)",
            3: "৩য় ত্রৈমাসিক (জানুয়ারি–মার্চ)", 4: "৪র্থ ত্রৈমাসিক (এপ্রিল–জুন)"}
DEFAULT_HEADER = ["গণপ্রজাতন্ত্রী বাংলাদেশ সরকার", "তথ্য ও যোগাযোগ প্রযুক্তি অধিদপ্তর"]


def _n(value) -> str:
    return "—" if value is None else bangla.to_bangla_digits(f"{value:g}")


def _evidence(r) -> str:
    listed = [f"{bangla.format_date_numeric(date.fromisoformat(e['held_on']))}"
              + (f" (স্মারক {e['memo_number']})" if e["memo_number"] else "")
              for e in r.evidence]
    return "; ".join(listed) or r.indicator.evidence


def progress_context(fy: str, district, upazila, results, quarter: int) -> dict:
    """The flat context of apa_progress.docx: quarters after `quarter` are left blank."""
    office = f"উপজেলা আইসিটি কার্যালয়, {upazila.name}, {district.name}" if upazila \
        else f"জেলা আইসিটি কার্যালয়, {district.name}"
    rows = []
    for r in results:
        ind = r.indicator
        quarters = [q if i < quarter else None for i, q in enumerate(r.quarters)]
        rows.append({
            "code": ind.code, "title": ind.title, "unit": ind.unit, "weight": _n(ind.weight),
            "target": _n(ind.targets[0]) if ind.targets else "—",
            **{f"q{i}": _n(q) for i, q in enumerate(quarters, start=1)},
            "achievement": _n(r.achievement), "score": _n(r.score), "evidence": _evidence(r),
        })
    return {
        "header_lines": DEFAULT_HEADER + [office],
        "is_draft": False,
        "title": f"বার্ষিক কর্মসম্পাদন চুক্তি {bangla.to_bangla_digits(fy)}: "
                 "ত্রৈমাসিক অগ্রগতি প্রতিবেদন",
        "office": office,
        "period": QUARTERS[quarter],
        "rows": rows,
        "total_score": _n(round(sum(r.score for r in results), 2)),
        "total_weight": _n(sum(r.indicator.weight for r in results)),
        "report_date": bangla.format_gregorian_long(clock.today()),
    }


QUARTER_LABELS = ("১ম প্রান্তিক", "২য় প্রান্তিক", "৩য় প্রান্তিক", "৪র্থ প্রান্তিক")


def progress_charts(results, quarter: int) -> list[ColumnChart]:
    """Meetings held against the quarter's share of the annual target, one chart per
    meetings indicator (as on the report page); quarters after `quarter` stay empty."""
    charts = []
    for r in results:
        ind = r.indicator
        if ind.source != "meetings":
            continue
        held = tuple(q if i < quarter else None for i, q in enumerate(r.quarters))
        series = [("অনুষ্ঠিত সভা", held)]
        if ind.targets:
            series.append(("লক্ষ্যমাত্রা (বার্ষিক ÷ ৪)", (ind.targets[0] / 4,) * 4))
        shown = ", ".join(f"{label} {_n(v)}"
                          for label, v in zip(QUARTER_LABELS, held, strict=True))
        per_quarter = (f"; লক্ষ্যমাত্রা প্রতি প্রান্তিকে {_n(ind.targets[0] / 4)}"
                       if ind.targets else "")
        charts.append(ColumnChart(
            title=f"{ind.code} অনুষ্ঠিত সভা বনাম লক্ষ্যমাত্রা",
            categories=QUARTER_LABELS, series=tuple(series), width_cm=12.9, height_cm=7.0,
            description=f"{ind.code} {ind.title}: প্রান্তিকভিত্তিক অনুষ্ঠিত সভা ({shown})"
                        f"{per_quarter}"))
    return charts


def progress_response(fy: str, district, upazila, results, quarter: int):
    data = render_docx("apa_progress.docx",
                       progress_context(fy, district, upazila, results, quarter),
                       charts=progress_charts(results, quarter),
                       charts_heading="লেখচিত্র: প্রান্তিকভিত্তিক অনুষ্ঠিত সভা বনাম লক্ষ্যমাত্রা")
    return docx_response(data, f"apa-progress-{fy}-q{quarter}.docx")
