"""Which algorithm an ECR image URI names, checked against the documented registry of its region."""
from __future__ import annotations

import re
from dataclasses import dataclass

from awsml_study.services.sagemaker import limits
from awsml_study.sim.errors import AwsError

_URI = re.compile(r"^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?/([a-z0-9._/-]+)(?::([\w.-]+))?(?:@sha256:[0-9a-f]{64})?$")


@dataclass(frozen=True)
class Image:
    uri: str
    algorithm: str        # "xgboost", "linear-learner", "kmeans", "pca", "knn", "sklearn"
    version: str
    framework: bool       # a framework image: script mode when sagemaker_program is set


def parse(uri: str, where: str = "AlgorithmSpecification.TrainingImage") -> Image:
    """The image's algorithm, or the ValidationException AWS returns for an image it cannot use."""
    m = _URI.match(uri or "")
    if not m:
        raise AwsError("ValidationException", f"{where} '{uri}' is not a valid ECR image URI "
                       "(<account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>).")
    account, region, repo, tag = m.group(1), m.group(2), m.group(3), m.group(4) or "latest"
    if repo in limits.FIRST_PARTY_ALGORITHMS and account == limits.FIRST_PARTY.get(region):
        if tag not in ("1", "latest"):
            raise _unknown(uri, f"image tag '{tag}' of {repo} (use :1)")
        return Image(uri, repo, tag, False)
    if repo == "sagemaker-xgboost" and account == limits.FRAMEWORK.get(region):
        version = tag.split("-cpu")[0]
        if version not in limits.XGBOOST_VERSIONS:
            raise _unknown(uri, f"XGBoost version '{tag}' (supported: {', '.join(limits.XGBOOST_VERSIONS)})")
        return Image(uri, "xgboost", version, True)
    if repo == "xgboost" and account == limits.XGBOOST_LEGACY.get(region):
        return Image(uri, "xgboost", tag, False)
    if repo == "sagemaker-scikit-learn" and account == limits.FRAMEWORK.get(region):
        return Image(uri, "sklearn", tag.split("-cpu")[0], True)
    if account == limits.account():
        raise AwsError("ValidationException", f"The image '{uri}' is in your own account: bring-your-own "
                       "containers need Docker, which the kit does not run. Use a built-in algorithm "
                       "image or a framework image with script mode.")
    raise _unknown(uri, "repository")


def _unknown(uri: str, what: str) -> AwsError:
    m = _URI.match(uri)
    repo, account = m.group(3), m.group(1)
    return AwsError("ValidationException", f"Cannot find repository: {repo} in registry ID: {account} "
                    f"(unknown {what} for image '{uri}'). Please check if your ECR repository exists and "
                    "the role has ecr:BatchGetImage permissions. The kit serves the built-in XGBoost, "
                    "Linear Learner, K-Means, PCA and k-NN images and the XGBoost and scikit-learn "
                    "framework images, from the registry documented for the image's region.")
