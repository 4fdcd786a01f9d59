"""Who copied whom: candidate pairs (MinHash LSH, shared rare shingles), passage alignment, relation kinds,
provenance signals and independent-source groups. ``stage.run(report)`` is the pipeline stage; later
stages count sources with ``independent_groups``."""
from .groups import independent_groups

__all__ = ["independent_groups"]
