"""The words of a document, split once and shared by the word rules (document facts).

``doc.clean`` is split into whitespace-separated chunks once (:func:`split`, in C); from that
one split come the distinct words with their counts (:func:`vocabulary`: confusable, spelling,
tone style, encoding), the lower-cased text with its blanks squeezed (:func:`squeezed`: the
word packs' Aho-Corasick scan) and the lone letters :func:`doclint.facts.machine_read` counts.
The statistical word model (context-typo) and the machine-read test share the letter runs
(:func:`pieces`). Lower-casing keeps the tone marks (``Đầu`` -> ``đầu``).
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import repeat
from typing import NamedTuple

from doclint.facts import fact
from doclint.model import Document

EDGE = "\"'“”‘’()[]{}<>,.;:!?…*_–—-/"  # trimmed off a chunk's ends; no « » ¬: TCVN3 letters


class Split(NamedTuple):
    """``doc.clean`` split at whitespace once."""

    counts: Counter[str]  # how often each chunk occurs, in order of first use
    squeezed: str | None  # the chunks joined by one space, lower-cased; None when that changes the length (İ)


_PIECE_SIZE = 2000  # characters split at a time


@fact
def split(doc: Document) -> Split:
    """The chunks of ``doc.clean`` counted, and joined by one space and lower-cased: what the
    word packs are matched on (a phrase's words may stand one or more blanks apart).

    Split a piece at a time (cut at a space, so no chunk is cut): the words of a piece are
    freed before the next one is split, so their memory is reused while it is still in the
    CPU cache (a whole page split at once puts ~6,000 strings in cold memory: 20-30% slower)."""
    text = doc.clean
    counts: Counter[str] = Counter()
    parts: list[str] = []
    start = 0
    while start < len(text):
        end = text.find(" ", start + _PIECE_SIZE)
        if end < 0:
            end = len(text)
        words = text[start:end].split()
        counts.update(words)
        if words:
            parts.append(" ".join(words))
        start = end
    joined = " ".join(parts)
    lowered = joined.lower()
    return Split(counts, lowered if len(lowered) == len(joined) else None)


def chunk_counts(doc: Document) -> Counter[str]:
    """How often each whitespace-separated chunk of ``doc.clean`` occurs, in order of first use."""
    return split(doc).counts


def squeezed(doc: Document) -> str | None:
    """The chunks joined by one space and lower-cased, as :func:`doclint.wordpack.squeeze`."""
    return split(doc).squeezed


class Vocabulary(NamedTuple):
    """The distinct whitespace-separated chunks of ``doc.clean``, in order of first use."""

    words: list[str]  # each chunk with edge punctuation trimmed: may repeat ("việc", "việc,"), may be ""
    counts: list[int]  # how often each chunk occurs
    folded: str  # the words casefolded, one per line


@fact
def vocabulary(doc: Document) -> Vocabulary:
    """The document's words.

    Counting the chunks, trimming and casefolding them all run in C, with no Python step per
    word; positions are looked up only for the few words a rule reports. A regex over
    ``folded`` tests every word in one pass.
    """
    counts = chunk_counts(doc)
    words = list(map(str.strip, counts, repeat(EDGE)))
    return Vocabulary(words, list(counts.values()), "\n".join(words).casefold())


@fact
def folded_words(doc: Document) -> list[str]:
    """The vocabulary's words casefolded (``vocabulary(doc).folded`` split)."""
    return vocabulary(doc).folded.split("\n")


PIECE = re.compile(r"[^\W\d_]+|\S")  # a run of letters, or one other visible character
PIECES = re.compile(r"[^\W\d_]+|\S|\n")  # the same, and each line end


@fact
def pieces(doc: Document) -> list[str]:
    """The pieces of ``doc.clean`` (:data:`PIECE`): its letter runs (words and syllables, as
    written) and, one by one, the other visible characters that cut them apart; each line
    ends with a ``"\\n"`` piece. One C call for the whole text."""
    return PIECES.findall(doc.clean)


@fact
def piece_counts(doc: Document) -> Counter[str]:
    """How often each piece (:func:`pieces`) occurs in the document."""
    return Counter(pieces(doc))


# The kind of each piece, one letter, so that the kinds of a text form a string that str.count,
# str.translate and regexes read in C (context-typo's runs, machine_read's broken words):
SYLLABLE = "w"  # a lower-case valid syllable of two letters or more
SYLLABLE_LETTER = "v"  # ... of one letter ("a", "ở")
LOWER = "l"  # a lower-case plain-ASCII word that is no syllable, two letters or more
LOWER_LETTER = "k"  # ... one letter
BROKEN = "b"  # a lower-case word in the Latin alphabet, with marks, that is no syllable ("quyêt")
FOREIGN = "f"  # ... in another alphabet (a Russian title), two letters or more
BROKEN_LETTER = "c"  # ... one letter ("đ" for đồng)
QUOTE = "q"  # an opening or closing quotation mark
OTHER = "."  # anything else: punctuation, figures, capitalised words
OPENING, CLOSING = "“‘«", "”’»"


def is_latin(word: str) -> bool:
    """Written in the Vietnamese (Latin) alphabet: a Russian law's title is no broken word."""
    return all(ord(c) < 0x250 or 0x1E00 <= ord(c) <= 0x1EFF for c in word)


class _Kinds(dict):
    """piece -> its kind, learnt once per distinct piece (pieces repeat across documents)."""

    def __missing__(self, piece: str) -> str:
        if piece.isalpha() and piece.islower():
            from doclint.syllable import is_valid  # the syllable tables load only when asked

            one = len(piece) == 1
            if is_valid(piece):
                kind = SYLLABLE_LETTER if one else SYLLABLE
            elif piece.isascii():
                kind = LOWER_LETTER if one else LOWER
            else:
                kind = BROKEN_LETTER if one else BROKEN if is_latin(piece) else FOREIGN
        elif piece in OPENING or piece in CLOSING or piece == '"':
            kind = QUOTE
        else:
            kind = OTHER
        if len(self) < 200_000:
            self[piece] = kind
        return kind


KINDS = _Kinds({"\n": "\n"})  # a line end stays one: kinds.split("\n") gives each line's kinds


@fact
def piece_kinds(doc: Document) -> str:
    """The kind of each piece (:func:`pieces`), one letter each (:data:`SYLLABLE`...), a
    ``"\\n"`` for each line end."""
    return "".join(map(KINDS.__getitem__, pieces(doc)))


__all__ = [
    "BROKEN", "BROKEN_LETTER", "CLOSING", "EDGE", "FOREIGN", "KINDS", "LOWER", "LOWER_LETTER", "OPENING", "OTHER",
    "PIECE", "PIECES", "QUOTE", "SYLLABLE", "SYLLABLE_LETTER", "Split", "Vocabulary", "chunk_counts", "folded_words",
    "is_latin", "piece_counts", "piece_kinds", "pieces", "split", "squeezed", "vocabulary",
]
