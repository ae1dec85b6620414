"""Which file kinds each material accepts, and the one check the upload handler calls."""

from __future__ import annotations

from .messages import Message, Problem
from .photo import check_photo
from .rules import MATERIAL_KINDS
from .uploads import ALL_KINDS, IMAGE_KINDS, MAX_IMAGE_PIXELS, MAX_UPLOAD_BYTES, UploadInfo, check_file

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
