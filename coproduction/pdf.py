"""Printable documents: HTML templates rendered to PDF by WeasyPrint."""

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


def pdf_response(request: HttpRequest, template: str, context: dict, filename: str) -> HttpResponse:
    html = render_to_string(template, context, request=request)
    try:
        from weasyprint import HTML
    except OSError:  # WeasyPrint's system libraries (Pango) are missing
        return HttpResponse(
            "Printing needs Pango on the server (Debian: apt-get install libpango-1.0-0).",
            status=503,
            content_type="text/plain",
        )
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
