"""The printable sheet, made with fpdf2.

It uses the PDF core font (Helvetica), which needs no font file on the server, with the text
brought into Latin-1: typographic quotes and dashes become their plain forms. When something
on the sheet (usually a child's name) has letters Latin-1 lacks, the sheet is set in DejaVu Sans
instead, if the server has it (Debian's fonts-dejavu-core); without it those letters lose their
accent, or become "?" when they have no plain form. The sheet names the child by first name
only and carries no case reference: it is given to the family.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from paramount.guidance.models import GuidanceSection

_PLAIN = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u2026": "...",
        "\u2022": "-",
        "\u00a0": " ",
        "\u200b": "",
    }
)
# Letters with no Unicode decomposition, and their plain forms.
_UNDECOMPOSED = str.maketrans(
    {"Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Ħ": "H", "ħ": "h", "ı": "i", "Œ": "OE", "œ": "oe"}
)
UNICODE_FONT = {
    "": Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    "B": Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
}
_INK = (11, 12, 12)
_GREY = (80, 90, 95)
_LINE_HEIGHT = 5.6


def latin1(text: str) -> str:
    """The text as the core font can print it."""
    out = []
    for char in (text or "").translate(_PLAIN).translate(_UNDECOMPOSED):
        if ord(char) < 256:
            out.append(char)
            continue
        base = "".join(
            c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
        )
        out.append(base if base and all(ord(c) < 256 for c in base) else "?")
    return "".join(out)


def _fits_latin1(text: str) -> bool:
    return all(ord(char) < 256 for char in text.translate(_PLAIN))


class _Sheet(FPDF):
    def __init__(self, organisation: str, made_on: date, unicode: bool):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.organisation = organisation
        self.made_on = made_on
        self.sheet_font = "Helvetica"
        if unicode:
            for style, path in UNICODE_FONT.items():
                self.add_font("DejaVu", style, str(path))
            self.sheet_font = "DejaVu"
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(auto=True, margin=20)

    def text_for(self, text: str) -> str:
        return text if self.sheet_font == "DejaVu" else latin1(text)

    def font(self, size: float, bold: bool = False) -> None:
        self.set_font(self.sheet_font, style="B" if bold else "", size=size)

    def footer(self) -> None:
        self.set_y(-14)
        self.font(9)
        self.set_text_color(*_GREY)
        self.cell(
            0,
            5,
            self.text_for(f"{self.organisation}  |  {self.made_on.day} {self.made_on:%B %Y}"),
            new_x=XPos.LMARGIN,
            new_y=YPos.TOP,
            align="L",
        )
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="R")

    def paragraph(self, text: str, height: float = _LINE_HEIGHT) -> None:
        self.multi_cell(0, height, self.text_for(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def sheet_pdf(
    *,
    child_first_name: str,
    age_band_label: str,
    sections: list[GuidanceSection],
    organisation: str,
    made_on: date,
) -> bytes:
    """The sheet as PDF bytes: a heading with the child's first name, then each section."""
    heading = f"Talking with {child_first_name} about prison"
    everything = [heading, organisation] + [f"{s.title} {s.body}" for s in sections]
    unicode = not all(_fits_latin1(text) for text in everything) and all(
        path.exists() for path in UNICODE_FONT.values()
    )
    pdf = _Sheet(organisation, made_on, unicode)
    pdf.set_title(pdf.text_for(heading))
    pdf.set_author(pdf.text_for(organisation))
    pdf.add_page()
    pdf.set_text_color(*_GREY)
    pdf.font(10)
    pdf.paragraph(organisation, 6)
    pdf.set_text_color(*_INK)
    pdf.font(20, bold=True)
    pdf.paragraph(heading, 10)
    pdf.font(11)
    pdf.paragraph(
        f"Guidance for parents and carers, for a child aged {age_band_label.lower()}. "
        "Use what fits your family; you know your child best."
    )
    for section in sections:
        pdf.ln(4)
        pdf.font(13, bold=True)
        pdf.paragraph(section.title, 7)
        pdf.ln(1)
        pdf.font(11)
        for kind, content in section.blocks():
            if kind == "paragraph":
                pdf.paragraph(str(content))
                pdf.ln(2)
                continue
            for item in content:  # type: ignore[union-attr]
                pdf.set_x(pdf.l_margin + 3)
                pdf.cell(5, _LINE_HEIGHT, "-")
                pdf.paragraph(item)
                pdf.ln(0.8)
            pdf.ln(1.2)
    return bytes(pdf.output())
