"""Shared fixtures: a simulated AWS and boto3 clients on it; progress files kept out of $HOME."""
import os

import boto3
import pytest

import awsml_study


@pytest.fixture(autouse=True)
def _progress_in_tmp(tmp_path, monkeypatch):
    # No test may write quiz progress to the learner's home directory.
    monkeypatch.setenv("AWSML_STUDY_PROGRESS", str(tmp_path / "progress.json"))
    monkeypatch.delenv("AWSML_STUDY_MODE", raising=False)


@pytest.fixture
def aws():
    """Inside a fresh simulation; yields a client factory."""
    with awsml_study.simulate():
        yield lambda name: boto3.client(name, region_name="us-east-1")
