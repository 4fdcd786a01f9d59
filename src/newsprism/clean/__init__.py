"""Cleaning: raw ``Document`` -> ``Article`` with main text, metadata and the boilerplate it removed.

This is the only stage that writes ``Article.text``. Plain text goes through ``plaintext.clean_plain``,
HTML through ``html.extract_html``; both return a ``Cleaned``. What the container stated (JSON fields,
feed entries, WARC headers) wins over what cleaning infers.
"""
from __future__ import annotations

from .base import Cleaned, CleanOptions, clean_document

__all__ = ["Cleaned", "CleanOptions", "clean_document"]
