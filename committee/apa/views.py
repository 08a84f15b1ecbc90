"""APA pages: an office's report, the district roll-up, the national view, indicators."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from ..audit.service import columns
from ..authz import current, login_required, require_district_reader, roles_required
from ..bangla import to_bangla_digits
from ..clock import today
from ..models import District, Indicator, Upazila
from ..vocab import IndicatorMethod, Role
from . import bp
from .defaults import (
    FIRST_YEAR,
    copy_year,
    current_fiscal_year,
    has_indicators,
    install_defaults,
    install_missing_years,
    missing_hint,
    shipped,
    shipped_years,
    year_counts,
)
from .docx import progress_response
from .exports import report_xlsx
from .forms import IndicatorForm
from .indicators import (
    Duplicate,
    district_office,
    districts,
    indicator_or_404,
    of_year,
    save_changed,
    save_new,
)
from .rollup import district_rollup, national_rollup
from .scoring import fiscal_year_label, fiscal_year_of, parse_fiscal_year, quarter_of
from .service import compute, opening_fiscal_year


def _year(fy: str) -> int:
    try:
        return parse_fiscal_year(fy)
    except ValueError:
        abort(404)


def _hint_if_empty(fy: str) -> None:
    """Pages only read: a fiscal year without indicators gets a hint how to add them."""
    if not has_indicators(fy):
        flash(missing_hint(fy), "info")


def _office() -> tuple[District, Upazila | None]:
    """The office of the report: ?district_id=&upazila_id=, default the user's district."""
    user = current()
    district_id = request.args.get("district_id", type=int) or user.district_id
    if district_id is None:
        return None, None
    district, upazila = district_office(district_id, request.args.get("upazila_id", type=int))
    require_district_reader(district.id)
    return district, upazila


@bp.get("/")
@login_required
def index():
    """Open the report on the fiscal year of the office's latest meeting (else the current
    fiscal year)."""
    district_id = request.args.get("district_id", type=int) or current().district_id
    if district_id is not None:
        require_district_reader(district_id)
    return redirect(url_for(".report", fy=fiscal_year_label(opening_fiscal_year(district_id)),
                            **request.args))


@bp.get("/<fy>")
@login_required
def report(fy: str):
    """The APA report of one office for one fiscal year."""
    start = _year(fy)
    district, upazila = _office()
    if district is None:
        return redirect(url_for(".national", fy=fy))
    results = compute(start, district.id, upazila.id if upazila else None)
    if request.args.get("format") == "xlsx":
        return report_xlsx(fy, district, upazila, results)
    if request.args.get("format") == "docx":
        quarter = request.args.get("quarter", type=int) or 4
        return progress_response(fy, district, upazila, results, min(max(quarter, 1), 4))
    if not results:
        _hint_if_empty(fy)
    return render_template("apa/report.html", fy=fy, district=district, upazila=upazila,
                           prev_fy=fiscal_year_label(start - 1),
                           next_fy=fiscal_year_label(start + 1),
                           installable=not results and bool(shipped(fy)),
                           results=results, total=sum(r.score for r in results),
                           weight=sum(r.indicator.weight for r in results),
                           current_quarter=quarter_of(today())
                           if fiscal_year_of(today()) == start else None)


@bp.get("/<fy>/district")
@login_required
def rollup(fy: str):
    """The district office and its upazila offices side by side for this quarter."""
    start = _year(fy)
    district, _ = _office()
    if district is None:
        abort(404)
    _hint_if_empty(fy)
    quarter = request.args.get("quarter", type=int) or (
        quarter_of(today()) if fiscal_year_of(today()) == start else 4)
    rows = district_rollup(start, district, min(max(quarter, 1), 4))
    return render_template("apa/rollup.html", fy=fy, district=district, rows=rows,
                           quarter=quarter)


@bp.get("/<fy>/national")
@roles_required(Role.ADMIN)
def national(fy: str):
    """Every district's score (admin)."""
    start = _year(fy)
    _hint_if_empty(fy)
    return render_template("apa/national.html", fy=fy, rows=national_rollup(start))


@bp.route("/<fy>/indicators", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def indicators(fy: str):
    """The indicators of a fiscal year (defaults and per-office rows); add one."""
    _year(fy)
    form = IndicatorForm()
    form.set_districts(districts())
    if form.validate_on_submit():
        row = Indicator(fiscal_year=fy)
        form.fill(row)
        try:
            save_new(row)
        except Duplicate as exc:
            form.code.errors = [*form.code.errors, str(exc)]
        else:
            flash("সূচক যোগ করা হয়েছে", "success")
            return redirect(url_for(".indicators", fy=fy))
    rows = of_year(fy)
    if not rows and request.method == "GET":
        flash(missing_hint(fy), "info")
    counts = year_counts()
    years = sorted(set(shipped_years()) | set(counts) | {fy})
    return render_template("apa/indicators.html", fy=fy, rows=rows, form=form,
                           method_label=IndicatorMethod.label_of, counts=counts, years=years,
                           installable=bool(shipped(fy)),
                           missing_years=[y for y in shipped_years() if not counts.get(y)],
                           prev_fy=fiscal_year_label(_year(fy) - 1)), \
        400 if form.errors else 200


@bp.route("/<fy>/indicators/<int:indicator_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit_indicator(fy: str, indicator_id: int):
    row = indicator_or_404(indicator_id)
    form = IndicatorForm(obj=row) if request.method == "GET" else IndicatorForm()
    form.set_districts(districts())
    if request.method == "GET":
        form.load(row)
    if form.validate_on_submit():
        before = columns(row)
        form.fill(row)
        try:
            save_changed(row, before)
        except Duplicate as exc:
            form.code.errors = [*form.code.errors, str(exc)]
        else:
            flash("সূচক সংরক্ষণ করা হয়েছে", "success")
            return redirect(url_for(".indicators", fy=row.fiscal_year))
    return render_template("apa/indicator_edit.html", fy=fy, row=row, form=form), \
        400 if form.errors else 200


@bp.post("/<fy>/copy")
@roles_required(Role.ADMIN)
def copy(fy: str):
    """Start fiscal year `fy` by copying the previous year's indicators."""
    start = _year(fy)
    previous = fiscal_year_label(start - 1)
    try:
        n = copy_year(previous, fy)
    except ValueError as exc:
        flash(str(exc), "error")
    else:
        flash(f"আগের অর্থবছর {to_bangla_digits(previous)} থেকে {to_bangla_digits(n)}টি সূচক "
              f"{to_bangla_digits(fy)} অর্থবছরে কপি হয়েছে", "success")
    return redirect(url_for(".indicators", fy=fy))


@bp.post("/<fy>/defaults")
@roles_required(Role.ADMIN)
def install(fy: str):
    """Add the indicators the app ships for fiscal year `fy` (those missing)."""
    _year(fy)
    try:
        n = install_defaults(fy)
    except ValueError as exc:
        flash(str(exc), "error")
    else:
        if n:
            flash(f"{to_bangla_digits(fy)} অর্থবছরের {to_bangla_digits(n)}টি সরবরাহকৃত সূচক "
                  "যোগ হয়েছে", "success")
        else:
            flash(f"{to_bangla_digits(fy)} অর্থবছরের সব সরবরাহকৃত সূচক আগে থেকেই আছে; "
                  "নতুন কিছু যোগ হয়নি", "info")
    return redirect(url_for(".indicators", fy=fy))


@bp.post("/defaults")
@roles_required(Role.ADMIN)
def install_all():
    """Add the shipped indicators of every fiscal year from 2019-20 to the current one
    that has none yet."""
    added = install_missing_years()
    first = to_bangla_digits(fiscal_year_label(FIRST_YEAR))
    if added:
        years = ", ".join(to_bangla_digits(y) for y in added)
        flash(f"{to_bangla_digits(len(added))}টি অর্থবছরে ({years}) মোট "
              f"{to_bangla_digits(sum(added.values()))}টি সরবরাহকৃত সূচক যোগ হয়েছে", "success")
    else:
        flash(f"{first} থেকে চলতি অর্থবছর পর্যন্ত প্রতিটি অর্থবছরে সূচক আগে থেকেই আছে; "
              "নতুন কিছু যোগ হয়নি", "info")
    try:
        back = fiscal_year_label(parse_fiscal_year(request.form.get("fy", "")))
    except ValueError:
        back = current_fiscal_year()
    return redirect(url_for(".indicators", fy=back))
