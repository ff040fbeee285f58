"""doclint: a consistency linter for Vietnamese administrative documents."""
__version__ = "0.1.0"
