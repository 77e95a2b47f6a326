"""TreatSafe: a register, treatment checker and label checker for UK non-surgical aesthetics."""

__version__ = "0.1.0"

from treatsafe import native  # noqa: E402

native.install()  # the label check's compiled modules, where built from these sources
