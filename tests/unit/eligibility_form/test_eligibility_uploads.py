"""Upload checks on generated files: type by content, size, safe decoding, and the 二寸 photo."""

import io

import pytest
from PIL import Image
from reportlab.pdfgen import canvas

from eligibility_form.materials import check_material
from eligibility_form.messages import EN, ZH, Problem
from eligibility_form.photo import check_photo, is_blue
from eligibility_form.uploads import MAX_UPLOAD_BYTES, check_file, sniff_kind


def pdf_bytes(**options) -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, **options)
    page.drawString(100, 700, "diploma")
    page.save()
    return buffer.getvalue()


def refusal(check, *args, **kwargs) -> Problem:
    with pytest.raises(Problem) as caught:
        check(*args, **kwargs)
    for message in caught.value.messages:  # every refusal explains itself in both languages
        assert "{" not in message.text(ZH) and "{" not in message.text(EN)
    return caught.value


def codes(problem: Problem) -> list[str]:
    return [m.code for m in problem.messages]


# --- kind by content --------------------------------------------------------------------------


def test_sniff_kind_by_magic_bytes(images):
    small = images.portrait(20, 28)
    assert sniff_kind(images.encode(small, "JPEG")) == "jpeg"
    assert sniff_kind(images.encode(small, "PNG")) == "png"
    assert sniff_kind(pdf_bytes()) == "pdf"
    for other in (images.encode(small, "GIF"), images.encode(small, "BMP"), images.encode(small, "WEBP"),
                  b"<html><script>alert(1)</script>", b"PK\x03\x04zip", b"", b"\xff\xd8"):
        assert sniff_kind(other) is None


def test_pdf_named_jpg_is_refused_as_a_photo():
    # the handler never passes the file name on: only the bytes count
    problem = refusal(check_material, "photo", pdf_bytes())
    assert codes(problem) == ["file_type_unsupported"]
    assert problem.messages[0].params == {"allowed": "JPEG/PNG"}


def test_documents_accept_pdf_jpeg_png(images):
    assert check_material("diploma", pdf_bytes()).content_type == "application/pdf"
    info = check_material("id_front", images.encode(images.portrait(600, 400), "JPEG"))
    assert (info.kind, info.width, info.height, info.extension) == ("jpeg", 600, 400, ".jpg")
    assert check_material("work_proof", images.encode(images.portrait(300, 400), "PNG")).kind == "png"


def test_other_formats_are_refused(images):
    gif = images.encode(images.portrait(60, 80), "GIF")
    assert codes(refusal(check_material, "diploma", gif)) == ["file_type_unsupported"]
    assert codes(refusal(check_material, "degree", b"<html></html>")) == ["file_type_unsupported"]


def test_unknown_material_kind():
    assert codes(refusal(check_material, "selfie", pdf_bytes())) == ["choice_invalid"]


# --- size -------------------------------------------------------------------------------------


def test_empty_file():
    assert codes(refusal(check_file, b"")) == ["file_empty"]


def test_size_limit_is_4_mb_and_checked_before_decoding():
    assert MAX_UPLOAD_BYTES == 4 * 1000 * 1000  # the LMS's STUDENT_FILEUPLOAD_MAX_SIZE
    just_over = b"\xff\xd8\xff" + b"\0" * (MAX_UPLOAD_BYTES - 2)
    problem = refusal(check_file, just_over)
    assert codes(problem) == ["file_too_large"] and problem.messages[0].params["max_mb"] == 4


def test_size_limit_is_configurable(photo_bytes):
    data = photo_bytes()
    assert check_photo(data, max_bytes=len(data)).size == len(data)
    assert codes(refusal(check_photo, data, max_bytes=len(data) - 1)) == ["file_too_large"]
    assert codes(refusal(check_material, "diploma", data, max_bytes=1000)) == ["file_too_large"]


# --- safe decoding ----------------------------------------------------------------------------


def test_decompression_bomb_beyond_pillows_own_limit(images):
    bomb = images.png_claiming_size(100_000, 100_000)
    assert len(bomb) < 1000
    problem = refusal(check_file, bomb)
    assert codes(problem) == ["image_too_many_pixels"]
    assert problem.messages[0].params["megapixels"] == 10_000


def test_our_pixel_cap_applies_before_pillows(images):
    over_our_cap = images.png_claiming_size(7000, 7000)  # 49 MP: above our 25 MP, below Pillow's 89 MP
    assert codes(refusal(check_file, over_our_cap)) == ["image_too_many_pixels"]
    assert codes(refusal(check_material, "photo", over_our_cap)) == ["image_too_many_pixels"]
    assert codes(refusal(check_file, images.encode(images.portrait(100, 100), "PNG"), max_pixels=9_999)) == [
        "image_too_many_pixels"
    ]


def test_truncated_jpeg_is_refused(images):
    noisy = Image.effect_noise((400, 560), 60).convert("RGB")
    data = images.encode(noisy, "JPEG", quality=95)
    assert check_file(data).kind == "jpeg"
    assert codes(refusal(check_file, data[: len(data) // 2])) == ["image_corrupt"]
    assert codes(refusal(check_photo, data[: len(data) // 2])) == ["image_corrupt"]


def test_damaged_png_is_refused(images):
    data = bytearray(images.encode(images.portrait(300, 400), "PNG"))
    data[60:70] = b"\0" * 10  # inside the image data: CRC no longer matches
    assert codes(refusal(check_file, bytes(data))) == ["image_corrupt"]


def test_pdf_cut_short_or_locked():
    data = pdf_bytes()
    assert codes(refusal(check_file, data[: len(data) // 2])) == ["pdf_corrupt"]
    assert codes(refusal(check_file, pdf_bytes(encrypt="secret"))) == ["pdf_encrypted"]


# --- the 二寸 photo ---------------------------------------------------------------------------


@pytest.mark.parametrize("size, fmt", [((413, 579), "JPEG"), ((413, 626), "JPEG"), ((413, 579), "PNG")])
def test_standard_sizes_on_blue_pass(photo_bytes, size, fmt):
    info = check_photo(photo_bytes(*size, fmt=fmt))
    assert (info.width, info.height) == size and info.standard and info.blue_share > 0.95


def test_same_ratio_at_other_resolutions_passes(photo_bytes):
    assert not check_photo(photo_bytes(826, 1158)).standard  # 600 dpi
    assert check_photo(photo_bytes(295, 413)).width == 295  # the smallest accepted width


def test_common_studio_blue_passes(photo_bytes, images):
    assert is_blue(images.LIGHT_BLUE) and is_blue(images.BLUE)
    assert check_photo(photo_bytes(background=images.LIGHT_BLUE)).standard


def test_white_background_is_refused(photo_bytes, images):
    problem = refusal(check_photo, photo_bytes(background=images.WHITE))
    assert codes(problem) == ["photo_background_not_blue"]
    assert problem.messages[0].params["blue_percent"] == 0
    assert "蓝底" in problem.messages[0].text(ZH)


@pytest.mark.parametrize("background", [(200, 30, 30), (90, 110, 130), (20, 40, 90), (120, 80, 220)])
def test_other_backgrounds_are_refused(photo_bytes, background):
    """Red, grey-blue (low saturation), dark blue (low value), violet (hue out of range)."""
    assert codes(refusal(check_photo, photo_bytes(background=background))) == ["photo_background_not_blue"]


def test_too_small_is_refused(photo_bytes):
    problem = refusal(check_photo, photo_bytes(200, 280))
    assert codes(problem) == ["photo_too_small"]
    assert problem.messages[0].params == {"width": 200, "height": 280, "min_width": 295}


def test_wrong_ratio_is_refused(photo_bytes):
    assert codes(refusal(check_photo, photo_bytes(413, 413))) == ["photo_wrong_ratio"]
    assert codes(refusal(check_photo, photo_bytes(413, 700))) == ["photo_wrong_ratio"]


def test_landscape_is_refused(photo_bytes):
    assert codes(refusal(check_photo, photo_bytes(579, 413))) == ["photo_not_portrait"]


def test_all_problems_are_reported_together(photo_bytes, images):
    problem = refusal(check_photo, photo_bytes(200, 200, background=images.WHITE))
    assert codes(problem) == ["photo_wrong_ratio", "photo_too_small", "photo_background_not_blue"]


@pytest.mark.parametrize(
    "shadow, lit",
    [((25, 75, 148), (80, 170, 247)), ((0, 160, 240), (40, 90, 240))],  # dark/light; cyan-ish/violet-ish blue
)
def test_uneven_background_is_refused(images, shadow, lit):
    """Both halves pass as blue on their own, but a half-shadowed or two-tone background is refused."""
    assert is_blue(shadow) and is_blue(lit)
    photo = images.portrait(background=lit)
    photo.paste(shadow, (0, 0, 206, 400))
    assert codes(refusal(check_photo, images.encode(photo, "PNG"))) == ["photo_background_uneven"]
    assert check_photo(images.encode(images.portrait(background=shadow), "PNG")).standard


def test_shoulders_touching_the_lower_edges_do_not_count_against_the_background(images):
    photo = images.portrait()
    photo.paste((10, 10, 10), (0, 300, 413, 579))  # dark clothes up to half height, edge to edge
    assert check_photo(images.encode(photo, "JPEG")).standard


def test_exif_rotated_phone_photo_is_judged_upright(images):
    stored = images.portrait().rotate(90, expand=True)  # saved landscape, displayed portrait
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90 degrees clockwise to display
    info = check_photo(images.encode(stored, "JPEG", exif=exif.tobytes()))
    assert (info.width, info.height) == (413, 579)


def test_photo_must_be_an_image():
    assert codes(refusal(check_photo, pdf_bytes())) == ["file_type_unsupported"]
    assert codes(refusal(check_photo, b"GIF89a....")) == ["file_type_unsupported"]
