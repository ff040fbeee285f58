"""Rule family: language (DL5xx): confusable words, name variants, syllable validity,
tone-mark style and legacy encodings.

The rules share two per-document analyses cached on ``doc.meta``: the word tokens of
``doc.clean`` (``language.tokens``) and the legacy-encoding verdict (``language.encoding``),
which silences the spelling rules on a file that is not Unicode text at all.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Iterator

from doclint.model import Document, Severity, Span
from doclint.rule import Diagnostic, Rule, RuleContext
from doclint.syllable import STOP_CODAS, _parses, decode_typing, is_valid, split_tone
from doclint.wordpack import PackError, load_pack

_CHUNK = re.compile(r"\S+")
_EDGE = "\"'“”‘’()[]{}<>,.;:!?…*_–—-/"  # no « » ¬: TCVN3 letters


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str


def tokens(doc: Document) -> list[Token]:
    """Whitespace-separated words of ``doc.clean`` with edge punctuation trimmed (cached)."""
    cached = doc.meta.get("language.tokens")
    if cached is not None:
        return cached  # type: ignore[return-value]
    out: list[Token] = []
    for match in _CHUNK.finditer(doc.clean):
        chunk = match.group()
        left = len(chunk) - len(chunk.lstrip(_EDGE))
        core = chunk.strip(_EDGE)
        if core:
            start = match.start() + left
            out.append(Token(start, start + len(core), core))
    doc.meta["language.tokens"] = out
    return out


# --- encoding ------------------------------------------------------------------------------

# UTF-8 bytes of Vietnamese letters read as Windows-1252: "Viá»‡t", "Ä‘", "Æ°", "Ã¡".
_MOJIBAKE = re.compile(r"Ã[\u0080-\u00bf\u2018-\u203a\u0152-\u0178]|á[»º]|Ä[‘\u0091]|Æ[°¡]")
# Characters no Vietnamese Unicode text uses inside a word, typical of each legacy code.
_TCVN3 = set("µ¶·¸¹®¬¨«¼½¾")
_VNI = set("øûïäëöåÑñØÛÏ")
_MIN_WORDS = 3
_SUSPECT = re.compile("[" + re.escape("".join(sorted(_TCVN3 | _VNI))) + "]|" + _MOJIBAKE.pattern)


def encoding_verdict(doc: Document) -> tuple[str, Token, int] | None:
    """(encoding name, first affected word, number of affected words), or None (cached)."""
    if "language.encoding" in doc.meta:
        return doc.meta["language.encoding"]  # type: ignore[return-value]
    if not _SUSPECT.search(doc.clean):  # the common case: one scan, no tokenising
        doc.meta["language.encoding"] = None
        return None
    counts: Counter[str] = Counter()
    first: dict[str, Token] = {}
    for token in tokens(doc):
        text = token.text
        if text.isascii():
            continue
        if _MOJIBAKE.search(text):
            kind = "UTF-8 đọc nhầm (Windows-1252)"
        elif len(text) > 1 and any(c in _TCVN3 for c in text) and any(c.isalpha() for c in text):
            kind = "TCVN3 (ABC)"
        elif len(text) > 1 and any(c in _VNI for c in text) and any(c.isalpha() for c in text):
            kind = "VNI"
        else:
            continue
        counts[kind] += 1
        first.setdefault(kind, token)
    verdict = None
    if counts:
        kind, count = counts.most_common(1)[0]
        if sum(counts.values()) >= _MIN_WORDS:
            verdict = (kind, first[kind], sum(counts.values()))
    doc.meta["language.encoding"] = verdict
    return verdict


class LegacyEncoding(Rule):
    """Kiểm tra: văn bản ở bảng mã cũ (TCVN3/ABC, VNI) hoặc bị lỗi phông (UTF-8 đọc nhầm).

    Vì sao: văn bản gõ bằng bảng mã cũ hoặc chuyển mã sai hiện ra thành ký tự lạ; báo một
    lỗi rõ ràng cho cả tệp thay vì hàng trăm lỗi chính tả.
    Sai: `Céng hoµ x· héi chñ nghÜa ViÖt Nam`, `Cá»™ng hÃ²a`
    Đúng: `Cộng hòa xã hội chủ nghĩa Việt Nam`

    Giới hạn: cần ít nhất 3 từ mang ký tự đặc trưng của bảng mã cũ.

    [en]
    What it checks: text in a legacy Vietnamese encoding (TCVN3/ABC, VNI) or mojibake.

    Why: such text shows as garbage; one clear finding per file beats hundreds of spelling
    findings (the spelling rules stay silent on such a file).
    Bad: `Céng hoµ x· héi chñ nghÜa ViÖt Nam`, `Cá»™ng hÃ²a`
    Good: `Cộng hòa xã hội chủ nghĩa Việt Nam`

    Known limits: needs at least 3 words carrying characters typical of a legacy code.
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
    (hoàn thành, thực hiện, đạt, giảm...) hoặc sau `dự toán`.

    [en]
    What it checks: words typed with a wrong tone mark or consonant that make another word.

    Why: tone-mark, s/x, ch/tr, d/gi/r, n/l and hỏi/ngã slips make real-looking words that
    spell checkers accept; the pack `rules/confusables.toml` (plus packs named in the
    configuration) lists the wrong form, the right one and the context that keeps a legitimate
    use silent.
    Bad: `phân đầu hoàn thành`, `sáng tạo bút phá`, `Tiền độ thu hoạch`, `Xây ra 09 vụ`
    Good: `phấn đấu hoàn thành`, `sáng tạo bứt phá`, `Tiến độ thu hoạch`, `Xảy ra 09 vụ`

    Known limits: reports only what the pack lists; `phần đầu` fires only before a verb
    (hoàn thành, thực hiện, đạt, giảm...) or after `dự toán`.
    """

    name = "confusable"
    code = "DL501"
    severity = Severity.WARNING
    family = "language"

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        if encoding_verdict(doc) is not None:
            return
        try:
            pack = load_pack(tuple(ctx.settings.extra_confusables))
        except PackError as exc:
            yield ctx.report(Span(0, 0), "bad-pack", error=str(exc))
            return
        for hit in pack.find(doc.clean):
            yield ctx.report(Span(hit.start, hit.end), "confusable", found=hit.found, right=hit.suggestion,
                             suggestion=hit.suggestion)


# --- invalid syllable ----------------------------------------------------------------------


def _stop_tone_only(word: str) -> bool:
    """True when ``word`` parses except for a tone the p/t/c/ch coda cannot take."""
    base, _tone, count = split_tone(word.casefold())
    return count == 1 and any(rhyme.endswith(STOP_CODAS) for _onset, rhyme in _parses(base))


class InvalidSyllable(Rule):
    """Kiểm tra: chữ không thể là một âm tiết tiếng Việt (sót phím gõ Telex/VNI, sai vần, sai dấu).

    Vì sao: âm tiết tiếng Việt gồm phụ âm đầu, âm đệm, âm chính, âm cuối và thanh; vần kết
    thúc bằng p, t, c, ch chỉ mang dấu sắc hoặc nặng. Chữ sai cấu trúc thường là lỗi gõ:
    sót phím Telex (`vieejc`, `tieengs`) hoặc VNI (`vie65c`).
    Sai: `giải quyết công vieejc`, `chầp hành`
    Đúng: `giải quyết công việc`, `chấp hành`

    Giới hạn: bỏ qua chữ viết tắt, chữ viết hoa (tên riêng, có thể là tiếng dân tộc hoặc
    tiếng nước ngoài), số, mã và chữ không dấu không phải kiểu gõ Telex (file, online, golf).

    [en]
    What it checks: a word that cannot be a Vietnamese syllable (leftover Telex/VNI keys,
    impossible rhyme or tone).

    Why: a syllable is onset, glide, nucleus, coda and tone, and a p/t/c/ch coda takes only the
    sắc or nặng tone; a word breaking that is a typing slip, often leftover Telex keys
    (`vieejc`, `tieengs`) or VNI digits (`vie65c`).
    Bad: `giải quyết công vieejc`, `chầp hành`
    Good: `giải quyết công việc`, `chấp hành`

    Known limits: skips abbreviations, capitalised words (names, possibly minority-language or
    foreign), numbers, codes, and plain-ASCII words that are not Telex shapes (file, online).
    """

    name = "invalid-syllable"
    code = "DL503"
    severity = Severity.WARNING
    family = "language"

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        if encoding_verdict(doc) is not None:
            return
        for token in tokens(doc):
            yield from self._check_word(token, ctx)

    def _check_word(self, token: Token, ctx: RuleContext) -> Iterator[Diagnostic]:
        text = token.text
        span = Span(token.start, token.end)
        lower = text.lower()
        if text.isascii() and text.isalnum() and not text.isdigit() and text[1:] == lower[1:]:
            if is_valid(text):
                return
            meant = decode_typing(text)
            if meant is not None:
                method = "VNI" if any(c.isdigit() for c in text) else "Telex"
                yield ctx.report(span, "typing", found=text, right=meant, method=method, suggestion=meant)
            return
        if len(text) < 2 or not text.isalpha() or text != lower or text.isascii() or is_valid(text):
            return
        key = "stop-tone" if _stop_tone_only(text) else "invalid"
        yield ctx.report(span, key, found=text)


# --- tone style ----------------------------------------------------------------------------

_OLD_STYLE = re.compile(r"(?<!q)(?:[òóỏõọ][ae]|[ùúủũụ]y)$")
_NEW_STYLE = re.compile(r"(?<!q)(?:o[àáảãạèéẻẽẹ]|u[ỳýỷỹỵ])$")


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

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        if encoding_verdict(doc) is not None:
            return
        old: list[Token] = []
        new: list[Token] = []
        for token in tokens(doc):
            word = token.text.casefold()
            if _OLD_STYLE.search(word):
                old.append(token)
            elif _NEW_STYLE.search(word):
                new.append(token)
        if not old or not new:
            return
        minority = new if len(new) < len(old) else old
        first = minority[0]
        yield ctx.report(Span(first.start, first.end), "mixed", old=len(old), new=len(new),
                         old_examples=_examples(old), new_examples=_examples(new))


def _examples(found: list[Token]) -> str:
    seen: list[str] = []
    for token in found:
        word = token.text.lower()
        if word not in seen:
            seen.append(word)
        if len(seen) == 2:
            break
    return ", ".join(seen)


# --- name variant --------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class NameUse:
    start: int
    end: int
    text: str
    identity: tuple[tuple[str, str | None], ...]  # (toneless base, tone) per syllable


def _skeleton(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text.casefold()) if unicodedata.category(c) != "Mn")


def _identity(text: str) -> tuple[tuple[str, str | None], ...]:
    out = []
    for word in text.split():
        base, tone, _count = split_tone(word.casefold())
        out.append((base, tone))
    return tuple(out)


def proper_names(doc: Document) -> list[NameUse]:
    """Runs of two or more capitalised Vietnamese syllables joined by single spaces."""
    out: list[NameUse] = []
    run: list[re.Match[str]] = []
    clean = doc.clean

    def flush() -> None:
        if len(run) >= 2:
            start, end = run[0].start(), run[-1].end()
            text = clean[start:end]
            out.append(NameUse(start, end, text, _identity(text)))
        run.clear()

    for match in _WORD.finditer(clean):
        word = match.group()
        capitalised = len(word) > 1 and word[0].isupper() and word[1:].islower() and is_valid(word)
        if not capitalised:
            flush()
            continue
        if run and clean[run[-1].end() : match.start()] != " ":
            flush()
        run.append(match)
    flush()
    return out


class NameVariant(Rule):
    """Kiểm tra: cùng một tên riêng viết hai cách trong một văn bản, chỉ khác dấu.

    Vì sao: tên địa danh, đơn vị viết sai dấu (`Đồng Mô` bên cạnh `Đồng Mỏ`) là lỗi gõ;
    báo cách viết ít gặp hơn ở từng chỗ, nêu cách viết chiếm đa số. Hai kiểu đặt dấu
    (`Hòa`/`Hoà`) được coi là một.
    Sai: `thị trấn Đồng Mỏ ... thị trấn Đồng Mô ... thị trấn Đồng Mỏ`
    Đúng: `thị trấn Đồng Mỏ ... thị trấn Đồng Mỏ ... thị trấn Đồng Mỏ`

    Giới hạn: khi hai cách viết nhiều nhất bằng số lần thì im lặng (không biết cách nào đúng). Bỏ qua cặp tên khác nhau có thật đã biết.

    [en]
    What it checks: one proper name spelled two ways in a document, differing only in marks.

    Why: a place or unit name with a wrong mark (`Đồng Mô` next to `Đồng Mỏ`) is a slip; the
    minority spelling is reported at each place, naming the majority one. The two tone
    placement styles (`Hòa`/`Hoà`) count as one spelling.
    Bad: `thị trấn Đồng Mỏ ... thị trấn Đồng Mô ... thị trấn Đồng Mỏ`
    Good: `thị trấn Đồng Mỏ ... thị trấn Đồng Mỏ ... thị trấn Đồng Mỏ`

    Known limits: when the two most used spellings tie, it stays silent (no way to tell which
    is right). Known distinct real name pairs are skipped.
    """

    name = "name-variant"
    code = "DL502"
    severity = Severity.WARNING
    family = "language"

    # Real, distinct names that differ only in marks (communes of Lạng Sơn and neighbours).
    DISTINCT = frozenset({frozenset({"tân thanh", "tân thành"}), frozenset({"văn lãng", "văn lang"}),
                          frozenset({"quang trung", "quảng trung"})})

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        if encoding_verdict(doc) is not None:
            return
        groups: dict[str, list[NameUse]] = {}
        for use in proper_names(doc):
            groups.setdefault(_skeleton(use.text), []).append(use)
        for uses in groups.values():
            counts = Counter(use.identity for use in uses)
            if len(counts) < 2:
                continue
            spelled = {use.identity: use.text for use in uses}
            if self._distinct({spelled[i].casefold() for i in counts}):
                continue
            ranked = counts.most_common()
            majority, top = ranked[0]
            if ranked[1][1] == top:
                continue  # no majority: which spelling is right is a guess (Đồng Mỏ 3 / Đồng Mô 3)
            for use in uses:
                if use.identity != majority:
                    yield ctx.report(Span(use.start, use.end), "variant", found=use.text,
                                     majority=spelled[majority], count=counts[majority])

    def _distinct(self, spellings: set[str]) -> bool:
        return any(pair <= spellings for pair in self.DISTINCT)


RULES = [Confusable, NameVariant, InvalidSyllable, ToneStyle, LegacyEncoding]
