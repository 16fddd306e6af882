"""The project's own files agree: pyproject and environment.yml, README and CI, the layout."""
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_environment_yml_lists_exactly_the_pyproject_dependencies():
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    env = (ROOT / "environment.yml").read_text()
    listed = re.findall(r'^\s+- "([^"]+)"\s*$', env, re.MULTILINE)
    assert sorted(d for d in listed if d != "-e .") == sorted(deps)
    assert "python=3.11" in env


def test_console_script_and_package_are_declared():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["scripts"]["awsml-study"] == "awsml_study.cli:main"
    assert project["name"] == "awsml-study"


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    commands = re.findall(r"^(make \w+)", readme, re.MULTILINE)
    assert commands[:2] == ["make lab", "make test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_layout():
    for name in ("notebooks", "awsml_study", "quizzes", "data", "tests", "benchmarks",
                 "environment.yml", "README.md"):
        assert (ROOT / name).exists(), name


def test_every_data_file_has_its_origin_in_sources():
    sources = (ROOT / "data" / "SOURCES.md").read_text()
    for path in (ROOT / "data").rglob("*"):
        if path.is_file() and path.name != "SOURCES.md" and "__pycache__" not in path.parts:
            rel = path.relative_to(ROOT / "data").as_posix()
            assert path.name in sources or any(part in sources for part in
                                               [str(p.as_posix()) for p in Path(rel).parents if str(p) != "."]), rel
