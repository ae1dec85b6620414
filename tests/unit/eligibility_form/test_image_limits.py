"""Issue 10, cheap resource exhaustion: a 131 KB PNG of 6300x6300 px (one colour compresses to almost nothing)
cost 10.9 s of CPU and 152 MB per upload. Caps by kind, read from the header before a pixel is decoded: a 二寸
photo up to 2000x2000 px, a scanned document up to 25 Mpx; and a tiny image is no scan of a document."""
import struct
import zlib

import pytest
from PIL import ImageFile

from eligibility_form.materials import check_material, prepare_material
from eligibility_form.messages import EN, ZH, Problem
from eligibility_form.photo import MAX_PHOTO_PIXELS, check_photo
from eligibility_form.uploads import MAX_IMAGE_PIXELS, MIN_SCAN_SIDE, check_file


def solid_png(width, height, grey=0x80):
    """A valid one-colour greyscale PNG of ``width`` x ``height`` px, built row by row (never held decoded)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    compressor = zlib.compressobj(9)
    row = b"\0" + bytes([grey]) * width
    parts = [compressor.compress(row) for _ in range(height)]
    parts.append(compressor.flush())
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", b"".join(parts)) + chunk(b"IEND", b""))


@pytest.fixture
def decoded(monkeypatch):
    """The sizes of the images whose pixels were decoded (Pillow's ``ImageFile.load``)."""
    sizes = []
    original = ImageFile.ImageFile.load

    def load(image):
        sizes.append(image.size)
        return original(image)

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)
    return sizes


def refusal(check, *args, **kwargs):
    with pytest.raises(Problem) as caught:
        check(*args, **kwargs)
    return caught.value


def test_the_issues_6300_px_png_is_small_and_refused_as_a_scan_before_decoding(decoded):
    bomb = solid_png(6300, 6300)
    assert len(bomb) < 200_000  # the issue's file was 131 KB
    assert MAX_IMAGE_PIXELS == 25_000_000
    for material in ("id_front", "diploma", "work_proof"):
        problem = refusal(check_material, material, bomb)
        assert [m.code for m in problem.messages] == ["image_too_many_pixels"]
        assert problem.messages[0].params == {"megapixels": 40, "max_megapixels": 25}
    assert decoded == []


def test_a_photo_over_2000_px_a_side_is_refused_before_decoding(decoded):
    big = solid_png(2100, 2940)  # 二寸 proportions, 6.2 Mpx: under the scan cap, far over any ID photo
    assert MAX_PHOTO_PIXELS == 2000 * 2000
    for check in (check_photo, lambda data: check_material("photo", data), lambda data: prepare_material("photo", data)):
        problem = refusal(check, big)
        assert [m.code for m in problem.messages] == ["image_too_many_pixels"]
        assert problem.messages[0].params["max_megapixels"] == 4
    assert decoded == []


def test_the_photo_cap_holds_whatever_the_configured_scan_cap(decoded):
    assert [m.code for m in refusal(check_photo, solid_png(2100, 2940), max_pixels=100_000_000).messages] == [
        "image_too_many_pixels"]
    assert decoded == []


def test_a_scan_within_the_cap_is_still_accepted():
    info = check_file(solid_png(2480, 3508))  # A4 at 300 dpi
    assert (info.kind, info.width, info.height) == ("png", 2480, 3508)


@pytest.mark.parametrize("size", [(2, 2), (299, 1000), (1000, 120)])
def test_a_tiny_image_is_no_scan_of_a_document(size):
    width, height = size
    for material in ("id_front", "id_back", "diploma", "review_form"):
        problem = refusal(check_material, material, solid_png(width, height))
        assert [m.code for m in problem.messages] == ["scan_too_small"]
        message = problem.messages[0]
        assert message.params == {"width": width, "height": height, "min_side": MIN_SCAN_SIDE}
        assert f"{width}×{height}" in message.text(ZH) and "300" in message.text(ZH)
        assert "too small" in message.text(EN)


def test_the_smallest_readable_scan_passes():
    assert check_material("id_front", solid_png(MIN_SCAN_SIDE, 400)).width == MIN_SCAN_SIDE
