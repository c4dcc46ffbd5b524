"""okrfile: git-backed, plain-text OKRs."""

__version__ = "0.1.0"
