"""Printable documents: HTML templates rendered to PDF by WeasyPrint."""

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


class PrintingUnavailable(RuntimeError):
    """WeasyPrint's system libraries (Pango) are missing."""


def render_pdf(html: str, *, base_url: str) -> bytes:
    try:
        from weasyprint import HTML  # here, not at the top: it needs Pango, which may be missing
    except OSError as error:
        raise PrintingUnavailable(
            "Printing needs Pango on the server (Debian: apt-get install libpango-1.0-0)."
        ) from error
    # PDF/UA: tagged, with its title and language, so screen readers read it in order.
    return HTML(string=html, base_url=base_url).write_pdf(pdf_variant="pdf/ua-1")


def pdf_response(request: HttpRequest, template: str, context: dict, filename: str) -> HttpResponse:
    html = render_to_string(template, context, request=request)
    try:
        pdf = render_pdf(html, base_url=request.build_absolute_uri("/"))
    except PrintingUnavailable as error:
        return HttpResponse(str(error), status=503, content_type="text/plain")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
