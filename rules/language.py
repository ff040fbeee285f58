"""Rule family: language (DL5xx): confusable words, name variants, syllable validity,
tone-mark style and legacy encodings.

The rules share document facts (:mod:`doclint.facts`): the distinct words of ``doc.clean``
with their counts (:func:`vocabulary`, built once by the first rule) and the legacy-encoding
verdict (:func:`encoding_verdict`), which silences the spelling rules on a file that is not
Unicode text at all.
"""

from __future__ import annotations

import heapq
import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import accumulate, repeat
from operator import attrgetter
from typing import NamedTuple

from doclint import regex as rx
from doclint.facts import BROKEN_PER_WORD, broken_words, fact
from doclint.model import Document, Severity, Span
from doclint.records import FrozenRecord, set_field
from doclint.rule import Diagnostic, Rule, RuleContext
from doclint.rule import UNSAFE, Edit, Fix
from doclint.syllable import STOP_CODAS, _parses, decode_typing, is_valid, misplaced_tone, split_tone
from doclint.datacache import load_toml
from doclint.paths import rules_dir
from doclint.tokens import EDGE, Vocabulary, folded_words, squeezed, vocabulary
from doclint.wordpack import Hit, Pack, PackError, load_pack

_CHUNK = rx.compile(r"\S+")
_EDGE = EDGE


class Token(FrozenRecord):
    __slots__ = ("start", "end", "text")
    start: int
    end: int
    text: str

    def __init__(self, start: int, end: int, text: str) -> None:
        set_field(self, "start", start)
        set_field(self, "end", end)
        set_field(self, "text", text)


@fact
def tokens(doc: Document) -> list[Token]:
    """Whitespace-separated words of ``doc.clean`` with edge punctuation trimmed."""
    out: list[Token] = []
    for match in _CHUNK.finditer(doc.clean):
        chunk = match.group()
        left = len(chunk) - len(chunk.lstrip(_EDGE))
        core = chunk.strip(_EDGE)
        if core:
            start = match.start() + left
            out.append(Token(start, start + len(core), core))
    return out


def _is_core(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a whole whitespace-separated chunk once edge punctuation
    is trimmed, as :func:`vocabulary` counts it."""
    while start and text[start - 1] in _EDGE:
        start -= 1
    if start and not text[start - 1].isspace():
        return False
    while end < len(text) and text[end] in _EDGE:
        end += 1
    return end == len(text) or text[end].isspace()


_NOT_EDGE = "[^\\s" + re.escape(_EDGE) + "]"


def occurrences(doc: Document, words: Iterable[str]) -> list[Token]:
    """Every place where one of ``words`` (edge-trimmed chunks) stands as a whole chunk, in order."""
    words = sorted(set(words), key=len, reverse=True)
    if not words:
        return []
    # The word comes first so the regex engine skips to its first letters; the neighbour
    # checks are necessary conditions, and _is_core decides the rare edge-punctuation cases.
    alternation = "|".join(re.escape(w[0]) + f"(?<!{_NOT_EDGE}.)" + re.escape(w[1:]) for w in words)
    pattern = re.compile("(?:" + alternation + f")(?!{_NOT_EDGE})", re.DOTALL)
    clean = doc.clean
    out: list[Token] = []
    match = pattern.search(clean)
    while match:
        start, end = match.span()
        if _is_core(clean, start, end):
            out.append(Token(start, end, match.group()))
            match = pattern.search(clean, end)
        else:
            match = pattern.search(clean, start + 1)
    return out


def first_occurrence(doc: Document, words: Iterable[str]) -> Token:
    """The first place where one of ``words`` (all in the vocabulary) stands as a whole chunk."""
    clean = doc.clean
    first = Token(len(clean), len(clean), "")
    for word in words:
        at = clean.find(word, 0, first.start + len(word) - 1)
        while at >= 0 and not _is_core(clean, at, at + len(word)):
            at = clean.find(word, at + 1, first.start + len(word) - 1)
        if at >= 0:
            first = Token(at, at + len(word), word)
    return first


# --- encoding ------------------------------------------------------------------------------

# UTF-8 bytes of Vietnamese letters read as Windows-1252: "Viá»‡t", "Ä‘", "Æ°", "Ã¡": a rare
# first letter and the characters that may follow it; "á" is common, so its pairs are literal.
_MOJIBAKE_PAIRS = {"Ã": "[\u0080-\u00bf\u2018-\u203a\u0152-\u0178]", "Ä": "[‘\u0091]", "Æ": "[°¡]"}
_MOJIBAKE_LITERALS = ("á»", "áº")
_MOJIBAKE = rx.compile("|".join([first + rest for first, rest in _MOJIBAKE_PAIRS.items()] + list(_MOJIBAKE_LITERALS)))
_MOJIBAKE_NEXT = {first: rx.compile(rest) for first, rest in _MOJIBAKE_PAIRS.items()}
# Characters no Vietnamese Unicode text uses inside a word, typical of each legacy code.
_TCVN3 = set("µ¶·¸¹®¬¨«¼½¾")
_VNI = set("øûïäëöåÑñØÛÏ")
_LEGACY_CHARS = tuple(sorted(_TCVN3 | _VNI))
_MIN_WORDS = 3
# A text in a legacy code has (almost) no letter beyond Latin-1: ư, ơ, đ, ạ… all come out as
# legacy characters.  Below this share of the words with Vietnamese marks the few odd words
# are OCR debris or symbols, not an encoding.
_MIN_SHARE = 0.2
# Symbols that use the same characters: 300µL, µm; Ø600 (a diameter); m2·24h; Wizard®.
_SYMBOL_USE = rx.compile(r"\d[µ·]|µ[a-zA-Z]|Ø\d|[a-zA-Z\d]·[a-zA-Z\d]|\w®$")


def _suspect(text: str) -> bool:
    """Whether ``text`` holds a legacy-code character or a mojibake pair anywhere. A few dozen
    ``in`` tests run at memchr speed: 3x faster than one regex pass over the page."""
    if any(map(text.__contains__, _LEGACY_CHARS)) or any(map(text.__contains__, _MOJIBAKE_LITERALS)):
        return True
    for first, rest in _MOJIBAKE_NEXT.items():
        at = text.find(first)
        while at >= 0:
            if rest.match(text, at + 1):
                return True
            at = text.find(first, at + 1)
    return False


_UNICODE_WORD = "unicode"  # a word with a letter beyond Latin-1: the text is in Unicode


def _word_encoding(text: str) -> str | None:
    """The legacy encoding a non-ASCII word shows, or _UNICODE_WORD, or None (neither)."""
    if _MOJIBAKE.search(text):
        return "UTF-8 đọc nhầm (Windows-1252)"
    if _SYMBOL_USE.search(text):
        return None
    if len(text) > 1 and any(c in _TCVN3 for c in text) and any(c.isalpha() for c in text):
        return "TCVN3 (ABC)"
    if len(text) > 1 and any(c in _VNI for c in text) and any(c.isalpha() for c in text):
        return "VNI"
    return _UNICODE_WORD if any(ord(c) >= 0x100 and c.isalpha() for c in text) else None


@fact
def encoding_verdict(doc: Document) -> tuple[str, Token, int] | None:
    """(encoding name, first affected word, number of affected words), or None."""
    if not _suspect(doc.clean):  # the common case: no tokenising
        return None
    counts: Counter[str] = Counter()
    first: dict[str, str] = {}  # kind -> its first word (the vocabulary is in order of first use)
    unicode_words = 0
    vocab = vocabulary(doc)
    for text, count in zip(vocab.words, vocab.counts):  # each distinct word judged once
        if not text or text.isascii():
            continue
        kind = _word_encoding(text)
        if kind is _UNICODE_WORD:
            unicode_words += count
        elif kind is not None:
            counts[kind] += count
            first.setdefault(kind, text)
    verdict = None
    affected = sum(counts.values())
    if counts:
        kind, _count = counts.most_common(1)[0]
        if affected >= _MIN_WORDS and (kind.startswith("UTF-8") or affected >= _MIN_SHARE * (affected + unicode_words)):
            verdict = (kind, first_occurrence(doc, [first[kind]]), sum(counts.values()))
    return verdict


class LegacyEncoding(Rule):
    """Kiểm tra: văn bản ở bảng mã cũ (TCVN3/ABC, VNI) hoặc bị lỗi phông (UTF-8 đọc nhầm).

    Vì sao: văn bản gõ bằng bảng mã cũ hoặc chuyển mã sai hiện ra thành ký tự lạ; báo một
    lỗi rõ ràng cho cả tệp thay vì hàng trăm lỗi chính tả.
    Sai: `Céng hoµ x· héi chñ nghÜa ViÖt Nam`, `Cá»™ng hÃ²a`
    Đúng: `Cộng hòa xã hội chủ nghĩa Việt Nam`

    Giới hạn: cần ít nhất 3 từ mang ký tự đặc trưng của bảng mã cũ, chiếm ít nhất 1/5 số từ
    có dấu tiếng Việt (vài từ lạ trong văn bản Unicode là vết nhận dạng OCR, không phải bảng
    mã); ký hiệu `µm`, `Ø600`, `m2·24h`, `®` không tính.

    [en]
    What it checks: text in a legacy Vietnamese encoding (TCVN3/ABC, VNI) or mojibake.

    Why: such text shows as garbage; one clear finding per file beats hundreds of spelling
    findings (the spelling rules stay silent on such a file).
    Bad: `Céng hoµ x· héi chñ nghÜa ViÖt Nam`, `Cá»™ng hÃ²a`
    Good: `Cộng hòa xã hội chủ nghĩa Việt Nam`

    Known limits: needs at least 3 words carrying characters typical of a legacy code, and at
    least a fifth of the words with Vietnamese marks (a few odd words in a Unicode text are
    OCR debris, not an encoding); symbols `µm`, `Ø600`, `m2·24h`, `®` do not count.
    """

    name = "encoding"
    code = "DL505"
    severity = Severity.ERROR
    family = "language"

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        verdict = encoding_verdict(doc)
        if verdict is not None:
            kind, token, count = verdict
            yield ctx.report(Span(token.start, token.end), "legacy", encoding=kind, sample=token.text, count=count)


# --- confusable ----------------------------------------------------------------------------


class Confusable(Rule):
    """Kiểm tra: từ gõ nhầm dấu hoặc phụ âm thành một từ khác (bộ từ dễ nhầm).

    Vì sao: lỗi dấu thanh, s/x, ch/tr, d/gi/r, n/l, hỏi/ngã tạo ra chữ có thật nên trình
    kiểm tra chính tả bỏ qua; bộ từ `rules/confusables.toml` (và bộ từ riêng khai báo trong
    cấu hình) liệt kê dạng sai, dạng đúng và ngữ cảnh để không báo nhầm cách dùng hợp lệ.
    Sai: `phân đầu hoàn thành`, `sáng tạo bút phá`, `Tiền độ thu hoạch`, `Xây ra 09 vụ`
    Đúng: `phấn đấu hoàn thành`, `sáng tạo bứt phá`, `Tiến độ thu hoạch`, `Xảy ra 09 vụ`

    Giới hạn: chỉ báo các mục có trong bộ từ; `phần đầu` chỉ bị báo trước động từ
    (hoàn thành, thực hiện, đạt, giảm...) hoặc sau `dự toán`. Im lặng khi cặp từ nằm vắt qua
    hai từ ghép (`lãi suất phát hành`, `chủ chương trình`: `rules/compounds.toml`).

    [en]
    What it checks: words typed with a wrong tone mark or consonant that make another word.

    Why: tone-mark, s/x, ch/tr, d/gi/r, n/l and hỏi/ngã slips make real-looking words that
    spell checkers accept; the pack `rules/confusables.toml` (plus packs named in the
    configuration) lists the wrong form, the right one and the context that keeps a legitimate
    use silent.
    Bad: `phân đầu hoàn thành`, `sáng tạo bút phá`, `Tiền độ thu hoạch`, `Xây ra 09 vụ`
    Good: `phấn đấu hoàn thành`, `sáng tạo bứt phá`, `Tiến độ thu hoạch`, `Xảy ra 09 vụ`

    Known limits: reports only what the pack lists; `phần đầu` fires only before a verb
    (hoàn thành, thực hiện, đạt, giảm...) or after `dự toán`. Silent when the pair straddles
    two compounds (`lãi suất phát hành`, `chủ chương trình`: `rules/compounds.toml`).
    """

    name = "confusable"
    code = "DL501"
    severity = Severity.WARNING
    family = "language"
    fixable = True

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        if encoding_verdict(doc) is not None:
            return
        try:
            pack = load_pack(tuple(ctx.settings.extra_confusables))
        except PackError as exc:
            yield ctx.report(Span(0, 0), "bad-pack", error=str(exc))
            return
        for hit in confusable_hits(doc, pack):
            yield ctx.report(Span(hit.start, hit.end), "confusable", found=hit.found, right=hit.suggestion,
                             suggestion=hit.suggestion, fix=Fix.replace(Span(hit.start, hit.end), hit.suggestion, UNSAFE))


def confusable_hits(doc: Document, pack: Pack) -> list[Hit]:
    """The hits of ``pack`` in the document, found once for every rule that needs them
    (confusable reports them, context-typo leaves their words to it)."""
    key = (confusable_hits, pack)
    found = doc.facts.get(key)
    if found is None:
        found = doc.facts[key] = list(pack.find(doc.clean, folded_words(doc), folded=True, squeezed=squeezed(doc)))
    return found  # type: ignore[return-value]


# --- invalid syllable ----------------------------------------------------------------------


def _stop_tone_only(word: str) -> bool:
    """True when ``word`` parses except for a tone the p/t/c/ch coda cannot take."""
    base, _tone, count = split_tone(word.casefold())
    return count == 1 and any(rhyme.endswith(STOP_CODAS) for _onset, rhyme in _parses(base))


class InvalidSyllable(Rule):
    """Kiểm tra: chữ không thể là một âm tiết tiếng Việt (sót phím gõ Telex/VNI, sai vần, sai dấu).

    Vì sao: âm tiết tiếng Việt gồm phụ âm đầu, âm đệm, âm chính, âm cuối và thanh; vần kết
    thúc bằng p, t, c, ch chỉ mang dấu sắc hoặc nặng. Chữ sai cấu trúc thường là lỗi gõ:
    sót phím Telex (`vieejc`, `tieengs`) hoặc VNI (`vie65c`). Dấu thanh đặt trên nguyên âm
    mà không kiểu nào cho phép (`lòai`, `thóat`, `vựơt`) cũng là lỗi gõ; kiểu cũ và kiểu mới
    (`hòa`/`hoà`, `thủy`/`thuỷ`) đều đúng.
    Sai: `giải quyết công vieejc`, `chầp hành`, `tập đòan`, `HÒAN THÀNH`
    Đúng: `giải quyết công việc`, `chấp hành`, `tập đoàn`, `HOÀN THÀNH`

    Giới hạn: bỏ qua chữ viết tắt, chữ viết hoa (tên riêng, có thể là tiếng dân tộc hoặc
    tiếng nước ngoài; chữ viết hoa chỉ được kiểm tra vị trí dấu thanh), số, mã, chữ không dấu không phải kiểu gõ Telex (file, online, golf),
    chữ ngoài bảng chữ Việt (Cyrillic, ký hiệu toán), từ vay mượn (kilôgam, axít: không dấu
    thanh mà tách được thành âm tiết, hoặc có trong `rules/loanwords.toml`) và mảnh âm tiết
    bị lớp chữ PDF tách rời (`đ ư ợc`), chỉ số dưới của biến trong công thức bị dính vào biến khi
    chuyển văn bản (`Điểm giáđang xét`, `Gđang xét`: cùng chỉ số sau hai biến khác nhau). Văn bản có từ 5 chữ sai khác nhau trở lên và dày đặc
    (một chữ sai trong 1.500 chữ, văn bản từ 150 chữ) được coi là văn bản nhận dạng OCR hoặc lớp chữ PDF hỏng: báo
    một lần cho cả văn bản, kèm ví dụ, thay vì từng chữ.

    [en]
    What it checks: a word that cannot be a Vietnamese syllable (leftover Telex/VNI keys, bad rhyme or tone).

    Why: a syllable is onset, glide, nucleus, coda and tone, and a p/t/c/ch coda takes only the
    sắc or nặng tone; a word breaking that is a typing slip, often leftover Telex keys
    (`vieejc`, `tieengs`) or VNI digits (`vie65c`). A tone mark on a vowel no placement style
    allows (`lòai`, `thóat`, `vựơt`) is a slip too; old and new style (`hòa`/`hoà`,
    `thủy`/`thuỷ`) are both right.
    Bad: `giải quyết công vieejc`, `chầp hành`, `tập đòan`, `HÒAN THÀNH`
    Good: `giải quyết công việc`, `chấp hành`, `tập đoàn`, `HOÀN THÀNH`

    Known limits: skips abbreviations, capitalised words (names, possibly minority-language or
    foreign; only their tone placement is checked), numbers, codes, plain-ASCII words that are not Telex shapes (file, online), words
    outside the Vietnamese alphabet (Cyrillic, mathematical letters), loanwords (kilôgam, axít:
    toneless and splitting into syllables, or listed in `rules/loanwords.toml`) and pieces of a
    syllable that a PDF text layer split (`đ ư ợc`), and a formula's subscript run into its variable by
    a text export (`Điểm giáđang xét`, `Gđang xét`: the same index after two different variables). A text with 5 or more distinct broken words,
    at least one per 1,500 words in a text of 150 words or more, is taken for OCR output or a broken PDF text layer: it gets one
    finding for the whole document, with examples, instead of one per word.
    """

    name = "invalid-syllable"
    code = "DL503"
    severity = Severity.WARNING
    family = "language"

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        if encoding_verdict(doc) is not None:
            return
        verdicts = _verdicts(vocabulary(doc).words)
        clean = doc.clean
        found: list[tuple[Token, str, dict[str, object]]] = []
        for token in occurrences(doc, verdicts):
            key, params = verdicts[token.text]
            if key == "typing" and not _vietnamese_nearby(clean, token):
                continue  # ASCII among ASCII words: English or Latin, not leftover keys
            if key != "typing" and _split_syllable(clean, token):
                continue  # a syllable cut by spaces in a PDF text layer ("đ ư ợc"), not a misspelling
            if key == "invalid" and _lost_index(clean, token):
                continue  # a formula's subscript run into its variable ("Điểm giáđang xét"), not a slip
            found.append((token, key, params))
        if _damaged_text(found, clean):
            yield _damaged_summary(ctx, found)
            return
        for token, key, params in found:
            yield ctx.report(Span(token.start, token.end), key, **params)
        yield from _plain_slips(doc, ctx)


DAMAGED_DISTINCT = 5  # distinct broken words from which a text may be damaged, not slipped ...
DAMAGED_PER_WORD = 1 / 1500  # ... when they are also this dense
DAMAGED_MIN_WORDS = 150  # a text, not a sentence of examples


def _damaged_text(found: list[tuple[Token, str, dict[str, object]]], clean: str) -> bool:
    """Many different broken words, densely: an OCR'd scan or a broken PDF text layer.

    A typist leaves a few slips; recognition leaves dozens (``Vẻ``, ``thé``, ``quôc``). Listing
    each one buries the document in findings that all say the same thing: check the source."""
    broken = [token for token, key, _params in found if key == "invalid"]  # not typing keys or tone places
    if len({token.text for token in broken}) < DAMAGED_DISTINCT or clean.count(" ") < DAMAGED_MIN_WORDS:
        return False
    return len(broken) >= clean.count(" ") * DAMAGED_PER_WORD


def _damaged_summary(ctx: RuleContext, found: list[tuple[Token, str, dict[str, object]]]) -> Diagnostic:
    first = found[0][0]
    examples: list[str] = []
    for token, _key, _params in found:
        if token.text not in examples:
            examples.append(token.text)
    return ctx.report(Span(first.start, first.end), "damaged", count=len(found), distinct=len(examples),
                      examples=", ".join(f"“{word}”" for word in examples[:6]))


def _plain_slips(doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
    """Plain-ASCII words between two Vietnamese words that are a word of the document with its
    marks lost (``kế hoach``), its tone typed as a bare Telex key (``vaf``, ``cuar``) or a chat
    abbreviation (``ko``, ``đc``)."""
    vocab = vocabulary(doc)
    counts: Counter[str] = Counter()
    for word, count in zip(folded_words(doc), vocab.counts):
        counts[word] += count
    plain = _plain_forms(counts)
    if len(plain) > _DAMAGED:
        return  # marks lost all over: a damaged text layer, where "ko" may be a garbled "các"
    if len(plain) > _SLIPS_MAX:
        plain = {}  # many words without marks: maybe a damaged text layer, not a typist's slips
    bare = {w for w in filter(str.isascii, vocab.words) if _may_lack_marks(w) and counts.get(w, 0) <= _PLAIN_MAX}
    if bare:
        bare = set(filter(_has_marked_forms, bare))
    wanted = {w for w in vocab.words if w in plain or w in _CHAT} | bare
    if not wanted:
        return
    clean = doc.clean
    folded = clean.casefold()
    found: list[tuple[Token, str, str]] = []
    common: list[tuple[Token, str, str]] = []  # marks restored from the word model, not the document
    for token in occurrences(doc, wanted):
        before, after = _word_before(clean, token.start), _word_after(clean, token.end)
        before, after = _CHAT_BESIDE.get(before, before), _CHAT_BESIDE.get(after, after)  # "ko đc": read each other
        if not _vietnamese_pair(before, after) or _split_syllable(clean, token):
            continue
        if token.text in _CHAT:
            right = _chat_meaning(token.text, before, after)
            if right is not None:
                found.append((token, "chat", right))
            continue
        right = None
        if token.text in plain:
            right = _likely_marked(token.text, plain[token.text], before.casefold(), after.casefold(), counts, folded)
        if right is not None:
            found.append((token, "unmarked" if _strip_marks(right) == token.text else "typing-plain", right))
        elif token.text in bare:
            right = _commonly_marked(token.text, before, after)
            if right is not None:
                common.append((token, "unmarked-common", right))
    if common and len({token.text for token, _key, _right in common}) <= _SLIPS_MAX and not _marks_lost(doc):
        found = sorted(found + common, key=lambda item: item[0].start)
    for token, key, right in found:
        yield ctx.report(Span(token.start, token.end), key, found=token.text, right=right, suggestion=right)


MODEL_SUPPORT = 3  # times the model's corpus writes the marked word beside each neighbour, at least
MODEL_STRONG = 30  # ... and beside one of them at least this often


@lru_cache(maxsize=65536)
def _may_lack_marks(word: str) -> bool:
    """A lower-case plain-ASCII word that is no syllable, no known foreign word and no leftover
    typing keys (reported as such): ``phuc``, ``hoach``, ``thuoc`` may be a marked word typed bare."""
    return (word.isascii() and word.isalpha() and word.islower() and len(word) > 1 and not is_valid(word)
            and word not in _foreign() and bool(_VOWELS.intersection(word)) and _typing_verdict(word) is None)


def _has_marked_forms(word: str) -> bool:
    """Whether the word model knows a syllable written with the letters of plain ``word``."""
    from doclint.rules.context import ModelError, load_model  # the model loads only when asked

    try:
        return bool(load_model().same_letters(word))
    except ModelError:
        return False


def _commonly_marked(word: str, before: str, after: str) -> str | None:
    """The syllable with the letters of plain ``word`` that the word model's corpus writes beside
    both neighbours (``chưa phuc hồi``: phục), when one stands out; None when the model is missing."""
    from doclint.rules.context import ModelError, load_model, normalise  # the model loads only when asked

    try:
        model = load_model()
    except ModelError:
        return None
    left, right = normalise(before), normalise(after)
    scored = sorted(((min(model.bigram(left, c), model.bigram(c, right)), model.bigram(left, c) + model.bigram(c, right), c)
                     for c in model.same_letters(word)), reverse=True)
    if not scored or scored[0][0] < MODEL_SUPPORT or scored[0][1] < MODEL_STRONG + MODEL_SUPPORT:
        return None
    if len(scored) > 1 and scored[1][0] * 10 > scored[0][0]:
        return None  # two marked words fit the place: no telling which was meant
    return scored[0][2]


def _marks_lost(doc: Document) -> bool:
    """Whether the document's syllables often lost their marks (``van ban``, ``dam bao``): a text
    layer or a typist without a Vietnamese keyboard, not a slip the word model may correct."""
    from doclint.facts import machine_read
    from doclint.rules.context import MAX_UNMARKED, MIN_NOISY, ModelError, load_model, normalise
    from doclint.tokens import piece_counts

    if machine_read(doc):
        return True
    try:
        model = load_model()
    except ModelError:
        return True
    lower = {w: n for w, n in piece_counts(doc).items() if w.isalpha() and w.islower()}
    lost = sum(n for w, n in lower.items() if w.isascii() and is_valid(w) and model.lost_marks(normalise(w)))
    return lost >= MIN_NOISY and lost > sum(lower.values()) * MAX_UNMARKED


_STRIP = str.maketrans("ăâđêôơư", "aadeoou")
_TONE_KEYS = {"sắc": "s", "huyền": "f", "hỏi": "r", "ngã": "x", "nặng": "j"}


def _strip_marks(word: str) -> str:
    """``word`` with every Vietnamese mark removed (``hoạch`` → ``hoach``, ``được`` → ``duoc``)."""
    return split_tone(word)[0].translate(_STRIP)


def _plain_forms(counts: Counter[str]) -> dict[str, set[str]]:
    """Rare plain-ASCII words of the document mapped to the marked words of the document they
    may stand for: the word without its marks (``hoach``: hoạch) or with its tone typed as a
    bare Telex key at the end (``vaf``: và, ``loif``: lời)."""
    rare = {w for w, n in counts.items() if n <= _PLAIN_MAX and w.isascii() and w.isalpha() and len(w) > 1}
    rare -= _foreign()
    out: dict[str, set[str]] = {}
    if not rare:
        return out
    for word in counts:
        for form in _plain_forms_of(word):
            if form in rare:
                out.setdefault(form, set()).add(word)
    return out


@lru_cache(maxsize=65536)
def _plain_forms_of(word: str) -> tuple[str, ...]:
    """The plain-ASCII forms a Vietnamese word with marks may be typed as (see :func:`_plain_forms`),
    learnt once per word (documents share most of their words)."""
    if word.isascii() or not _VIETNAMESE_LETTERS.issuperset(word) or not is_valid(word):
        return ()
    bare = _strip_marks(word)
    tone = split_tone(word)[1]
    # a form that is itself a syllable (nay, ngay, ung) may be the word meant
    return tuple(form for form in (bare, bare + _TONE_KEYS[tone] if tone else bare)
                 if form != word and not is_valid(form))


_SLIPS_MAX = 2  # distinct unmarked forms a typed document may hold; more is a damaged text layer
_DAMAGED = 5  # distinct unmarked forms beyond which even chat abbreviations are not sought
_PLAIN_MAX = 2  # a plain word met more often is meant (a name, a code, a toneless word)
_TYPED_SUPPORT = 3  # times a word must occur for a bare-tone-key form of it to be read so
_SUPPORT = 2  # times the marked word must stand beside the same neighbour elsewhere


def _likely_marked(word: str, candidates: set[str], before: str, after: str, counts: Counter[str],
                   folded: str) -> str | None:
    """The marked word ``word`` stands for, when the document writes it beside the same
    neighbour at least twice and never writes the plain form so."""
    if folded.count(f"{before} {word}") > 1 or folded.count(f"{word} {after}") > 1:
        return None
    best, support = None, 0
    for mark in candidates:
        seen = max(folded.count(f"{before} {mark}"), folded.count(f"{mark} {after}"))
        if seen > support:
            best, support = mark, seen
    if support >= _SUPPORT:
        return best
    # a bare tone key (vaf, cuar) is no word at all: the marked word need only be common here
    typed = [m for m in candidates if _strip_marks(m) != word and counts.get(m, 0) >= _TYPED_SUPPORT]
    return typed[0] if len(typed) == 1 else None


_CHAT = {"ko": "không", "k": "không", "đc": "được", "dc": "được", "vs": "với"}
_CHAT_BESIDE = {w: meant for w, meant in _CHAT.items() if w != "k"}  # a lone k is a list letter or a variable
# "k" is also a variable or the eleventh list letter (điểm k, hệ số k): only before these words
_AFTER_K = frozenset("có được phải thể đủ đạt đúng còn nên cần bao thực chấp cho".split())
_BEFORE_K = frozenset("số điểm và hoặc từ đến tại hệ".split())


def _chat_meaning(word: str, before: str, after: str) -> str | None:
    if not (before.islower() and after.islower()):
        return None  # đc Nguyễn Văn A: "đồng chí" before a name
    if word == "k" and (after not in _AFTER_K or before in _BEFORE_K):
        return None
    return _CHAT[word]


def _vietnamese_pair(before: str, after: str) -> bool:
    """Whether both neighbours are Vietnamese syllables, at least one with marks."""
    return bool(before and after) and _syllable(before) and _syllable(after) and not (before + after).isascii()


def _syllable(word: str) -> bool:
    lower = word.casefold()
    return _VIETNAMESE_LETTERS.issuperset(lower) and is_valid(lower)


def _marked_syllable(word: str) -> bool:
    """Whether ``word`` is a Vietnamese syllable with at least one mark (not a fragment)."""
    lower = word.casefold()
    return bool(word) and not word.isascii() and _VIETNAMESE_LETTERS.issuperset(lower) and is_valid(lower)


def _word_before(text: str, start: int) -> str:
    """The letters right before ``start`` across exactly one space, or ""."""
    if start < 2 or text[start - 1] != " ":
        return ""
    end = begin = start - 1
    while begin > 0 and text[begin - 1].isalpha():
        begin -= 1
    return text[begin:end]


def _word_after(text: str, end: int) -> str:
    """The letters right after ``end`` across exactly one space, or ""."""
    if end + 1 >= len(text) or text[end] != " ":
        return ""
    begin = stop = end + 1
    while stop < len(text) and text[stop].isalpha():
        stop += 1
    return text[begin:stop]


# Words already judged fine, shared by all documents: they share most of their words, and a
# set difference (in C) leaves only the new ones to judge. Bounded, as a long run sees
# numbers and codes without end.
_FINE_WORDS: set[str] = set()
_FINE_WORDS_MAX = 200_000


def _verdicts(words: list[str]) -> dict[str, tuple[str, dict[str, str]]]:
    """The finding each word of ``words`` deserves, for the words that deserve one."""
    if _FINE_WORDS.issuperset(words):  # the common case, without building a set
        return {}
    if len(_FINE_WORDS) > _FINE_WORDS_MAX:
        _FINE_WORDS.clear()
    out = {}
    for word in set(words).difference(_FINE_WORDS):
        verdict = _verdict(word)
        if verdict is None:
            _FINE_WORDS.add(word)
        else:
            out[word] = verdict
    return out


def _verdict(text: str) -> tuple[str, dict[str, str]] | None:
    """The finding a word deserves (message key and parameters), or None when it is fine."""
    lower = text.lower()
    if text.isascii():
        return _typing_verdict(text) if text == lower and text.isalnum() and not text.isdigit() else None
    if len(text) < 2 or not _VIETNAMESE_LETTERS.issuperset(lower):
        return None
    right = misplaced_tone(lower)
    if right is not None:
        return "tone-place", {"found": text, "right": _same_case(right, text), "suggestion": _same_case(right, text)}
    if text != lower or is_valid(text):
        return None
    if text in _accepted() or _loanword_shape(text) or not _VOWELS.intersection(text):
        return None  # a loanword, or an abbreviation with no vowel (sđ, ntđ)
    return ("stop-tone" if _stop_tone_only(text) else "invalid"), {"found": text}


def _same_case(word: str, model: str) -> str:
    """``word`` in the case of ``model`` (all capitals, capitalised or lower case)."""
    if model.isupper():
        return word.upper()
    return word[:1].upper() + word[1:] if model[:1].isupper() else word


def _typing_verdict(text: str) -> tuple[str, dict[str, str]] | None:
    """A lower-case ASCII word that is leftover Telex or VNI keys of a Vietnamese syllable.

    Only shapes a typist leaves and English does not: Telex with a tone key (``vieejc``) or
    ``dd`` (``ddaau``), VNI with a digit inside the word or two digits (``tie61ng``,
    ``viet65``); one trailing digit is a footnote or a grade (``Nam3``, ``Ba1``)."""
    if is_valid(text) or text in _foreign() or text.startswith(("aa", "ee", "oo")):
        return None  # "ee", "eens", "oo": debris of scanned lines more often than an "ê" typed
    meant = decode_typing(text)
    if meant is None:
        return None
    if any(c.isdigit() for c in text):
        if text[-1].isdigit() and not text[-2].isdigit():
            return None
        method = "VNI"
    else:
        if split_tone(meant)[1] is None and "dd" not in text:
            return None
        method = "Telex"
    return "typing", {"found": text, "right": meant, "method": method, "suggestion": meant}


_VIETNAMESE_LETTERS = frozenset(
    "abcdefghijklmnopqrstuvwxyzđ"
    "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
)
_VOWELS = frozenset("aăâeêioôơuưyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")
_LOAN_ONSETS = {"z": "d", "f": "ph", "j": "gi", "w": "u"}
_CLUSTER_ONSETS = ("bl", "br", "cl", "cr", "dr", "fl", "fr", "gl", "gr", "pl", "pr", "sl", "sp", "st", "tr", "kr")


@lru_cache(maxsize=1)
def _loanword_data() -> dict[str, list[str]]:
    return load_toml(rules_dir() / "loanwords.toml")


@lru_cache(maxsize=1)
def _accepted() -> frozenset[str]:
    data = _loanword_data()
    return frozenset(data.get("loanwords", [])) | frozenset(data.get("variants", []))


@lru_cache(maxsize=1)
def _foreign() -> frozenset[str]:
    return frozenset(_loanword_data().get("foreign", []))


def _loanword_shape(word: str) -> bool:
    """A word with no tone mark that splits into Vietnamese syllables (``ki-lô-gam``,
    ``nơ-tron``, ``ma-giê``): a loanword written the Vietnamese way. Two words run together
    almost always carry a tone mark (``hộivà``), and so do the misspellings this rule is for.
    ``ưo`` is ``ươ`` with a horn left out (``chưong``): no loanword spells it so."""
    return split_tone(word)[2] == 0 and "ưo" not in word and _splits(word)


@lru_cache(maxsize=4096)
def _splits(word: str) -> bool:
    """Whether ``word`` is two or more loanword syllables: valid syllables, one of which may
    start with a consonant cluster (``crôm``, ``micrô``)."""
    for cut in range(1, len(word)):
        head, tail = word[:cut], word[cut:]
        if _loan_syllable(head) and (_loan_syllable(tail) or _splits(tail)):
            return True
    return False


def _loan_syllable(piece: str) -> bool:
    if is_valid(piece):
        return True
    if piece[0] in _LOAN_ONSETS and is_valid(_LOAN_ONSETS[piece[0]] + piece[1:]):
        return True  # ôzôn, điêzen, phốtfat: letters Vietnamese spells otherwise
    return piece[:2] in _CLUSTER_ONSETS and is_valid(piece[1:])


def _vietnamese_nearby(text: str, token: Token, reach: int = 40) -> bool:
    """Whether a word with Vietnamese marks stands near ``token`` on its line."""
    start = max(text.rfind("\n", 0, token.start) + 1, token.start - reach)
    end = text.find("\n", token.end)
    end = min(len(text) if end < 0 else end, token.end + reach)
    return not (text[start : token.start].isascii() and text[token.end : end].isascii())


def _split_syllable(text: str, token: Token) -> bool:
    """Whether ``token`` joined with the short pieces beside it (one space apart on the same
    line) makes a valid syllable: ``đ ư ợc``, ``Tr ư ởng``, ``viê n`` come from a PDF text
    layer that placed letters apart."""
    left = _pieces_before(text, token.start)
    right = _pieces_after(text, token.end)
    for i in range(len(left) + 1):
        for j in range(len(right) + 1):
            if i + j and is_valid("".join(left[len(left) - i :]) + token.text + "".join(right[:j])):
                return True
    return False


def _lost_index(text: str, token: Token) -> bool:
    """Whether ``token`` is a word with a subscript run into it by a text export: its tail is a
    syllable that, with the word after it, stands glued to two different words in the document
    (``Điểm giáđang xét``, ``Điểm kỹ thuậtđang xét``, ``Gđang xét``: variables of a formula
    with the index "đang xét"). Each head is a syllable or a one-letter variable and the tail
    starts with a consonant, so a misread syllable (``quyét dinh``: "quy" + "ét") is no head
    and tail. Two words run together by a lost space (``hộivà``) do not repeat their tail and
    its next word after another head."""
    after = _word_after(text, token.end)
    if not after:
        return False
    word = token.text
    for cut in range(1, len(word) - 1):
        tail = word[cut:]
        if tail[0] in _VOWELS or not is_valid(tail):
            continue
        phrase = f"{tail} {after}"
        heads: set[str] = set()
        at = text.find(phrase)
        while at >= 0:
            stop = at + len(phrase)
            if at and text[at - 1].isalpha() and not (stop < len(text) and text[stop].isalpha()):
                begin = at
                while begin and text[begin - 1].isalpha():
                    begin -= 1
                head = text[begin:at]
                if _index_head(head) and not is_valid((head + tail).casefold()):
                    heads.add(head.casefold())
                    if len(heads) > 1:
                        return True
            at = text.find(phrase, at + 1)
    return False


def _index_head(head: str) -> bool:
    """A variable a subscript may follow: a syllable (``giá``, ``thuật``) or one capital (``G``)."""
    return (len(head) == 1 and head.isupper()) or is_valid(head.casefold())


_PIECE_MAX = 4  # letters of a fragment beside a cut syllable


def _pieces_before(text: str, start: int, count: int = 2) -> list[str]:
    out: list[str] = []
    while len(out) < count and start >= 2 and text[start - 1] == " ":
        end = start - 1
        begin = end
        while begin > 0 and text[begin - 1].isalpha() and end - begin < _PIECE_MAX + 1:
            begin -= 1
        if begin == end or end - begin > _PIECE_MAX or (begin > 0 and text[begin - 1].isalpha()):
            break
        out.insert(0, text[begin:end])
        start = begin
    return out


def _pieces_after(text: str, end: int, count: int = 2) -> list[str]:
    out: list[str] = []
    while len(out) < count and end + 1 < len(text) and text[end] == " ":
        begin = end + 1
        stop = begin
        while stop < len(text) and text[stop].isalpha() and stop - begin < _PIECE_MAX + 1:
            stop += 1
        if stop == begin or stop - begin > _PIECE_MAX or (stop < len(text) and text[stop].isalpha()):
            break
        out.append(text[begin:stop])
        end = stop
    return out


# --- tone style ----------------------------------------------------------------------------

# Run over the casefolded vocabulary, one word per line, a word ending in the old placement
# (hòa, thủy: group "old") or the new one (hoá, thuỷ), not after q (quý, quà: u is no glide).
# It starts at the marked vowel, the only rare letter of both, so the regex engine skips to it.
_MARKED = "òóỏõọùúủũụàáảãạèéẻẽẹỳýỷỹỵ"
_TONE_STYLE = rx.compile(
    rf"[{_MARKED}](?:(?P<old>(?<=[òóỏõọ])[ae]|(?<=[ùúủũụ])y)|(?<=o[àáảãạèéẻẽẹ]|u[ỳýỷỹỵ]))(?<!q..)$",
    re.MULTILINE,
)


class ToneStyle(Rule):
    """Kiểm tra: một văn bản dùng lẫn hai kiểu đặt dấu thanh (`hòa`/`hoá`, `ủy`/`uỷ`).

    Vì sao: cả hai kiểu đều được dùng (chính NĐ 30/2020 cũng dùng lẫn), nhưng thống nhất một
    kiểu trong một văn bản là lịch sự; chỉ báo một lần cho cả văn bản, mức thông tin.
    Sai: `Ủy ban ... Văn hoá ... văn hóa`
    Đúng: `Ủy ban ... Văn hóa ... văn hóa`

    [en]
    What it checks: one document mixing the two tone-mark placements (`hòa`/`hoá`, `ủy`/`uỷ`).

    Why: both are in use (NĐ 30/2020 itself mixes them) but one style per document is a
    courtesy; reported once per document, as info.
    Bad: `Ủy ban ... Văn hoá ... văn hóa`
    Good: `Ủy ban ... Văn hóa ... văn hóa`
    """

    name = "tone-style"
    code = "DL504"
    severity = Severity.INFO
    family = "language"
    fixable = True

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        if encoding_verdict(doc) is not None:
            return
        old, new = _tone_styles(doc)
        n_old, n_new = sum(old.values()), sum(new.values())
        if not n_old or not n_new:
            return
        first = first_occurrence(doc, new if n_new < n_old else old)
        yield ctx.report(Span(first.start, first.end), "mixed", old=n_old, new=n_new,
                         old_examples=_examples(old), new_examples=_examples(new),
                         fix=_tone_fix(doc, new if n_new < n_old else old, to_old=n_new < n_old))


def _tone_styles(doc: Document) -> tuple[Counter[str], Counter[str]]:
    """The words of each tone-mark style with their counts, in order of first use."""
    old: Counter[str] = Counter()
    new: Counter[str] = Counter()
    words, counts, folded = vocabulary(doc)
    line, scanned = 0, 0
    for match in _TONE_STYLE.finditer(folded):
        line += folded.count("\n", scanned, match.start())
        scanned = match.start()
        (old if match.group("old") else new)[words[line]] += counts[line]
    return old, new


_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def _tone_fix(doc: Document, words: Counter[str], to_old: bool) -> Fix | None:
    """Every use of the less used style's words rewritten in the other style: the tone mark
    moved between the last two vowels (`hoá` -> `hóa`), nothing else touched."""
    clean, edits = doc.clean, []
    for word in words:
        pair = _moved_tone(word[-2:], to_old)
        if pair is None:
            continue
        at = clean.find(word)
        while at >= 0:
            if _is_core(clean, at, at + len(word)):
                edits.append(Edit(at + len(word) - 2, at + len(word), pair))
            at = clean.find(word, at + 1)
    return Fix(tuple(sorted(edits, key=lambda e: e.start))) if edits else None


def _moved_tone(pair: str, to_first: bool) -> str | None:
    first, second = (unicodedata.normalize("NFD", c) for c in pair)
    source, target = (second, first) if to_first else (first, second)
    marks = [m for m in source if m in _TONE_MARKS]
    if len(pair) != 2 or len(marks) != 1 or any(m in _TONE_MARKS for m in target):
        return None
    source, target = source.replace(marks[0], ""), target + marks[0]
    first, second = (target, source) if to_first else (source, target)
    return unicodedata.normalize("NFC", first) + unicodedata.normalize("NFC", second)


def _examples(found: Counter[str]) -> str:
    """The two most used words of a style (lower-cased)."""
    seen: Counter[str] = Counter()
    for word, count in found.items():
        seen[word.lower()] += count
    return ", ".join(word for word, _ in seen.most_common(2))


# --- name variant --------------------------------------------------------------------------

_WORD = rx.compile(r"[^\W\d_]+")


class NameUse(NamedTuple):  # a tuple: a frozen dataclass costs a microsecond per name
    start: int
    end: int
    text: str
    identity: tuple[tuple[str, str | None], ...]  # (toneless base, tone) per syllable


@lru_cache(maxsize=8192)
def _skeleton(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text.casefold()) if unicodedata.category(c) != "Mn")


@lru_cache(maxsize=8192)
def _identity(text: str) -> tuple[tuple[str, str | None], ...]:
    out = []
    for word in text.split():
        base, tone, _count = split_tone(word.casefold())
        out.append((base, tone))
    return tuple(out)


def _letters(test) -> str:
    chars = [chr(c) for r in ((0x41, 0x250), (0x1E00, 0x1F00)) for c in range(*r) if test(chr(c))]
    return "".join(chars)


_UPPER = "[" + re.escape(_letters(lambda c: c.isalpha() and c.isupper())) + "]"
_LOWER = "[" + re.escape(_letters(lambda c: c.isalpha() and c.islower())) + "]"
# Two or more capitalised words joined by single spaces: the only places a name can be, so the
# syllable check runs on a few hundred words instead of every word of the document. "Not after
# a letter" is checked behind the first two letters, not before them: a pattern that starts
# with a character class lets the regex engine skip to capitals in C (4x faster); the second
# word is spelled out, so " X" is tested before the engine sets up a repetition.
_NAME_RUN = rx.compile(rf"{_UPPER}{_LOWER}(?<![^\W\d_]..){_LOWER}* {_UPPER}{_LOWER}+(?: {_UPPER}{_LOWER}+)*(?![^\W\d_])")


def proper_names(doc: Document) -> list[NameUse]:
    """Runs of two or more capitalised Vietnamese syllables joined by single spaces; after the
    word that opens an agency or a law (`Luật`, `Bộ`, `Ban`: rules/names.toml), the run goes on
    with the lower-case syllable that completes its word (`Luật Đấu thầu`, `Bộ Giáo dục`)."""
    out: list[NameUse] = []
    clean = doc.clean
    heads = _name_data()[0]
    for match in _NAME_RUN.finditer(clean):
        text = match.group()
        words = text.split(" ")
        if not all(map(is_valid, words)):
            continue  # a name with a non-Vietnamese syllable (Đa Krông, Đạ Tẻh): its parts are no names
        start, end = match.span()
        if len(words) > 1 and words[-2].casefold() in heads:
            following = _lower_word_after(clean, end)
            if following:
                end += 1 + len(following)
                text = clean[start:end]
        out.append(NameUse(start, end, text, _identity(text)))
    return out


def _lower_word_after(text: str, end: int) -> str:
    """The lower-case syllable one space after ``end``, or ""."""
    if text[end : end + 1] != " ":
        return ""
    stop = end + 1
    while stop < len(text) and text[stop].isalpha():
        stop += 1
    word = text[end + 1 : stop]
    return word if word and word.islower() and is_valid(word) and word not in _name_data()[2] else ""


@lru_cache(maxsize=1)
def _name_data() -> tuple[frozenset[str], tuple[frozenset[str], ...], frozenset[str], frozenset[str]]:
    """(words that open an agency or law name, known distinct name pairs, words that never go
    on a name, words of administrative levels) of rules/names.toml."""
    data = load_toml(rules_dir() / "names.toml")
    return (frozenset(data["heads"]), tuple(frozenset(pair) for pair in data["distinct"]),
            frozenset(data["function_words"]), frozenset(data["unit_words"]))


def _spelling_groups(uses: list[NameUse]) -> Iterator[list[NameUse]]:
    """The uses of each name spelled more than one way (same letters, other marks), in order.

    Grouped by text first: a document repeats its names, so the skeleton and the spellings
    are compared once per distinct text, not once per use."""
    by_text: dict[str, list[NameUse]] = {}
    for use in uses:
        by_text.setdefault(use.text, []).append(use)
    by_skeleton: dict[str, list[str]] = {}
    for text in by_text:
        by_skeleton.setdefault(_skeleton(text), []).append(text)
    for texts in by_skeleton.values():
        if len({by_text[text][0].identity for text in texts}) > 1:
            yield sorted((use for text in texts for use in by_text[text]), key=attrgetter("start"))


class NameVariant(Rule):
    """Kiểm tra: cùng một tên riêng viết hai cách trong một văn bản: chỉ khác dấu, tên cơ quan lúc có lúc không có chữ "và", hoặc lúc viết hoa lúc không một âm tiết.

    Vì sao: tên địa danh, đơn vị viết sai dấu (`Đồng Mô` bên cạnh `Đồng Mỏ`) là lỗi gõ;
    báo cách viết ít gặp hơn ở từng chỗ, nêu cách viết chiếm đa số. Hai kiểu đặt dấu
    (`Hòa`/`Hoà`) được coi là một. Tên cơ quan ghép hai lĩnh vực bằng "và" (`Sở Tài nguyên và
    Môi trường`) mà chỗ khác viết thiếu "và" cũng bị báo ở chỗ viết thiếu. Tên cơ quan chỉ
    viết hoa âm tiết đầu của từ chỉ loại hình, lĩnh vực và viết thường cấp hành chính trước địa
    danh (NĐ 30/2020, Phụ lục II): `Bộ Tài Chính`, `Ủy ban nhân dân Xã` bên cạnh `Bộ Tài chính`,
    `Ủy ban nhân dân xã` dùng nhiều hơn bị báo ở chỗ viết hoa.
    Sai: `thị trấn Đồng Mỏ ... thị trấn Đồng Mô ... thị trấn Đồng Mỏ`, `Bộ Tài chính ... Bộ Tài Chính ... Bộ Tài chính`
    Đúng: `thị trấn Đồng Mỏ ... thị trấn Đồng Mỏ ... thị trấn Đồng Mỏ`, `Bộ Tài chính ... Bộ Tài chính ... Bộ Tài chính`

    Giới hạn: khi hai cách viết dùng nhiều như nhau, không đoán cách nào đúng: báo một lần
    rằng tên được viết hai cách (nêu cả hai). Bỏ qua cặp tên khác nhau có thật đã biết, tên
    viết không dấu (bản tiếng Anh, tài liệu tham khảo), các tên gần giống nhau trong một danh
    sách địa danh. Tên cơ quan, luật gồm cả âm tiết viết thường đi sau (`Luật Đấu thầu` khác
    `Luật Đầu tư`; `rules/names.toml`). Chữ hoa chỉ xét các từ có trong `rules/names.toml`
    (`[capitals]`; không có `Công Thương`, viết hoa cả hai), và chỉ báo khi cách viết thường
    nhiều hơn (hòa thì báo một lần nêu cả hai); bỏ qua tên nằm trong một dãy từ viết hoa (tên
    bài báo, tạp chí viết hoa mọi chữ), tên công ty, chức vụ (`Tổng Cục trưởng`) và `Thành phố`.

    [en]
    What it checks: one proper name spelled two ways in a document: differing only in marks, an agency name with and without its "và", or a syllable capitalised in one place and not in another.

    Why: a place or unit name with a wrong mark (`Đồng Mô` next to `Đồng Mỏ`) is a slip; the
    minority spelling is reported at each place, naming the majority one. The two tone
    placement styles (`Hòa`/`Hoà`) count as one spelling. An agency joining two fields with
    "và" (`Sở Tài nguyên và Môi trường`) written elsewhere without it is reported where it is short.
    An agency name capitalises only the first syllable of each word naming its kind or field and
    writes the administrative level before a place name in lower case (NĐ 30/2020, Phụ lục II):
    `Bộ Tài Chính`, `Ủy ban nhân dân Xã` beside a more frequent `Bộ Tài chính`, `Ủy ban nhân
    dân xã` is reported where capitalised.
    Bad: `thị trấn Đồng Mỏ ... thị trấn Đồng Mô ... thị trấn Đồng Mỏ`, `Bộ Tài chính ... Bộ Tài Chính ... Bộ Tài chính`
    Good: `thị trấn Đồng Mỏ ... thị trấn Đồng Mỏ ... thị trấn Đồng Mỏ`, `Bộ Tài chính ... Bộ Tài chính ... Bộ Tài chính`

    Known limits: when two spellings are used equally often it does not guess which is right:
    it reports once that the name is spelled two ways, naming both. Skips known distinct real
    name pairs, names written with no marks (English text, references) and near-homonyms in a
    list of places. An agency or law name takes in the lower-case syllable after it (`Luật Đấu
    thầu` is not `Luật Đầu tư`; `rules/names.toml`). Capitals are checked on the words listed in
    `rules/names.toml` (`[capitals]`; not `Công Thương`, both capitalised) and reported only
    when the lower case is the more frequent (a tie is reported once, naming both); a name inside
    a run of capitalised words (an article or journal title in Title Case), a company's name, a
    post (`Tổng Cục trưởng`) and `Thành phố` are left alone.
    """

    name = "name-variant"
    code = "DL502"
    severity = Severity.WARNING
    family = "language"

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        if encoding_verdict(doc) is not None:
            return
        for uses in _spelling_groups(proper_names(doc)):
            # A name written with no marks at all (Ha Noi, Hoang Vu Quang) is its unaccented
            # rendering, for English text, references and addresses: not a slip of one mark.
            uses = [use for use in uses if not use.text.isascii()]
            counts = Counter(use.identity for use in uses)
            if len(counts) < 2:
                continue
            spelled = {use.identity: use.text for use in uses}
            if self._distinct({spelled[i].casefold() for i in counts}) or _listed_apart(doc.clean, uses, counts):
                continue
            ranked = counts.most_common()
            top = ranked[0][1]
            leaders = [identity for identity, count in ranked if count == top]
            if len(leaders) == 1:
                for use in uses:
                    if use.identity != leaders[0]:
                        yield ctx.report(Span(use.start, use.end), "variant", found=use.text,
                                         majority=spelled[leaders[0]], count=top)
                continue
            yield from self._tie(ctx, uses, spelled, leaders, top)
        yield from _dropped_and(doc, ctx)
        yield from _capital_slips(doc, ctx)

    @staticmethod
    def _tie(ctx: RuleContext, uses: list[NameUse], spelled: dict, leaders: list, top: int) -> Iterator[Diagnostic]:
        """Two spellings used equally often: which is right is a guess (Đồng Mỏ 3 / Đồng Mô 3),
        so the name is reported once as inconsistent, naming both, and rarer spellings are
        reported where they stand."""
        names = " / ".join(f"“{spelled[i]}”" for i in leaders)
        first_of_second = next(u for u in uses if u.identity == leaders[1])
        yield ctx.report(Span(first_of_second.start, first_of_second.end), "tie", names=names, count=top)
        for use in uses:
            if use.identity not in leaders:
                yield ctx.report(Span(use.start, use.end), "variant-tie", found=use.text, names=names)

    @staticmethod
    def _distinct(spellings: set[str]) -> bool:
        return any(pair <= spellings for pair in _name_data()[1])


# An agency whose name joins two fields with "và" (`Sở Tài nguyên và Môi trường`, `Bộ Khoa học
# và Công nghệ`): the field names are one capital then lower-case syllables.
_FIELD = r"[A-ZĐÂĂÊÔƠƯ\u00C0-\u1EF9][^\W\d_]*(?: (?-i:[a-zđ\u00E0-\u1EF9])[^\W\d_]*)?"
_AGENCY_AND = rx.compile(
    rf"(?P<head>Sở|Bộ|Ủy ban|Ban|Cục|Vụ|Phòng|Trung tâm|Viện) (?P<first>{_FIELD}) và (?P<second>{_FIELD})"
)


def _dropped_and(doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
    """An agency named with its "và" in one place and without it in another (`Sở Tài nguyên và
    Môi trường` … `Sở Tài nguyên Môi trường`): the shortened form, at each place it stands."""
    clean = doc.clean
    if " và " not in clean:
        return
    seen: set[str] = set()
    for m in _AGENCY_AND.finditer(clean):
        if m.start() and clean[m.start() - 1].isalpha():
            continue  # "Bộ" ends a longer word; tested here, not by a leading lookbehind (speed)
        head, first, second = m.group("head", "first", "second")
        if not first.split(" ")[0].istitle() or not second.split(" ")[0].istitle():
            continue
        full = f"{head} {first} và {second}"
        short = f"{head} {first} {second.split(' ')[0]}"  # the first word of the second field is enough
        if short in seen:
            continue
        seen.add(short)
        for found in re.finditer(re.escape(short) + r"(?![^\W\d_])", clean):
            end = found.end() + len(second) - len(second.split(" ")[0])
            shown = clean[found.start() : end] if clean[found.start() : end].endswith(second) else short
            yield ctx.report(Span(found.start(), found.start() + len(shown)), "dropped-and",
                             found=shown, full=full)


# An agency name written with a syllable capitalised in one place and not in another (`Bộ Tài
# Chính` … `Bộ Tài chính`, `Ủy ban nhân dân Xã` … `Ủy ban nhân dân xã`): rules/names.toml [capitals].
_NAME_WALK = 8  # words looked back from a word of the name to the word that opens the name


class _CapitalData(NamedTuple):
    words: re.Pattern[str]  # a listed word, first syllable capitalised, second either way
    units: re.Pattern[str]  # a unit after Ủy ban nhân dân / Hội đồng nhân dân / UBND / HĐND
    agencies: frozenset[str]


@lru_cache(maxsize=1)
def _capital_data() -> _CapitalData:
    data = load_toml(rules_dir() / "names.toml")["capitals"]

    def either(word: str) -> str:  # "chính" -> "[Cc]hính"
        return f"[{word[0].upper()}{word[0]}]{re.escape(word[1:])}"

    alternatives = sorted({f"{re.escape(first.capitalize())} {either(second)}"
                           for first, second in (w.split(" ") for w in data["agencies"] + data["fields"])},
                          key=len, reverse=True)
    units = sorted((" ".join(either(part) for part in unit.split(" ")) for unit in data["units"]), key=len, reverse=True)
    return _CapitalData(
        re.compile("(?:" + "|".join(alternatives) + r")(?![^\W\d_])"),
        re.compile(r"(?:[ỦU][ỷy] ban nhân dân|Hội đồng nhân dân|UBND|HĐND) (?P<unit>" + "|".join(units) + r")(?![^\W\d_])"),
        frozenset(data["agencies"]))


def _opens_name(word: str, following: str, agencies: frozenset[str]) -> bool:
    """Whether ``word`` (then ``following``) opens an agency name: a capitalised head word
    (`Bộ`, `Sở`, `Ban`: rules/names.toml) or the first syllable of an agency word (`Văn phòng`)."""
    if not (word[:1].isupper() and word[1:].islower()):
        return False
    lower = word.casefold()
    return lower in _name_data()[0] or f"{lower} {following.casefold()}" in agencies


def _name_start(clean: str, at: int, first: str, second: str, agencies: frozenset[str]) -> int | None:
    """Where the agency name holding the word ``first second`` at ``at`` opens: the word itself
    when it is an agency word (`Văn phòng`), else the nearest word before it, over single spaces
    and words only (no punctuation, no function word but "và"), that opens a name; a name
    right before it takes it in (`Bộ Công an`, `Sở Văn hóa`). None when there is none (a word
    of running text), for a name inside a run of capitalised words (`Tạp Chí Ngân Hàng`, `Hội
    Nghị Ban Chấp Hành`: a title quoted in Title Case) and for a company's name (`Công ty`),
    which keeps the capitals it was registered with."""
    if f"{first.casefold()} {second.casefold()}" not in agencies:
        following = first
        for _ in range(_NAME_WALK):
            word, at = _spaced_word_before(clean, at)
            lower = word.casefold()
            if not word or lower == "ty" or (lower in _name_data()[2] and lower != "và"):
                return None
            if _opens_name(word, following, agencies):
                break
            following = word
        else:
            return None
    while True:
        word, before = _spaced_word_before(clean, at)
        if not word[:1].isupper():
            return at
        if not _opens_name(word, clean[at : clean.find(" ", at)], agencies):
            # a capitalised word that opens no name: the first of a sentence or a line, or a
            # word of a title in Title Case when another word stands before it
            return None if _spaced_word_before(clean, before)[0] else at
        at = before


def _spaced_word_before(clean: str, at: int) -> tuple[str, int]:
    """The word one space before ``at`` and where it starts, or ("", at) when something else
    stands there (punctuation, a line end)."""
    if at < 2 or clean[at - 1] != " " or not clean[at - 2].isalpha():
        return "", at
    begin = at - 2
    while begin > 0 and clean[begin - 1].isalpha():
        begin -= 1
    return clean[begin : at - 1], begin


def _capital_slips(doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A word of an agency name with its second syllable capitalised (`Bộ Tài Chính`), or a unit
    capitalised after `Ủy ban nhân dân` (`Ủy ban nhân dân Xã`), where the same name is written in
    lower case elsewhere in the document: reported where capitalised when the lower case is the
    more frequent, once naming both when the two are as frequent, never the other way round (the
    lower case is the rule of NĐ 30/2020, Phụ lục II)."""
    clean = doc.clean
    data = _capital_data()
    groups: dict[tuple, tuple[list[tuple[int, int, str]], list[str]]] = {}
    for m in data.words.finditer(clean):
        start, end = m.span()
        if start and clean[start - 1].isalpha():
            continue
        first, second = m.group().split(" ")
        if first == "Tổng" and clean.startswith(" trưởng", end):
            continue  # the post `Tổng Cục trưởng` is written so (NĐ 30/2020, Phụ lục II)
        opens = _name_start(clean, start, first, second, data.agencies)
        if opens is None:
            continue
        name = clean[opens:end]
        capitals, lowers = groups.setdefault(_identity(name), ([], []))
        if second[0].isupper():
            capitals.append((start, end, name))
        else:
            lowers.append(name)
    for m in data.units.finditer(clean):
        start, end = m.span()
        if start and clean[start - 1].isalpha():
            continue
        name = m.group()
        capitals, lowers = groups.setdefault(_identity(name), ([], []))
        if m.group("unit")[0].isupper():
            capitals.append((*m.span("unit"), name))
        else:
            lowers.append(name)
    for capitals, lowers in groups.values():
        if not capitals or not lowers or len(capitals) > len(lowers):
            continue
        written = Counter(lowers).most_common(1)[0][0]
        if len(capitals) == len(lowers):
            start, end, name = capitals[0]
            names = f"“{name}” / “{written}”"
            yield ctx.report(Span(start, end), "tie", names=names, count=len(capitals))
            continue
        for start, end, name in capitals:
            yield ctx.report(Span(start, end), "capitals", found=name, majority=written, count=len(lowers))


def _listed_apart(text: str, uses: list[NameUse], counts: Counter) -> bool:
    """Whether the spellings are items of lists of names (`Các xã: Trà Don, Trà Dơn, Trà
    Leng`): a list names each place once, so two spellings side by side in one list, or two
    spellings met once each as list items, are two places, not one name spelled two ways."""
    for first, second in zip(uses, uses[1:]):
        if first.identity != second.identity and _only_list_between(text[first.end : second.start]):
            return True
    if len(counts) == 2 and all(count == 1 for count in counts.values()):
        return all(_list_item(text, use) for use in uses)
    return False


def _only_list_between(between: str) -> bool:
    if len(between) > 200 or "\n" in between or not any(mark in between for mark in ",;"):
        return False
    for piece in re.split(r"[,;]", between):
        words = piece.split()
        if any(not (word[:1].isupper() or word == "và") for word in words):
            return False
    return True


def _list_item(text: str, use: NameUse) -> bool:
    """Whether ``use`` stands alone between list separators (`, : ;`, a line end)."""
    before = text[max(0, use.start - 12) : use.start].rstrip(" ")
    after = text[use.end : use.end + 12].lstrip(" ")
    opens = not before or before[-1] in ",;:\n" or before.split()[-1].casefold() in _name_data()[3]
    closes = not after or after[0] in ",;.\n" or after.split()[0] in ("thuộc", "và")
    return opens and closes


# --- punctuation spacing -------------------------------------------------------------------

_LOWER = "a-zđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
# A lower-case word, a space before "," or ";" (or ";" glued on), a lower-case word that is no
# list letter or variable (c), ip :).
_BAD_SPACING = rx.compile(
    rf"(?<![^\s(])([{_LOWER}]+)( +[,;] |;)([{_LOWER}]+)(?![\w)(:])"
)
_SPACING_MAX = 2  # more in one document is the way its text was extracted, not a typist's slip


class PunctuationSpacing(Rule):
    """Kiểm tra: khoảng trắng trước dấu phẩy, dấu chấm phẩy, hoặc dấu chấm phẩy dính vào chữ sau.

    Vì sao: dấu câu viết liền chữ trước và cách chữ sau một khoảng trắng; `đề nghị , các bộ`
    hay `tương đương;hoạt động` là lỗi gõ làm văn bản kém chuẩn mực.
    Sai: `kể từ ngày nhận được đề nghị , các bộ liên quan`, `giá trị tương đương;hoạt động`
    Đúng: `kể từ ngày nhận được đề nghị, các bộ liên quan`, `giá trị tương đương; hoạt động`

    Giới hạn: chỉ xét dấu giữa hai âm tiết tiếng Việt viết thường (có ít nhất một chữ có dấu);
    bỏ qua số (`1,5`), địa chỉ web, bảng, tệp PDF và văn bản PDF ngắt dòng cứng, số chú thích, chữ trước `)` hoặc `:`
    (`c)`, `ip :`) và văn bản có hơn 2 chỗ như vậy (cách trích xuất văn bản, không phải lỗi gõ).

    [en]
    What it checks: a space before a comma or semicolon, or a semicolon glued to the next word.

    Why: punctuation sticks to the word before it and is followed by a space; `đề nghị , các bộ`
    or `tương đương;hoạt động` is a typing slip that makes the document look careless.
    Bad: `kể từ ngày nhận được đề nghị , các bộ liên quan`, `giá trị tương đương;hoạt động`
    Good: `kể từ ngày nhận được đề nghị, các bộ liên quan`, `giá trị tương đương; hoạt động`

    Known limits: only a mark between two lower-case Vietnamese syllables (one at least with
    marks); skips numbers (`1,5`), web addresses, tables, PDF files and hard-wrapped PDF text,
    footnote marks, a word before
    `)` or `:` (`c)`, `ip :`) and documents with more than 2 such places (the way the text was
    extracted, not a typist's slip).
    """

    name = "punctuation-spacing"
    code = "DL507"
    severity = Severity.WARNING
    family = "language"

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        if doc.wrapped or doc.path.casefold().endswith(".pdf") or encoding_verdict(doc) is not None:
            return  # a PDF text layer puts a space wherever glyphs stand apart
        # clean text blanks footnote marks and blanks to fill (diện4, → "diện ,"): check the text
        hits = [hit for hit in _spacing_slips(doc.clean) if doc.text[hit[0] - 1 : hit[1] + 1] == doc.clean[hit[0] - 1 : hit[1] + 1]]
        if len(hits) > _SPACING_MAX:
            return
        for start, end, mark in hits:
            key = "glued" if mark == ";" else "space-before"
            yield ctx.report(Span(start, end), key, mark=mark.strip(), suggestion=mark.strip() + " ")


class UnbalancedBracket(Rule):
    """Kiểm tra: dấu “(” không có “)” đóng lại trong đoạn; dấu ngoặc kép mở không bao giờ được đóng, hoặc dấu đóng không có dấu mở.

    Vì sao: phần chú giải trong ngoặc và phần trích dẫn phải được đóng lại; thiếu dấu đóng thì
    người đọc không biết chú giải hay trích dẫn dừng ở đâu, nhất là khi dẫn một văn bản khác
    hoặc khi văn bản sửa đổi dẫn nguyên văn cụm từ được thay thế.
    Sai: `không sử dụng được (quy định tại điểm b khoản 2 Điều 9 Nghị định số 47/2011/NĐ-CP là 03 ngày làm việc.`, `do Công ty mẹ “Tập đoàn Công nghiệp - Viễn thông Quân đội nắm giữ 100% vốn điều lệ.`
    Đúng: `không sử dụng được (quy định tại điểm b khoản 2 Điều 9 Nghị định số 47/2011/NĐ-CP) là 03 ngày làm việc.`, `do Công ty mẹ “Tập đoàn Công nghiệp - Viễn thông Quân đội” nắm giữ 100% vốn điều lệ.`

    Giới hạn: chỉ xét đoạn kết thúc bằng dấu chấm. Ngoặc đơn: có chữ ngay sau “(”; bỏ qua đoạn
    mà đoạn sau viết tiếp (bắt đầu bằng chữ thường, hoặc có “)” trong 5 đoạn sau), bảng, biểu
    mẫu có chỗ trống (`…`, `...`), nhãn mục `a)`, `1)`. Ngoặc kép: dấu mở và dấu đóng được ghép
    trên cả văn bản (trích dẫn có thể kéo dài nhiều đoạn); chỉ báo dấu mở có chữ hoặc số ngay
    sau, không đứng đầu đoạn (điều khoản được trích nguyên văn), không có dấu đóng kiểu khác
    (`"`, `’’`) sau nó, và dấu đóng dính vào chữ trước, không đứng cuối đoạn; bỏ qua văn bản
    không dùng cả hai dấu “ và ”. Bỏ qua văn bản nhận dạng OCR (với ngoặc kép: cả văn bản chỉ
    có vài chữ hỏng) và văn bản có hơn 3 chỗ như vậy (cách trích xuất văn bản, không phải lỗi gõ).

    [en]
    What it checks: a “(” with no “)” in the rest of its paragraph; an opening quotation mark never closed, or a closing one never opened.

    Why: a parenthetical and a quotation must be closed; without the closing mark the reader
    cannot tell where the aside or the quotation ends, especially when it cites another
    document or when an amending text quotes the words it replaces.
    Bad: `không sử dụng được (quy định tại điểm b khoản 2 Điều 9 Nghị định số 47/2011/NĐ-CP là 03 ngày làm việc.`, `do Công ty mẹ “Tập đoàn Công nghiệp - Viễn thông Quân đội nắm giữ 100% vốn điều lệ.`
    Good: `không sử dụng được (quy định tại điểm b khoản 2 Điều 9 Nghị định số 47/2011/NĐ-CP) là 03 ngày làm việc.`, `do Công ty mẹ “Tập đoàn Công nghiệp - Viễn thông Quân đội” nắm giữ 100% vốn điều lệ.`

    Known limits: only a paragraph that ends with a full stop. Parentheses: a letter right
    after the “(”; skips a paragraph the next one goes on (it starts in lower case, or a “)”
    closes within the next 5 paragraphs), tables, forms with blanks (`…`, `...`), labels such
    as `a)`, `1)`. Quotation marks: openers and closers are paired over the whole document (a
    quotation may span paragraphs); reports an opener with a letter or figure right after it,
    not at the start of its paragraph (an article quoted whole), with no closer of another
    kind (`"`, `’’`) after it, and a closer glued to the word before it, not at the end of its
    paragraph; skips documents that do not use both “ and ”. Skips OCR texts (for quotation
    marks: even a few broken words in the whole text) and documents with more than 3 such
    places (the way the text was extracted, not a typist's slip).
    """

    name = "unbalanced-bracket"
    code = "DL509"
    severity = Severity.WARNING
    family = "language"

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        clean = doc.clean
        brackets, quotes = "(" in clean, "“" in clean and "”" in clean
        if not (brackets or quotes) or encoding_verdict(doc) is not None:
            return
        from doclint.facts import machine_read

        hits = [at for at in _unclosed_brackets(clean) if not _interrupted(doc, at)] if brackets else []
        slips = _quote_slips(clean) if quotes else []
        if len(hits) > _UNCLOSED_MAX:
            hits = []
        if len(slips) > _UNCLOSED_MAX or (slips and _ocr_traces(doc)):
            slips = []
        if not (hits or slips) or machine_read(doc):
            return
        found = [(at, "unclosed") for at in hits] + slips
        for at, key in sorted(found):
            yield ctx.report(Span(at, at + 1), key)


_UNCLOSED_MAX = 3  # more in one document: the way its text was extracted
_UNCLOSED_LOOKAHEAD = 5  # paragraphs after an unclosed one where a stray ")" means it goes on
# `a)`, `1)`, `đ)` opening a paragraph or an item after `; `: a label, not a closer
_LABEL_CLOSER = re.compile(r"^\s*(?:[a-zđ]|\d{1,2})\)|(?<=[;:.] )[a-zđ]\)")


def _unclosed_brackets(clean: str) -> Iterator[int]:
    """Offsets of each ``(`` left open at the end of its paragraph (a line of ``clean``)."""
    lines = clean.split("\n")
    starts = list(accumulate(map((1).__add__, map(len, lines)), initial=0))  # each line's offset
    for index, line in enumerate(lines):
        if "(" not in line:
            continue
        at = _left_open(line)
        if at is None or not _sentence_paragraph(line) or _goes_on(lines[index + 1 : index + 1 + _UNCLOSED_LOOKAHEAD]):
            continue
        yield starts[index] + at


def _interrupted(doc: Document, at: int) -> bool:
    """Whether a blank line falls between ``at`` and the end of its paragraph in ``clean``: a
    hard-wrapped paragraph joined across a page's footnotes, whose own end is elsewhere."""
    end = doc.clean.find("\n", at)
    return "\n\n" in doc.text[at : len(doc.text) if end < 0 else end]


def _sentence_paragraph(line: str) -> bool:
    """A paragraph of running text that ends a sentence: no table cells, no form blanks."""
    text = line.rstrip()
    return (text.endswith(".") and not text.endswith("..") and "|" not in text and "\t" not in text
            and "…" not in text and ".." not in text)


_BRACKET = rx.compile(r"[()]")


def _left_open(line: str) -> int | None:
    """The offset of the outermost ``(`` still open at the end of ``line`` when a letter follows
    it; None when all are closed, or when a ``)`` closes what the line never opened (the
    paragraph goes on from the one before)."""
    line = _without_labels(line)
    if line.count("(") <= line.count(")"):
        return None  # all closed, or a ")" closes what the line never opened: most lines
    opened, stray = _bracket_walk(line)
    if stray or opened is None:
        return None
    rest = line[opened + 1 :].lstrip()
    return opened if rest[:1].isalpha() else None


def _goes_on(following: list[str]) -> bool:
    """Whether the paragraphs after an unclosed one continue it: the next starts in lower case,
    or a ``)`` closes, within them, what they never opened."""
    first = next((line.strip() for line in following if line.strip()), "")
    return first[:1].islower() or _bracket_walk("\n".join(map(_without_labels, following)))[1]


def _without_labels(line: str) -> str:
    return _LABEL_CLOSER.sub(lambda m: " " * len(m.group()), line)


def _bracket_walk(text: str) -> tuple[int | None, bool]:
    """(the offset of the outermost ``(`` still open at the end of ``text`` or None, whether a
    ``)`` closes what ``text`` never opened: the walk stops there), reading the brackets only."""
    depth, opened = 0, None
    for m in _BRACKET.finditer(text):
        if m.group() == "(":
            depth += 1
            if depth == 1:
                opened = m.start()
        elif depth == 0:
            return None, True
        else:
            depth -= 1
    return (opened if depth else None), False


# -- quotation marks ---------------------------------------------------------------------------
# A closing mark other than ” after an opening “: ASCII ", doubled apostrophes (a form's
# “Tiếng Anh’’), guillemets; and „, an opening mark (OCR output, German-style typing).
_OTHER_CLOSERS = ('"', "''", "’’", "»", "‟")
_QUOTE_BROKEN_MIN = 2  # broken words at machine_read's density from which quotation marks are not trusted (it needs 4)
_CLOSED_TAIL = frozenset("”.;,: \t\xa0")  # what may follow the closer of a quotation that ends its paragraph


def _quote_marks(clean: str) -> list[tuple[int, str]]:
    """Each ``“``, ``”`` and ``„`` of ``clean`` with its offset, in order (found at memchr speed)."""
    return sorted((at, mark) for mark in "“”„" for at in rx.find_all(clean, mark))


def _quote_slips(clean: str) -> list[tuple[int, str]]:
    """(offset, message key) of each ``“`` never closed and each ``”`` never opened, paired over
    the whole text (a quotation may span paragraphs, an amending text quotes whole articles),
    then kept only where the slip is plain (:func:`_unclosed_quote`, :func:`_unopened_quote`)."""
    marks = _quote_marks(clean)
    opened: list[int] = []
    unopened: list[int] = []
    for at, mark in marks:
        if mark != "”":
            opened.append(at)
        elif opened:
            opened.pop()
        else:
            unopened.append(at)
    left_open = set(opened)
    slips = [(at, "unclosed-quote") for at in opened if _unclosed_quote(clean, at, marks, left_open)]
    # two closers in a row, neither opened: the first one opens, written the wrong way round
    # (``”Để thi hành”``): the mark to mend is that one, not the closer after it
    stray = set(unopened)
    twice = {at for (before, _), (at, _) in zip(marks, marks[1:]) if before in stray}
    slips += [(at, "unopened-quote") for at in unopened if at not in twice and _unopened_quote(clean, at)]
    return slips


def _paragraph(clean: str, at: int) -> tuple[int, int]:
    start = clean.rfind("\n", 0, at) + 1
    end = clean.find("\n", at)
    return start, len(clean) if end < 0 else end


def _unclosed_quote(clean: str, at: int, marks: list[tuple[int, str]], left_open: set[int]) -> bool:
    """Whether the ``“`` at ``at``, never closed, is a plain slip: a letter or figure right after
    it, in a paragraph of running text that ends a sentence and does not start with the quote
    (an amendment's quoted article whose closer was lost: the extraction's doing as often as
    the drafter's), no other closer after it (ASCII ``"``, ``’’``) up to the next quotation,
    and the next paragraph is no quoted paragraph left open as well (one mark per paragraph)."""
    if clean[at] != "“" or not clean[at + 1 : at + 2].isalnum():
        return False
    start, end = _paragraph(clean, at)
    line = clean[start:end]
    if line.lstrip().startswith("“") or not _sentence_paragraph(line):
        return False
    index = bisect_right(marks, (end, ""))
    after = marks[index][0] if index < len(marks) else None
    if after is not None and clean[after] == "”":
        return False
    stretch = clean[at : len(clean) if after is None else after]
    if any(closer in stretch for closer in _OTHER_CLOSERS):
        return False
    following = clean[end:].lstrip()
    return not (following.startswith("“") and len(clean) - len(following) in left_open)


def _unopened_quote(clean: str, at: int) -> bool:
    """Whether the ``”`` at ``at``, never opened, is a plain slip: glued to the word (not the
    figure) before it and not to the one after, inside a paragraph of running text that ends
    a sentence (a closer that ends its paragraph may end a quotation opened otherwise), no
    other opener (ASCII ``"``, ``‘``) since the quotation before."""
    start, end = _paragraph(clean, at)
    if not clean[at - 1 : at].isalpha() or clean[at + 1 : at + 2].isalnum():
        return False  # after a figure: inches or seconds (15”, 20’15”)
    if not _sentence_paragraph(clean[start:end]) or not set(clean[at:end]) - _CLOSED_TAIL:
        return False
    before = clean[clean.rfind("”", 0, at) + 1 : at]
    return not any(opener in before for opener in _OTHER_CLOSERS + ("‘",))


def _ocr_traces(doc: Document) -> bool:
    """A few broken words at OCR density (fewer than :func:`doclint.facts.machine_read` asks):
    the text was read by a machine, and OCR garbles quotation marks first (``‘`` or ``t`` for
    ``“``, ``”`` for ``²``)."""
    broken, words = broken_words(doc)
    return broken >= _QUOTE_BROKEN_MIN and broken > words * BROKEN_PER_WORD


_LOWER_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz" + _LOWER.removeprefix("a-z"))


def _spacing_matches(text: str) -> Iterator[re.Match[str]]:
    """The matches of ``_BAD_SPACING.finditer(text)``, found from the marks (``;`` and `` ,``,
    found at memchr speed) instead of trying the pattern at every character: a match holds
    one mark, and can only start where the lower-case letters right before its blanks start."""
    places = heapq.merge(rx.find_all(text, ";"), (at + 1 for at in rx.find_all(text, " ,")))
    taken = 0  # where the last match ended: finditer goes on from there
    for at in places:
        begin = at
        while begin and text[begin - 1] == " ":
            begin -= 1
        while begin and text[begin - 1] in _LOWER_LETTERS:
            begin -= 1
        if begin < taken:
            continue
        match = _BAD_SPACING.match(text, begin)
        if match is not None and match.start(2) <= at < match.end(2):
            taken = match.end()
            yield match


def _spacing_slips(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, the marks with their spaces) of each spacing slip in ``text``."""
    if ";" not in text and " ," not in text:
        return
    # Over the whole text: a match never holds a line end, and a line's ends look to the
    # pattern's edges as a line end does; the line is looked at only where a match stands.
    for match in _spacing_matches(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        line_end = text.find("\n", match.end())
        line = text[line_start : len(text) if line_end < 0 else line_end]
        if "|" in line or "\t" in line or "://" in line or "www." in line:
            continue
        before, mark, after = match.group(1, 2, 3)
        if _syllable(before) and _syllable(after) and not (before + after).isascii() and after != "ngày":
            yield match.start(2), match.end(2), mark



# --- unicode normalisation -----------------------------------------------------------------


class UnicodeNormalization(Rule):
    """Kiểm tra: tệp văn bản có chữ không ở dạng Unicode dựng sẵn (NFC), ví dụ `ế` ghi thành `e` + hai dấu rời.

    Vì sao: chữ tổ hợp (NFD, thường do sao chép từ PDF hoặc máy Mac) trông giống hệt nhưng
    không khớp khi tìm kiếm, sắp xếp, so sánh; doclint đọc văn bản ở dạng NFC nên vẫn kiểm tra
    đúng, còn `--fix` chuyển đúng những chữ đó sang NFC. Báo một lần cho cả tệp, mức thông tin.
    Sai: `Kết luận` (dấu rời)
    Đúng: `Kết luận`

    Giới hạn: chỉ tệp .txt/.md (văn bản đọc từ .docx/.pdf không sửa được tại chỗ).

    [en]
    What it checks: a text file holding letters not in composed Unicode form (NFC), such as `ế` written as `e` plus two separate marks.

    Why: decomposed letters (NFD, often copied from a PDF or a Mac) look the same but do not
    match in search, sorting or comparison; doclint reads the text as NFC so its checks hold,
    and `--fix` turns exactly those letters into NFC. Reported once per file, as info.
    Bad: `Kết luận` (separate marks)
    Good: `Kết luận`

    Known limits: .txt/.md files only (text read from .docx/.pdf cannot be fixed in place).
    """

    name = "unicode-normalization"
    code = "DL508"
    severity = Severity.INFO
    family = "language"
    fixable = True

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        runs = doc.denormalised
        if not runs or doc.source_kind not in ("txt", "md"):
            return
        lines = len({doc.line_of(start) for start, _ in runs})
        edits = tuple(Edit(start, end, doc.text[start:end]) for start, end in runs)
        yield ctx.report(Span(*runs[0]), "nfc", count=sum(end - start for start, end in runs), lines=lines, fix=Fix(edits))


RULES = [Confusable, NameVariant, InvalidSyllable, ToneStyle, LegacyEncoding, PunctuationSpacing, UnbalancedBracket,
         UnicodeNormalization]
