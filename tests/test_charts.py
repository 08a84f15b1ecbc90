"""Server-drawn SVG charts (issue 15, item 6): Bangla digits and labels, escaped text, on
the office overview and the APA report."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from committee.apa.defaults import install_defaults
from committee.charts import bars, columns
from tests.conftest import import_magura, login


def test_bars_are_valid_svg_with_bangla_numbers_and_escaped_labels():
    svg = str(bars([("জেলা শিক্ষা অফিসার", 62.5), ("<script>x</script>", None),
                    ("সিভিল সার্জন", 100.0)], title="হার"))
    root = ET.fromstring(svg)  # well-formed: the page (and a printer) can draw it
    assert root.tag.endswith("svg") and root.get("role") == "img"
    texts = [t.text for t in root.iter() if t.tag.endswith("text")]
    assert "৬২.৫%" in texts and "১০০%" in texts and "—" in texts
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    widths = [float(r.get("width")) for r in root.iter() if r.tag.endswith("rect")]
    assert len(widths) == 2 and widths[1] > widths[0]  # 100 % is longer than 62.5 %


def test_columns_draw_the_target_line():
    svg = str(columns([("১ম", 2), ("২য়", 3), ("৩য়", None), ("৪র্থ", 0)], title="সভা",
                      target=3))
    root = ET.fromstring(svg)
    assert any(e.get("class") == "target" for e in root.iter())
    assert "লক্ষ্যমাত্রা ৩" in svg
    assert len([r for r in root.iter() if r.tag.endswith("rect")]) == 2


def test_the_office_overview_and_the_apa_report_show_charts(app, users, magura_doc):
    import_magura(app, magura_doc)
    client = app.test_client()
    login(client, "sec")
    overview = client.get("/followup/").get_data(as_text=True)
    assert re.search(r'<svg class="chart"[^>]*aria-label="দপ্তরভিত্তিক বাস্তবায়নের হার"',
                     overview)
    with app.app_context():
        install_defaults("2021-22")
    report = client.get("/apa/2021-22?district_id=1").get_data(as_text=True)
    assert re.search(r'<svg class="chart"[^>]*aria-label="অনুষ্ঠিত সভা বনাম লক্ষ্যমাত্রা', report)


def test_the_committee_page_charts_its_rate_per_quarter(app, users, magura_doc):
    meeting = import_magura(app, magura_doc)
    from committee.extensions import db
    from committee.models import Meeting

    with app.app_context():
        committee = db.session.get(Meeting, meeting).committee_id
    client = app.test_client()
    login(client, "viewer")
    html = client.get(f"/committees/{committee}").get_data(as_text=True)
    svg = re.search(r'<svg class="chart".*?</svg>', html, re.S).group(0)
    assert "জানু–মার্চ ২০২২" in svg and "০%" in svg  # nothing implemented yet
