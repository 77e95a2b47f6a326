"""Reading an ingredient list from a photo of a label with Tesseract OCR. Pure apart from running
the `tesseract` program (and, for big images, a decoding subprocess): bytes in, text out, typed
errors for anything that is not a usable JPEG, PNG or HEIC/HEIF photo. The recognised text goes
back to the person to correct before it is trusted.

Memory: no photo makes this process grow by more than about 100 MB, whatever its pixel count.
- A JPEG is decoded at reduced size (Pillow's `draft`: the decoder scales by 1/2, 1/4 or 1/8 and
  gives greyscale), so it costs at most a few tens of MB.
- Any other image is measured from its header before anything is decoded. One whose decoded
  pixels fit in `IN_PROCESS_DECODE_BYTES` is decoded here; a bigger one (a 6300 x 6300 PNG, a
  24-megapixel HEIC from a phone) is decoded by `photo_worker` in a child process with its own
  memory cap, which hands back only the small greyscale image Tesseract reads.
- More than `MAX_PHOTO_PIXELS` pixels (a decompression bomb) is refused before decoding.
At most `MAX_CONCURRENT_READS` photos are read at once per process; a further one waits up to
`WAIT_SECONDS`, then gets PhotosBusy (HTTP 503 with Retry-After).
"""

import functools
import io
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

from treatsafe.ingredients.errors import (
    NotAPhoto,
    NoTextInPhoto,
    PhotoReadingUnavailable,
    PhotosBusy,
    PhotoTooLarge,
)

MAX_PHOTO_BYTES = 8 * 1024 * 1024
MAX_PHOTO_PIXELS = 50_000_000  # larger images are refused before they are decoded
IN_PROCESS_DECODE_BYTES = 16 * 1024 * 1024  # bigger decodes go to the worker process
WORKER_MEMORY_BYTES = 1536 * 1024 * 1024  # the worker's address-space cap
WORKER_TIMEOUT_SECONDS = 30
LONGEST_SIDE = 2400  # photos are downscaled to this before OCR: enough for label print
SHORTEST_SIDE = 900  # small images are enlarged: Tesseract wants letters ~30 px high
FORMATS = {"JPEG", "PNG", "HEIF"}
MAX_CONCURRENT_READS = 2
WAIT_SECONDS = 5.0
RETRY_AFTER_SECONDS = 10
OCR_TIMEOUT_SECONDS = 30
OCR_CONFIG = "--psm 6"  # one block of text, as an ingredient panel is

UNAVAILABLE = (
    "Reading photos is not available on this server. Type or paste the ingredient list instead."
)
NOT_A_PHOTO = "The selected file must be a JPEG, PNG or HEIC photo of the ingredient list."

_readers = threading.BoundedSemaphore(MAX_CONCURRENT_READS)


@functools.cache
def _register_heif() -> None:
    """Let Pillow open HEIC/HEIF (pillow-heif), without thumbnails or auxiliary images. Without
    pillow-heif installed, a HEIC photo is refused like any other unsupported file."""
    try:
        import pillow_heif
    except ImportError:
        return

    pillow_heif.options.THUMBNAILS = False
    pillow_heif.options.DEPTH_IMAGES = False
    pillow_heif.options.AUX_IMAGES = False
    pillow_heif.register_heif_opener()


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


def too_many_pixels(width: int, height: int) -> PhotoTooLarge:
    return PhotoTooLarge(
        f"The photo must be at most {MAX_PHOTO_PIXELS // 1_000_000} megapixels; this one is "
        f"{width} by {height} pixels.",
        limit=MAX_PHOTO_PIXELS,
    )


def decoded_bytes(image) -> int:
    """What decoding the image will take in memory: Pillow keeps one byte a pixel for 1, L and
    P images, two for 16-bit greyscale and four for everything else (RGB is stored as RGBX)."""
    per_pixel = {"1": 1, "L": 1, "P": 1, "I;16": 2, "I;16B": 2, "I;16L": 2}.get(image.mode, 4)
    return image.width * image.height * per_pixel


def _open(data: bytes):
    """The image with its header read and nothing decoded, or a PhotoError."""
    from PIL import Image, UnidentifiedImageError

    if not data:
        raise NotAPhoto(
            "The selected file is empty. Choose a JPEG, PNG or HEIC photo of the label."
        )
    if len(data) > MAX_PHOTO_BYTES:
        raise too_large(len(data))
    _register_heif()
    try:
        image = Image.open(io.BytesIO(data), formats=sorted(FORMATS))
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError):
        raise NotAPhoto(NOT_A_PHOTO) from None
    if image.width * image.height > MAX_PHOTO_PIXELS:
        raise too_many_pixels(image.width, image.height)
    return image


def open_photo(data: bytes):
    """The photo as a Pillow image, decoded within the memory bound (a JPEG at reduced size,
    a big image of another format already prepared by the worker process), or a PhotoError."""
    from PIL import Image

    image = _open(data)
    if image.format == "JPEG":
        image.draft("L", (LONGEST_SIDE, LONGEST_SIDE))
    if decoded_bytes(image) > IN_PROCESS_DECODE_BYTES or image.format == "HEIF":
        image.close()
        return decode_in_worker(data)
    try:
        image.load()
    except (Image.DecompressionBombError, OSError, ValueError, SyntaxError):
        raise NotAPhoto(NOT_A_PHOTO) from None
    return image


def decode_in_worker(data: bytes):
    """The photo decoded and prepared (`prepare`) by `photo_worker` in a child process."""
    from PIL import Image

    root = str(Path(__file__).resolve().parents[2])
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")])),
    }
    try:
        done = subprocess.run(
            [sys.executable, "-m", "treatsafe.ingredients.photo_worker"],
            input=data,
            capture_output=True,
            timeout=WORKER_TIMEOUT_SECONDS,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise NotAPhoto(
            "Reading the photo took too long. Take a closer photo of just the ingredient list."
        ) from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        if message and message[-1].startswith("too large:"):
            raise PhotoTooLarge(
                "The photo is too large to read. Take a photo of at most "
                f"{MAX_PHOTO_PIXELS // 1_000_000} megapixels of just the ingredient list.",
                limit=MAX_PHOTO_PIXELS,
            )
        raise NotAPhoto(NOT_A_PHOTO)
    image = Image.open(io.BytesIO(done.stdout), formats=["PNG"])
    image.load()
    return image


def prepare(image):
    """Greyscale, upright (EXIF rotation) and scaled so letters are a size Tesseract reads well.
    The original is converted once and let go: only one full-size copy is alive at a time."""
    from PIL import Image, ImageOps

    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        # a cut-out with a transparent background: black text must not vanish into black
        image = image.convert("RGBA")
        background = Image.new("RGBA", image.size, "white")
        background.alpha_composite(image)
        image = background
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
        image = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    return image


def read_photo(data: bytes) -> str:
    """The text Tesseract reads in a JPEG, PNG or HEIC photo of a label. At most
    MAX_CONCURRENT_READS run at once; others wait up to WAIT_SECONDS, then get PhotosBusy."""
    if not _readers.acquire(timeout=WAIT_SECONDS):
        raise PhotosBusy(
            "Too many photos are being read right now. Try again in a few seconds, or type "
            "or paste the ingredient list instead.",
            retry_after=RETRY_AFTER_SECONDS,
        )
    try:
        return _read(data)
    finally:
        _readers.release()


def _read(data: bytes) -> str:
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
