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

MAX_UPLOAD_BYTES = 4 * 1024 * 1024  # the LMS's STUDENT_FILEUPLOAD_MAX_SIZE
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
    return round(size / (1024 * 1024), 1)


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


def check_pdf(data: bytes) -> None:
    """Refuse a PDF that is cut short (no ``%%EOF`` at its end) or password-protected."""
    if b"%%EOF" not in data[-_PDF_TAIL:]:
        raise Problem(Message("pdf_corrupt"))
    if b"/Encrypt" in data:
        raise Problem(Message("pdf_encrypted"))


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
