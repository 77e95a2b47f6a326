"""The label check's compiled modules (treatsafe/native.py): loaded only when built from the
source on disk, and the same answers as the source."""

import importlib.machinery
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from treatsafe import native

MODULE = "treatsafe.ingredients.pieces"


@pytest.fixture
def build(tmp_path):
    """A project root with one listed module's source, and a build of it beside."""
    root, build_dir = tmp_path / "root", tmp_path / "build"
    source = native.source_path(MODULE, root)
    source.parent.mkdir(parents=True)
    source.write_text("ANSWER = 42\n")
    binary = native.binary_path(MODULE, build_dir)
    binary.parent.mkdir(parents=True)
    binary.write_bytes(b"compiled")  # never loaded here: a spec only names it
    manifest = {
        "suffix": native.extension_suffix(),
        "modules": {MODULE: native.source_digest(source)},
    }
    (build_dir / native.MANIFEST_NAME).write_text(json.dumps(manifest))
    return root, build_dir, source, binary


def test_a_module_built_from_its_current_source_loads_compiled(build):
    root, build_dir, _, binary = build
    spec = native.CompiledModuleFinder(build_dir, root).find_spec(MODULE)
    assert isinstance(spec.loader, importlib.machinery.ExtensionFileLoader)
    assert spec.origin == str(binary)


def test_a_module_edited_since_it_was_compiled_runs_from_its_source(build, caplog):
    root, build_dir, source, _ = build
    source.write_text("ANSWER = 43\n")
    with caplog.at_level(logging.WARNING, logger="treatsafe.native"):
        assert native.CompiledModuleFinder(build_dir, root).find_spec(MODULE) is None
    assert "has changed since it was compiled" in caplog.text


def test_a_build_for_another_python_is_not_loaded(build):
    root, build_dir, _, _ = build
    manifest_file = build_dir / native.MANIFEST_NAME
    manifest = json.loads(manifest_file.read_text())
    manifest["suffix"] = ".cpython-39-x86_64-linux-gnu.so"
    manifest_file.write_text(json.dumps(manifest))
    assert native.CompiledModuleFinder(build_dir, root).find_spec(MODULE) is None


def test_a_missing_binary_or_manifest_leaves_the_source_running(build):
    root, build_dir, _, binary = build
    binary.unlink()
    assert native.CompiledModuleFinder(build_dir, root).find_spec(MODULE) is None
    (build_dir / native.MANIFEST_NAME).write_text("{not json")
    assert native.CompiledModuleFinder(build_dir, root).built == {}


def test_modules_not_built_are_left_to_python(build):
    root, build_dir, _, _ = build
    finder = native.CompiledModuleFinder(build_dir, root)
    assert finder.find_spec("treatsafe.ingredients.api") is None
    assert finder.find_spec("json") is None


def test_the_pure_python_switch_installs_no_finder(monkeypatch):
    monkeypatch.setenv(native.PURE_PYTHON_SWITCH, "1")
    monkeypatch.setattr(
        sys,
        "meta_path",
        [f for f in sys.meta_path if not isinstance(f, native.CompiledModuleFinder)],
    )
    native.install()
    assert not any(isinstance(f, native.CompiledModuleFinder) for f in sys.meta_path)


def test_where_a_build_exists_the_label_check_runs_compiled():
    """A build that is there but stale (a source edited, `scripts/bootstrap.sh` not run since)
    would silently measure and serve the slower source."""
    if not native.read_manifest():
        pytest.skip("nothing compiled on this machine (no C compiler): the sources run")
    import treatsafe.ingredients.services  # noqa: F401  (imports the whole label check)

    stale = sorted(set(native.COMPILED_MODULES) - set(native.compiled_modules()))
    assert not stale, f"{stale} run from source: `python scripts/build_native.py` compiles them"


def _answers(pure: bool) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "treatsafe.settings"}
    env.pop(native.PURE_PYTHON_SWITCH, None)
    if pure:
        env[native.PURE_PYTHON_SWITCH] = "1"
    script = Path(__file__).with_name("label_answers.py")
    done = subprocess.run(
        [sys.executable, str(script)], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


@pytest.mark.slow
def test_compiled_and_source_label_checks_give_the_same_answers():
    if not native.read_manifest():
        pytest.skip("nothing compiled on this machine (no C compiler): the sources run")
    compiled, source = _answers(pure=False), _answers(pure=True)
    assert compiled["compiled"] == len(native.COMPILED_MODULES)
    assert source["compiled"] == 0
    assert compiled["digest"] == source["digest"]
