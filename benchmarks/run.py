"""doclint benchmark: CPU throughput on unique real documents, start-up, the result cache,
linearity, memory, parallel scaling, and the ratio to textlint.

Every measurement is a fresh ``doclint check`` process, as a user runs it, with all rules on and
JSON output to a file; CPU is the process's user+sys time (its pool workers included), which a
busy machine disturbs far less than the wall clock.

    python benchmarks/run.py               # full run (565 real texts, textlint; ~8 min of CPU)
    python benchmarks/run.py --small       # what CI runs: a few documents, no textlint

The main corpus is unique real documents: the texts of ``shared/realdocs/text`` beside the
checkout (``--realdocs DIR``); without them (CI), the five seeds, which are real drafts too.
Copies of the seeds, each made unique by a paragraph of its own, are the second line only: lru
caches hit across copies and flatter them.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
TEXTLINT_TERMS = {  # a few Vietnamese confusables for textlint's terminology rule
    "phân đầu": "phấn đấu", "bút phá": "bứt phá", "Tiền độ": "Tiến độ", "Xây ra": "Xảy ra",
    "đơn đốc": "đôn đốc", "Hồ trợ": "Hỗ trợ", "kiểm chế": "kiềm chế", "buộn lậu": "buôn lậu",
}
TEXTLINT_PACKAGES = ["textlint@14", "textlint-rule-terminology@5", "textlint-rule-sentence-length@5",
                     "textlint-rule-max-comma@4", "textlint-rule-no-todo@2",
                     "textlint-rule-no-start-duplicated-conjunction@2"]
FIVE_RULES = {"sentence-length": {"max": 150}, "max-comma": {"max": 6}, "no-todo": True,
              "no-start-duplicated-conjunction": True}  # plus terminology: five common textlint rules


def find_realdocs() -> Path | None:
    """``shared/realdocs/text`` beside the checkout or beside any folder above it (worktrees)."""
    for folder in ROOT.parents:
        candidate = folder / "shared" / "realdocs" / "text"
        if candidate.is_dir():
            return candidate
    return None


def doclint_command() -> list[str]:
    exe = shutil.which("doclint", path=str(Path(sys.executable).parent)) or shutil.which("doclint")
    return [exe] if exe else [sys.executable, "-m", "doclint"]


@dataclass
class Run:
    wall: float  # seconds
    cpu: float  # user+sys seconds of the process and the children it waited for
    rss_mb: float  # peak resident memory of the largest of them
    stderr: str


def measure(cmd: list[str], stdout_path: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """One fresh process: its wall time, CPU time and peak memory (wait4: this child only)."""
    with tempfile.TemporaryFile() as err, open(stdout_path or os.devnull, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    if proc.returncode not in (0, 1):
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{stderr[-2000:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, stderr)


def best_of(n: int, cmd: list[str], stdout_path: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """The run of least CPU among n, with the least wall time among them."""
    runs = [measure(cmd, stdout_path, env) for _ in range(n)]
    best = min(runs, key=lambda r: r.cpu)
    best.wall = min(r.wall for r in runs)
    return best


def make_unique(text: str, index: int) -> str:
    """The seed with a paragraph of its own at the end, so that no two documents (and no
    cache keyed on a document's text) are the same, while the seed's findings stay as they are."""
    return text.rstrip("\n") + f"\n\nBản sao số {index}: tổng hợp ngày {index % 28 + 1:02d}/{index % 12 + 1}.\n"


def build_seed_copies(folder: Path, count: int) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    for i in range(count):
        (folder / f"doc_{i:04d}.txt").write_text(make_unique(texts[i % len(texts)], i), encoding="utf-8")
    return folder_bytes(folder)


def sample(files: list[Path], count: int, folder: Path) -> Path:
    """``count`` of ``files``, evenly spaced (short and long ones alike), copied into ``folder``."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    step = len(files) / count
    for i in range(count):
        shutil.copy(files[int(i * step)], folder / files[int(i * step)].name)
    return folder


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.glob("*.txt"))


def bench(args: argparse.Namespace) -> dict[str, object]:
    work = Path(args.workdir or tempfile.mkdtemp(prefix="doclint-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    doclint = doclint_command()
    env = {**os.environ, "DOCLINT_CACHE_DIR": str(work / "datacache")}  # data cache warm, results never cached
    check = [*doclint, "check", "--format", "json"]
    lint = [*check, "--no-cache"]
    json_out = work / "out.json"
    results: dict[str, object] = {}

    realdocs = Path(args.realdocs) if args.realdocs else find_realdocs()
    files = sorted(realdocs.glob("*.txt")) if realdocs else []
    if not files:
        print("real documents not found: the main corpus is the seeds", file=sys.stderr)
        files = SEEDS
    corpus = sample(files, min(args.docs, len(files)), work / "real")
    size = folder_bytes(corpus)
    measure(lint + ["--jobs", "1", str(SEEDS[0])], json_out, env)  # fills the data cache
    one = best_of(args.corpus_repeat, lint + ["--jobs", "1", str(corpus)], json_out, env)
    results["real_docs"] = len(list(corpus.glob("*.txt")))
    results["real_mb"] = round(size / 1e6, 2)
    results["real_findings"] = len(json.loads(json_out.read_text(encoding="utf-8")))
    results["real_cpu_seconds_jobs1"] = round(one.cpu, 2)
    results["real_mb_per_cpu_second"] = round(size / 1e6 / one.cpu, 3)
    results["real_wall_seconds_jobs1"] = round(one.wall, 2)
    results["real_peak_rss_mb"] = round(one.rss_mb, 1)
    jobs = os.cpu_count() or 1
    many = best_of(args.corpus_repeat, lint + ["--jobs", str(jobs), str(corpus)], json_out, env)
    results[f"real_wall_seconds_jobs{jobs}"] = round(many.wall, 2)
    results[f"real_cpu_seconds_jobs{jobs}"] = round(many.cpu, 2)
    results["parallel_speedup_wall"] = round(one.wall / many.wall, 2)

    copies = work / "copies"
    shutil.rmtree(copies, ignore_errors=True)
    copies_size = build_seed_copies(copies, args.copies)
    copy_run = best_of(args.repeat, lint + ["--jobs", "1", str(copies)], json_out, env)
    results["seed_copies_docs"] = args.copies
    results["seed_copies_mb"] = round(copies_size / 1e6, 2)
    results["seed_copies_mb_per_cpu_second"] = round(copies_size / 1e6 / copy_run.cpu, 3)

    results.update(startup(doclint, env, args.startup_repeat, work))

    unchanged = sample(files, min(args.cache_docs, len(files)), work / "unchanged")
    cached = check + ["--cache-dir", str(work / "results"), str(unchanged)]
    measure(cached, json_out, env)  # fills the result cache
    rerun = best_of(args.repeat, cached, json_out, env)
    results["cache_rerun_docs"] = len(list(unchanged.glob("*.txt")))
    results["cache_rerun_wall_seconds"] = round(rerun.wall, 3)
    results["cache_rerun_cpu_seconds"] = round(rerun.cpu, 3)

    longest = SEEDS[2].read_text(encoding="utf-8")
    per_k: dict[int, float] = {}
    for k in args.sizes:
        path = work / f"long_{k}.txt"
        path.write_text("\n\n".join(make_unique(longest, i) for i in range(k)), encoding="utf-8")
        per_k[k] = best_of(args.repeat if k < 100 else 1, lint + ["--jobs", "1", "--max-file-size", "200", str(path)],
                           json_out, env).cpu
    base = per_k[args.sizes[0]]
    results["cpu_seconds_by_k"] = {str(k): round(v, 3) for k, v in per_k.items()}
    results["k_ratio"] = {str(k): round(v / base, 1) for k, v in per_k.items()}
    if args.big_mb:
        big = work / "big.txt"
        with big.open("w", encoding="utf-8") as fh:
            written, i = 0, 0
            while written < args.big_mb * 1e6:
                chunk = make_unique(longest, i)
                fh.write(chunk + "\n\n")
                written += len(chunk.encode()) + 2
                i += 1
        results["big_mb"] = round(big.stat().st_size / 1e6, 1)
        results["big_peak_rss_mb"] = round(measure(lint + ["--jobs", "1", "--max-file-size", "500", str(big)],
                                                   json_out, env).rss_mb, 1)

    profiled = sample(files, min(args.profile_docs, len(files)), work / "profiled")
    profile = measure([*check, "--jobs", "1", "--profile", str(profiled)], json_out, env)
    results["profile"] = profile.stderr.strip().splitlines()[-30:]
    if not args.small:
        results.update(textlint(work, corpus, files, args.textlint_docs, results["real_mb_per_cpu_second"], lint, env))
    return results


def startup(doclint: list[str], env: dict[str, str], repeat: int, work: Path) -> dict[str, object]:
    """Issue 17's measure: one seed end to end in a fresh process against
    ``python -c "import lark, pydantic, rich"``, CPU (user+sys), best of ``repeat`` rounds in
    which the three commands run one after the other (paired: a busy machine slows all three).
    Bytecode is written and used, as in any installed copy: ``PYTHONDONTWRITEBYTECODE`` (set in
    some environments) would make every run of a source checkout recompile doclint."""
    env = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
    seed = str(SEEDS[0])
    commands = {
        "json": [*doclint, "check", "--no-cache", "--format", "json", seed],
        "text": [*doclint, "check", "--no-cache", seed],  # the default report, to a file: no colour
        "imports": [sys.executable, "-c", "import lark, pydantic, rich"],
    }
    out = work / "startup.out"
    for cmd in commands.values():
        measure(cmd, out, env)  # bytecode written, data cache filled
    best: dict[str, Run] = {}
    for _ in range(repeat):
        for name, cmd in commands.items():
            run = measure(cmd, out, env)
            if name not in best or run.cpu < best[name].cpu:
                best[name] = run
    imports = best["imports"].cpu
    return {
        "one_seed_cpu_seconds": round(best["json"].cpu, 3),
        "one_seed_text_cpu_seconds": round(best["text"].cpu, 3),
        "import_lark_pydantic_rich_cpu_seconds": round(imports, 3),
        "one_seed_over_imports_cpu": round(best["json"].cpu / imports, 2),
        "one_seed_text_over_imports_cpu": round(best["text"].cpu / imports, 2),
        "startup_rounds": repeat,
    }


def textlint(work: Path, corpus: Path, files: list[Path], sample_docs: int, doclint_rate: float,
             lint: list[str], env: dict[str, str]) -> dict[str, object]:
    """textlint's terminology rule alone over the corpus; five common rules over a sample
    (their sentence splitting costs ~30 s of CPU per MB of these texts), doclint on the same."""
    npm = shutil.which("npm")
    if npm is None:
        print("textlint comparison skipped: npm is not installed", file=sys.stderr)
        return {"textlint": "skipped: npm missing"}
    home = work / "textlint"
    home.mkdir(exist_ok=True)
    exe = home / "node_modules" / ".bin" / "textlint"
    if not exe.exists():
        (home / "package.json").write_text('{"name":"bench","private":true}', encoding="utf-8")
        proc = subprocess.run([npm, "install", "--silent", "--no-audit", "--no-fund", *TEXTLINT_PACKAGES],
                              cwd=home, capture_output=True, text=True)
        if proc.returncode != 0:
            print(f"textlint comparison skipped: npm install failed: {proc.stderr[-300:]}", file=sys.stderr)
            return {"textlint": "skipped: npm install failed"}
    terminology = {"terminology": {"defaultTerms": False, "terms": [list(t) for t in TEXTLINT_TERMS.items()]}}
    configs = {"terminology": terminology, "five": {**terminology, **FIVE_RULES}}
    for name, rules in configs.items():
        (home / f"{name}.json").write_text(json.dumps({"rules": rules}, ensure_ascii=False), encoding="utf-8")

    def run(name: str, folder: Path) -> float:
        cmd = [str(exe), "--config", str(home / f"{name}.json"), "--format", "json",
               "--output-file", str(work / "textlint.json"), str(folder)]
        return folder_bytes(folder) / 1e6 / measure(cmd).cpu

    out: dict[str, object] = {}
    rate = run("terminology", corpus)
    out["textlint_terminology_mb_per_cpu_second"] = round(rate, 3)
    out["doclint_over_textlint_terminology"] = round(doclint_rate / rate, 3)
    small = sample(files, min(sample_docs, len(files)), work / "textlint-sample")
    rate = run("five", small)
    mine = folder_bytes(small) / 1e6 / measure(lint + ["--jobs", "1", str(small)], env=env).cpu
    out["textlint_five_rules_sample"] = f"{len(list(small.glob('*.txt')))} docs, {folder_bytes(small) / 1e6:.2f} MB"
    out["textlint_five_rules_mb_per_cpu_second"] = round(rate, 3)
    out["doclint_on_sample_mb_per_cpu_second"] = round(mine, 3)
    out["doclint_over_textlint_five_rules"] = round(mine / rate, 2)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="a few documents, no textlint (CI)")
    parser.add_argument("--realdocs", help="folder of real .txt documents (default: shared/realdocs/text)")
    parser.add_argument("--docs", type=int, default=None, help="real documents in the main corpus (default: all)")
    parser.add_argument("--copies", type=int, default=None, help="seed copies in the second corpus")
    parser.add_argument("--cache-docs", type=int, default=None, help="documents of the cached re-run")
    parser.add_argument("--textlint-docs", type=int, default=20, help="documents for textlint's five rules")
    parser.add_argument("--profile-docs", type=int, default=None, help="real documents of the --profile run")
    parser.add_argument("--repeat", type=int, default=None, help="runs of each short measure (the best counts)")
    parser.add_argument("--startup-only", action="store_true", help="only the one-seed start-up measure")
    parser.add_argument("--startup-repeat", type=int, default=None,
                        help="paired rounds of the one-seed start-up measure (default 10; --small 2)")
    parser.add_argument("--corpus-repeat", type=int, default=1, help="runs over the main corpus")
    parser.add_argument("--sizes", type=int, nargs="+", default=None)
    parser.add_argument("--big-mb", type=float, default=None, help="also measure peak memory on one file this big")
    parser.add_argument("--workdir", default=None)
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    args.docs = args.docs or (6 if args.small else 100_000)
    args.copies = args.copies or (6 if args.small else 200)
    args.cache_docs = args.cache_docs or (6 if args.small else 200)
    args.repeat = args.repeat or (1 if args.small else 5)
    args.startup_repeat = args.startup_repeat or (2 if args.small else 10)
    args.profile_docs = args.profile_docs or (args.docs if args.small else 100)
    args.sizes = args.sizes or ([1, 3] if args.small else [1, 10, 100])
    if args.big_mb is None and not args.small:
        args.big_mb = 20.0
    if args.startup_only:
        work = Path(args.workdir or tempfile.mkdtemp(prefix="doclint-bench-"))
        work.mkdir(parents=True, exist_ok=True)
        results = startup(doclint_command(), {**os.environ, "DOCLINT_CACHE_DIR": str(work / "datacache")},
                          args.startup_repeat, work)
    else:
        results = bench(args)
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
        return 0
    width = max(len(k) for k in results)
    for key, value in results.items():
        if key == "profile":
            print(f"profile (--profile over {min(args.profile_docs, results['real_docs'])} of the real documents):")
            for line in value:  # type: ignore[union-attr]
                print("   ", line)
        else:
            print(f"{key:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
