"""The one-page PDF of a treatment check (WeasyPrint): date, inputs, verdict, reasons and
citations. The text shrinks until it fits on one A4 page."""

from django.template.loader import render_to_string

FONT_SIZES = (9.5, 8.5, 7.5, 6.5, 5.5)


def render_result_pdf(context: dict) -> bytes:
    from weasyprint import HTML

    document = None
    for size in FONT_SIZES:
        html = render_to_string("treatments/result_pdf.html", {**context, "font_size": size})
        document = HTML(string=html).render()
        if len(document.pages) == 1:
            break
    if len(document.pages) > 1:  # still too long at the smallest size: keep the first page
        document = document.copy(document.pages[:1])
    return document.write_pdf()
