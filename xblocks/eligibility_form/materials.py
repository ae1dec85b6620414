"""Which file kinds each material accepts, and the check (then clean-up) the upload handler calls."""

from __future__ import annotations

from .messages import Message, Problem
from .photo import check_photo
from .rules import MATERIAL_KINDS
from .uploads import (
    ALL_KINDS,
    IMAGE_KINDS,
    MAX_IMAGE_PIXELS,
    MAX_UPLOAD_BYTES,
    UploadInfo,
    check_file,
    open_image,
    strip_metadata,
)

ACCEPTED_KINDS = {material: ALL_KINDS for material in MATERIAL_KINDS} | {"photo": IMAGE_KINDS}


def check_material(
    material: str, data: bytes, *, max_bytes: int = MAX_UPLOAD_BYTES, max_pixels: int = MAX_IMAGE_PIXELS
) -> UploadInfo:
    """Check ``data`` uploaded as ``material`` (``photo``, ``diploma``...); raise :class:`Problem` if refused."""
    if material not in ACCEPTED_KINDS:
        raise Problem(Message("choice_invalid", {"field": "kind"}))
    if material == "photo":
        photo = check_photo(data, max_bytes=max_bytes, max_pixels=max_pixels)
        return UploadInfo(photo.kind, photo.size, photo.width, photo.height)
    return check_file(data, ACCEPTED_KINDS[material], max_bytes=max_bytes, max_pixels=max_pixels)


def prepare_material(
    material: str, data: bytes, *, max_bytes: int = MAX_UPLOAD_BYTES, max_pixels: int = MAX_IMAGE_PIXELS
) -> tuple[UploadInfo, bytes]:
    """Check ``data`` as ``material`` (kind by content first), then return what to store.

    Images are stored re-encoded without metadata (EXIF incl. GPS, XMP, comments) and upright;
    PDFs as sent. The returned info describes the stored bytes.
    """
    info = check_material(material, data, max_bytes=max_bytes, max_pixels=max_pixels)
    if info.kind not in IMAGE_KINDS:
        return info, data
    clean = strip_metadata(data, info.kind, max_pixels)
    with open_image(clean, info.kind, max_pixels) as image:
        width, height = image.size
    return UploadInfo(info.kind, len(clean), width, height), clean
