"""Loading a model's artefact into the predictor its image serves with (shared by endpoints and batch transform)."""
from __future__ import annotations

from awsml_study.engines.training import base, catalog
from awsml_study.engines.training.hyperparameters import UserError
from awsml_study.services.sagemaker import common, images
from awsml_study.sim import s3io


class DeployError(Exception):
    """The model cannot be served: the endpoint or transform job fails with this reason."""


def container_of(model: dict) -> dict:
    return model.get("PrimaryContainer") or (model.get("Containers") or [{}])[0]


def load(model: dict):
    """A predictor with .invoke(body, content_type, accept) -> (bytes, content type)."""
    container = container_of(model)
    if container.get("ModelPackageName"):
        from awsml_study.services.sagemaker import model_registry
        container = model_registry.container_for(container["ModelPackageName"])
    image = images.parse(container.get("Image", ""), "PrimaryContainer.Image")
    url = container.get("ModelDataUrl")
    if not url:
        raise DeployError("The model has no ModelDataUrl: built-in algorithm containers need an artefact.")
    try:
        bucket, key = s3io.split_uri(url, "ModelDataUrl")
        files = base.unpack(common.read(bucket, key))
        env = container.get("Environment") or {}
        if env.get("SAGEMAKER_PROGRAM"):
            from awsml_study.services.sagemaker import script_serving
            predictor = script_serving.Predictor(files, env)
            predictor.engine_name = "script mode: your inference script"
            return predictor
        algorithm = catalog.get(image.algorithm)
        if algorithm is None:
            raise DeployError(f"The {image.algorithm} image serves your own inference script: set "
                              "SAGEMAKER_PROGRAM and SAGEMAKER_SUBMIT_DIRECTORY in the container Environment.")
        predictor = algorithm.predictor(files)
        predictor.engine_name = f"{algorithm.name} on {algorithm.engine}"
        return predictor
    except (s3io.S3ReadError, UserError) as err:
        raise DeployError(str(err)) from None

