"""The parse cache makes okrfile faster, never wrong and never failing."""

import json
import os
import pickle

from okrfile.cache import Cache
from okrfile.check import check_workspace
from tests.conftest import COMPANY, run_okrfile

C = "okrs/2026-Q4/company.yaml"


def cache_files():
    folder = os.environ["OKRFILE_CACHE_DIR"]
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def current_value(cli, root, *extra):
    result = cli("status", "-w", root, "--today", "2026-11-01", "--format", "json", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["teams"][0]["objectives"][0]["key_results"][0]["current"]


def test_cache_is_written_outside_the_workspace(make_ws, cli):
    root = make_ws({C: COMPANY})
    assert cli("validate", "-w", root).exit_code == 0
    files = cache_files()
    assert any(f.endswith(".result.pickle") for f in files) and any(f.endswith(".parses.pickle") for f in files)
    assert not [p for p in root.rglob("*") if "cache" in p.name]


def test_an_edit_is_seen(make_ws, cli):
    root = make_ws({C: COMPANY})
    assert current_value(cli, root) == 50
    (root / C).write_text(COMPANY.replace("current: 50", "current: 70"))
    assert current_value(cli, root) == 70


def test_an_edit_that_breaks_a_file_is_reported(make_ws, cli):
    root = make_ws({C: COMPANY})
    assert cli("validate", "-w", root).exit_code == 0
    (root / C).write_text(COMPANY.replace("target: 100", "target: 0"))
    result = cli("validate", "-w", root, "--format", "json")
    assert result.exit_code == 1
    assert [(d["line"], d["code"]) for d in json.loads(result.stdout)["diagnostics"]] == [(11, "E308")]
    (root / C).write_text(COMPANY)
    assert cli("validate", "-w", root).exit_code == 0


def test_warm_run_reuses_the_result(make_ws, cli, monkeypatch):
    root = make_ws({C: COMPANY.replace("    owner: dana\n", "")})
    first = cli("validate", "-w", root, "--format", "json").stdout
    import okrfile.workspace

    def no_parsing(*args):
        raise AssertionError("an unchanged workspace was parsed again")

    monkeypatch.setattr(okrfile.workspace, "parse_file", no_parsing)
    assert cli("validate", "-w", root, "--format", "json").stdout == first
    assert current_value(cli, root) == 50  # status loads the model from the cached parses


def test_one_edit_reparses_one_file(make_ws, cli, monkeypatch):
    other = COMPANY.replace("team: company", "team: platform").replace("owner: dana", "owner: alice")
    other = other.replace("    owner: alice\n", "    owner: alice\n    aligns_to: company/O1\n")
    root = make_ws({C: COMPANY, "okrs/2026-Q4/platform.yaml": other})
    assert cli("validate", "-w", root).exit_code == 0
    import okrfile.workspace

    parsed = []
    real = okrfile.workspace.parse_file
    monkeypatch.setattr(okrfile.workspace, "parse_file", lambda data, display, kind: parsed.append(display) or real(data, display, kind))
    (root / C).write_text(COMPANY.replace("current: 50", "current: 60"))
    assert cli("validate", "-w", root).exit_code == 0
    assert parsed == [C]


def test_corrupted_cache_is_ignored(make_ws, cli):
    root = make_ws({C: COMPANY})
    assert cli("validate", "-w", root).exit_code == 0
    folder = os.environ["OKRFILE_CACHE_DIR"]
    for name in cache_files():
        with open(os.path.join(folder, name), "wb") as handle:
            handle.write(b"\x80\x05garbage that is not a pickle")
    assert current_value(cli, root) == 50
    assert cli("validate", "-w", root).exit_code == 0


def test_foreign_cache_is_ignored(make_ws, cli):
    """An entry written by another okrfile (another fingerprint) or for another
    workspace is never read, even if it claims to hold this workspace's files."""
    root = make_ws({C: COMPANY})
    assert cli("validate", "-w", root).exit_code == 0
    folder = os.environ["OKRFILE_CACHE_DIR"]
    result_file = next(n for n in cache_files() if n.endswith(".result.pickle"))
    with open(os.path.join(folder, result_file), "rb") as handle:
        stored = pickle.load(handle)
    (root / C).write_text(COMPANY.replace("target: 100", "target: 0"))
    from okrfile.check import result_key
    from okrfile.workspace import read_files

    digest = result_key(read_files(root))  # the lie matches the edited files exactly
    for forged in ({"fingerprint": "an older okrfile"}, {"root": "/another/workspace"}, {"format": 0}):
        lie = {**stored, "digest": digest, "payload": ([], False, None), **forged}
        with open(os.path.join(folder, result_file), "wb") as handle:
            pickle.dump(lie, handle)
        assert cli("validate", "-w", root).exit_code == 1, forged
    honest = {**stored, "digest": digest, "payload": ([], False, None)}
    with open(os.path.join(folder, result_file), "wb") as handle:
        pickle.dump(honest, handle)
    assert cli("validate", "-w", root).exit_code == 0  # proof the forged files were read and refused


def test_unwritable_cache_folder_is_not_fatal(make_ws, cli, monkeypatch, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("OKRFILE_CACHE_DIR", str(blocker / "okrfile"))
    root = make_ws({C: COMPANY})
    assert cli("validate", "-w", root).exit_code == 0
    assert current_value(cli, root) == 50


def test_no_cache_reads_and_writes_nothing(make_ws, cli):
    root = make_ws({C: COMPANY})
    assert cli("validate", "-w", root, "--no-cache").exit_code == 0
    assert current_value(cli, root, "--no-cache") == 50
    assert cache_files() == []


def test_cache_through_the_real_command(make_ws):
    root = make_ws({C: COMPANY})
    assert run_okrfile("validate", "-w", root).returncode == 0
    (root / C).write_text(COMPANY.replace("target: 100", "target: 0"))
    result = run_okrfile("validate", "-w", root)
    assert result.returncode == 1 and "E308" in result.stdout


def test_cache_object_round_trip(tmp_path):
    cache = Cache(tmp_path / "ws", tmp_path / "cache")
    assert cache.result(b"digest") is None
    cache.store_result(b"digest", ("payload", 1))
    again = Cache(tmp_path / "ws", tmp_path / "cache")
    assert again.result(b"digest") == ("payload", 1)
    assert again.result(b"other digest") is None
    assert Cache(tmp_path / "another ws", tmp_path / "cache").result(b"digest") is None


def test_check_workspace_without_a_model(make_ws):
    root = make_ws({C: COMPANY})
    check_workspace(root, cache=True)
    result = check_workspace(root, cache=True, model=False)
    assert result.workspace is None and result.diagnostics == []
