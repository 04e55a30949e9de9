import shutil
import subprocess

from tests.services import service_missing


def pdf_text(content: bytes, tmp_path) -> str:
    """The text of a PDF as poppler's pdftotext reads it (pages split by form feeds)."""
    program = shutil.which("pdftotext")
    if program is None:
        service_missing("pdftotext is not installed: apt-get install -y poppler-utils")
    pdf = tmp_path / "document.pdf"
    pdf.write_bytes(content)
    return subprocess.run(
        [program, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
