"""Run by tests/core/test_native.py in a fresh process: checks the real labels and generated
ones (typos and OCR damage included) twice, first seen then from the memos, and prints as JSON
the SHA-256 of every answer in order and how many label-check modules ran compiled. Run once
with TREATSAFE_PURE_PYTHON=1 and once without, the two digests must be equal."""

import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from label_corpus import generate  # noqa: E402

from treatsafe import native  # noqa: E402
from treatsafe.ingredients import cosing  # noqa: E402
from treatsafe.ingredients.errors import LabelError  # noqa: E402
from treatsafe.ingredients.index import CosingIndex  # noqa: E402
from treatsafe.ingredients.services import check_text, prepare  # noqa: E402

GENERATED = int(sys.argv[1]) if len(sys.argv) > 1 else 400

data = cosing.read_cosing({name: ROOT / "data" / f"{name}.gz" for name in cosing.FILES})
index = CosingIndex.from_cosing(data)
prepare(index)
real = ROOT / "tests" / "ingredients" / "data" / "real_labels.jsonl"
texts = [json.loads(line)["text"] for line in real.open()]
texts += [label.text for label in generate({r.inci: r.ref for r in data.ingredients}, GENERATED, 7)]
texts += ["", "\x00\x01", "Aqua, Glycerin, Sodium Hyaluronate"]
digest = hashlib.sha256()
for _ in range(2):
    for text in texts:
        try:
            answer = json.dumps(check_text(text, index).as_dict(), sort_keys=True)
        except LabelError as error:
            answer = f"{type(error).__name__}: {error}"
        digest.update(answer.encode())
print(json.dumps({"digest": digest.hexdigest(), "compiled": len(native.compiled_modules())}))
