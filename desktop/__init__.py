"""VeriDesk: an offline workbench for greenhouse-gas verifiers."""

__version__ = "0.1.0"
