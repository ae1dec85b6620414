"""Decoding uploaded text files: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030."""

from __future__ import annotations

import codecs


def decode_text(data: bytes) -> str | None:
    """The text of ``data`` with line ends as ``\\n``, or None when no supported encoding fits."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text.replace("\r\n", "\n").replace("\r", "\n")
    return None
