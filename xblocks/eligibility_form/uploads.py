"""Server-side checks of an uploaded file: type by content, size, safe image decoding, sane PDFs.

The file's name and the browser's content type are never trusted: only the bytes decide.
Every refusal raises :class:`~.messages.Problem` with a message saying what is wrong and how to fix it.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from PIL import Image, ImageOps, JpegImagePlugin

from .messages import Message, Problem

MAX_UPLOAD_BYTES = 4 * 1000 * 1000  # the LMS's STUDENT_FILEUPLOAD_MAX_SIZE (lms/envs/common.py: "4 MB")
# Caps by kind, checked on the header's size before a pixel is decoded (``open_image``): a 131 KB PNG of
# 6300x6300 px (one colour compresses well) cost 10.9 s of CPU and 152 MB to decode under the old 40 Mpx cap.
MAX_IMAGE_PIXELS = 25_000_000  # a scanned document: an A4 page at 600 dpi is 35 Mpx, at 400 dpi 15.6 Mpx
MIN_SCAN_SIDE = 300  # a scan of an ID card or a certificate narrower than this is unreadable (a 2x2 image is no scan)
ALL_KINDS = ("jpeg", "png", "pdf")
IMAGE_KINDS = ("jpeg", "png")
KIND_NAMES = {"jpeg": "JPEG", "png": "PNG", "pdf": "PDF"}
CONTENT_TYPES = {"jpeg": "image/jpeg", "png": "image/png", "pdf": "application/pdf"}
EXTENSIONS = {"jpeg": ".jpg", "png": ".png", "pdf": ".pdf"}

_MAGIC = (
    ("jpeg", b"\xff\xd8\xff"),
    ("png", b"\x89PNG\r\n\x1a\n"),
    ("pdf", b"%PDF-"),
)
_PIL_FORMATS = {"jpeg": "JPEG", "png": "PNG"}
_PDF_TAIL = 2048
JPEG_QUALITY = 95


@dataclass(frozen=True)
class UploadInfo:
    """What an accepted file is: its kind (``jpeg``/``png``/``pdf``), size, and pixel size for images."""

    kind: str
    size: int
    width: int | None = None
    height: int | None = None

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.kind]

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.kind]


def sniff_kind(data: bytes) -> str | None:
    """``jpeg``, ``png`` or ``pdf`` from the file's first bytes; None for anything else."""
    for kind, magic in _MAGIC:
        if data.startswith(magic):
            return kind
    return None


def _megabytes(size: int) -> float:
    """Decimal megabytes, as the LMS counts its upload limit (4 MB is 4,000,000 bytes)."""
    megabytes = round(size / (1000 * 1000), 1)
    return int(megabytes) if megabytes == int(megabytes) else megabytes


def read_upload(stream, max_bytes: int = MAX_UPLOAD_BYTES) -> bytes:
    """An upload's bytes, at most ``max_bytes`` kept; a larger file is refused with its real size (read through,
    not kept: the LMS has the whole request already)."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        size = len(data)
        while chunk := stream.read(1024 * 1024):
            size += len(chunk)
        raise Problem(Message("file_too_large", {"size_mb": _megabytes(size), "max_mb": _megabytes(max_bytes)}))
    return data


def check_size(data: bytes, max_bytes: int = MAX_UPLOAD_BYTES) -> None:
    """Refuse empty files and files over ``max_bytes``."""
    if not data:
        raise Problem(Message("file_empty"))
    if len(data) > max_bytes:
        raise Problem(Message("file_too_large", {"size_mb": _megabytes(len(data)), "max_mb": _megabytes(max_bytes)}))


def check_kind(data: bytes, allowed: tuple[str, ...] = ALL_KINDS) -> str:
    """The file's kind by content, refused unless in ``allowed``."""
    kind = sniff_kind(data)
    if kind not in allowed:
        names = "/".join(KIND_NAMES[k] for k in allowed)
        raise Problem(Message("file_type_unsupported", {"allowed": names}))
    return kind


def _too_many_pixels(pixels: int | None, max_pixels: int) -> Problem:
    shown = round(pixels / 1_000_000) if pixels else f">{round(max_pixels / 1_000_000)}"
    return Problem(
        Message("image_too_many_pixels", {"megapixels": shown, "max_megapixels": round(max_pixels / 1_000_000)})
    )


def open_image(data: bytes, kind: str, max_pixels: int = MAX_IMAGE_PIXELS) -> Image.Image:
    """Decode a JPEG or PNG safely and return it fully loaded.

    The pixel count is read from the header and refused above ``max_pixels`` before anything is
    decoded (Pillow's own decompression-bomb error is refused the same way); the file is verified,
    then reopened and decoded, so truncated or damaged files are refused rather than half-read.
    """
    formats = [_PIL_FORMATS[kind]]
    try:
        with Image.open(io.BytesIO(data), formats=formats) as probe:
            width, height = probe.size
            if width * height > max_pixels:
                raise _too_many_pixels(width * height, max_pixels)
            probe.verify()
        image = Image.open(io.BytesIO(data), formats=formats)
        image.load()
    except Problem:
        raise
    except Image.DecompressionBombError as error:
        found = re.search(r"\((\d+) pixels\)", str(error))
        raise _too_many_pixels(int(found.group(1)) if found else None, max_pixels)
    except Exception:  # any decoder failure on untrusted bytes means "damaged"
        raise Problem(Message("image_corrupt"))
    return image


# What runs on its own in a PDF reader: JavaScript (an action, or the document's /Names tree), launching programs,
# submitting or importing form data, rich media, actions on opening (/OpenAction to an action, not a plain
# destination such as ``[page /Fit]``, which PDF writers put there to choose the first view) and additional
# actions (/AA). The PDF is opened with pypdf: names come decoded (/J#61vaScript is /JavaScript), and every
# object is looked at, those packed in object streams (/ObjStm, any filter) too.
_ACTIVE_KEYS = frozenset({"/JS", "/JavaScript", "/AA", "/RichMedia", "/RichMediaContent"})
_ACTIVE_ACTIONS = frozenset({"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/RichMediaExecute"})
MAX_PDF_PAGES = 100  # a certificate or a diploma is a page or a few; a book is not a document of this form
_MAX_PDF_OBJECTS = 100_000  # objects looked at, in all: bounded against files made to exhaust the check


class _Unverifiable(Exception):
    """A PDF this check cannot read through (damaged object streams, too many objects)."""


def _open_pdf(data: bytes):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(data), strict=False)


def _pdf_objects(reader):
    """Every object of the PDF: those in its cross-reference table and those packed in object streams."""
    from pypdf.generic import IndirectObject, StreamObject, read_object

    numbers = [(number, generation) for generation, table in reader.xref.items() for number in table]
    numbers += [(number, 0) for number in reader.xref_objStm]
    for count, (number, generation) in enumerate(numbers):
        if count > _MAX_PDF_OBJECTS:
            raise _Unverifiable()
        found = IndirectObject(number, generation, reader).get_object()
        yield found
        if isinstance(found, StreamObject) and found.get("/Type") == "/ObjStm":
            yield from _packed_objects(found, reader, read_object)


def _packed_objects(stream, reader, read_object):
    """The objects of an object stream, read whether or not the cross-reference table lists them."""
    try:
        data = stream.get_data()
        first, count = int(stream["/First"]), int(stream["/N"])
        pairs = [int(number) for number in data[:first].split()[:2 * count]]
        if len(pairs) != 2 * count:
            raise ValueError("object stream header too short")
        offsets = pairs[1::2]
    except Exception:  # pypdf raises many kinds of errors on damaged streams
        raise _Unverifiable() from None
    buffer = io.BytesIO(data)
    for offset in offsets:
        buffer.seek(first + offset)
        try:
            yield read_object(buffer, reader)
        except Exception:
            raise _Unverifiable() from None


def _is_active(value, depth: int = 0) -> bool:
    """Whether a PDF object (a dictionary, an array, nested ones) holds an action that runs on its own."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    if depth > 50:
        return True
    if isinstance(value, DictionaryObject):
        if _ACTIVE_KEYS & set(value.keys()) or value.get("/S") in _ACTIVE_ACTIONS:
            return True
        if value.get("/Subtype") == "/RichMedia":
            return True
        if "/OpenAction" in value:
            action = value.raw_get("/OpenAction")
            if isinstance(action, IndirectObject):
                action = action.get_object()
            if not isinstance(action, ArrayObject):
                return True
        return any(_is_active(item, depth + 1) for item in value.values() if not isinstance(item, IndirectObject))
    if isinstance(value, ArrayObject):
        return any(_is_active(item, depth + 1) for item in value if not isinstance(item, IndirectObject))
    return False


def has_active_content(data: bytes) -> bool:
    """Whether a PDF carries JavaScript or another action that runs on its own (or cannot be read through)."""
    try:
        reader = _open_pdf(data)
        return any(_is_active(found) for found in _pdf_objects(reader)) or _is_active(reader.trailer)
    except _Unverifiable:
        return True
    except Exception:  # a PDF pypdf cannot read is refused as damaged by check_pdf, not here
        return True


def check_pdf(data: bytes, max_pages: int = MAX_PDF_PAGES) -> None:
    """Refuse a PDF that is cut short (no ``%%EOF`` at its end) or cannot be opened, is password-protected, has
    no page or more than ``max_pages``, or carries JavaScript or actions that run on opening."""
    if b"%%EOF" not in data[-_PDF_TAIL:]:  # cut short in transit: pypdf would repair it, we ask for the file again
        raise Problem(Message("pdf_corrupt"))
    try:
        reader = _open_pdf(data)
        if reader.is_encrypted:
            raise Problem(Message("pdf_encrypted"))
        pages = len(reader.pages)
    except Problem:
        raise
    except Exception:  # pypdf raises many kinds of errors on damaged files
        raise Problem(Message("pdf_corrupt")) from None
    if not 1 <= pages <= max_pages:
        raise Problem(Message("pdf_corrupt") if not pages else Message("pdf_too_many_pages", {"max": max_pages}))
    if has_active_content(data):
        raise Problem(Message("pdf_active_content"))


def check_file(
    data: bytes,
    allowed: tuple[str, ...] = ALL_KINDS,
    *,
    max_bytes: int = MAX_UPLOAD_BYTES,
    max_pixels: int = MAX_IMAGE_PIXELS,
) -> UploadInfo:
    """Check an uploaded document (size, kind by content, decodable) and describe it."""
    check_size(data, max_bytes)
    kind = check_kind(data, allowed)
    if kind == "pdf":
        check_pdf(data)
        return UploadInfo(kind, len(data))
    with open_image(data, kind, max_pixels) as image:
        width, height = image.size
    if min(width, height) < MIN_SCAN_SIDE:
        raise Problem(Message("scan_too_small", {"width": width, "height": height, "min_side": MIN_SCAN_SIDE}))
    return UploadInfo(kind, len(data), width, height)


def strip_metadata(data: bytes, kind: str, max_pixels: int = MAX_IMAGE_PIXELS) -> bytes:
    """An accepted image re-encoded without its metadata (EXIF with GPS, XMP, comments, text chunks).

    Personal information minimisation (PIPL): a phone photo's EXIF names the place and the device.
    The image is decoded safely (``open_image``), turned upright by its EXIF orientation (so nothing
    depends on the dropped tag), and written anew with only pixels, the ICC colour profile, DPI and
    PNG transparency: JPEG at quality 95 with the original's chroma subsampling, PNG losslessly.
    PDFs are returned untouched. Call it only on bytes ``check_file`` or ``check_photo`` accepted.
    """
    if kind not in IMAGE_KINDS:
        return data
    with open_image(data, kind, max_pixels) as decoded:
        try:
            image = ImageOps.exif_transpose(decoded)
        except Exception:  # unreadable orientation data: keep the pixels as stored
            image = decoded.copy()
        options = {}
        for name in ("icc_profile", "dpi"):
            if decoded.info.get(name):
                options[name] = decoded.info[name]
        if kind == "png" and "transparency" in image.info:
            options["transparency"] = image.info["transparency"]
        image.info = {}  # Pillow writes some of ``info`` (a JPEG comment, say) unless told otherwise
        buffer = io.BytesIO()
        if kind == "jpeg":
            if image.mode not in ("L", "RGB", "CMYK"):
                image = image.convert("RGB")
            sampling = JpegImagePlugin.get_sampling(decoded)
            if sampling >= 0:
                options["subsampling"] = sampling
            image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, **options)
        else:
            image.save(buffer, "PNG", optimize=True, **options)
    return buffer.getvalue()


_WINDOWS_RESERVED = re.compile(r"(CON|PRN|AUX|NUL|COM\d|LPT\d)(\..*)?", re.IGNORECASE)
MAX_ZIP_PART_LENGTH = 80  # characters of one path part (a username, a file name)


def safe_path_part(text: str, fallback: str = "_") -> str:
    """One ZIP member path part (a folder or file name) that cannot leave its folder or fool an unzipper.

    No ``/`` or ``\\``, no control or bidi-override characters, no drive letters (``:``), no ``*?"<>|``, no
    leading dots (so never ``.`` or ``..``), no trailing dots or spaces (Windows drops them), no reserved
    Windows device names; each of those characters becomes ``_``. Letters of any script (Chinese names) stay.
    """
    import unicodedata

    text = unicodedata.normalize("NFC", str(text or ""))
    cleaned = "".join(
        "_" if char in '/\\:*?"<>|' or unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp") else char
        for char in text)
    cleaned = cleaned[:MAX_ZIP_PART_LENGTH].lstrip(". ").rstrip(". ")
    if not cleaned:
        return fallback
    return f"_{cleaned}" if _WINDOWS_RESERVED.fullmatch(cleaned) else cleaned


def zip_member_name(folder: str, filename: str, used: set | None = None) -> str:
    """``<folder>/<filename>`` for the staff ZIP, each part made safe (``safe_path_part``): a username ``..``
    writes ``_/id_front.png``, never ``../id_front.png``. With ``used`` (the names already written), a name that
    two folders would share after cleaning gets a ``-2``, ``-3``... folder suffix instead of a duplicate entry."""
    folder_part, file_part = safe_path_part(folder), safe_path_part(filename, "file")
    name, number = f"{folder_part}/{file_part}", 1
    while used is not None and name in used:
        number += 1
        name = f"{folder_part}-{number}/{file_part}"
    if used is not None:
        used.add(name)
    return name
