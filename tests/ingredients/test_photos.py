"""Photos of labels: read with Tesseract OCR, shown for correction, checked; bad files refused."""

import io
import os
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFont

from tests.pagecheck import check_page
from treatsafe.ingredients import photos
from treatsafe.ingredients.errors import NotAPhoto, PhotoTooLarge

pytestmark = pytest.mark.django_db
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
# Skipped only on a developer machine without them: CI (and scripts/bootstrap.sh) installs both.
needs_ocr = pytest.mark.skipif(
    not os.environ.get("CI") and (not photos.ocr_available() or not FONT.exists()),
    reason="tesseract-ocr (with English) and fonts-dejavu-core are needed",
)
LABEL_LINES = [
    "Ingredients: Aqua, Glycerin,",
    "Niacinamide 5%, Hydroquinone,",
    "Phenoxyethanol, Tocopherol.",
]


def label_photo(lines=LABEL_LINES, fmt="JPEG", size=40) -> bytes:
    """A photo-like image of a printed ingredient list, drawn in a large clear font."""
    font = ImageFont.truetype(str(FONT), size)
    image = Image.new("RGB", (size * 30, size * 2 * (len(lines) + 1)), (250, 248, 240))
    draw = ImageDraw.Draw(image)
    for number, line in enumerate(lines):
        draw.text((size, size + number * size * 2), line, fill=(20, 20, 20), font=font)
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return buffer.getvalue()


def checked(response):
    """The structural page checks, for an error page the client does not check itself."""
    return check_page(response.content.decode(), "/ingredients/check/")


def upload(data: bytes, name="label.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


@needs_ocr
@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_the_text_of_a_label_photo_is_read(fmt):
    text = photos.read_photo(label_photo(fmt=fmt))
    assert "Niacinamide 5%" in text
    assert "Hydroquinone" in text


@needs_ocr
def test_a_photo_on_the_page_fills_the_text_area_for_correction_and_is_checked(client):
    response = client.post("/ingredients/check/", {"text": "", "photo": upload(label_photo())})
    assert response.status_code == 200
    soup = response.soup
    assert "Niacinamide 5%" in soup.find("textarea", id="text").get_text()
    assert "compare the text in the box" in soup.find(id="from-photo").get_text()
    rows = soup.find("table", id="ingredients").tbody.find_all("tr")
    matched = [row.find("td").get_text(" ", strip=True) for row in rows]
    assert matched == [
        "AQUA",
        "GLYCERIN",
        "NIACINAMIDE",
        "HYDROQUINONE",
        "PHENOXYETHANOL",
        "TOCOPHEROL",
    ]
    assert "treatsafe-verdict--prohibited" in soup.find(id="verdict")["class"]


@needs_ocr
def test_the_api_reads_a_photo_and_returns_the_text_with_the_result(client):
    response = client.post("/api/v1/labels/check-image", {"image": upload(label_photo())})
    assert response.status_code == 200
    body = response.json()
    assert "Hydroquinone" in body["text"]
    assert [i["inci"] for i in body["ingredients"]][:3] == ["AQUA", "GLYCERIN", "NIACINAMIDE"]
    assert body["ingredients"][2]["declared_percent"] == 5.0
    assert body["ingredients"][3]["annex_entries"][0]["annex"] == "II"


@needs_ocr
def test_a_photo_without_text_says_no_text_could_be_read(client):
    response = client.post("/api/v1/labels/check-image", {"image": upload(label_photo([]))})
    assert response.status_code == 400
    assert response.json()["error"] == "no_text_in_photo"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("label.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
        ("label.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n"),
        ("label.jpg", b"\xff\xd8\xff\xe0 truncated jpeg"),
        ("label.png", b""),
    ],
)
def test_a_file_that_is_not_a_jpeg_png_or_heic_photo_gets_an_error_on_the_photo_field(
    client, monkeypatch, name, data
):
    monkeypatch.setattr(photos, "ocr_available", lambda: True)
    response = client.post(
        "/ingredients/check/", {"text": "Aqua", "photo": upload(data, name, "image/jpeg")}
    )
    assert response.status_code == 400
    soup = checked(response)
    summary = soup.find(class_="govuk-error-summary")
    assert summary.find("a")["href"] == "#photo"
    assert "JPEG, PNG or HEIC" in summary.get_text() or "empty" in summary.get_text()
    assert "photo-error" in soup.find("input", id="photo")["aria-describedby"]
    assert soup.find("textarea", id="text").get_text() == "Aqua"


def test_an_image_in_another_format_is_refused_by_the_api(client):
    gif = io.BytesIO()
    Image.new("RGB", (50, 50), "white").save(gif, "GIF")
    response = client.post(
        "/api/v1/labels/check-image", {"image": upload(gif.getvalue(), "a.gif", "image/gif")}
    )
    assert response.status_code == 400
    assert response.json()["error"] == "not_a_photo"


def test_a_photo_over_the_size_limit_is_refused_and_the_limit_is_stated(client, monkeypatch):
    monkeypatch.setattr(photos, "MAX_PHOTO_BYTES", 1024 * 1024)
    big = upload(b"\xff\xd8" + b"\x00" * (1024 * 1024 + 10))
    response = client.post("/api/v1/labels/check-image", {"image": big})
    assert response.status_code == 400
    assert response.json()["error"] == "photo_too_large"
    assert "1 MB or smaller" in response.json()["message"]


def test_an_image_with_too_many_pixels_is_refused_before_it_is_decoded():
    buffer = io.BytesIO()
    Image.new("1", (10_000, 6_000), 1).save(buffer, "PNG")  # small file, 60 megapixels
    with pytest.raises(PhotoTooLarge, match="megapixels"):
        photos.open_photo(buffer.getvalue())


def test_big_photos_are_downscaled_and_small_ones_enlarged_before_reading():
    big = photos.prepare(Image.new("RGB", (6000, 3000), "white"))
    small = photos.prepare(Image.new("RGB", (500, 300), "white"))
    assert max(big.size) == photos.LONGEST_SIDE
    assert min(small.size) >= photos.SHORTEST_SIDE
    assert big.mode == small.mode == "L"


def test_without_tesseract_the_page_says_photo_reading_is_unavailable(client, monkeypatch):
    monkeypatch.setattr(photos, "ocr_available", lambda: False)
    page = client.get("/ingredients/check/").soup
    assert page.find(id="photo-unavailable")
    assert not page.find("input", id="photo")
    response = client.post(
        "/ingredients/check/", {"text": "", "photo": upload(label_photo_or_png())}
    )
    assert response.status_code == 503
    summary = checked(response).find(class_="govuk-error-summary")
    assert "not available" in summary.get_text()
    assert summary.find("a")["href"] == "#text"
    api = client.post("/api/v1/labels/check-image", {"image": upload(label_photo_or_png())})
    assert api.status_code == 503
    assert api.json()["error"] == "photo_reading_unavailable"


def test_a_photo_is_still_validated_when_tesseract_is_missing(monkeypatch):
    monkeypatch.setattr(photos, "ocr_available", lambda: False)
    with pytest.raises(NotAPhoto):
        photos.read_photo(b"not an image at all")


def label_photo_or_png() -> bytes:
    """A valid PNG even where the DejaVu font is missing."""
    buffer = io.BytesIO()
    Image.new("RGB", (300, 100), "white").save(buffer, "PNG")
    return buffer.getvalue()


@needs_ocr
def test_a_photo_of_a_whole_pack_panel_checks_only_the_ingredient_list():
    from treatsafe.ingredients.services import check_label_photo

    panel = [
        "Hydra Boost Serum 30 ml",
        "INGREDIENTS: AQUA, GLYCERIN, BUTYLENE GLYCOL,",
        "NIACINAMIDE, SODIUM HYALURONATE, PHENOXYETHANOL,",
        "LIMONENE, LINALOOL. Made in UK.",
    ]
    text, result = check_label_photo(label_photo(panel, size=28))
    assert "Hydra Boost Serum" in text
    assert [i.inci for i in result.ingredients] == [
        "AQUA",
        "GLYCERIN",
        "BUTYLENE GLYCOL",
        "NIACINAMIDE",
        "SODIUM HYALURONATE",
        "PHENOXYETHANOL",
        "LIMONENE",
        "LINALOOL",
    ]
    assert all(i.match == "exact" for i in result.ingredients)
    notes = next(w for w in result.warnings if "not checked as ingredients" in w)
    assert "Hydra Boost Serum" in notes and "Made in UK" in notes


def drawn(mode, background, ink, fmt="PNG") -> bytes:
    font = ImageFont.truetype(str(FONT), 40)
    image = Image.new(mode, (900, 200), background)
    ImageDraw.Draw(image).text((30, 60), "Aqua, Glycerin, Niacinamide", fill=ink, font=font)
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return buffer.getvalue()


@needs_ocr
@pytest.mark.parametrize(
    ("mode", "background", "ink"),
    [
        ("RGBA", (0, 0, 0, 0), (0, 0, 0, 255)),  # black text on a transparent cut-out
        ("I;16", 60000, 2000),  # 16-bit greyscale scan
    ],
)
def test_transparent_and_16_bit_pngs_are_read(mode, background, ink):
    assert photos.read_photo(drawn(mode, background, ink)) == "Aqua, Glycerin, Niacinamide"


def heic(image) -> bytes:
    import pillow_heif

    buffer = io.BytesIO()
    pillow_heif.from_pillow(image).save(buffer, quality=90)
    return buffer.getvalue()


@needs_ocr
def test_a_heic_photo_from_a_phone_is_read():
    photo = heic(Image.open(io.BytesIO(label_photo())))
    assert photo[4:12] == b"ftypheic"
    text = photos.read_photo(photo)
    assert "Niacinamide 5%" in text
    assert "Hydroquinone" in text


def test_a_heic_photo_is_decoded_upright_and_greyscale_without_ocr():
    tall = Image.new("RGB", (3000, 4000), "white")
    image = photos.prepare(photos.open_photo(heic(tall)))
    assert image.mode == "L"
    assert image.size == (1800, 2400)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("label.heic", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64),
        ("label.webp", b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 32),
        ("label.tiff", b"II*\x00\x08\x00\x00\x00" + b"\x00" * 32),
    ],
)
def test_a_corrupt_heic_or_an_unsupported_format_gets_a_clear_error(client, name, data):
    response = client.post("/api/v1/labels/check-image", {"image": upload(data, name)})
    assert response.status_code == 400
    assert response.json()["error"] == "not_a_photo"
    assert "JPEG, PNG or HEIC" in response.json()["message"]


def test_a_big_image_that_is_cut_short_gets_a_clear_error():
    buffer = io.BytesIO()
    Image.new("RGB", (6000, 6000), "white").save(buffer, "PNG")
    with pytest.raises(NotAPhoto, match="JPEG, PNG or HEIC"):
        photos.open_photo(buffer.getvalue()[:2000])  # too big to decode here: the worker says


MEASURE = """
import io, resource, sys
from PIL import Image
from treatsafe.ingredients import photos
photos._register_heif()
data = sys.stdin.buffer.read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
image = photos.prepare(photos.open_photo(data))
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(image.size[0], image.size[1], (after - before) // 1024)
"""


def peak_growth_mb(data: bytes) -> tuple[tuple[int, int], int]:
    """Read a photo in a fresh Python process and return the prepared size and how far the
    process's peak memory (ru_maxrss) grew while reading it, in MB."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", MEASURE], input=data, capture_output=True, check=True, timeout=120
    )
    width, height, growth = (int(n) for n in done.stdout.split())
    return (width, height), growth


def blank(fmt: str, size: tuple[int, int]) -> bytes:
    if fmt == "HEIC":
        return heic(Image.new("RGB", size, "white"))
    buffer = io.BytesIO()
    if fmt == "RGBA PNG":  # a phone screenshot with transparency: decoded in this process
        Image.new("RGBA", size, (255, 255, 255, 0)).save(buffer, "PNG")
    else:
        Image.new("RGB", size, "white").save(buffer, fmt)
    return buffer.getvalue()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("fmt", "size"),
    [
        ("PNG", (6300, 6300)),  # 150 KB that used to take the process from 228 to 834 MB
        ("JPEG", (8000, 6000)),
        ("HEIC", (5712, 4284)),  # a 24-megapixel phone photo
        ("RGBA PNG", (1290, 2796)),
    ],
)
def test_reading_a_large_blank_image_grows_the_process_by_less_than_100_mb(fmt, size):
    data = blank(fmt, size)
    assert len(data) < photos.MAX_PHOTO_BYTES
    prepared, growth = peak_growth_mb(data)
    assert max(prepared) == photos.LONGEST_SIDE
    assert growth < 100, f"{fmt} {size} grew the process by {growth} MB"


def test_at_most_two_photos_are_read_at_once_and_a_third_gets_a_503_with_retry_after(
    client, monkeypatch
):
    import threading

    monkeypatch.setattr(photos, "_readers", threading.BoundedSemaphore(2))
    monkeypatch.setattr(photos, "WAIT_SECONDS", 0.2)
    started, release = threading.Semaphore(0), threading.Event()
    reading = []

    def slow_read(data):
        reading.append(data)
        started.release()
        release.wait(10)
        return "Aqua"

    monkeypatch.setattr(photos, "_read", slow_read)
    readers = [threading.Thread(target=photos.read_photo, args=(b"x",)) for _ in range(2)]
    for reader in readers:
        reader.start()
    try:
        assert started.acquire(timeout=5) and started.acquire(timeout=5)
        with pytest.raises(photos.PhotosBusy):
            photos.read_photo(b"y")
        api = client.post("/api/v1/labels/check-image", {"image": upload(label_photo_or_png())})
        assert api.status_code == 503
        assert api.json()["error"] == "photos_busy"
        assert api["Retry-After"] == str(photos.RETRY_AFTER_SECONDS)
        monkeypatch.setattr(photos, "ocr_available", lambda: True)
        page = client.post("/ingredients/check/", {"photo": upload(label_photo_or_png())})
        assert page.status_code == 503
        assert page["Retry-After"] == str(photos.RETRY_AFTER_SECONDS)
        summary = checked(page).find(class_="govuk-error-summary")
        assert "Too many photos are being read" in summary.get_text()
        assert summary.find("a")["href"] == "#photo"
        assert len(reading) == 2  # the third never started reading
    finally:
        release.set()
        for reader in readers:
            reader.join(5)
    assert photos.read_photo(b"z") == "Aqua"  # once one finishes, the next is read
