"""Build the syllable bigram and trigram model of administrative Vietnamese used by the `context-typo` rule.

The corpus is public Vietnamese legal and administrative text in public GitHub repositories
(listed in ``scripts/wordmodel_SOURCES.tsv`` with commit and licence). The repositories are read
straight from local git mirrors (``git cat-file --batch``), one file at a time: no fetched text is
written to disk, and none is committed. Only the counts are shipped, as
``rules/data/wordmodel.bin`` (format in ``rules/context.py``: :func:`doclint.rules.context.load_model`).

    python scripts/build_wordmodel.py --mirrors /work/.mirror [--out rules/data/wordmodel.bin]

Files whose path hashes into the held-out tenth (:func:`held_out`) are left out of the counts:
``scripts/typo_eval.py`` takes its test sentences from them.
"""

from __future__ import annotations

import argparse
import array
import hashlib
import re
import subprocess
import sys
import unicodedata
import zlib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from doclint.syllable import is_valid  # noqa: E402
from rules.context import MAGIC, normalise  # noqa: E402

SOURCES = Path(__file__).with_name("wordmodel_SOURCES.tsv")
_PIECE = re.compile(r"[^\W\d_]+|[^\w\s]|\d+", re.UNICODE)
_SKIP_LINE = re.compile(r"^\s*(?:\||---|layout:|title:|permalink:|lastedit:|\*\*|!\[|<)")
MIN_UNIGRAM = 3
MIN_BIGRAM = 2
MIN_TRIGRAM = 3  # a trigram is kept (as present, without its count) when seen at least this often
BOUNDARY = "<s>"


def sources() -> list[dict[str, str]]:
    """The rows of the SOURCES file (repo, commit, licence, prefix, extensions, max_mb, note)."""
    rows = []
    lines = SOURCES.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    for line in lines[1:]:
        if line.strip() and not line.startswith("#"):
            rows.append(dict(zip(header, line.split("\t"))))
    return rows


def held_out(repo: str, path: str) -> bool:
    """Whether a file belongs to the evaluation tenth (never counted in the model)."""
    return hashlib.sha1(f"{repo}:{path}".encode()).digest()[0] % 10 == 0


def git_dir_of(mirrors: Path, repo: str) -> Path:
    base = mirrors / repo.replace("/", "+") / "repo"
    return base / ".git" if (base / ".git").is_dir() else base


def source_files(mirrors: Path, row: dict[str, str]) -> list[tuple[str, str]]:
    """(path, blob id) of the files of one source row."""
    git_dir = git_dir_of(mirrors, row["repo"])
    out = subprocess.run(["git", "-C", str(git_dir), "ls-tree", "-r", row["commit"], "--", row["prefix"]],
                         capture_output=True, text=True, check=True).stdout
    exts = tuple(row["extensions"].split(","))
    files = []
    for line in out.splitlines():
        meta, path = line.split("\t", 1)
        if path.endswith(exts):
            files.append((path, meta.split()[2]))
    return files


def read_blobs(git_dir: Path, blobs: list[str]) -> Iterator[bytes]:
    """The contents of ``blobs``, streamed one at a time through ``git cat-file --batch`` (empty
    for a blob the mirror lacks: snapshots may leave their largest files out)."""
    proc = subprocess.Popen(["git", "-C", str(git_dir), "cat-file", "--batch"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE)
    assert proc.stdin and proc.stdout
    for blob in blobs:
        proc.stdin.write(blob.encode() + b"\n")
        proc.stdin.flush()
        header = proc.stdout.readline().split()
        if len(header) < 3:
            yield b""
            continue
        size = int(header[2])
        data = proc.stdout.read(size)
        proc.stdout.read(1)
        yield data
    proc.stdin.close()
    proc.wait()


def corpus_texts(mirrors: Path, *, evaluation: bool, max_bytes: int) -> Iterator[tuple[str, str]]:
    """(label, text) of every corpus file on the requested side of the held-out split."""
    for row in sources():
        git_dir = git_dir_of(mirrors, row["repo"])
        files = [(p, b) for p, b in source_files(mirrors, row) if held_out(row["repo"], p) == evaluation]
        budget = min(max_bytes, int(float(row["max_mb"]) * 1e6))
        total = 0
        for (path, _blob), data in zip(files, read_blobs(git_dir, [b for _p, b in files])):
            text = unicodedata.normalize("NFC", data.decode("utf-8", errors="replace"))
            total += len(data)
            yield f"{row['repo']}:{path}", text
            if total >= budget:
                break


def sentences(text: str) -> Iterator[list[str]]:
    """Runs of normalised syllables between punctuation, numbers, codes and line ends."""
    for line in text.splitlines():
        if _SKIP_LINE.match(line):
            continue
        run: list[str] = []
        for piece in _PIECE.findall(line):
            if piece[0].isalpha() and is_valid(piece) and (piece.islower() or piece[1:].islower()):
                run.append(normalise(piece))
                continue
            if len(run) > 1:
                yield run
            run = []
        if len(run) > 1:
            yield run


def count(mirrors: Path, max_bytes: int) -> tuple[Counter[str], Counter[tuple[str, str]],
                                                  Counter[tuple[str, str, str]], int]:
    unigrams: Counter[str] = Counter()
    bigrams: Counter[tuple[str, str]] = Counter()
    trigrams: Counter[tuple[str, str, str]] = Counter()
    files = 0
    seen: set[int] = set()  # hashes of the runs counted: a law quoted in many files counts once
    for _label, text in corpus_texts(mirrors, evaluation=False, max_bytes=max_bytes):
        files += 1
        for run in sentences(text):
            key = hash(tuple(run))
            if key in seen:
                continue
            seen.add(key)
            unigrams.update(run)
            padded = [BOUNDARY, *run, BOUNDARY]
            bigrams.update(zip(padded, padded[1:]))
            trigrams.update(zip(padded, padded[1:], padded[2:]))
    return unigrams, bigrams, trigrams, files


def encode(unigrams: Counter[str], bigrams: Counter[tuple[str, str]], trigrams: Counter[tuple[str, str, str]]) -> bytes:
    vocab = [BOUNDARY] + [w for w, c in unigrams.most_common() if c >= MIN_UNIGRAM]
    index = {w: i for i, w in enumerate(vocab)}
    size = len(vocab)
    keyed = sorted((index[a] * size + index[b], c) for (a, b), c in bigrams.items()
                   if c >= MIN_BIGRAM and a in index and b in index)
    keys = array.array("I", (k for k, _ in keyed))
    counts = array.array("I", (min(c, 2**32 - 1) for _, c in keyed))
    uni = array.array("I", [0] + [unigrams[w] for w in vocab[1:]])
    # a trigram's key: the position of its first two syllables among the bigram keys, times V,
    # plus its third (a trigram seen MIN_TRIGRAM times has a bigram seen as often: it is stored)
    position = {k: i for i, (k, _) in enumerate(keyed)}
    if len(keyed) * size >= 2**32:
        raise SystemExit("too many bigrams for u32 trigram keys")
    tri = array.array("I", sorted(position[index[a] * size + index[b]] * size + index[c]
                                  for (a, b, c), n in trigrams.items()
                                  if n >= MIN_TRIGRAM and a in index and b in index and c in index))
    words = "\n".join(vocab).encode("utf-8")
    body = b"".join([
        len(words).to_bytes(4, "little"), words,
        len(uni).to_bytes(4, "little"), uni.tobytes(),
        len(keys).to_bytes(4, "little"), keys.tobytes(), counts.tobytes(),
        len(tri).to_bytes(4, "little"), tri.tobytes(),
    ])
    return MAGIC + zlib.compress(body, 9)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirrors", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--max-mb", type=float, default=1000, help="cap per source (MB read)")
    parser.add_argument("--out", type=Path, default=ROOT / "rules" / "data" / "wordmodel.bin")
    args = parser.parse_args()
    unigrams, bigrams, trigrams, files = count(args.mirrors, int(args.max_mb * 1e6))
    blob = encode(unigrams, bigrams, trigrams)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(blob)
    kept = sum(1 for c in bigrams.values() if c >= MIN_BIGRAM)
    kept_tri = sum(1 for c in trigrams.values() if c >= MIN_TRIGRAM)
    print(f"{files} files, {sum(unigrams.values()):,} syllables, {len(unigrams):,} distinct, "
          f"{kept:,} bigrams kept of {len(bigrams):,}, {kept_tri:,} trigrams of {len(trigrams):,}; "
          f"{len(blob) / 1e6:.2f} MB -> {args.out}")


if __name__ == "__main__":
    main()
