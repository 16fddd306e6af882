"""Classroom scale: Binder (repo2docker) renders an image from the repo, the JupyterHub image's files exist."""
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SINGLEUSER = ROOT / "docker" / "singleuser" / "Dockerfile"


def _apt_txt() -> list[str]:
    lines = (ROOT / "apt.txt").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _repo2docker_dockerfile(tmp_path) -> str:
    # --no-build renders the Dockerfile without a Docker daemon (DOCKER_HOST points nowhere to prove it).
    # The repo is copied without .venv and caches, as Binder's git clone would see it.
    repo = tmp_path / "repo"
    shutil.copytree(ROOT, repo, ignore=shutil.ignore_patterns(".venv", "__pycache__", ".git", "*.egg-info"))
    # `python -m`, not the console script: a script's #! line names the venv it was installed
    # from, which a shared or moved venv may no longer have.
    env = dict(os.environ, DOCKER_HOST=f"unix://{tmp_path}/no-docker.sock")
    done = subprocess.run([sys.executable, "-m", "repo2docker", "--no-build", "--user-id", "1000", "--user-name", "jovyan", str(repo)],
                          capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout, done.stderr


def test_repo2docker_renders_a_conda_image_that_installs_the_kit(tmp_path):
    dockerfile, log = _repo2docker_dockerfile(tmp_path)
    assert "Building conda environment for python=3.11" in log   # read from environment.yml
    assert re.search(r"^FROM ", dockerfile, re.MULTILINE)
    # apt.txt becomes an apt-get step, environment.yml (with its "-e .") a mamba step after the copy.
    assert re.search(r"apt-get install .*" + r" ".join(map(re.escape, _apt_txt())), dockerfile)
    copy = dockerfile.index("COPY --chown=1000:1000 src/")
    env_update = dockerfile.index('env update -p ${NB_PYTHON_PREFIX} --file "environment.yml"')
    assert copy < env_update
    assert "/start" in dockerfile     # the start script that moves quiz progress out of the repo


def test_binder_start_script_keeps_progress_outside_the_repository(tmp_path):
    start = ROOT / "start"
    assert os.access(start, os.X_OK)
    env = {k: v for k, v in os.environ.items() if k != "AWSML_STUDY_PROGRESS"}
    out = subprocess.run([str(start), "sh", "-c", "echo $AWSML_STUDY_PROGRESS"], capture_output=True,
                         text=True, env=env, check=True).stdout.strip()
    assert out and not Path(out).resolve().is_relative_to(ROOT)


def test_readme_binder_link_opens_the_start_notebook():
    doc = (ROOT / "docs" / "classroom.md").read_text()
    link = re.search(r"https://mybinder\.org/v2/gh/\S+", doc).group(0)
    assert "urlpath=lab/tree/notebooks/00_start_here.ipynb" in link
    assert (ROOT / "notebooks" / "00_start_here.ipynb").exists()
    assert "docs/classroom.md" in (ROOT / "README.md").read_text()


def test_singleuser_dockerfile_copies_files_that_exist_and_installs_the_runtime_set():
    text = SINGLEUSER.read_text()
    copies = re.findall(r"^COPY (?!--from)(.+) \S+$", text, re.MULTILINE)
    assert copies
    for sources in copies:
        for source in sources.split():
            assert (ROOT / source).exists(), source
    # The package itself, editable (it reads data/ and quizzes/ from the repo layout), runtime only.
    assert re.search(r"pip install --no-cache-dir -e /opt/awsml-study ", text)
    assert not any("[test]" in line for line in text.splitlines() if not line.startswith("#"))
    # Everything pyproject's package-data and data loaders need is copied.
    for needed in ("pyproject.toml", "awsml_study", "data", "quizzes", "notebooks"):
        assert any(needed in c.split() for c in copies), needed
    # The same Debian libraries as Binder's apt.txt.
    installed = re.search(r"apt-get install -y --no-install-recommends ([^\\&\n]+)", text).group(1).split()
    assert sorted(installed) == sorted(_apt_txt())
    assert re.search(r'^CMD \["jupyterhub-singleuser"\]', text, re.MULTILINE)
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert not any("jupyterhub" in d for d in deps)  # only the image needs the hub's single-user server
