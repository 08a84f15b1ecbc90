"""Column charts inside a DOCX: a native Word chart (DrawingML), not a picture.

Word and LibreOffice draw it from the values cached in the chart part, so its labels are
real text in the document's Bangla font (shaped by the reader's application) and its
numbers are shown in Bangla digits through the number format `[$-4000845]General` (numeral
system 04 = Bengali, locale 0x0845 = bn-BD). The same numbers travel in an embedded
workbook, so that "Edit Data" in Word opens them. openpyxl writes both the chart XML and
the workbook; python-docx adds the parts and the relationships.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from xml.etree.ElementTree import tostring

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.shared import Cm
from markupsafe import escape
from openpyxl import Workbook
from openpyxl.chart import BarChart
from openpyxl.chart.chartspace import ChartContainer, ChartSpace, ExternalData
from openpyxl.chart.data_source import (
    AxDataSource,
    NumData,
    NumDataSource,
    NumRef,
    NumVal,
    StrData,
    StrRef,
    StrVal,
)
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.legend import Legend
from openpyxl.chart.series import Series, SeriesLabel
from openpyxl.chart.text import RichText
from openpyxl.drawing.text import CharacterProperties, Font, Paragraph, ParagraphProperties
from openpyxl.utils import get_column_letter

CHART_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BANGLA_NUMBER = "[$-4000845]General"  # Bengali digits (Excel, Word, LibreOffice)
FONT = "Nikosh"                  # as the templates; LibreOffice falls back to Noto Sans Bengali
EMU_PER_CM = 360000


@dataclass(frozen=True)
class ColumnChart:
    """Clustered columns: one group per category, one column per series. A value of
    None leaves its column out (a quarter not reported yet)."""
    title: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float | None, ...]], ...]
    description: str = ""      # the alternative text a screen reader reads
    width_cm: float = 16.0
    height_cm: float = 7.5


def _text_properties(size: int) -> RichText:
    font = Font(typeface=FONT)
    run = CharacterProperties(sz=size, latin=font, cs=font, lang="bn-BD")
    return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=run),
                                 endParaRPr=CharacterProperties(lang="bn-BD"))])


def _series(n: int, name: str, values, categories: tuple[str, ...]) -> Series:
    col = get_column_letter(n + 2)
    last = len(categories) + 1
    series = Series(idx=n, order=n)
    series.tx = SeriesLabel(strRef=StrRef(
        f=f"Sheet1!${col}$1", strCache=StrData(ptCount=1, pt=[StrVal(idx=0, v=name)])))
    series.cat = AxDataSource(strRef=StrRef(
        f=f"Sheet1!$A$2:$A${last}",
        strCache=StrData(ptCount=len(categories),
                         pt=[StrVal(idx=i, v=c) for i, c in enumerate(categories)])))
    series.val = NumDataSource(numRef=NumRef(
        f=f"Sheet1!${col}$2:${col}${last}",
        numCache=NumData(formatCode=BANGLA_NUMBER, ptCount=len(categories),
                         pt=[NumVal(idx=i, v=v) for i, v in enumerate(values)
                             if v is not None])))
    return series


def chart_xml(chart: ColumnChart, workbook_rid: str | None = None) -> bytes:
    """The chart part (c:chartSpace) of `chart`."""
    bars = BarChart()
    bars.type, bars.grouping = "col", "clustered"
    bars.series = [_series(n, name, values, chart.categories)
                   for n, (name, values) in enumerate(chart.series)]
    bars.dataLabels = DataLabelList(numFmt=BANGLA_NUMBER, showVal=True, showLegendKey=False,
                                    showCatName=False, showSerName=False, showPercent=False,
                                    showBubbleSize=False, dLblPos="outEnd")
    bars.y_axis.number_format = BANGLA_NUMBER
    bars.y_axis.majorUnit = 1
    bars.y_axis.scaling.min = 0
    bars.y_axis.delete = bars.x_axis.delete = False
    bars.title = chart.title
    bars.title.tx.rich.p[0].pPr = ParagraphProperties(
        defRPr=CharacterProperties(sz=1200, b=True, latin=Font(typeface=FONT),
                                   cs=Font(typeface=FONT), lang="bn-BD"))
    bars.plot_area.layout = bars.layout
    bars.plot_area._charts = [bars]
    container = ChartContainer(plotArea=bars.plot_area, legend=Legend(legendPos="b"),
                               title=bars.title, autoTitleDeleted=False)
    container.plotVisOnly = True
    container.dispBlanksAs = "gap"
    space = ChartSpace(chart=container, lang="bn-BD", roundedCorners=False,
                       txPr=_text_properties(1000))
    if workbook_rid:
        space.externalData = ExternalData(id=workbook_rid, autoUpdate=False)
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            + tostring(space.to_tree(), encoding="unicode")).encode()


def workbook_bytes(chart: ColumnChart) -> bytes:
    """The embedded workbook that holds the chart's numbers (Sheet1, as chart_xml cites)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append([""] + [name for name, _ in chart.series])
    for i, category in enumerate(chart.categories):
        sheet.append([category] + [values[i] for _, values in chart.series])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _inline(rid: str, shape_id: int, chart: ColumnChart) -> str:
    cx, cy = int(chart.width_cm * EMU_PER_CM), int(chart.height_cm * EMU_PER_CM)
    return (
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/'
        'wordprocessingDrawing" distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{shape_id}" name="লেখচিত্র {shape_id}" '
        f'descr="{escape(chart.description or chart.title)}"/><wp:cNvGraphicFramePr/>'
        '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
        '<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        f'r:id="{rid}"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>')


def add_charts(document, charts: list[ColumnChart], heading: str) -> None:
    """Append `heading` and the charts at the end of the python-docx `document`'s body:
    one paragraph, kept on one page with the heading, the charts side by side as the
    page's width allows (inline drawings wrap like words)."""
    if not charts:
        return
    title = document.add_paragraph(heading, style="List Heading")
    title.paragraph_format.keep_with_next = True
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.keep_together = True
    paragraph.paragraph_format.space_before = Cm(0.3)
    package = document.part.package
    for n, chart in enumerate(charts, start=1):
        part = Part(PackURI(f"/word/charts/chart{n}.xml"), CHART_TYPE, b"", package)
        book = Part(PackURI(f"/word/embeddings/Microsoft_Excel_Worksheet{n}.xlsx"),
                    XLSX_TYPE, workbook_bytes(chart), package)
        part._blob = chart_xml(chart, part.relate_to(book, RT.PACKAGE))
        if n > 1:
            paragraph.add_run(" ")
        paragraph._p.append(parse_xml(_inline(document.part.relate_to(part, RT.CHART),
                                              1000 + n, chart)))
