"""Readers for Word and PDF files; each returns text with one paragraph per line."""

from doclint.reader import NoTextLayer, ReadError

__all__ = ["NoTextLayer", "ReadError"]
