"""The project's own files agree: pyproject and environment.yml, README and CI, the layout."""
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_environment_yml_lists_exactly_the_pyproject_dependencies():
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    env = (ROOT / "environment.yml").read_text()
    listed = re.findall(r'^\s+- "([^"]+)"\s*$', env, re.MULTILINE)
    # environment.yml is the learners' (Binder's) install: the runtime list, no [test] extra.
    assert sorted(d for d in listed if d != "-e .") == sorted(deps)
    assert "-e ." in listed
    assert "python=3.11" in env


def _names(requirements: list[str]) -> set[str]:
    return {re.split(r"[\[<>=!~; ]", r, maxsplit=1)[0].lower() for r in requirements}


def test_test_only_tools_are_in_the_test_extra_not_the_runtime():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime, test = _names(project["dependencies"]), _names(project["optional-dependencies"]["test"])
    assert {"pytest", "pytest-xdist", "nbval", "hypothesis", "playwright"} <= test
    assert not runtime & test, runtime & test
    # The kit itself never imports a test tool (a learner's install has none).
    for path in (ROOT / "awsml_study").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        for tool in ("pytest", "xdist", "nbval", "hypothesis", "playwright", "repo2docker"):
            assert not re.search(rf"^\s*(import|from) {tool}\b", source, re.MULTILINE), (path, tool)


def test_make_test_installs_the_test_extra_and_make_lab_only_the_runtime():
    make = (ROOT / "Makefile").read_text()
    assert '-m pip install --quiet -e ".[test]"' in make
    setup = make[make.index("$(STAMP): pyproject.toml"):make.index("touch $(STAMP)")]
    assert "-e ." in setup and "[test]" not in setup


def test_make_test_splits_the_suite_by_file():
    # nbval runs a notebook's cells in order in one kernel: parallel workers must take whole
    # files (`--dist loadfile`), never single tests, or a cell would run without its predecessors.
    make = (ROOT / "Makefile").read_text()
    recipe = make[make.index("\ntest:"):].split("\n\n")[0]
    assert "--nbval-lax" in recipe and "-n " in recipe and "--dist loadfile" in recipe


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
