import shutil
import subprocess

from tests.required_services import service_missing


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


def pdf_pages(content: bytes, tmp_path, dpi: int = 40) -> list:
    """Each page of a PDF as a greyscale picture, drawn by poppler's pdftoppm."""
    from PIL import Image

    program = shutil.which("pdftoppm")
    if program is None:
        service_missing("pdftoppm is not installed: apt-get install -y poppler-utils")
    pdf = tmp_path / "pages.pdf"
    pdf.write_bytes(content)
    subprocess.run(
        [program, "-png", "-gray", "-r", str(dpi), str(pdf), str(tmp_path / "page")], check=True
    )
    return [Image.open(path).convert("L") for path in sorted(tmp_path.glob("page-*.png"))]


def pdf_info(content: bytes, tmp_path) -> tuple[dict[str, str], str]:
    """What poppler's pdfinfo says of a PDF: its fields, and its XMP metadata."""
    program = shutil.which("pdfinfo")
    if program is None:
        service_missing("pdfinfo is not installed: apt-get install -y poppler-utils")
    pdf = tmp_path / "info.pdf"
    pdf.write_bytes(content)
    fields = {}
    for line in subprocess.run(
        [program, str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines():
        name, _, value = line.partition(":")
        fields[name.strip()] = value.strip()
    meta = subprocess.run(
        [program, "-meta", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    return fields, meta
