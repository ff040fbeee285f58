"""When ``doclint check`` starts a process pool: by the bytes a second worker could lint beside
the largest file, not by the number of files (a pool costs ~0.12 s; a few short letters, or one
long file with a note, are linted before it would pay)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import doclint.cli as cli
from doclint.cli import main
from doclint.config import Settings

FIXTURES = Path(__file__).parent / "fixtures"


def _letters(folder: Path, count: int, copies: int = 1) -> int:
    text = (FIXTURES / "realdocs_0076.txt").read_text(encoding="utf-8")
    for i in range(count):
        (folder / f"letter_{i:02}.txt").write_text(f"{text}\n" * copies + f"Bản số {i}.\n", encoding="utf-8")
    return sum(p.stat().st_size for p in folder.iterdir())


def test_many_short_letters_are_linted_in_one_process(tmp_path, capsys, pools) -> None:
    size = _letters(tmp_path, 30)  # 30 files, ~50 KB: more files than any count threshold
    assert size < cli.POOL_THRESHOLD
    main(["check", "--no-cache", "--format", "json", "--jobs", "2", str(tmp_path)])
    assert pools == [] and len({f["path"] for f in json.loads(capsys.readouterr().out)}) == 30


def test_enough_bytes_start_the_pool_and_give_the_serial_report(tmp_path, capsys, pools) -> None:
    _letters(tmp_path, 4, copies=80)  # four files of ~135 KB
    assert cli._parallel_bytes([(str(p), "", None, None) for p in tmp_path.iterdir()]) >= cli.POOL_THRESHOLD
    main(["check", "--no-cache", "--format", "json", "--jobs", "1", str(tmp_path)])
    serial = capsys.readouterr().out
    assert pools == []
    main(["check", "--no-cache", "--format", "json", "--jobs", "2", str(tmp_path)])
    assert pools == [2] and capsys.readouterr().out == serial


def test_the_bytes_beside_the_largest_file_decide() -> None:
    settings = Settings()
    letter = FIXTURES / "realdocs_0076.txt"
    size = letter.stat().st_size
    jobs = [("-", "stdin", settings, b"x" * 10), (str(letter), "a", settings, None), ("/no/such.txt", "b", settings, None)]
    assert cli._parallel_bytes(jobs) == 10  # stdin's bytes count; a missing file is nothing
    big = ("-", "big", settings, b"x" * 10_000_000)
    assert cli._parallel_bytes([big, *jobs]) == 10 + size  # one long file and a letter: nothing to share
    assert cli._parallel_bytes([big, big]) == 10_000_000
    assert cli._parallel_bytes([]) == 0
