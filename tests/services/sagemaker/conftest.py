"""One simulated account per test module, with the breast-cancer data uploaded and clients cached."""
import boto3
import pytest

import awsml_study
from tests.services.sagemaker import samples


@pytest.fixture(scope="module")
def sm_world():
    with awsml_study.simulate():
        cache = {}

        def make(name):
            if name not in cache:
                cache[name] = boto3.client(name, region_name="us-east-1")
            return cache[name]

        make.uris = samples.upload(make, extras=True)
        yield make
