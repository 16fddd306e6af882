"""`awsml-study doctor`: what it reports, its exit status, and that it never prints a secret."""
import socket

import pytest

from awsml_study import doctor
from awsml_study.cli import main

# The key is assembled so no scanner mistakes this fake for a real credential.
FAKE_KEY, FAKE_SECRET = "AKIA" + "FAKEDOCTOR123456", "doctorFakeSecret/ShouldNeverBePrinted+42"


@pytest.fixture
def refused_port():
    """A port nothing listens on for the whole test: bound here and never listened on, so every
    connection is refused (a port probed free and let go could be taken by a parallel test)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        yield s.getsockname()[1]


@pytest.fixture
def clean_env(monkeypatch, tmp_path, refused_port):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
                 "AWS_ENDPOINT_URL", "AWSML_STUDY_MODE", "AWSML_STUDY_ALLOW_CHARGES",
                 "AWS_DEFAULT_REGION", "AWS_REGION"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    monkeypatch.setattr(doctor, "SERVE_URL", f"http://127.0.0.1:{refused_port}")
    return tmp_path


def test_healthy_local_setup_exits_0_and_names_the_credential_source_only(clean_env, monkeypatch,
                                                                          capsys):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", FAKE_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", FAKE_SECRET)
    monkeypatch.setenv("AWS_SESSION_TOKEN", FAKE_SECRET + "token")
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert FAKE_SECRET not in out and FAKE_KEY not in out and "doctorFake" not in out
    assert "credentials   environment variables" in out
    assert "mode          local" in out and "engine text         ok" in out
    assert "boto3" in out and "moto" in out and "not running (optional)" in out
    assert out.rstrip().endswith("all ok")


def test_profile_is_named_and_its_secret_is_not_printed(clean_env, monkeypatch, capsys):
    (clean_env / "credentials").write_text(
        f"[study]\naws_access_key_id = {FAKE_KEY}\naws_secret_access_key = {FAKE_SECRET}\n")
    monkeypatch.setenv("AWS_PROFILE", "study")
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert "credentials   profile 'study' (credentials)" in out and FAKE_SECRET not in out


def test_aws_mode_without_opt_in_or_credentials_is_broken(clean_env, monkeypatch, capsys):
    monkeypatch.setenv("AWSML_STUDY_MODE", "aws")
    assert main(["doctor"]) == 1
    out = capsys.readouterr().out
    assert "client() will refuse" in out and "credentials   none - needed in aws mode" in out
    assert "something is broken" in out


def test_a_broken_engine_is_reported_with_its_reason(clean_env, monkeypatch, capsys):
    engines = dict(doctor.ENGINES, ghost=("Nothing", ["no_such_module_for_doctor"]))
    monkeypatch.setattr(doctor, "ENGINES", engines)
    assert main(["doctor"]) == 1
    assert ("engine ghost        FAILED  (Nothing): no_such_module_for_doctor: "
            "ModuleNotFoundError") in capsys.readouterr().out


def test_endpoint_probe_reachable_and_not(clean_env, monkeypatch, capsys, refused_port):
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{server.getsockname()[1]}")
        assert main(["doctor"]) == 0
        assert "(AWS_ENDPOINT_URL): reachable" in capsys.readouterr().out
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{refused_port}")
    assert main(["doctor"]) == 1  # asked for explicitly and not there: broken
    assert "NOT reachable" in capsys.readouterr().out


def test_doctor_help(capsys):
    assert main(["doctor", "--help"]) == 0
    assert "usage: awsml-study doctor" in capsys.readouterr().out


def test_every_library_doctor_checks_is_a_declared_dependency():
    """The shared dev venv may hold packages a fresh install lacks (lingua once): doctor must only
    check libraries pyproject.toml installs, or it would fail on every fresh machine."""
    import re
    import tomllib
    from importlib.metadata import packages_distributions
    from pathlib import Path

    from awsml_study import doctor

    root = Path(__file__).resolve().parent.parent
    declared = {re.split(r"[<>=!\[ ;]", dep, maxsplit=1)[0].lower().replace("_", "-")
                for dep in tomllib.loads((root / "pyproject.toml").read_text())["project"]["dependencies"]}
    from importlib.metadata import distributions

    owners = packages_distributions()

    def norm(name: str) -> str:
        return name.lower().replace("_", "-")

    # what a fresh install brings: the declared dependencies and, recursively, what they require
    from importlib.metadata import PackageNotFoundError, requires
    todo, closure = list(declared), set()
    while todo:
        name = todo.pop()
        if name in closure:
            continue
        closure.add(name)
        try:
            needs = requires(name) or []
        except PackageNotFoundError:
            continue
        todo += [norm(re.split(r"[<>=!\[ ;(~]", r, maxsplit=1)[0]) for r in needs if "extra ==" not in r]

    # top_level.txt may name only a wheel's extension module (dlib-bin); RECORD names every file.
    # One pass over every installed RECORD (reading them per module took half a minute).
    recorded: dict[str, set[str]] = {}
    for dist in distributions():
        name = dist.metadata["Name"]
        for top in {str(f).split("/")[0] for f in (dist.files or [])}:
            recorded.setdefault(top.removesuffix(".py"), set()).add(name)

    def providers(top: str) -> set[str]:
        found = set(owners.get(top, [])) | recorded.get(top, set())
        return {d.lower().replace("_", "-") for d in found}

    for _, modules in doctor.ENGINES.values():
        for module in modules:
            dists = providers(module.split(".")[0])
            assert dists & closure, f"{module} comes from {dists or 'nothing installed'}, not a declared dependency"
    for dist in doctor.VERSIONS:
        assert dist.lower() in declared, dist
