"""Case audits (sagsgennemgang): criteria catalogues (docs/audit.md)."""
from __future__ import annotations

from .catalogue import CATALOGUE_COLUMNS, catalogues, load_catalogue

__all__ = ["CATALOGUE_COLUMNS", "catalogues", "load_catalogue"]
