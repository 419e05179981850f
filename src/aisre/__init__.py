"""aisre: an SRE control plane for AI services."""

__version__ = "0.1.0"

__all__ = ["__version__"]
