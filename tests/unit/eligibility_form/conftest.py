"""Fixtures for the eligibility_form pure-core tests: the source root on sys.path, generated images."""

import io
import struct
import sys
import zlib
from pathlib import Path
from types import SimpleNamespace

import pytest
from PIL import Image, ImageDraw

SOURCE_ROOT = Path(__file__).resolve().parents[3] / "xblocks"
if str(SOURCE_ROOT) not in sys.path:  # until pytest's pythonpath names xblocks/
    sys.path.insert(0, str(SOURCE_ROOT))

BLUE = (67, 142, 219)
LIGHT_BLUE = (0, 191, 243)
WHITE = (255, 255, 255)
SKIN = (224, 172, 105)
JACKET = (40, 40, 60)


def portrait(width=413, height=579, background=BLUE) -> Image.Image:
    """An ID-photo-like picture: plain background, a head, shoulders reaching the lower edges."""
    image = Image.new("RGB", (width, height), background)
    draw = ImageDraw.Draw(image)
    draw.ellipse((width * 0.32, height * 0.15, width * 0.68, height * 0.55), fill=SKIN)
    draw.rectangle((0, height * 0.72, width, height), fill=JACKET)
    return image


def encode(image: Image.Image, fmt="JPEG", **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def png_claiming_size(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` x ``height``: a decompression bomb's calling card."""
    data = bytearray(encode(Image.new("L", (8, 8)), "PNG"))
    ihdr = data.index(b"IHDR")
    data[ihdr + 4: ihdr + 12] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(data[ihdr: ihdr + 17])) & 0xFFFFFFFF
    data[ihdr + 17: ihdr + 21] = struct.pack(">I", crc)
    return bytes(data)


@pytest.fixture
def images():
    """Image makers: ``images.portrait``, ``images.encode``, ``images.png_claiming_size``, colours."""
    return SimpleNamespace(
        portrait=portrait, encode=encode, png_claiming_size=png_claiming_size,
        BLUE=BLUE, LIGHT_BLUE=LIGHT_BLUE, WHITE=WHITE,
    )


@pytest.fixture
def photo_bytes():
    """``photo_bytes(width, height, background, fmt)`` -> encoded portrait."""

    def make(width=413, height=579, background=BLUE, fmt="JPEG", **options):
        return encode(portrait(width, height, background), fmt, **options)

    return make
