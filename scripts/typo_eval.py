"""Measure the `context-typo` rule on real typos put into held-out administrative sentences.

Typo pairs (wrong → right) come from public Vietnamese spelling resources read from local git
mirrors (never copied into the repository; Viwiki-Spelling is CC BY 4.0, kept as a script that
rebuilds the set, not as the set):

- heraclex12/Viwiki-spelling ``spelling_test.json``: hand-labelled mistakes of Vietnamese Wikipedia;
- vuhuudung/kiemtraloi ``checker/common_mistakes.py``: a document checker's list of slips.

Each single-syllable pair is put into sentences of the held-out tenth of the model's corpus
(files the model never counted, see ``build_wordmodel.held_out``) that contain the right word
between two neighbours. The pairs are split in two halves by a hash: thresholds are tuned on
the first half, and the table reports the second half: recall by typo kind, and false alarms
(sentences with any finding) per 200 correct sentences.

    python scripts/typo_eval.py [--mirrors /work/.mirror] [--per-pair 3] [--max-fa 0.1]
    python scripts/typo_eval.py --use 0,0,3,22       # the shipped thresholds (chosen with --max-fa 0.15
                                                     # and at most 0.05 new findings per real text);
                                                     # the per-kind gains (Thresholds.kind_gains, set
                                                     # on the tune half with the real documents
                                                     # watched) apply in every mode
    python scripts/typo_eval.py --end-to-end         # what doclint itself reports (all word rules)
    python scripts/typo_eval.py --end-to-end --tri-gain 13   # ... with another Thresholds.tri_gain

``--end-to-end`` lints each typo sentence and each correct sentence with doclint's public API
and the word rules a user gets (``invalid-syllable``, ``confusable``, ``context-typo``): a typo
is caught when a finding covers it, whichever rule gives it; a correct sentence with any finding
is a false alarm.  Non-words (``vs``, ``trửong``) count there, as the issue's target does.
``--tri-gain`` runs it with another gain for the trigram evidence (``Thresholds.tri_gain``, 14:
chosen on the tune half among 12-16, the knee of recall against false alarms there; every new
real-document finding read).

The chosen thresholds are copied by hand into ``rules/context.py`` (``Thresholds`` defaults).
"""

from __future__ import annotations

import argparse
import array
import ast
import hashlib
import json
import subprocess
import sys
from collections import Counter, defaultdict
from itertools import product
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_wordmodel import corpus_texts, sentences  # noqa: E402

from doclint.syllable import is_valid  # noqa: E402
from rules.context import (  # noqa: E402
    SEEN_CAP, Suspect, Thresholds, WordModel, choose, load_model, normalise, skeleton, suspect, variants,
)

TYPO_SOURCES = (
    ("heraclex12/Viwiki-spelling", "6c8ebc9a874a4316b4660ea2bf9dd7cff50fdabb", "spelling_test.json"),
    ("vuhuudung/kiemtraloi", "73df77837f542be806219a15ef77ffc1a6da71c2", "checker/common_mistakes.py"),
)
MAX_RUN = 40


def _blob(mirrors: Path, repo: str, commit: str, path: str) -> str:
    git_dir = mirrors / repo.replace("/", "+") / "repo"
    return subprocess.run(["git", "-C", str(git_dir), "show", f"{commit}:{path}"], capture_output=True,
                          check=True).stdout.decode("utf-8")


def typo_pairs(mirrors: Path) -> Counter[tuple[str, str]]:
    """(wrong, right) single-syllable pairs, normalised, with how often the sources list them."""
    raw: list[tuple[str, str]] = []
    for repo, commit, path in TYPO_SOURCES:
        text = _blob(mirrors, repo, commit, path)
        if path.endswith(".json"):
            for line in text.splitlines():
                for mistake in json.loads(line)["mistakes"]:
                    if mistake["suggest"]:
                        raw.append((mistake["text"], mistake["suggest"][0]))
        else:
            tree = ast.parse(text)
            for node in ast.walk(tree):
                if isinstance(node, ast.Dict):
                    for k, v in zip(node.keys, node.values):
                        if isinstance(k, ast.Constant) and isinstance(v, ast.Constant):
                            raw.append((str(k.value), str(v.value)))
    pairs: Counter[tuple[str, str]] = Counter()
    for wrong, right in raw:
        ws, rs = wrong.split(), right.split()
        if len(ws) != len(rs):
            continue
        diffs = [(w, r) for w, r in zip(ws, rs) if w != r]
        if len(diffs) != 1:
            continue
        w, r = diffs[0]
        if not (w.isalpha() and r.isalpha()) or not is_valid(r):
            continue
        w, r = normalise(w), normalise(r)
        if w != r:
            pairs[(w, r)] += 1
    return pairs


def kind_of(wrong: str, right: str) -> str:
    if not is_valid(wrong):
        return "non-word"
    for variant in variants(right):
        if variant.word == wrong:
            return variant.kind
    if wrong.isascii() and skeleton(right) == wrong:
        return "marks"
    return "other"


def half(pair: tuple[str, str]) -> str:
    return "tune" if hashlib.sha1("→".join(pair).encode()).digest()[0] % 2 == 0 else "test"


def run_features(model: WordModel, run: list[str], prior: float, max_seen: int) -> list[Suspect]:
    out = []
    for i in range(1, len(run) - 1):
        found = suspect(model, run[i - 1], run[i], run[i + 1], prior, max_seen)
        if found is not None:
            out.append(found)
    return out


def verdict(found: Suspect | None, t: Thresholds) -> str | None:
    option = choose(found, t)
    return option.word if option else None


def _key(run: list[str]) -> int:
    return int.from_bytes(hashlib.blake2b(" ".join(run).encode(), digest_size=8).digest(), "little")


def training_keys(mirrors: Path, cache: Path) -> set[int]:
    """Keys of every run the model counted: a held-out file may quote a law the counted files
    hold too, and such a sentence would be no test."""
    if cache.exists():
        keys = array.array("Q")
        keys.frombytes(cache.read_bytes())
        return set(keys)
    out = {_key(run) for _label, text in corpus_texts(mirrors, evaluation=False, max_bytes=10**12)
           for run in sentences(text)}
    cache.write_bytes(array.array("Q", sorted(out)).tobytes())
    return out


def collect(mirrors: Path, pairs: Counter[tuple[str, str]], per_pair: int, seen: set[int],
            n_correct: int) -> tuple[dict, list[list[str]]]:
    """Held-out runs holding each right word (inside, not at an edge), and plain correct runs."""
    wanted = defaultdict(list)
    for wrong, right in pairs:
        wanted[right].append(wrong)
    found: dict[str, list[tuple[list[str], int]]] = defaultdict(list)
    correct: list[list[str]] = []
    for index, (_label, text) in enumerate(corpus_texts(mirrors, evaluation=True, max_bytes=10**12)):
        for n, run in enumerate(sentences(text)):
            if not 5 <= len(run) <= MAX_RUN or _key(run) in seen:
                continue
            seen.add(_key(run))
            if (n + index) % 3 == 0 and len(correct) < n_correct:
                correct.append(run)
            for i, word in enumerate(run):
                if word in wanted and len(found[word]) < per_pair and 0 < i < len(run) - 1:
                    found[word].append((run, i))
    return found, correct


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirrors", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--per-pair", type=int, default=3)
    parser.add_argument("--max-fa", type=float, default=0.1, help="false alarms per 200 sentences allowed when tuning")
    parser.add_argument("--correct", type=int, default=20000, help="correct sentences to test for false alarms")
    parser.add_argument("--use", help="report these thresholds (max_seen,ratio,min_support,min_gain[,word_support,word_gain]) "
                        "without tuning")
    parser.add_argument("--end-to-end", action="store_true", help="lint the sentences with doclint itself")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/typo_eval_training_keys.bin"))
    parser.add_argument("--tri-gain", type=float, help="with --end-to-end: the rule's tri_gain (0: off)")
    args = parser.parse_args()
    if args.tri_gain is not None:  # the rule's thresholds are document_hits' default: swapped for this run
        import doclint.rules.context as rule_module

        defaults = list(rule_module.document_hits.__defaults__ or ())
        defaults[0] = rule_module.Thresholds(tri_gain=args.tri_gain)
        rule_module.document_hits.__defaults__ = tuple(defaults)
    model = load_model()
    pairs = typo_pairs(args.mirrors)
    seen = training_keys(args.mirrors, args.cache)
    found, correct = collect(args.mirrors, pairs, args.per_pair, seen, args.correct)
    prior, max_seen_cap = 2.0, SEEN_CAP
    if args.end_to_end:
        end_to_end(pairs, found, correct)
        return
    cases = []  # (half, kind, right, features at the typo position)
    for (wrong, right), _n in pairs.items():
        kind = kind_of(wrong, right)
        for run, i in found.get(right, []):
            typo = [*run[:i], wrong, *run[i + 1 :]]
            pos = suspect(model, typo[i - 1], wrong, typo[i + 1], prior, max_seen_cap) if kind != "non-word" else None
            cases.append((half((wrong, right)), kind, right, pos))
    clean = [run_features(model, run, prior, max_seen_cap) for run in correct]
    half_clean = {"tune": clean[0::2], "test": clean[1::2]}

    def score(part: str, t: Thresholds) -> tuple[Counter, Counter, int]:
        caught, total = Counter(), Counter()
        for h, kind, right, pos in cases:
            if h == part:
                total[kind] += 1
                caught[kind] += verdict(pos, t) == right
        alarms = sum(any(verdict(p, t) for p in feats) for feats in half_clean[part])
        return caught, total, alarms

    best = None
    if args.use:
        max_seen, ratio, support, gain, *word = args.use.split(",")
        word_support, word_gain = (int(word[0]), float(word[1])) if word else (0, 0.0)
        best = ((0.0, 0.0), Thresholds(int(max_seen), float(ratio), int(support), float(gain), prior,
                                       word_support, word_gain))
    grid = () if args.use else product((0, 2), (0.0, 100.0), (3, 10, 30, 100, 300), (14, 18, 20, 22, 24, 26, 28, 30),
                                       ((0, 0.0), *product((300, 1000, 3000), (8.0, 10.0, 12.0, 14.0, 16.0, 18.0))))
    for max_seen, ratio, support, gain, (word_support, word_gain) in grid:
        t = Thresholds(max_seen, ratio, support, gain, prior, word_support, word_gain)
        caught, total, alarms = score("tune", t)
        fa = alarms * 200 / max(1, len(half_clean["tune"]))
        real = sum(caught[k] for k in total if k != "non-word") / max(1, sum(total[k] for k in total if k != "non-word"))
        if fa <= args.max_fa and (best is None or (real, -fa) > best[0]):
            best = ((real, -fa), t)
    if best is None:
        raise SystemExit(f"no thresholds keep false alarms under {args.max_fa} per 200 sentences")
    t = best[1]
    how = "given" if args.use else "chosen on the tune half"
    print(f"pairs: {len(pairs)} ({sum(1 for p in pairs if half(p) == 'test')} in the test half); "
          f"correct sentences: {len(correct)}; {how}: {t}")
    for part in ("tune", "test"):
        caught, total, alarms = score(part, t)
        n_clean = len(half_clean[part])
        print(f"\n{part} half: false alarms {alarms} in {n_clean} correct sentences "
              f"= {alarms * 200 / max(1, n_clean):.2f} per 200")
        print("| kind | cases | caught | recall |\n|---|---|---|---|")
        for kind in sorted(total, key=lambda k: -total[k]):
            print(f"| {kind} | {total[kind]} | {caught[kind]} | {caught[kind] / total[kind]:.0%} |")
        real_total = sum(total[k] for k in total if k != "non-word")
        real_caught = sum(caught[k] for k in total if k != "non-word")
        print(f"| all real-word kinds | {real_total} | {real_caught} | {real_caught / max(1, real_total):.0%} |")


WORD_RULES = ["invalid-syllable", "confusable", "context-typo"]


def _sentence(run: list[str]) -> str:
    text = " ".join(run)
    return text[:1].upper() + text[1:] + ".\n"


def _flags(run: list[str], position: int | None) -> bool:
    """Whether doclint reports the run: anywhere (``position`` None) or on the word at ``position``."""
    import doclint

    findings = doclint.lint_text(_sentence(run), select=WORD_RULES)
    if position is None:
        return bool(findings)
    start = sum(len(word) + 1 for word in run[:position]) + 1  # 1-based column of the word
    end = start + len(run[position])
    return any(f.line == 1 and f.column < end and (f.end_column or f.column + 1) > start for f in findings)


def end_to_end(pairs: Counter[tuple[str, str]], found: dict, correct: list[list[str]]) -> None:
    caught: dict[str, Counter] = {"tune": Counter(), "test": Counter()}
    total: dict[str, Counter] = {"tune": Counter(), "test": Counter()}
    for (wrong, right), _n in pairs.items():
        kind, part = kind_of(wrong, right), half((wrong, right))
        for run, i in found.get(right, []):
            total[part][kind] += 1
            caught[part][kind] += _flags([*run[:i], wrong, *run[i + 1 :]], i)
    halves = {"tune": correct[0::2], "test": correct[1::2]}
    print(f"pairs: {len(pairs)}; correct sentences: {len(correct)}; doclint rules: {', '.join(WORD_RULES)}")
    for part in ("tune", "test"):
        alarms = sum(_flags(run, None) for run in halves[part])
        n_clean = len(halves[part])
        print(f"\n{part} half: false alarms {alarms} in {n_clean} correct sentences "
              f"= {alarms * 200 / max(1, n_clean):.2f} per 200")
        print("| kind | cases | caught | recall |\n|---|---|---|---|")
        for kind in sorted(total[part], key=lambda k: -total[part][k]):
            print(f"| {kind} | {total[part][kind]} | {caught[part][kind]} | {caught[part][kind] / total[part][kind]:.0%} |")
        one_slip = [k for k in total[part] if k not in ("non-word", "other")]  # what the candidates can reach
        for label, kinds in (("one-slip real-word kinds", one_slip),
                             ("real-word kinds", [k for k in total[part] if k != "non-word"]), ("all kinds", list(total[part]))):
            n = sum(total[part][k] for k in kinds)
            c = sum(caught[part][k] for k in kinds)
            print(f"| {label} | {n} | {c} | {c / max(1, n):.0%} |")


if __name__ == "__main__":
    main()
