"""Compiled copies of the label check's modules: the same Python source, compiled to C by Cython
(scripts/build_native.py, run by scripts/bootstrap.sh) into build/native. They give the same
answers as the source (tests/core/test_native.py) with less of the interpreter's work between
dictionary look-ups (1.25x measured on bench/labels.py). A compiled copy is loaded only where
the build's manifest records the very source that is on disk now (its SHA-256) and this
Python's extension suffix, so an edited module always runs as written, never as an old build.
TREATSAFE_PURE_PYTHON=1 runs the sources alone; without a C compiler nothing is built and the
sources run, only slower."""

import hashlib
import importlib.machinery
import json
import logging
import os
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
BUILD_DIR = PROJECT_ROOT / "build" / "native"
MANIFEST_NAME = "manifest.json"
PURE_PYTHON_SWITCH = "TREATSAFE_PURE_PYTHON"

# The label check's path, where a warm check spends its time. Modules that find files beside
# themselves (`__file__`) are left out: a compiled copy lives in build/native.
COMPILED_MODULES = tuple(
    f"treatsafe.ingredients.{name}"
    for name in (
        "assessment",
        "conditions",
        "findings",
        "flags",
        "index",
        "matching",
        "memo",
        "parsing",
        "pieces",
        "results",
        "services",
        "spelling",
        "splitting",
        "surroundings",
        "wording",
    )
)

log = logging.getLogger(__name__)


def source_path(module: str, root: Path = PROJECT_ROOT) -> Path:
    return root.joinpath(*module.split(".")).with_suffix(".py")


def source_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def extension_suffix() -> str:
    """The ending of the files this Python loads compiled modules from
    (".cpython-311-x86_64-linux-gnu.so")."""
    return importlib.machinery.EXTENSION_SUFFIXES[0]


def binary_path(module: str, build_dir: Path = BUILD_DIR) -> Path:
    *package, name = module.split(".")
    return build_dir.joinpath(*package, name + extension_suffix())


def current_manifest() -> dict:
    """The manifest a build of the sources now on disk has (scripts/build_native.py writes it)."""
    modules = {module: source_digest(source_path(module)) for module in COMPILED_MODULES}
    return {"suffix": extension_suffix(), "modules": modules}


def read_manifest(build_dir: Path = BUILD_DIR) -> dict:
    """{"suffix": extension suffix, "modules": {module: source SHA-256}}, or {} where nothing
    (or something unreadable) was built."""
    try:
        manifest = json.loads((build_dir / MANIFEST_NAME).read_text())
    except (OSError, ValueError):
        return {}
    return manifest if isinstance(manifest, dict) and "modules" in manifest else {}


class CompiledModuleFinder:
    """Finds a listed module's compiled copy where it was built from the current source; every
    other module, and a module whose source has changed since, is left to Python's own finders."""

    def __init__(self, build_dir: Path = BUILD_DIR, root: Path = PROJECT_ROOT):
        self.build_dir, self.root = build_dir, root
        manifest = read_manifest(build_dir)
        same_python = manifest.get("suffix") == extension_suffix()
        self.built: dict[str, str] = manifest["modules"] if same_python else {}

    def find_spec(self, fullname, path=None, target=None):
        digest = self.built.get(fullname)
        if digest is None:
            return None
        binary = binary_path(fullname, self.build_dir)
        try:
            current = source_digest(source_path(fullname, self.root))
        except OSError:
            return None
        if current != digest or not binary.is_file():
            log.warning(
                "%s has changed since it was compiled: running its source. "
                "`python scripts/build_native.py` compiles it again.",
                fullname,
            )
            return None
        loader = importlib.machinery.ExtensionFileLoader(fullname, str(binary))
        return importlib.machinery.ModuleSpec(fullname, loader, origin=str(binary))

    def invalidate_caches(self) -> None:  # importlib calls this on every finder
        pass


def install() -> None:
    """Put the finder before Python's own (once), unless the sources alone are asked for."""
    if os.environ.get(PURE_PYTHON_SWITCH) == "1":
        return
    if any(isinstance(finder, CompiledModuleFinder) for finder in sys.meta_path):
        return
    finder = CompiledModuleFinder()
    if finder.built:
        sys.meta_path.insert(0, finder)


def compiled_modules() -> list[str]:
    """The listed modules this process runs compiled (those imported so far)."""
    return [
        name
        for name in COMPILED_MODULES
        if (module := sys.modules.get(name)) is not None
        and isinstance(getattr(module, "__loader__", None), importlib.machinery.ExtensionFileLoader)
    ]
