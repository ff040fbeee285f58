"""Confusable-word packs: loading, validation and one compiled matcher.

A pack is a TOML file of ``[[entry]]`` tables (see ``rules/confusables.toml``).  The built-in
pack is always loaded; ``Settings.extra_confusables`` adds user or organisation packs.  Each
file is validated with pydantic when it is loaded (a broken pack is a :class:`PackError`
naming the file and the entry), then every wrong form of every pack is compiled into ONE
regex, a trie of alternatives, so a document is scanned once whatever the pack size.  The
hot loop works on plain dataclasses, never on pydantic models.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache
from pathlib import Path

from doclint import regex as rx
from doclint.datacache import load_toml
from doclint.paths import rules_dir
from doclint.records import FrozenRecord, set_field

BUILTIN_PACK = "confusables.toml"
_CONTEXT_WINDOW = 80


class PackError(ValueError):
    """A pack that cannot be used; the message names the file and the entry."""


@cache
def _models():
    """The pydantic models of a pack file, built on first use: the built-in pack is validated
    by the test suite, so a run that uses only it never imports pydantic (~0.1 s of start-up)."""
    from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

    class EntryModel(BaseModel):
        model_config = ConfigDict(extra="forbid", frozen=True)

        wrong: str = Field(min_length=1)
        right: str = Field(min_length=1)
        preceded_by: list[str] = []
        followed_by: list[str] = []
        not_preceded_by: list[str] = []
        not_followed_by: list[str] = []
        bad: str | None = None
        good: str | None = None

        @field_validator("wrong", "right")
        @classmethod
        def _nfc_words(cls, value: str) -> str:
            value = " ".join(value.split())
            if unicodedata.normalize("NFC", value) != value:
                raise ValueError(f"{value!r} is not NFC")
            if not re.fullmatch(r"[^\W\d_]+(?: [^\W\d_]+)*", value):
                raise ValueError(f"{value!r} must be words of letters separated by spaces")
            return value

        @field_validator("preceded_by", "followed_by", "not_preceded_by", "not_followed_by")
        @classmethod
        def _regexes(cls, values: list[str]) -> list[str]:
            for value in values:
                try:
                    re.compile(value)
                except re.error as exc:
                    raise ValueError(f"bad regex {value!r}: {exc}") from None
            return values

        @model_validator(mode="after")
        def _consistent(self) -> EntryModel:
            if self.wrong.casefold() == self.right.casefold():
                raise ValueError(f"wrong and right are the same word: {self.wrong!r}")
            if self.bad is not None and self.wrong.casefold() not in self.bad.casefold():
                raise ValueError(f"the bad example does not contain {self.wrong!r}")
            return self


    class PackModel(BaseModel):
        model_config = ConfigDict(extra="forbid")

        entry: list[EntryModel] = Field(min_length=1)

    return EntryModel, PackModel


class RawEntry(FrozenRecord):
    """An entry of the built-in pack, read without validation (see :func:`_models`)."""

    __slots__ = ("wrong", "right", "preceded_by", "followed_by", "not_preceded_by", "not_followed_by")
    wrong: str
    right: str
    preceded_by: tuple[str, ...]
    followed_by: tuple[str, ...]
    not_preceded_by: tuple[str, ...]
    not_followed_by: tuple[str, ...]

    def __init__(self, wrong: str, right: str, preceded_by: tuple[str, ...] = (), followed_by: tuple[str, ...] = (),
                 not_preceded_by: tuple[str, ...] = (), not_followed_by: tuple[str, ...] = ()) -> None:
        set_field(self, "wrong", wrong)
        set_field(self, "right", right)
        set_field(self, "preceded_by", preceded_by)
        set_field(self, "followed_by", followed_by)
        set_field(self, "not_preceded_by", not_preceded_by)
        set_field(self, "not_followed_by", not_followed_by)


class Entry(RawEntry):
    """A pack entry with where it comes from."""

    __slots__ = ("source", "index")
    source: str  # pack file name, for messages and tests
    index: int  # position in its pack

    def __init__(self, wrong: str, right: str, preceded_by: tuple[str, ...], followed_by: tuple[str, ...],
                 not_preceded_by: tuple[str, ...], not_followed_by: tuple[str, ...], source: str,
                 index: int) -> None:
        super().__init__(wrong, right, preceded_by, followed_by, not_preceded_by, not_followed_by)
        set_field(self, "source", source)
        set_field(self, "index", index)

    def fires(self, text: str, start: int, end: int) -> bool:
        """Whether the context allows this entry here; context regexes are compiled on first
        use, since only the entries a document actually contains ever need them."""
        before = text[max(0, start - _CONTEXT_WINDOW) : start]
        after = text[end : end + _CONTEXT_WINDOW]
        if self.preceded_by and not _left(self.preceded_by).search(before):
            return False
        if self.followed_by and not _right(self.followed_by).match(after):
            return False
        if self.not_preceded_by and _left(self.not_preceded_by).search(before):
            return False
        return not (self.not_followed_by and _right(self.not_followed_by).match(after))


class Hit(FrozenRecord):
    __slots__ = ("start", "end", "found", "suggestion", "entry")
    start: int
    end: int
    found: str  # the text as written
    suggestion: str  # the right form in the writer's capitalisation
    entry: Entry

    def __init__(self, start: int, end: int, found: str, suggestion: str, entry: Entry) -> None:
        set_field(self, "start", start)
        set_field(self, "end", end)
        set_field(self, "found", found)
        set_field(self, "suggestion", suggestion)
        set_field(self, "entry", entry)


@lru_cache(maxsize=4096)
def _left(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return rx.compile(r"(?<!\w)(?:" + "|".join(f"(?:{p})" for p in patterns) + r")\s*$", re.IGNORECASE)


@lru_cache(maxsize=4096)
def _right(patterns: tuple[str, ...]) -> re.Pattern[str]:
    # A word must end where the pattern ends ("thu" must not match "thuế"); punctuation need not.
    parts = [f"(?:{p})" + (r"(?!\w)" if re.search(r"\w$", p) else "") for p in patterns]
    return rx.compile(r"\s*(?:" + "|".join(parts) + ")", re.IGNORECASE)


def key_of(text: str) -> str:
    return " ".join(text.split()).casefold()


# "Not after a word character", checked once one or two letters of a word have matched
# (``.`` is a letter there): a pattern that starts with its letters lets the regex engine skip
# to them in C, where a leading (?<!\w) costs a Unicode lookup at every position of the text.
_AFTER_ONE = r"(?<!\w.)"
_AFTER_TWO = r"(?<!\w..)"


def _trie_regex(words: list[str]) -> str:
    """A regex matching exactly ``words`` (casefolded) where no word character precedes them,
    factored as a trie: at each position of the text only the branches starting with that
    character are tried."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict, depth: int) -> str:
        """depth: 0 before the word, 1 after its first letter, 2 once the check is placed."""
        ends = "" in node
        branches = [branch(ch, child, depth) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    def branch(ch: str, child: dict, depth: int) -> str:
        head = r"\s+" if ch == " " else re.escape(ch)
        if depth == 0 and ("" in child or " " in child):  # a one-letter first word
            return head + _AFTER_ONE + emit(child, 2)
        if depth == 1:
            return head + _AFTER_TWO + emit(child, 2)
        return head + emit(child, 1 if depth == 0 else 2)

    return emit(trie, 0)


def match_case(found: str, right: str) -> str:
    """``right`` capitalised the way the writer capitalised ``found``."""
    letters = [c for c in found if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return right.upper()
    if found[:1].isupper():
        return right[:1].upper() + right[1:]
    return right


class Pack:
    """Every entry of the loaded packs behind one compiled regex."""

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        self.by_key: dict[str, list[Entry]] = {}
        for entry in entries:
            self.by_key.setdefault(key_of(entry.wrong), []).append(entry)
        # first word -> (key, its other words): the words a document must contain for the key
        self.by_first: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        for key in self.by_key:
            first, *rest = key.split()
            self.by_first.setdefault(first, []).append((key, tuple(rest)))
        self.words = frozenset(word for key in self.by_key for word in key.split())  # of all keys
        self._ac = None

    @property
    def regex(self) -> re.Pattern[str] | None:
        """The matcher of the whole pack (tests, tools); documents use :meth:`find`."""
        return _matcher(tuple(sorted(self.by_key)))

    def find(self, text: str, words: Iterable[str] | None = None, *, folded: bool = False,
             squeezed: str | None = None) -> Iterator[Hit]:
        """Hits in ``text``. With the document's distinct ``words`` (already casefolded when
        ``folded``), only the entries all of whose words occur can match. ``squeezed`` is
        :func:`squeeze` of ``text`` when the caller has it already."""
        keys = tuple(sorted(self.by_key)) if words is None else self._present_keys(words, folded)
        if not keys:
            return
        squeezed = squeezed if squeezed is not None else squeeze(text)
        if squeezed is not None:
            spans = self._spans(text, squeezed, frozenset(keys))
        else:  # a letter whose lower case is longer (İ): the regex, ignoring case
            regex = _matcher(keys, True)
            spans = [] if regex is None else [m.span() for m in regex.finditer(text)]
        for start, end in spans:
            found = text[start:end]
            if straddles(text, start, end):
                continue
            for entry in self.by_key.get(key_of(found), ()):
                if entry.fires(text, start, end):
                    yield Hit(start, end, found, match_case(found, entry.right), entry)
                    break

    def _spans(self, text: str, squeezed: str, keys: frozenset[str]) -> list[tuple[int, int]]:
        """Where the regex of ``keys`` (:func:`_matcher`) would match in lower-cased ``text``:
        the leftmost place where a key stands with no word character on either side, the
        longest key there, then on after it (a key's words one or more blanks apart). Found by
        one Aho-Corasick pass over the squeezed text (:func:`squeeze`)."""
        found = []
        for last, key in self._automaton().iter(squeezed):
            start = last + 1 - len(key)
            if key in keys and not (start and _WORD_CHAR.match(squeezed, start - 1)) \
                    and not _WORD_CHAR.match(squeezed, last + 1):
                found.append((start, -1 - last))
        if not found:
            return []
        taken = 0
        ends = []  # offsets in squeezed of each span's first and last character
        for start, end in sorted(found):  # the leftmost first, the longest of those first
            if start >= taken:
                taken = -end
                ends += (start, taken - 1)
        places = _unsqueeze(text, squeezed, ends)
        return [(places[i], places[i + 1] + 1) for i in range(0, len(places), 2)]

    def _automaton(self):
        """Every key of the pack in one Aho-Corasick automaton, built on first use (per process)."""
        if self._ac is None:
            import ahocorasick

            automaton = ahocorasick.Automaton()
            for key in self.by_key:
                automaton.add_word(key, key)
            automaton.make_automaton()
            self._ac = automaton
        return self._ac

    def _present_keys(self, words: Iterable[str], folded: bool) -> tuple[str, ...]:
        """The keys (sorted) all of whose words are among ``words``."""
        present = self.words.intersection(words if folded else map(str.casefold, words))
        return tuple(sorted(key for first in present & self.by_first.keys()
                            for key, rest in self.by_first[first] if present.issuperset(rest)))


_WORD_CHAR = rx.compile(r"\w")
_BLANKS = rx.compile(r"\s*")


def squeeze(text: str) -> str | None:
    """``text`` lower-cased, its whitespace-separated chunks joined by one space; None when
    lower-casing changes its length (İ), where offsets could not be mapped back."""
    joined = " ".join(text.split())
    lowered = joined.lower()
    return lowered if len(lowered) == len(joined) else None


@lru_cache(maxsize=1024)
def _chunks_ahead(count: int) -> re.Pattern[str]:
    return re.compile(r"(?:\S+\s+){%d}" % count)


def _unsqueeze(text: str, squeezed: str, offsets: list[int]) -> list[int]:
    """The offsets in ``text`` of the characters at ascending ``offsets`` of its squeezed
    form (no spaces): the same place in the same chunk, the chunks counted in C."""
    out = []
    chunk, at = 0, _BLANKS.match(text).end()  # a chunk index and where it starts in text
    for offset in offsets:
        wanted = squeezed.count(" ", 0, offset)
        if wanted > chunk:
            at = _chunks_ahead(wanted - chunk).match(text, at).end()
            chunk = wanted
        out.append(at + offset - squeezed.rfind(" ", 0, offset) - 1)
    return out


COMPOUNDS = "compounds.toml"


@cache
def compounds() -> frozenset[str]:
    """The compound words of ``rules/compounds.toml`` (lower case, one space between syllables)."""
    return frozenset(load_toml(rules_dir() / COMPOUNDS)["words"])


@cache
def closing_compounds() -> frozenset[str]:
    """Compounds of ``rules/compounds.toml`` that end on a function word (`hiện tại`): only a
    doubled word reads them, as a first copy that closes a word (`hiện tại tại địa phương`)."""
    return frozenset(load_toml(rules_dir() / COMPOUNDS)["closing"])


@cache
def agent_heads() -> frozenset[str]:
    """Words of ``rules/compounds.toml`` that open an agent noun (`người`, `bên`, `nơi`)."""
    return frozenset(load_toml(rules_dir() / COMPOUNDS)["agents"])


def word_before(text: str, start: int) -> str:
    """The word that ends right before ``start``, across blanks only (no punctuation), or ""."""
    end = start
    while end > 0 and text[end - 1] in " \t":
        end -= 1
    if end == start:
        return ""
    begin = end
    while begin > 0 and text[begin - 1].isalpha():
        begin -= 1
    return text[begin:end]


def word_after(text: str, end: int) -> str:
    """The word that starts right after ``end``, across blanks only (no punctuation), or ""."""
    begin = end
    while begin < len(text) and text[begin] in " \t":
        begin += 1
    if begin == end:
        return ""
    stop = begin
    while stop < len(text) and text[stop].isalpha():
        stop += 1
    return text[begin:stop]


def straddles(text: str, start: int, end: int) -> bool:
    """Whether the phrase ``text[start:end]`` straddles two words: its first syllable closes a
    compound with the word before it (`lãi suất phát hành`), or its last syllable opens one
    with the word after it (`chủ chương trình`)."""
    syllables = text[start:end].lower().split()
    known = compounds()
    before = word_before(text, start).lower()
    if before and f"{before} {syllables[0]}" in known:
        return True
    after = word_after(text, end).lower()
    return bool(after) and f"{syllables[-1]} {after}" in known


def read_builtin() -> list[RawEntry]:
    """The built-in pack, trusted: tests/test_language_pack.py validates it with read_pack."""
    data = load_toml(builtin_path())
    fields = RawEntry._fields
    return [
        RawEntry(**{k: (" ".join(v.split()) if k in ("wrong", "right") else tuple(v)) for k, v in e.items() if k in fields})
        for e in data["entry"]
    ]


@lru_cache(maxsize=256)
def _matcher(keys: tuple[str, ...], ignore_case: bool = True) -> re.Pattern[str] | None:
    body = _trie_regex(list(keys))
    return re.compile(body + r"(?!\w)", re.IGNORECASE if ignore_case else 0) if body else None


def read_pack(path: Path) -> list:
    """The validated entries of one pack file, or PackError."""
    import tomllib  # user packs only; the built-in pack comes from the data cache

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PackError(f"{path}: cannot read word pack ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise PackError(f"{path}: invalid TOML in word pack ({exc})") from None
    from pydantic import ValidationError

    _entry_model, pack_model = _models()
    try:
        return pack_model.model_validate(data).entry
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise PackError(f"{path}: invalid word pack entry at {where}: {first['msg']}") from None


def _compile(models: list, source: str) -> list[Entry]:
    return [
        Entry(m.wrong, m.right, tuple(m.preceded_by), tuple(m.followed_by), tuple(m.not_preceded_by),
              tuple(m.not_followed_by), source, i)
        for i, m in enumerate(models)
    ]


def builtin_path() -> Path:
    return rules_dir() / BUILTIN_PACK


@lru_cache(maxsize=8)
def _load(paths: tuple[str, ...]) -> Pack:
    entries: list[Entry] = []
    entries.extend(_compile(read_builtin(), BUILTIN_PACK))
    for path in paths:
        entries.extend(_compile(read_pack(Path(path)), Path(path).name))
    return Pack(entries)


def load_pack(extra: list[str] | tuple[str, ...] = ()) -> Pack:
    """The built-in pack plus the user packs at ``extra`` (cached per list of paths)."""
    return _load(tuple(str(p) for p in extra))
