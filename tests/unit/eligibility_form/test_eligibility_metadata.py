"""Uploaded images are stored without metadata (EXIF with GPS, XMP, comments, PNG text); PDFs untouched."""

import io

import pytest
from PIL import Image, ImageChops, ImageStat, PngImagePlugin
from reportlab.pdfgen import canvas

from eligibility_form.materials import prepare_material
from eligibility_form.messages import Problem
from eligibility_form.photo import check_photo
from eligibility_form.uploads import strip_metadata

GPS_IFD = 0x8825
ORIENTATION = 0x0112
MAKE, MODEL, DATETIME_ORIGINAL = 0x010F, 0x0110, 0x9003


def exif_with_gps(orientation=1):
    exif = Image.Exif()
    exif[MAKE] = "PhoneMaker"
    exif[MODEL] = "Phone 15"
    exif[ORIENTATION] = orientation
    exif[GPS_IFD] = {1: "N", 2: (39.0, 54.0, 15.0), 3: "E", 4: (116.0, 23.0, 30.0)}
    return exif


def jpeg_with_gps(image, orientation=1):
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95, exif=exif_with_gps(orientation), comment=b"Beijing, home address")
    return buffer.getvalue()


def no_metadata(data):
    assert b"Exif" not in data and b"PhoneMaker" not in data and b"home address" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif()
        assert "exif" not in image.info and "comment" not in image.info and "xmp" not in image.info


def test_fixture_jpeg_really_carries_gps(photo_bytes, images):
    data = jpeg_with_gps(images.portrait())
    with Image.open(io.BytesIO(data)) as image:
        assert image.getexif().get_ifd(GPS_IFD)[1] == "N"
    assert b"PhoneMaker" in data


def test_photo_with_gps_is_stored_without_it_and_still_passes(images):
    original = images.portrait()
    data = jpeg_with_gps(original)
    info, stored = prepare_material("photo", data)
    no_metadata(stored)
    assert (info.kind, info.width, info.height, info.size) == ("jpeg", 413, 579, len(stored))
    photo = check_photo(stored)  # the stored photo is still a valid 二寸 photo on blue
    assert (photo.width, photo.height, photo.standard) == (413, 579, True)
    with Image.open(io.BytesIO(stored)) as again, Image.open(io.BytesIO(data)) as sent:
        mean = ImageStat.Stat(ImageChops.difference(again.convert("RGB"), sent.convert("RGB"))).mean
        assert max(mean) < 1.5  # quality 95: the re-encoded pixels stay close to the ones sent


def test_orientation_is_applied_before_the_tag_is_dropped(images):
    """A phone stores a portrait shot as landscape pixels + orientation 6 (turn 90° clockwise to view)."""
    upright = images.portrait()
    sideways = upright.transpose(Image.Transpose.ROTATE_90)  # what the sensor wrote
    assert sideways.size == (579, 413)
    info, stored = prepare_material("photo", jpeg_with_gps(sideways, orientation=6))
    no_metadata(stored)
    assert (info.width, info.height) == (413, 579)
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (413, 579)
    check_photo(stored)


def test_png_text_chunks_and_exif_are_dropped_transparency_kept(images):
    meta = PngImagePlugin.PngInfo()
    meta.add_text("Location", "home address")
    image = Image.new("RGBA", (400, 300), (10, 20, 200, 128))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", pnginfo=meta, exif=exif_with_gps())
    data = buffer.getvalue()
    assert b"home address" in data and b"PhoneMaker" in data
    info, stored = prepare_material("diploma", data)
    assert info.kind == "png" and b"home address" not in stored and b"PhoneMaker" not in stored
    with Image.open(io.BytesIO(stored)) as clean:
        assert clean.mode == "RGBA" and clean.getpixel((5, 5)) == (10, 20, 200, 128)
        assert not clean.getexif() and "Location" not in clean.info


def test_documents_keep_their_kind_and_pdfs_are_untouched(images):
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.setAuthor("Zhang San")
    page.drawString(100, 700, "diploma")
    page.save()
    pdf = buffer.getvalue()
    info, stored = prepare_material("diploma", pdf)
    assert stored is pdf and info.kind == "pdf"
    assert strip_metadata(pdf, "pdf") is pdf
    gray = images.encode(Image.new("L", (300, 400), 128), "JPEG", exif=exif_with_gps())
    info, stored = prepare_material("id_front", gray)
    no_metadata(stored)
    assert info.kind == "jpeg" and Image.open(io.BytesIO(stored)).mode == "L"


def test_type_is_still_checked_by_content_first(images):
    png_named_jpg = images.encode(images.portrait(), "PNG")
    with pytest.raises(Problem):
        prepare_material("photo", b"%PDF-1.4 not an image")
    info, _ = prepare_material("photo", png_named_jpg)
    assert info.kind == "png"
    with pytest.raises(Problem):
        prepare_material("photo", b"GIF89a....")
