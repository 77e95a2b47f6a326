"""Reading an ingredient list from a photo of a label with Tesseract OCR. Pure apart from running
the `tesseract` program: bytes in, text out, typed errors for anything that is not a usable
JPEG or PNG photo. The recognised text goes back to the person to correct before it is trusted."""

import functools
import io
import shutil

from treatsafe.ingredients.errors import (
    NotAPhoto,
    NoTextInPhoto,
    PhotoReadingUnavailable,
    PhotoTooLarge,
)

MAX_PHOTO_BYTES = 8 * 1024 * 1024
MAX_PHOTO_PIXELS = 40_000_000  # larger images are refused before they are decoded
LONGEST_SIDE = 2400  # photos are downscaled to this before OCR: enough for label print
SHORTEST_SIDE = 900  # small images are enlarged: Tesseract wants letters ~30 px high
FORMATS = {"JPEG", "PNG"}
OCR_TIMEOUT_SECONDS = 30
OCR_CONFIG = "--psm 6"  # one block of text, as an ingredient panel is

UNAVAILABLE = (
    "Reading photos is not available on this server. Type or paste the ingredient list instead."
)


@functools.cache
def ocr_available() -> bool:
    """Whether Tesseract and its English data are installed."""
    try:
        import pytesseract
    except ImportError:
        return False
    if not shutil.which(pytesseract.pytesseract.tesseract_cmd):
        return False
    try:
        return "eng" in pytesseract.get_languages(config="")
    except (pytesseract.TesseractError, OSError, RuntimeError):
        return False


def too_large(size: int) -> PhotoTooLarge:
    return PhotoTooLarge(
        f"The photo must be {MAX_PHOTO_BYTES // (1024 * 1024)} MB or smaller; this file is "
        f"{size / (1024 * 1024):.1f} MB.",
        limit=MAX_PHOTO_BYTES,
    )


def open_photo(data: bytes):
    """The photo as a Pillow image, or a PhotoError saying what is wrong with it."""
    from PIL import Image, UnidentifiedImageError

    if not data:
        raise NotAPhoto("The selected file is empty. Choose a JPEG or PNG photo of the label.")
    if len(data) > MAX_PHOTO_BYTES:
        raise too_large(len(data))
    try:
        image = Image.open(io.BytesIO(data), formats=sorted(FORMATS))
        if image.width * image.height > MAX_PHOTO_PIXELS:
            raise PhotoTooLarge(
                f"The photo must be at most {MAX_PHOTO_PIXELS // 1_000_000} megapixels; this one "
                f"is {image.width} by {image.height} pixels.",
                limit=MAX_PHOTO_PIXELS,
            )
        image.load()
    except PhotoTooLarge:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError):
        raise NotAPhoto(
            "The selected file must be a JPEG or PNG photo of the ingredient list."
        ) from None
    return image


def prepare(image):
    """Greyscale, upright (EXIF rotation) and scaled so letters are a size Tesseract reads well."""
    from PIL import Image, ImageOps

    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        # a cut-out with a transparent background: black text must not vanish into black
        image = image.convert("RGBA")
        image = Image.alpha_composite(Image.new("RGBA", image.size, "white"), image)
    elif image.mode.startswith("I"):  # 16-bit greyscale: scale down rather than clip
        image = image.point(lambda value: value / 256)
    image = image.convert("L")
    longest, shortest = max(image.size), min(image.size)
    if longest > LONGEST_SIDE:
        scale = LONGEST_SIDE / longest
    elif shortest < SHORTEST_SIDE:
        scale = min(SHORTEST_SIDE / shortest, LONGEST_SIDE / longest, 4.0)
    else:
        scale = 1.0
    if scale != 1.0:
        size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
        image = image.resize(size, Image.Resampling.LANCZOS)
    return image


def read_photo(data: bytes) -> str:
    """The text Tesseract reads in a JPEG or PNG photo of a label."""
    image = open_photo(data)
    if not ocr_available():
        raise PhotoReadingUnavailable(UNAVAILABLE)
    import pytesseract

    try:
        text = pytesseract.image_to_string(
            prepare(image), lang="eng", config=OCR_CONFIG, timeout=OCR_TIMEOUT_SECONDS
        )
    except RuntimeError:  # pytesseract's timeout
        raise NoTextInPhoto(
            "Reading the photo took too long. Take a closer photo of just the ingredient list."
        ) from None
    except (pytesseract.TesseractError, OSError) as error:
        raise PhotoReadingUnavailable(UNAVAILABLE, detail=str(error)[:200]) from None
    text = "\n".join(line.strip() for line in text.splitlines() if line.strip())
    if not text:
        raise NoTextInPhoto(
            "No text could be read in the photo. Take a sharper, closer photo of the ingredient "
            "list in good light, or type the list instead."
        )
    return text
