"""The patient's one-page PDF 'treatment record' (WeasyPrint, as the treatment check's PDF),
with a QR code (segno) to the record's private page."""

import segno
from django.template.loader import render_to_string

FONT_SIZES = (9, 8, 7, 6)


def qr_data_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def render_record_pdf(view: dict, url: str) -> bytes:
    from weasyprint import HTML

    document = None
    for size in FONT_SIZES:
        html = render_to_string(
            "records/record_pdf.html",
            {"record": view, "url": url, "qr": qr_data_uri(url), "font_size": size},
        )
        document = HTML(string=html).render()
        if len(document.pages) == 1:
            break
    if len(document.pages) > 1:
        document = document.copy(document.pages[:1])
    return document.write_pdf()
