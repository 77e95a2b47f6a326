"""Decodes one big photo in a child process, so that its full-size pixels never sit in the
server's memory: the photo's bytes on standard input, the prepared greyscale image (photos.prepare:
upright, at most photos.LONGEST_SIDE pixels) as PNG on standard output. Exit status 2 with a line
on standard error for a file that is not a usable image, 3 for one too large to decode within the
worker's memory cap. Run by photos.decode_in_worker; not a command for people."""

import io
import resource
import sys


def main() -> int:
    from treatsafe.ingredients import photos

    cap = photos.WORKER_MEMORY_BYTES
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    data = sys.stdin.buffer.read(photos.MAX_PHOTO_BYTES + 1)
    try:
        import pillow_heif
        from PIL import Image

        pillow_heif.options.DECODE_THREADS = 1
        image = photos._open(data)
        if image.format == "JPEG":
            image.draft("L", (photos.LONGEST_SIDE, photos.LONGEST_SIDE))
        image.load()
        prepared = photos.prepare(image)
        del image
        out = io.BytesIO()
        prepared.save(out, "PNG", compress_level=1)
    except MemoryError:
        print("too large: out of memory while decoding", file=sys.stderr)
        return 3
    except photos.PhotoTooLarge as error:
        print(f"too large: {error.message}", file=sys.stderr)
        return 3
    except (photos.NotAPhoto, Image.DecompressionBombError, OSError, ValueError, SyntaxError) as e:
        print(f"not a photo: {type(e).__name__}", file=sys.stderr)
        return 2
    sys.stdout.buffer.write(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
