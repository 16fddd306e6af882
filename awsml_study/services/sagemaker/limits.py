"""SageMaker AI names, ARNs, limits and the documented ECR registries of the built-in algorithm images."""
from __future__ import annotations

import datetime as dt

from awsml_study.sim import s3io

REGION = s3io.REGION
account = s3io.account  # the caller's account (see s3io.account)
MAX_PAYLOAD = 6 * 1024 * 1024            # InvokeEndpoint body, real-time endpoints
MAX_SERVERLESS_PAYLOAD = 4 * 1024 * 1024  # serverless endpoints
MAX_ASYNC_INLINE = 128_000               # InvokeEndpointAsync inline Body
LOG_TRAINING = "/aws/sagemaker/TrainingJobs"
LOG_TRANSFORM = "/aws/sagemaker/TransformJobs"
LOG_ENDPOINTS = "/aws/sagemaker/Endpoints/"

# Registries of the 1P algorithms (linear-learner, kmeans, pca, knn, ...) by region, and of the
# SageMaker framework images (sagemaker-xgboost:<v>, sagemaker-scikit-learn:<v>), as the SageMaker
# Python SDK's image_uri_config lists them (docs: "Docker Registry Paths and Example Code").
FIRST_PARTY = {"us-east-1": "382416733822", "us-east-2": "404615174143", "us-west-1": "632365934929",
               "us-west-2": "174872318107", "eu-west-1": "438346466558", "eu-west-2": "644912444149",
               "eu-central-1": "664544806723", "ap-northeast-1": "351501993468",
               "ap-southeast-1": "475088953585", "ap-southeast-2": "712309505854",
               "ap-south-1": "991648021394", "ca-central-1": "469771592824", "sa-east-1": "855470959533"}
FRAMEWORK = {"us-east-1": "683313688378", "us-east-2": "257758044811", "us-west-1": "746614075791",
             "us-west-2": "246618743249", "eu-west-1": "141502667606", "eu-west-2": "764974769150",
             "eu-central-1": "492215442770", "ap-northeast-1": "354813040037",
             "ap-southeast-1": "121021644041", "ap-southeast-2": "783357654285",
             "ap-south-1": "720646828776", "ca-central-1": "341280168497", "sa-east-1": "737474898029"}
# The legacy XGBoost image (xgboost:1 / :latest, XGBoost 0.72) lives in yet other accounts.
XGBOOST_LEGACY = {"us-east-1": "811284229777", "us-east-2": "825641698319", "us-west-1": "632365934929",
                  "us-west-2": "433757028032", "eu-west-1": "685385470294", "eu-central-1": "813361260812"}
XGBOOST_VERSIONS = ("0.90-1", "0.90-2", "1.0-1", "1.2-1", "1.2-2", "1.3-1", "1.5-1", "1.7-1", "3.0-5")
SKLEARN_VERSIONS = ("0.20.0", "0.23-1", "1.0-1", "1.2-1", "1.4-2")
FIRST_PARTY_ALGORITHMS = ("linear-learner", "kmeans", "pca", "knn")


def arn(kind: str, name: str) -> str:
    return f"arn:aws:sagemaker:{REGION}:{account()}:{kind}/{name.lower()}"


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)
