#!/usr/bin/env python3
"""Regenerate the Chinese font embedded in the review-form PDF.

Source: WenQuanYi Micro Hei (Debian package ``fonts-wqy-microhei``, Apache-2.0), a TrueType font
with Latin and CJK glyphs; reportlab can embed TrueType outlines but not the CFF outlines of
Noto CJK.  The subset keeps GB 2312 (6,763 hanzi and its symbols), ASCII, Latin-1 and
Latin Extended-A (foreign names), general and CJK punctuation, full-width forms, and a short list
of name characters outside GB 2312.  Hinting and layout tables are dropped; the output is
byte-for-byte reproducible.

Usage (from the repository root)::

    apt-get install -y fonts-wqy-microhei
    .venv/bin/python xblocks/eligibility_form/tools/make_font_subset.py
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

PACKAGE = Path(__file__).resolve().parent.parent
SOURCE = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
LICENCE = Path("/usr/share/common-licenses/Apache-2.0")
OUTPUT = PACKAGE / "fonts" / "WenQuanYiMicroHei-Subset.ttf"
FAMILY = "WenQuanYi Micro Hei Subset"
POSTSCRIPT_NAME = "WenQuanYiMicroHei-Subset"

RANGES = (
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x017F),  # Latin-1 supplement, Latin Extended-A
    (0x2010, 0x203A),  # general punctuation: dashes, quotes, ellipsis, per mille
    (0x2100, 0x2122),  # letterlike symbols: ℃ № ™
    (0x2460, 0x2473),  # circled numbers ①-⑳
    (0x25A0, 0x25CF),  # geometric shapes: □ ■ ○ ●
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0xFF01, 0xFF5E),  # full-width ASCII
    (0xFFE0, 0xFFE6),  # full-width signs
)
# Characters often met in personal names (and 䶮) that GB 2312 lacks.
NAME_CHARACTERS = (
    "喆堃玥珺赟彧昇䶮琇瑄旻晞祎婧妤琬淏铖昀晟曌珏玙瑀璟暐煜翀沄浛溦燊垚犇骉龑寯頔赜翃喾珅琸璠瑢"
    "芃蓁萩葳蕙菡婳姮媖嫚倢镕钖筠昉玓琍瑷璇玮琛琨瑭珩珽玹琰琳珈珮瑾璋"
)


def gb2312_characters() -> set[str]:
    """Every character of GB 2312 (rows 0xA1-0xF7, cells 0xA1-0xFE)."""
    characters = set()
    for row in range(0xA1, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                characters.add(bytes((row, cell)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return characters


def wanted_codepoints() -> set[int]:
    """Code points the subset should cover (those the source font lacks are skipped by the subsetter)."""
    points = {ord(c) for c in gb2312_characters() | set(NAME_CHARACTERS)}
    for low, high in RANGES:
        points.update(range(low, high + 1))
    return points


def rename(font: TTFont) -> None:
    """Give the modified font its own name, as the licence asks of changed files."""
    names = {1: FAMILY, 3: f"{POSTSCRIPT_NAME};subset", 4: FAMILY, 6: POSTSCRIPT_NAME, 16: FAMILY}
    for record in font["name"].names:
        if record.nameID in names:
            record.string = names[record.nameID]


def make_subset(source: Path, output: Path) -> int:
    """Write the subset of ``source`` (font 0 of a collection) to ``output``; return its size in bytes."""
    options = subset.Options()
    options.hinting = False
    options.layout_features = []
    options.notdef_outline = True
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 16, 17]
    options.drop_tables += ["FFTM", "GDEF", "GPOS", "GSUB", "vhea", "vmtx", "gasp"]
    font = TTFont(source, fontNumber=0, recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(wanted_codepoints()))
    subsetter.subset(font)
    rename(font)
    output.parent.mkdir(parents=True, exist_ok=True)
    font.save(output)
    return output.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=SOURCE, help="WenQuanYi Micro Hei .ttc or .ttf")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    size = make_subset(args.source, args.output)
    if LICENCE.exists():
        shutil.copyfile(LICENCE, args.output.parent / "LICENSE-Apache-2.0.txt")
    print(f"{args.output}: {size:,} bytes")


if __name__ == "__main__":
    main()
