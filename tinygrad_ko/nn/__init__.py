"""Everything a model is built from: layers, functional ops, initialisers and optimizers."""

from . import functional

__all__ = ["functional"]
