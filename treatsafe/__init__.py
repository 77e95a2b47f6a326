"""TreatSafe: a register, treatment checker and label checker for UK non-surgical aesthetics."""

__version__ = "0.1.0"
