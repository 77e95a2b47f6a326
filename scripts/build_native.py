"""Compile the label check's modules (treatsafe.native.COMPILED_MODULES) with Cython into
build/native, and record in its manifest which source each copy was built from. Does nothing
where every copy is up to date; exits non-zero (and the sources keep running) where no C
compiler or Python headers are found. Run by scripts/bootstrap.sh.

Usage: .venv/bin/python scripts/build_native.py [--force]"""

import argparse
import json
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["TREATSAFE_PURE_PYTHON"] = "1"  # this process reads the sources, never a build

from treatsafe import native  # noqa: E402

LOG = native.BUILD_DIR.parent / "native-build.log"


def up_to_date(wanted: dict) -> bool:
    built = native.read_manifest()
    return built == wanted and all(
        native.binary_path(module).is_file() for module in wanted["modules"]
    )


def compile_into(build_dir: Path) -> None:
    """Cython to C, then the C compiler, both on every core."""
    from Cython.Build import cythonize
    from setuptools import Distribution, Extension
    from setuptools.command.build_ext import build_ext

    extensions = [
        Extension(module, [str(native.source_path(module))]) for module in native.COMPILED_MODULES
    ]
    compiled = cythonize(
        extensions,
        build_dir=str(build_dir / "c"),
        # the annotations are for readers and mypy: Cython would enforce them as C types
        compiler_directives={"language_level": 3, "annotation_typing": False},
        nthreads=os.cpu_count() or 1,
        force=True,
        quiet=True,
    )
    command = build_ext(Distribution({"ext_modules": compiled}))
    command.build_lib = str(build_dir)
    command.build_temp = str(build_dir / "objects")
    command.parallel = os.cpu_count() or 1
    command.ensure_finalized()
    command.run()


def quietly(build, log_path: Path) -> None:
    """Run `build` with everything it and the C compiler print going to a log file."""
    with log_path.open("w") as log:
        sys.stdout.flush()
        sys.stderr.flush()
        saved = os.dup(1), os.dup(2)
        os.dup2(log.fileno(), 1)
        os.dup2(log.fileno(), 2)
        try:
            build()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="compile even if up to date")
    args = parser.parse_args()
    wanted = native.current_manifest()
    if not args.force and up_to_date(wanted):
        print("Compiled label-check modules are up to date (build/native).")
        return 0
    print(f"Compiling {len(wanted['modules'])} label-check modules with Cython (about a minute)…")
    staging = native.BUILD_DIR.with_name("native.new")  # one name: the C compiler's paths repeat
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        quietly(lambda: compile_into(staging), LOG)
        if native.current_manifest() != wanted:  # a source changed while it compiled
            print("A source changed while compiling: run this again.", file=sys.stderr)
            return 1
        (staging / native.MANIFEST_NAME).write_text(json.dumps(wanted, indent=1) + "\n")
        shutil.rmtree(staging / "c", ignore_errors=True)
        shutil.rmtree(staging / "objects", ignore_errors=True)
        # the old build goes only once the new one is whole
        shutil.rmtree(native.BUILD_DIR, ignore_errors=True)
        staging.rename(native.BUILD_DIR)
    except Exception as error:  # no compiler, no headers: the sources still run
        shutil.rmtree(staging, ignore_errors=True)
        print(
            f"Could not compile ({error}; see {LOG.relative_to(ROOT)}): the Python sources"
            " will run, only slower.",
            file=sys.stderr,
        )
        return 1
    print(f"Compiled into {native.BUILD_DIR.relative_to(ROOT)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
