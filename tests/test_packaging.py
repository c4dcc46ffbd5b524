"""The installed wheel works on its own: templates and schemas ship inside it."""

import subprocess
import sys
import venv
import zipfile

import pytest

from tests.conftest import ACME, REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(out), str(REPO)],
        check=True,
        capture_output=True,
    )
    (found,) = out.glob("okrfile-*.whl")
    return found


def test_wheel_holds_templates_and_schemas(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "okrfile/schema/json/okr-set.schema.json" in names
    assert "okrfile/schema/json/okrfile.schema.json" in names
    assert "okrfile/templates/init/okrfile.yaml.j2" in names
    assert "okrfile/templates/init/okr-set.yaml.j2" in names
    assert "okrfile/templates/update.md.j2" in names and "okrfile/templates/digest.md.j2" in names
    assert {f"okrfile/templates/site/{n}" for n in ("layout.html.j2", "macros.html.j2", "index.html.j2", "style.css")} <= set(names)
    assert "okrfile/examples/acme/okrfile.yaml" in names
    assert "okrfile/examples/acme/updates/2026-W47/bob.md" in names
    assert not [n for n in names if n.startswith(("tests/", "examples/"))]


def test_wheel_in_a_fresh_venv(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    install = subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], capture_output=True, text=True)
    assert install.returncode == 0, install.stderr
    okrfile = env_dir / "bin" / "okrfile"
    # run from a folder outside the checkout, so nothing is imported from it
    help_ = subprocess.run([str(okrfile), "--help"], capture_output=True, text=True, cwd=tmp_path)
    assert help_.returncode == 0 and "validate" in help_.stdout
    check = subprocess.run([str(okrfile), "validate", "-w", str(ACME)], capture_output=True, text=True, cwd=tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr
    schema = subprocess.run([str(okrfile), "schema", "okr-set"], capture_output=True, text=True, cwd=tmp_path)
    assert schema.returncode == 0 and '"$schema"' in schema.stdout
    init = subprocess.run([str(okrfile), "init", "new", "--period", "2026-Q4"], capture_output=True, text=True, cwd=tmp_path)
    assert init.returncode == 0, init.stderr
    demo = subprocess.run([str(okrfile), "demo", str(tmp_path / "demo")], capture_output=True, text=True, cwd=tmp_path)
    assert demo.returncode == 0, demo.stderr
    assert "moved goalposts" in demo.stdout and (tmp_path / "demo" / ".git").is_dir()
    assert '<meta name="generator" content="okrfile' in (tmp_path / "demo" / "_site" / "index.html").read_text(encoding="utf-8")
    where = subprocess.run([str(python), "-c", "import okrfile; print(okrfile.__file__)"], capture_output=True, text=True, cwd=tmp_path)
    assert str(env_dir) in where.stdout
