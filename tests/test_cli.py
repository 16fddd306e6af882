"""The `awsml-study` command line: help, version, engines filtered by service, and the mode
(local simulator or the real account) honoured by `run` and `aws` with the same opt-in guard."""
import pytest

import awsml_study
from awsml_study.cli import main

SCRIPT = """import boto3
from awsml_study.sim import activation
client = boto3.client("comprehend")
print("region", client.meta.region_name, "simulated", activation.is_active())
"""


@pytest.fixture
def no_aws_config(monkeypatch, tmp_path):
    """No region or credentials from the machine, so the defaults are what is tested."""
    for name in ("AWS_DEFAULT_REGION", "AWS_REGION", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    script = tmp_path / "prog.py"
    script.write_text(SCRIPT)
    return script


def test_version_and_help(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"awsml-study {awsml_study.__version__}"
    assert main(["run", "--help"]) == 0
    out = capsys.readouterr()
    assert out.out.startswith("usage: awsml-study run SCRIPT") and "no such file" not in out.err
    assert main(["engines", "--help"]) == 0
    assert "engines [SERVICE...]" in capsys.readouterr().out
    assert main(["export", "--help"]) == 0 and "--execute" in capsys.readouterr().out
    assert main([]) == 2


def test_engines_filters_by_service(capsys):
    assert main(["engines", "polly"]) == 0
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith(("polly ", "comprehend "))]
    assert rows and all(line.startswith("polly ") for line in rows)
    assert any(" SynthesizeSpeech " in line for line in rows)
    assert main(["engines", "polly", "textract"]) == 0
    out = capsys.readouterr().out
    assert "SynthesizeSpeech" in out and "AnalyzeDocument" in out and "DetectSentiment" not in out
    assert main(["engines", "no-such-service"]) == 2
    assert "Services with local engines: " in capsys.readouterr().err


def test_run_says_local_mode_answered(no_aws_config, capsys):
    assert main(["run", str(no_aws_config)]) == 0
    out = capsys.readouterr()
    assert "region us-east-1 simulated True" in out.out
    assert "local mode" in out.err


def test_aws_mode_needs_the_opt_in_on_the_command_line(no_aws_config, monkeypatch, capsys):
    monkeypatch.setenv("AWSML_STUDY_MODE", "aws")
    monkeypatch.delenv("AWSML_STUDY_ALLOW_CHARGES", raising=False)
    assert main(["run", str(no_aws_config)]) == 2
    assert main(["aws", "comprehend", "detect-sentiment", "--text", "hi", "--language-code", "en"]) == 2
    out = capsys.readouterr()
    assert "simulated" not in out.out                 # the script never ran, locally or not
    assert out.err.count("AWSML_STUDY_ALLOW_CHARGES=1") == 2 and "cost money" in out.err


def test_aws_mode_with_opt_in_runs_unsimulated_with_a_default_region(no_aws_config, monkeypatch, capsys):
    monkeypatch.setenv("AWSML_STUDY_MODE", "aws")
    monkeypatch.setenv("AWSML_STUDY_ALLOW_CHARGES", "1")
    assert main(["run", str(no_aws_config)]) == 0   # only makes a client: no call leaves the machine
    out = capsys.readouterr()
    assert "region us-east-1 simulated False" in out.out
    assert "real AWS account in us-east-1" in out.err


def test_python_aws_mode_defaults_the_region(no_aws_config, monkeypatch, capsys):
    monkeypatch.setenv("AWSML_STUDY_MODE", "aws")
    monkeypatch.setenv("AWSML_STUDY_ALLOW_CHARGES", "1")
    monkeypatch.setattr("awsml_study.clients._announced", False)
    client = awsml_study.client("comprehend")       # was a NoRegionError
    assert client.meta.region_name == "us-east-1"
    assert "real AWS account" in capsys.readouterr().err
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    assert awsml_study.client("comprehend").meta.region_name == "eu-west-1"


def test_aws_mode_leaves_the_environment_as_it_was(no_aws_config, monkeypatch, capsys):
    import os
    monkeypatch.setenv("AWSML_STUDY_MODE", "aws")
    monkeypatch.setenv("AWSML_STUDY_ALLOW_CHARGES", "1")
    assert main(["run", str(no_aws_config)]) == 0
    assert "AWS_DEFAULT_REGION" not in os.environ
