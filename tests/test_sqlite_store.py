import multiprocessing
from pathlib import Path

from pipeline.sqlite_store import open_store


def _open_and_write(path: str) -> str:
    db = open_store(Path(path), timeout=10)
    db.execute("CREATE TABLE IF NOT EXISTS t (x INTEGER)")
    db.execute("INSERT INTO t VALUES (1)")
    mode = db.execute("PRAGMA journal_mode").fetchone()[0]
    db.close()
    return mode


def test_processes_opening_a_new_store_together_all_succeed_in_wal_mode(tmp_path: Path):
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(4) as pool:
        for round_ in range(5):
            path = str(tmp_path / f"store-{round_}.sqlite")
            modes = pool.map(_open_and_write, [path] * 8)
            assert modes == ["wal"] * 8
            db = open_store(Path(path))
            assert db.execute("SELECT count(*) FROM t").fetchone()[0] == 8
            db.close()
