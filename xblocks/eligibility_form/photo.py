"""The 二寸 photo check: portrait 35x49 mm proportions at a usable resolution, on a blue background.

Sizes: 413x579 px (二寸) and 413x626 px (大二寸) at 300 dpi are accepted as they are; other sizes
pass when their width:height ratio is within ``RATIO_RANGE`` and they are at least ``MIN_WIDTH`` wide.

Background: the top edge and the upper parts of the side edges (beside the head, above the
shoulders) are sampled on a reduced copy; enough of them must be blue in HSV terms and evenly so.
The hue range is a little wider than the domain reference's 195-225 degrees so that the common
studio blue (0, 191, 243), whose hue is 193 degrees, passes.
"""

from __future__ import annotations

import colorsys
import statistics
from dataclasses import dataclass

from PIL import Image, ImageOps

from .messages import Message, Problem
from .uploads import IMAGE_KINDS, MAX_IMAGE_PIXELS, MAX_UPLOAD_BYTES, check_kind, check_size, open_image

STANDARD_SIZES = ((413, 579), (413, 626))
RATIO_RANGE = (0.655, 0.72)  # 413/626 = 0.660 .. 413/579 = 0.713, with a little slack
MIN_WIDTH = 295  # 35 mm at about 214 dpi
# A 二寸 photo is a few hundred pixels a side: refused above 2000x2000 px from the header, before decoding.
MAX_PHOTO_PIXELS = 2000 * 2000

BLUE_HUE_DEGREES = (190.0, 230.0)
MIN_SATURATION = 0.35
MIN_VALUE = 0.55
MIN_BLUE_SHARE = 0.85  # of the sampled edge pixels
MAX_VALUE_SPREAD = 0.12  # standard deviation of HSV value over the blue edge pixels
MAX_HUE_SPREAD = 8.0  # standard deviation of hue, degrees

_SAMPLE_WIDTH = 120
_TOP_BAND = 0.05  # of the height
_SIDE_BAND = 0.06  # of the width
_SIDE_DEPTH = 0.45  # side bands run down this share of the height


@dataclass(frozen=True)
class PhotoInfo:
    """An accepted photo: kind, upright pixel size, whether it is a standard size, the blue edge share."""

    kind: str
    size: int
    width: int
    height: int
    standard: bool
    blue_share: float


def size_problems(width: int, height: int) -> list[Message]:
    """What is wrong with a photo of ``width`` x ``height`` pixels for a 二寸 photo (empty when fine)."""
    if (width, height) in STANDARD_SIZES:
        return []
    params = {"width": width, "height": height}
    if width > height:
        return [Message("photo_not_portrait", params)]
    problems = []
    low, high = RATIO_RANGE
    if not low <= width / height <= high:
        problems.append(Message("photo_wrong_ratio", params))
    if width < MIN_WIDTH:
        problems.append(Message("photo_too_small", {**params, "min_width": MIN_WIDTH}))
    return problems


def edge_pixels(image: Image.Image) -> list[tuple[int, int, int]]:
    """RGB pixels of the top band and the upper side bands, from a copy reduced to ``_SAMPLE_WIDTH``."""
    width, height = image.size
    sample_height = max(1, round(height * _SAMPLE_WIDTH / width))
    small = image.convert("RGB").resize((_SAMPLE_WIDTH, sample_height), Image.Resampling.BOX)
    top = max(1, round(sample_height * _TOP_BAND))
    side = max(1, round(_SAMPLE_WIDTH * _SIDE_BAND))
    depth = max(top, round(sample_height * _SIDE_DEPTH))
    pixels = small.load()
    points = {(x, y) for y in range(top) for x in range(_SAMPLE_WIDTH)}
    for y in range(top, depth):
        points.update((x, y) for x in range(side))
        points.update((x, y) for x in range(_SAMPLE_WIDTH - side, _SAMPLE_WIDTH))
    return [pixels[x, y] for x, y in sorted(points)]


def is_blue(rgb: tuple[int, int, int]) -> bool:
    """Whether one pixel is background blue (hue, saturation and value within the limits)."""
    hue, saturation, value = colorsys.rgb_to_hsv(*(channel / 255 for channel in rgb))
    low, high = BLUE_HUE_DEGREES
    return low <= hue * 360 <= high and saturation >= MIN_SATURATION and value >= MIN_VALUE


def background_problems(image: Image.Image) -> tuple[list[Message], float]:
    """Problems with the photo's background, and the share of blue edge pixels."""
    pixels = edge_pixels(image)
    blue = [p for p in pixels if is_blue(p)]
    share = len(blue) / len(pixels)
    if share < MIN_BLUE_SHARE:
        return [Message("photo_background_not_blue", {"blue_percent": round(share * 100)})], share
    hsv = [colorsys.rgb_to_hsv(*(channel / 255 for channel in p)) for p in blue]
    hue_spread = statistics.pstdev(h * 360 for h, _, _ in hsv)
    value_spread = statistics.pstdev(v for _, _, v in hsv)
    if hue_spread > MAX_HUE_SPREAD or value_spread > MAX_VALUE_SPREAD:
        return [Message("photo_background_uneven")], share
    return [], share


def check_photo(
    data: bytes, *, max_bytes: int = MAX_UPLOAD_BYTES, max_pixels: int = MAX_IMAGE_PIXELS
) -> PhotoInfo:
    """Check an uploaded 二寸 photo; raise :class:`Problem` listing everything wrong with it."""
    check_size(data, max_bytes)
    kind = check_kind(data, IMAGE_KINDS)
    with open_image(data, kind, min(max_pixels, MAX_PHOTO_PIXELS)) as decoded:
        image = ImageOps.exif_transpose(decoded)  # phones store portrait shots as rotated landscape
        width, height = image.size
        problems = size_problems(width, height)
        background, share = background_problems(image)
    problems += background
    if problems:
        raise Problem(*problems)
    return PhotoInfo(kind, len(data), width, height, (width, height) in STANDARD_SIZES, share)
