"""Sample application data and documents shared by every test tier (pure: Pillow and reportlab only, so the
platform tier can import it too)."""
import io

#: A complete, valid application (the ID number is checksum-valid and matches the birth date and gender).
APPLICATION = {
    "name": "张三", "gender": "female", "id_type": "resident_id", "id_number": "11010519491231002X",
    "birth_date": "1949-12-31", "mobile": "138 0013 8000", "email": "zhang@example.com", "employer": "某节能公司",
    "job_title": "工程师", "education": "bachelor", "degree": "bachelor", "major": "环境工程",
    "graduation_date": "1972-07", "work_years": "5", "law_abiding": True, "pi_consent": True,
}
DOCUMENTS = ("review_form", "id_front", "id_back", "diploma", "degree", "work_proof")


def photo(background=(67, 142, 219), size=(413, 579)):
    """A 二寸 photo as JPEG bytes: a face-coloured oval on a plain background."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(image)
    width, height = size
    draw.ellipse((width * 0.32, height * 0.15, width * 0.68, height * 0.55), fill=(224, 172, 105))
    draw.rectangle((0, height * 0.72, width, height), fill=(40, 40, 60))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG")
    return buffer.getvalue()


def pdf(text="document"):
    """A one-page PDF as bytes."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(100, 700, text)
    page.save()
    return buffer.getvalue()
