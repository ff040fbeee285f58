"""Start-up: a one-file run imports only what it uses (issue 17: one seed end to end in at most
1.5x ``import lark, pydantic, rich``; benchmarks/run.py measures it)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from helpers import seed

_PROBE = ("import sys\n"
          "from doclint.cli import main\n"
          "code = main(sys.argv[1:])\n"
          "heavy = ('rich', 'pydantic', 'tomllib', 'dask', 'distributed', 'docx', 'pypdf')\n"
          "print(sorted({m.split('.')[0] for m in sys.modules} & set(heavy)), file=sys.stderr)\n")


@pytest.fixture(scope="module")
def warm_data_cache() -> None:
    """A first run parses the built-in TOML data into the private cache; the runs after it, the
    ones a user repeats, read it from there (without this, the test passed only after others)."""
    subprocess.run([sys.executable, "-m", "doclint", "check", "--no-cache", str(seed("000"))],
                   capture_output=True, check=False)


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_a_one_seed_run_imports_no_rich_pydantic_tomllib_or_dask(fmt, warm_data_cache):
    """The seeds sit in this repository, whose pyproject has no [tool.doclint]: no TOML parser
    for it, no pydantic schema; JSON and uncoloured text need no rich; nothing of Dask."""
    proc = subprocess.run([sys.executable, "-c", _PROBE, "check", "--no-cache", "--format", fmt, str(seed("000"))],
                          capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})
    assert proc.stderr.strip().splitlines()[-1] == "[]"
    assert "duplicated-word" in proc.stdout  # the run did lint the seed


def test_colour_still_goes_through_rich():
    proc = subprocess.run([sys.executable, "-c", _PROBE, "check", "--no-cache", str(seed("000"))],
                          capture_output=True, text=True, env={**os.environ, "FORCE_COLOR": "1"})
    assert "\x1b[" in proc.stdout
    assert proc.stderr.strip().splitlines()[-1] == "['rich']"


# -- what the start-up work replaced must behave as before ---------------------------------------

def test_records_behave_as_the_dataclasses_they_replace():
    """doclint.records stands in for @dataclass(slots=True[, frozen=True]) on the model."""
    import copy
    import pickle
    from dataclasses import FrozenInstanceError

    from doclint.model import Document, Field, Section, Span
    from doclint.records import replace
    from doclint.rule import Edit, Finding, Fix

    span = Span(3, 7)
    assert repr(span) == "Span(start=3, end=7)"
    assert span == Span(3, 7) and span != Span(3, 8) and hash(span) == hash((3, 7)) and len(span) == 4
    with pytest.raises(FrozenInstanceError):
        span.start = 4  # type: ignore[misc]
    finding = Finding("a.txt", 1, 2, 1, 5, "r", "DL100", "error", "m", fix=Fix((Edit(0, 1, "x"),)))
    for copied in (pickle.loads(pickle.dumps(finding)), copy.deepcopy(finding), copy.copy(finding)):
        assert copied == finding and hash(copied) == hash(finding)
    assert replace(finding, line=9) == Finding("a.txt", 9, 2, 1, 5, "r", "DL100", "error", "m",
                                               fix=Fix((Edit(0, 1, "x"),)))
    with pytest.raises(TypeError):  # mutable records are unhashable, as dataclasses with eq
        hash(Field(span, None))
    assert Field(span, "x") == Field(Span(3, 7), "x")
    # a section is compared by identity, and its repr does not recurse through its parent
    parent = Section("1", "1.", "arabic", 1, "", span, span, 1)
    child = Section("1", "1.", "arabic", 1, "", span, span, 1, parent=parent)
    parent.children.append(child)
    assert parent != child and child in parent.children and "parent=Section(" in repr(child)
    assert "children=[...]" in repr(parent.children[0].parent) or "..." in repr(parent)
    doc = Document("p", "t", "t", [0])
    assert doc.blocks == [] and doc.blocks is not Document("p", "t", "t", [0]).blocks  # fresh lists


def test_settings_record_keeps_its_repr_and_hash():
    """The result cache's keys are built from repr(Settings): the record must print the same."""
    from doclint.config import Settings

    settings = Settings(select=["DL1"], severity={"x": "error"})
    assert repr(settings).startswith("Settings(lang='vi', stage='draft', document_date=None, select=('DL1',), ")
    assert settings == Settings(select=("DL1",), severity=(("x", "error"),))
    assert hash(settings) == hash(Settings(select=("DL1",), severity=(("x", "error"),)))
    with pytest.raises(Exception, match="stage"):
        Settings(stage="late")


def test_skeleton_by_translation_equals_its_definition():
    """context-typo's skeleton (a table learnt per character) equals NFD with marks dropped,
    on the model's vocabulary and on strings mixing letters, combining marks and characters
    whose decomposition canonical ordering could reorder."""
    import random

    from doclint.rules import context

    model = context.load_model()
    assert all(context.skeleton(w) == context._skeleton_of(w) for w in model.vocab)
    pool = [chr(c) for c in [*range(0x20, 0x250), *range(0x300, 0x370), *range(0x1E00, 0x1F00),
                             0x0344, 0x0F73, 0x0F7F, 0x212B, 0xAC00, 0x1D165, 0x1D16D]]
    rnd = random.Random(17)
    for _ in range(20_000):
        word = "".join(rnd.choice(pool) for _ in range(rnd.randint(1, 8)))
        assert context.skeleton(word) == context._skeleton_of(word), word


def test_syllable_parses_try_every_onset_that_fits():
    """_parses looks only at the onsets starting with the word's first letter: the same parses,
    in the same order, as trying every onset."""
    from doclint import syllable as s

    def every_onset(base: str) -> list[tuple[str, str]]:
        out = [("", base)] if base in s.RHYMES else []
        for onset in s.ONSETS:
            if base.startswith(onset):
                rhyme = base[len(onset):]
                if onset == "qu":
                    ok = rhyme in s._RHYMES_AFTER_QU
                elif onset == "gi":
                    ok = rhyme in s._RHYMES_AFTER_GI
                else:
                    ok = rhyme in s.RHYMES and s._onset_ok(onset, rhyme)
                if ok:
                    out.append((onset, rhyme))
        return out

    bases = {o + r for o in ["", *s.ONSETS] for r in [*s.RHYMES, *s._RHYMES_AFTER_GI, *s._RHYMES_AFTER_QU, "x"]}
    assert all(s._parses(b) == every_onset(b) for b in bases)
    assert s.split_tone("quyết") == ("quyêt", "sắc", 1) and s.split_tone("thong") == ("thong", None, 0)


def test_a_small_run_leaves_the_cycle_collector_on():
    """The CLI pauses the cycle collector while importing and during a first small run: it is
    on again afterwards (a library caller's process must not be left without it)."""
    import gc

    from doclint import cli

    assert gc.isenabled()
    assert cli.main(["check", "--no-cache", "--format", "json", "-o", os.devnull, str(seed("000"))]) in (0, 1)
    assert gc.isenabled()


def test_a_larger_run_collects_less_often_and_restores_the_thresholds(monkeypatch):
    """A run past PAUSE_GC_BYTES lints with the young generation collected every
    YOUNG_GC_THRESHOLD allocations (not 700), and leaves the caller's thresholds as they were."""
    import gc

    from doclint import cli

    seen = []
    real_lint_job = cli.lint_job
    monkeypatch.setattr(cli, "PAUSE_GC_BYTES", 0)
    monkeypatch.setattr(cli, "lint_job", lambda job: (seen.append(gc.get_threshold()), real_lint_job(job))[1])
    before = gc.get_threshold()
    assert cli.main(["check", "--no-cache", "--jobs", "1", "--format", "json", "-o", os.devnull,
                     str(seed("000")), str(seed("001"))]) in (0, 1)
    assert seen and all(t[0] >= cli.YOUNG_GC_THRESHOLD and t[1:] == before[1:] for t in seen)
    assert gc.get_threshold() == before and gc.isenabled()


def test_a_raw_cache_entry_is_verified(tmp_path, monkeypatch):
    """The word model's cache entry is mapped, not copied, and still checked: a changed byte
    makes it rebuilt, never used."""
    from doclint import datacache

    monkeypatch.setenv("DOCLINT_CACHE_DIR", str(tmp_path / "cache"))
    built = datacache.derived_bytes("wordmodel", b"source", lambda data: b"0123456789" * 100)
    assert bytes(built) == b"0123456789" * 100
    entry = next((tmp_path / "cache").glob("wordmodel-*.cache"))
    raw = bytearray(entry.read_bytes())
    raw[-1] ^= 1
    entry.write_bytes(bytes(raw))
    again = datacache.derived_bytes("wordmodel", b"source", lambda data: b"rebuilt")
    assert bytes(again) == b"rebuilt"
    assert bytes(datacache.derived_bytes("wordmodel", b"source", lambda data: b"unused")) == b"rebuilt"


def test_citation_type_names_without_decomposed_spellings_find_the_same():
    """On a text without combining marks the type-name pattern leaves out the decomposed
    spellings (a third of the size to compile): the same type names, at the same places, on
    every seed; a decomposed type name is still read (PDF text can bring one)."""
    import unicodedata

    from doclint import citations

    flexible, plain = citations._type_before_re(True), citations._type_before_re(False)
    assert len(plain.pattern) < len(flexible.pattern) / 2
    found = 0
    for prefix in ("000", "001", "002", "003", "004"):
        text = seed(prefix).read_text(encoding="utf-8")
        for start in citations._ref_starts(text):
            ours = citations._type_before(text, start, plain)
            if citations._COMBINING_MARK.search(text, max(0, start - citations._WINDOW), start) is None:
                assert ours == citations._type_before(text, start, flexible)
                found += ours is not None
    assert found > 20
    decomposed = unicodedata.normalize("NFD", "theo Quyết định số 12/QĐ-UBND ngày 3/4/2021")
    [cited] = citations.scan_text(decomposed)
    assert cited.type_name == "Quyết định" and cited.code == "QĐ-UBND"
    [same] = citations.scan_text(unicodedata.normalize("NFC", decomposed))
    assert same.type_name == "Quyết định" and same.code == "QĐ-UBND"


def test_a_record_subclass_keeps_its_base_fields_as_a_dataclass_does() -> None:
    """``wordpack.Entry`` adds ``source`` and ``index`` to ``RawEntry``'s six fields; its repr,
    equality, hash and pickling must see all eight."""
    import pickle

    from doclint.wordpack import Entry, RawEntry

    entry = Entry("xây ra", "xảy ra", (), ("vụ",), (), (), "confusables.toml", 3)
    assert Entry._fields == RawEntry._fields + ("source", "index")
    assert repr(entry).endswith("source='confusables.toml', index=3)")
    assert entry != Entry("xây ra", "xảy ra", (), ("vụ",), (), (), "confusables.toml", 4)
    assert hash(entry) == hash(Entry("xây ra", "xảy ra", (), ("vụ",), (), (), "confusables.toml", 3))
    assert pickle.loads(pickle.dumps(entry)) == entry
    assert entry != RawEntry("xây ra", "xảy ra", (), ("vụ",), (), ())  # another class
