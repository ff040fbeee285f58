"""Vietnamese syllable validity, and decoding of leftover Telex/VNI keystrokes.

A syllable is onset + rhyme + tone, the rhyme being an optional glide (o/u), a nucleus and
an optional coda.  The rhymes are enumerated rather than generated: the language uses a
closed, well-known set of about 160 of them, and a list is easier to check than a grammar.
Two constraints the list cannot carry are checked in code: the spelling of /k/, /ɣ/ and /ŋ/
(``k``/``gh``/``ngh`` before front vowels, ``c``/``g``/``ng`` elsewhere) and the rule that a
stop coda (``p``, ``t``, ``c``, ``ch``) takes only the sắc or nặng tone.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from doclint import regex as rx

TONE_MARKS = {"\u0300": "huyền", "\u0301": "sắc", "\u0309": "hỏi", "\u0303": "ngã", "\u0323": "nặng"}
# The tables read better as text than as list literals.
ONSETS = (
    "ngh ng nh ch gh gi kh ph qu th tr b c d đ g h k l m n p r s t v x".split()  # noqa: SIM905
)
_RHYMES_PLAIN = """
a ac ach ai am an ang anh ao ap at au ay
ăc ăm ăn ăng ăp ăt
âc âm ân âng âp ât âu ây
e ec em en eng eo ep et
ê êch êm ên ênh êp êt êu
i ia ich im in inh ip it iu
iêc iêm iên iêng iêp iêt iêu
y yêm yên yêng yêt yêu
o oc oi om on ong op ot oong ooc
ô ôc ôi ôm ôn ông ôp ôt
ơ ơi ơm ơn ơp ơt
u ua uc ui um un ung up ut
uôc uôi uôm uôn uông uôt
ư ưa ưc ưi ưm ưn ưng ưt ưu
ươc ươi ươm ươn ương ươp ươt ươu
""".split()  # noqa: SIM905
_RHYMES_GLIDE = """
oa oac oach oai oam oan oang oanh oao oap oat oay
oăc oăm oăn oăng oăt
oe oen oeo oet
uân uâng uât uây
uê uêch uênh uơ
uy uya uych uyn uynh uyp uyt uyu uyên uyêt
""".split()  # noqa: SIM905
# After "qu" the u is the glide already: quả, quyết, quynh, quýt.
_RHYMES_AFTER_QU = [r for r in _RHYMES_PLAIN if r[0] in "aăâeêôơiy"] + ["ynh", "ych", "yt", "yn", "yp", "yu"]
# After "gi" the i of iê is absorbed: giếng, giết, giêng.
_RHYMES_AFTER_GI = [r for r in _RHYMES_PLAIN if r[0] != "i"] + ["êc", "êm", "ên", "êng", "êp", "êt", "êu", ""]
RHYMES = frozenset(_RHYMES_PLAIN + _RHYMES_GLIDE)
_AFTER_QU = frozenset(_RHYMES_AFTER_QU)
_AFTER_GI = frozenset(_RHYMES_AFTER_GI)
# the onsets by first letter, in ONSETS order: a word is tried only against those it can start with
_ONSETS_BY_FIRST: dict[str, tuple[str, ...]] = {}
for _onset in ONSETS:
    _ONSETS_BY_FIRST[_onset[0]] = (*_ONSETS_BY_FIRST.get(_onset[0], ()), _onset)
STOP_CODAS = ("p", "t", "c", "ch")
FRONT = "ieêy"


@lru_cache(maxsize=65536)
def split_tone(word: str) -> tuple[str, str | None, int]:
    """(base without tone marks, tone name or None, number of tone marks) of a lower-case word."""
    if word.isascii():
        return word, None, 0  # no marks to take apart
    decomposed = unicodedata.normalize("NFD", word)
    tones = [c for c in decomposed if c in TONE_MARKS]
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
    return base, (TONE_MARKS[tones[0]] if tones else None), len(tones)


def _onset_ok(onset: str, rhyme: str) -> bool:
    first = rhyme[:1]
    if onset in ("k", "gh", "ngh"):
        return first in FRONT and first != "" or (onset == "k" and rhyme.startswith("uy"))
    if onset in ("c", "ng"):
        return first not in FRONT or first == ""
    if onset == "g":
        return first not in "eê" or first == ""
    return True


def _parses(base: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if base in RHYMES:
        out.append(("", base))
    for onset in _ONSETS_BY_FIRST.get(base[:1], ()):
        if not base.startswith(onset):
            continue
        rhyme = base[len(onset) :]
        if onset == "qu":
            if rhyme in _AFTER_QU:
                out.append((onset, rhyme))
        elif onset == "gi":
            if rhyme in _AFTER_GI:
                out.append((onset, rhyme))
        elif rhyme in RHYMES and _onset_ok(onset, rhyme):
            out.append((onset, rhyme))
    return out


@lru_cache(maxsize=65536)
def is_valid(word: str) -> bool:
    """True when ``word`` (any case) is a well-formed Vietnamese syllable."""
    word = word.casefold()
    base, tone, count = split_tone(word)
    if count > 1 or not base:
        return False
    for _onset, rhyme in _parses(base):
        if tone in (None, "huyền", "hỏi", "ngã") and rhyme.endswith(STOP_CODAS):
            continue
        return True
    return False


# --- Telex and VNI leftovers -------------------------------------------------------------

_TELEX_TONE = {"s": "\u0301", "f": "\u0300", "r": "\u0309", "x": "\u0303", "j": "\u0323"}
_VNI_TONE = {"1": "\u0301", "2": "\u0300", "3": "\u0309", "4": "\u0303", "5": "\u0323"}
_TELEX_PAIRS = {"aa": "â", "ee": "ê", "oo": "ô", "dd": "đ", "aw": "ă", "ow": "ơ", "uw": "ư"}
_VNI_MARK = {("a", "6"): "â", ("e", "6"): "ê", ("o", "6"): "ô", ("a", "8"): "ă", ("o", "7"): "ơ", ("u", "7"): "ư", ("d", "9"): "đ"}
# Only words with a doubled or w key: a bare tone key (gas, bias, hoaf) is too often English.
_TELEX_SHAPE = rx.compile(r"^[a-z]*(?:aa|ee|oo|dd|aw|ow|uw)[a-z]*$")
_VNI_SHAPE = rx.compile(r"^[a-z]+[1-9][a-z1-9]*$")
_VOWELS = "aăâeêioôơuưy"


@lru_cache(maxsize=16384)
def place_tone(base: str, mark: str) -> str:
    """Put the combining tone ``mark`` on the main vowel of ``base`` (new style: hoá, thuỷ)."""
    start = 0
    if base.startswith("qu") or (base.startswith("gi") and len(base) > 2 and base[2] in _VOWELS):
        start = 2
    first = next((i for i in range(start, len(base)) if base[i] in _VOWELS), None)
    if first is None:
        return base
    last = first  # the vowels that follow the first one without a gap, three at most
    while last < first + 2 and last + 1 < len(base) and base[last + 1] in _VOWELS:
        last += 1
    cluster = range(first, last + 1)
    coda = base[cluster[-1] + 1 :]
    marked = [i for i in cluster if base[i] in "ăâêôơư"]
    if marked:
        target = marked[-1]
    elif coda or len(cluster) == 1:
        target = cluster[-1]
    elif len(cluster) == 3:
        target = cluster[1]
    elif base[cluster[0] : cluster[-1] + 1] in ("oa", "oe", "uy"):
        target = cluster[-1]
    else:
        target = cluster[0]
    return unicodedata.normalize("NFC", base[: target + 1] + mark + base[target + 1 :])


def _decode(word: str, tones: dict[str, str], pairs: bool) -> str | None:
    mark = ""
    letters: list[str] = []
    for ch in word:
        if ch in tones and any(c in _VOWELS for c in letters) and not mark:
            mark = tones[ch]
            continue
        if pairs and letters and ch != "w" and letters[-1] + ch in _TELEX_PAIRS:
            letters[-1] = _TELEX_PAIRS[letters[-1] + ch]
            continue
        if pairs and ch == "w":
            # "w" after a, o, u modifies the nearest one (tuwj, nguoiwf: ươ handled below).
            for i in range(len(letters) - 1, -1, -1):
                if letters[i] + "w" in _TELEX_PAIRS:
                    letters[i] = _TELEX_PAIRS[letters[i] + "w"]
                    break
            else:
                letters.append("ư")
            continue
        if not pairs and ch in "6789":
            for i in range(len(letters) - 1, -1, -1):
                key = (letters[i], ch)
                if key in _VNI_MARK:
                    letters[i] = _VNI_MARK[key]
                    if ch == "7" and letters[i] == "ư" and i + 1 < len(letters) and letters[i + 1] == "o":
                        letters[i + 1] = "ơ"
                    elif ch == "7" and letters[i] == "ơ" and i > 0 and letters[i - 1] == "u":
                        letters[i - 1] = "ư"
                    break
            else:
                return None
            continue
        if not pairs and ch.isdigit():
            return None
        letters.append(ch)
    base = "".join(letters)
    if pairs and "uơ" in base and not base.startswith("qu"):
        base = base.replace("uơ", "ươ")  # nguwowif types the horn on both letters, nguowif on one
    result = place_tone(base, mark) if mark else base
    return result if result != word else None


@lru_cache(maxsize=16384)
def decode_typing(word: str) -> str | None:
    """The syllable a Telex or VNI typist meant (``vieejc`` → ``việc``, ``tie61ng`` → ``tiếng``),
    or None when ``word`` does not look like leftover keystrokes of a valid syllable."""
    lower = word.lower()
    if _VNI_SHAPE.match(lower) and sum(c.isalpha() for c in lower) >= 2:
        decoded = _decode(lower, _VNI_TONE, pairs=False)
    elif _TELEX_SHAPE.match(lower):
        decoded = _decode(lower, _TELEX_TONE, pairs=True)
    else:
        return None
    if decoded is None or not is_valid(decoded) or decoded == lower:
        return None
    if word[:1].isupper():
        decoded = decoded[:1].upper() + decoded[1:]
    return decoded


# --- where the tone mark goes ------------------------------------------------------------

_MARKED_VOWELS = "ăâêôơư"
# Open rhymes where both the old style (hòa, hòe, thủy) and the new one (hoà, hoè, thuỷ) are standard.
_FREE_PLACEMENT = ("oa", "oe", "uy")


def _tone_places(onset: str, rhyme: str) -> set[int]:
    """Indices, in ``onset + rhyme``, of the vowels that may carry the tone in some standard
    placement (old or new style)."""
    vowels = [i for i, c in enumerate(rhyme) if c in _VOWELS]
    if not vowels:
        return set()
    nucleus = rhyme[vowels[0] : vowels[-1] + 1]
    has_coda = vowels[-1] + 1 < len(rhyme)
    marked = [i for i in vowels if rhyme[i] in _MARKED_VOWELS]
    if marked:
        places = {marked[-1]}
    elif len(vowels) == 1:
        places = {vowels[0]}
    elif nucleus == "oo":
        places = set(vowels)  # xoong, boong: rare and written both ways
    elif has_coda:
        places = {vowels[-1]}
    elif len(vowels) == 3:
        places = {vowels[1]}
    elif nucleus in _FREE_PLACEMENT:
        places = set(vowels)
    else:
        places = {vowels[0]}
    return {len(onset) + i for i in places}


def _tone_index(word: str) -> int | None:
    """Index of the letter carrying the (single) tone mark of NFC ``word``."""
    for i, ch in enumerate(word):
        if any(c in TONE_MARKS for c in unicodedata.normalize("NFD", ch)):
            return i
    return None


@lru_cache(maxsize=16384)
def misplaced_tone(word: str) -> str | None:
    """The right spelling of a lower-case syllable whose tone mark sits on a vowel no standard
    placement allows (``lòai`` → ``loài``, ``thóat`` → ``thoát``, ``vựơt`` → ``vượt``), or None.
    Old and new style (``hòa``/``hoà``, ``thủy``/``thuỷ``) are both accepted."""
    if not is_valid(word):
        return None
    base, tone, _count = split_tone(word)
    at = _tone_index(word)
    if tone is None or at is None:
        return None
    mark = next(k for k, v in TONE_MARKS.items() if v == tone)
    allowed: set[int] = set()
    for onset, rhyme in _parses(base):
        allowed |= _tone_places(onset, rhyme)
    if not allowed or at in allowed:
        return None
    target = min(allowed) if len(allowed) == 1 else max(allowed)
    return unicodedata.normalize("NFC", base[: target + 1] + mark + base[target + 1 :])
