"""The deck's frame: a 16:9 presentation whose layouts are built for 16:9, text boxes, fonts.

python-pptx's default template is 4:3 (10 × 7.5 in). Setting a 16:9 slide size leaves every layout's
placeholders where they were, a title box 1.7 in left of centre; :func:`widescreen_deck` widens the
master's and the layouts' placeholders with the slide, so a slide made from any layout (and a layout
re-applied in PowerPoint) is centred.

Chinese text needs a CJK font named in each run (``a:ea``), or PowerPoint draws it in a Latin font's
fallback. A run cannot list fallback fonts: runs name Noto Sans CJK SC (the font of the charts)
with the GB2312 character set and a sans-serif family, which Office goes by to substitute a
Simplified Chinese font (Microsoft YaHei on a Chinese Windows) where Noto is not installed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

#: Runs name this font for Chinese (``a:ea``) and Latin (``a:latin``) text.
CJK_FONT = "Noto Sans CJK SC"
LATIN_FONT = "Arial"
#: What Office substitutes from when the CJK font is missing: GB2312 (134 as a signed byte), sans serif.
CJK_CHARSET, CJK_PITCH_FAMILY, CJK_PANOSE = "-122", "34", "020B0500000000000000"
#: PowerPoint's 16:9: 13.333 × 7.5 in.
SLIDE_WIDTH, SLIDE_HEIGHT = Emu(12_192_000), Emu(6_858_000)
TEMPLATE_WIDTH = Emu(9_144_000)  # the default template's 4:3 width
TEXT = RGBColor(0x1F, 0x29, 0x33)
MUTED = RGBColor(0x52, 0x60, 0x6D)
#: Layouts of the default template used here.
TITLE_SLIDE, TITLE_AND_CONTENT, TITLE_ONLY = 0, 1, 5
#: Line height as a multiple of the font size (PowerPoint's single spacing for these fonts).
LINE_SPACING = 1.2


@dataclass(frozen=True)
class Box:
    """A rectangle on the slide, in inches from the top left corner."""

    left: float
    top: float
    width: float
    height: float

    @property
    def emu(self) -> tuple[Emu, Emu, Emu, Emu]:
        """Left, top, width and height in EMU, as python-pptx takes them."""
        return Inches(self.left), Inches(self.top), Inches(self.width), Inches(self.height)


def widescreen_deck() -> Presentation:
    """An empty 16:9 presentation whose master and layouts are laid out for 16:9."""
    deck = Presentation()
    factor = SLIDE_WIDTH / TEMPLATE_WIDTH
    deck.slide_width, deck.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    shapes = list(deck.slide_master.shapes)
    for layout in deck.slide_layouts:
        # A layout's placeholder without a position of its own inherits the (already widened) master's.
        shapes += [shape for shape in layout.placeholders if shape._element.xpath("./p:spPr/a:xfrm")]
    for shape in shapes:
        left, width = shape.left, shape.width
        shape.left, shape.width = Emu(round(left * factor)), Emu(round(width * factor))
    return deck


def place(shape, box: Box) -> None:
    """Put a shape (a placeholder too: it then stops inheriting its layout's position) in a box."""
    shape.left, shape.top, shape.width, shape.height = box.emu


def text_lines(text: str, width_in: float, size_pt: float) -> int:
    """Lines a paragraph takes in a box ``width_in`` wide at ``size_pt`` (a safe over-estimate).

    CJK characters and full-width punctuation are as wide as the font size; Latin letters, digits
    and spaces about 0.6 of it (Arial's widest lower-case letters; digits are 0.56).
    """
    em = sum(1.0 if _wide(ch) else 0.6 for ch in text)
    usable = width_in * 72 - 14.4  # PowerPoint's default insets: 0.1 in either side
    return max(1, math.ceil(em * size_pt / usable))


def text_height(paragraphs: list[tuple[str, float, float]], width_in: float) -> float:
    """Inches of height that paragraphs of (text, size in pt, space before in pt) take in a box."""
    points = sum(text_lines(text, width_in, size) * size * LINE_SPACING + before for text, size, before in paragraphs)
    return points / 72 + 0.1  # the insets above and below: 0.05 in each


def fitting_size(text: str, box: Box, sizes: tuple[float, ...]) -> float:
    """The largest of ``sizes`` at which ``text`` fits the box (the smallest when none does)."""
    return next((size for size in sizes if text_height([(text, size, 0)], box.width) <= box.height), sizes[-1])


def write(
    frame,
    text: str,
    size: float,
    *,
    bold: bool = False,
    color: RGBColor = TEXT,
    first: bool = False,
    space: float = 4,
    align: PP_ALIGN | None = None,
) -> None:
    """A paragraph of one run: the frame's first (``first``) or a new one after the others."""
    paragraph = frame.paragraphs[0] if first else frame.add_paragraph()
    paragraph.space_before = Pt(0 if first else space)
    if align is not None:
        paragraph.alignment = align
    run = paragraph.add_run()
    run.text = text
    run.font.size, run.font.bold = Pt(size), bold
    run.font.color.rgb = color


def text_box(slide, box: Box, *, anchor: MSO_ANCHOR = MSO_ANCHOR.TOP):
    """A text box that wraps its text, anchored at the top (or as asked); returns its text frame."""
    frame = slide.shapes.add_textbox(*box.emu).text_frame
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    return frame


def set_title(slide, text: str, box: Box, sizes: tuple[float, ...]) -> None:
    """The slide's title placeholder in ``box``, centred, at the largest size that fits."""
    title = slide.shapes.title
    place(title, box)
    frame = title.text_frame
    frame.clear()
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    write(frame, text, fitting_size(text, box, sizes), bold=True, first=True, align=PP_ALIGN.CENTER)


def apply_fonts(deck) -> None:
    """Name a CJK font (``a:ea``) and a Latin font in every run of every slide and its notes."""
    for slide in deck.slides:
        shapes = list(slide.shapes)
        if slide.has_notes_slide:
            shapes += list(slide.notes_slide.shapes)
        for shape in shapes:
            if not shape.has_text_frame:
                continue
            for paragraph in shape.text_frame.paragraphs:
                for run in paragraph.runs:
                    _set_run_fonts(run)


def _wide(ch: str) -> bool:
    return "\u2e80" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" or "\u3000" <= ch <= "\u303f" or ch in "“”‘’"


def _set_run_fonts(run) -> None:
    properties = run._r.get_or_add_rPr()
    chinese = any("\u2e80" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" for ch in run.text)
    properties.set("lang", "zh-CN" if chinese else "en-US")
    properties.set("altLang", "en-US" if chinese else "zh-CN")
    run.font.name = LATIN_FONT  # writes a:latin
    east_asian = properties.find(qn("a:ea"))
    if east_asian is None:
        east_asian = properties.makeelement(qn("a:ea"), {})
        latin = properties.find(qn("a:latin"))
        latin.addnext(east_asian)  # schema order: latin, ea, cs
    east_asian.set("typeface", CJK_FONT)
    east_asian.set("panose", CJK_PANOSE)
    east_asian.set("pitchFamily", CJK_PITCH_FAMILY)
    east_asian.set("charset", CJK_CHARSET)
