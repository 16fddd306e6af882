"""Representative valid calls and error cases for every simulated SageMaker AI and SageMaker Runtime operation."""
from tests.services.sagemaker import samples as s

CSV_ROW = b"17.99,10.38,122.8,1001,0.1184,0.2776,0.3001,0.1471,0.2419,0.07871,1.095,0.9053,8.589,153.4,0.006399,0.04904,0.05373,0.01587,0.03003,0.006193,25.38,17.33,184.6,2019,0.1622,0.6656,0.7119,0.2654,0.4601,0.1189"


def _job(make, name="contract-job"):
    s.trained(make, name)
    return name


def _queued(make):
    s.upload(make)
    make("sagemaker").create_training_job(**s.training_request("contract-stop"))
    return {"TrainingJobName": "contract-stop"}


def _config(make):
    m = s.model(make)
    make("sagemaker").create_endpoint_config(EndpointConfigName="contract-config", ProductionVariants=[
        {"VariantName": "AllTraffic", "ModelName": m, "InstanceType": "ml.m5.large", "InitialInstanceCount": 1}])
    return "contract-config"


def _transform(make, name="contract-transform"):
    m = s.model(make)
    make("sagemaker").create_transform_job(
        TransformJobName=name, ModelName=m,
        TransformInput={"DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": f"s3://{s.BUCKET}/batch/input/"}},
                        "ContentType": "text/csv", "SplitType": "Line"},
        TransformOutput={"S3OutputPath": f"s3://{s.BUCKET}/batch/output/", "AssembleWith": "Line"},
        TransformResources={"InstanceType": "ml.m5.large", "InstanceCount": 1},
        DataProcessing={"InputFilter": "$[1:]"})
    return name


def _tuning(make, name="contract-tuning"):
    s.upload(make)
    make("sagemaker").create_hyper_parameter_tuning_job(**s.tuning_request(name, jobs=2))
    return name


def _group(make, name="contract-group"):
    make("sagemaker").create_model_package_group(ModelPackageGroupName=name)
    return name


def _package(make):
    desc = s.trained(make, "contract-package-job")
    return make("sagemaker").create_model_package(
        ModelPackageGroupName=_group(make),
        InferenceSpecification={"Containers": [{"Image": s.XGBOOST, "ModelDataUrl": desc["ModelArtifacts"]["S3ModelArtifacts"]}],
                                "SupportedContentTypes": ["text/csv"], "SupportedResponseMIMETypes": ["text/csv"]})["ModelPackageArn"]


def _model_request(make):
    desc = s.trained(make)
    return {"ModelName": "contract-model", "ExecutionRoleArn": s.ROLE,
            "PrimaryContainer": {"Image": s.XGBOOST, "ModelDataUrl": desc["ModelArtifacts"]["S3ModelArtifacts"]}}


def _update(make):
    ep = s.endpoint(make, "contract-ep")
    make("sagemaker").create_endpoint_config(EndpointConfigName="contract-config-2", ProductionVariants=[
        {"VariantName": "Blue", "ModelName": "xgb-model", "ServerlessConfig": {"MemorySizeInMB": 2048, "MaxConcurrency": 2}}])
    return {"EndpointName": ep, "EndpointConfigName": "contract-config-2"}


def _arn(make, tags=None):
    kw = {"Tags": tags} if tags else {}
    return make("sagemaker").create_model_package_group(ModelPackageGroupName="tagged", **kw)["ModelPackageGroupArn"]


EXAMPLES = {
    "CreateTrainingJob": lambda make: s.training_request("contract-create") if s.upload(make) else {},
    "DescribeTrainingJob": lambda make: {"TrainingJobName": _job(make)},
    "ListTrainingJobs": lambda make: {"StatusEquals": "Completed", "NameContains": _job(make)[:8]},
    "StopTrainingJob": _queued,
    "CreateModel": _model_request,
    "DescribeModel": lambda make: {"ModelName": s.model(make)},
    "ListModels": lambda make: {"NameContains": s.model(make)},
    "DeleteModel": lambda make: {"ModelName": s.model(make)},
    "CreateEndpointConfig": lambda make: {"EndpointConfigName": "contract-config", "ProductionVariants": [
        {"VariantName": "A", "ModelName": s.model(make), "InstanceType": "ml.m5.large", "InitialInstanceCount": 1,
         "InitialVariantWeight": 0.7},
        {"VariantName": "B", "ModelName": "xgb-model", "ServerlessConfig": {"MemorySizeInMB": 1024, "MaxConcurrency": 5}}]},
    "DescribeEndpointConfig": lambda make: {"EndpointConfigName": _config(make)},
    "ListEndpointConfigs": lambda make: {"NameContains": _config(make)},
    "DeleteEndpointConfig": lambda make: {"EndpointConfigName": _config(make)},
    "CreateEndpoint": lambda make: {"EndpointName": "contract-ep", "EndpointConfigName": _config(make)},
    "DescribeEndpoint": lambda make: {"EndpointName": s.endpoint(make)},
    "ListEndpoints": lambda make: {"StatusEquals": "InService"} if s.endpoint(make) else {},
    "UpdateEndpoint": _update,
    "UpdateEndpointWeightsAndCapacities": lambda make: {"EndpointName": s.endpoint(make), "DesiredWeightsAndCapacities": [
        {"VariantName": "AllTraffic", "DesiredWeight": 2.0}]},
    "DeleteEndpoint": lambda make: {"EndpointName": s.endpoint(make)},
    "CreateTransformJob": lambda make: {
        "TransformJobName": "contract-transform", "ModelName": s.model(make), "BatchStrategy": "MultiRecord",
        "TransformInput": {"DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": f"s3://{s.BUCKET}/batch/input/"}},
                           "ContentType": "text/csv", "SplitType": "Line"},
        "TransformOutput": {"S3OutputPath": f"s3://{s.BUCKET}/batch/output/", "AssembleWith": "Line"},
        "TransformResources": {"InstanceType": "ml.m5.large", "InstanceCount": 1},
        "DataProcessing": {"InputFilter": "$[1:]", "JoinSource": "Input", "OutputFilter": "$[0,-1]"}},
    "DescribeTransformJob": lambda make: {"TransformJobName": _transform(make)},
    "ListTransformJobs": lambda make: {"NameContains": _transform(make)},
    "StopTransformJob": lambda make: {"TransformJobName": _transform(make)},
    "CreateHyperParameterTuningJob": lambda make: s.tuning_request("contract-tuning", jobs=2) if s.upload(make) else {},
    "DescribeHyperParameterTuningJob": lambda make: {"HyperParameterTuningJobName": _tuning(make)},
    "ListHyperParameterTuningJobs": lambda make: {"NameContains": _tuning(make)},
    "ListTrainingJobsForHyperParameterTuningJob": lambda make: {
        "HyperParameterTuningJobName": _tuning(make), "SortBy": "FinalObjectiveMetricValue"},
    "StopHyperParameterTuningJob": lambda make: {"HyperParameterTuningJobName": _tuning(make)},
    "CreateModelPackageGroup": lambda make: {"ModelPackageGroupName": "contract-group",
                                             "ModelPackageGroupDescription": "breast cancer classifiers"},
    "DescribeModelPackageGroup": lambda make: {"ModelPackageGroupName": _group(make)},
    "ListModelPackageGroups": lambda make: {"NameContains": _group(make)},
    "DeleteModelPackageGroup": lambda make: {"ModelPackageGroupName": _group(make)},
    "CreateModelPackage": lambda make: {"ModelPackageGroupName": _group(make), "ModelApprovalStatus": "PendingManualApproval",
                                        "InferenceSpecification": {"Containers": [{"Image": s.XGBOOST}],
                                                                   "SupportedContentTypes": ["text/csv"],
                                                                   "SupportedResponseMIMETypes": ["text/csv"]}},
    "DescribeModelPackage": lambda make: {"ModelPackageName": _package(make)},
    "UpdateModelPackage": lambda make: {"ModelPackageArn": _package(make), "ModelApprovalStatus": "Approved"},
    "ListModelPackages": lambda make: {"ModelPackageGroupName": "contract-group"} if _package(make) else {},
    "DeleteModelPackage": lambda make: {"ModelPackageName": _package(make)},
    "AddTags": lambda make: {"ResourceArn": _arn(make), "Tags": [{"Key": "team", "Value": "ml"}]},
    "ListTags": lambda make: {"ResourceArn": _arn(make, [{"Key": "team", "Value": "ml"}])},
    "DeleteTags": lambda make: {"ResourceArn": _arn(make, [{"Key": "team", "Value": "ml"}]), "TagKeys": ["team"]},
    "sagemaker-runtime:InvokeEndpoint": lambda make: {"EndpointName": s.endpoint(make), "Body": CSV_ROW,
                                                      "ContentType": "text/csv"},
    "sagemaker-runtime:InvokeEndpointAsync": lambda make: {
        "EndpointName": s.endpoint(make, async_out=f"s3://{s.BUCKET}/async/"),
        "InputLocation": f"s3://{s.BUCKET}/batch/input/test.csv", "ContentType": "text/csv"},
}

ERRORS = [
    ("DescribeTrainingJob", lambda make: {"TrainingJobName": "missing"}, "ValidationException"),
    ("CreateTrainingJob", lambda make: s.training_request("bad name!"), "ValidationException"),
    ("CreateTrainingJob", lambda make: s.training_request(
        "bad-image", image="999999999999.dkr.ecr.us-east-1.amazonaws.com/xgboost:1.7-1"), "ValidationException"),
    ("CreateTrainingJob", lambda make: s.training_request(_job(make)), "ResourceInUse"),
    ("StopTrainingJob", lambda make: {"TrainingJobName": _job(make)}, "ValidationException"),
    ("DescribeModel", lambda make: {"ModelName": "missing"}, "ValidationException"),
    ("CreateModel", lambda make: {"ModelName": "m", "ExecutionRoleArn": s.ROLE, "PrimaryContainer": {
        "Image": s.XGBOOST, "ModelDataUrl": f"s3://{s.BUCKET}/nothing/model.tar.gz"}} if s.upload(make) else {},
     "ValidationException"),
    ("CreateEndpointConfig", lambda make: {"EndpointConfigName": "c", "ProductionVariants": [
        {"VariantName": "A", "ModelName": "missing", "InstanceType": "ml.m5.large", "InitialInstanceCount": 1}]},
     "ValidationException"),
    ("CreateEndpointConfig", lambda make: {"EndpointConfigName": "c", "ProductionVariants": [
        {"VariantName": "A", "ModelName": s.model(make), "ServerlessConfig": {"MemorySizeInMB": 1500, "MaxConcurrency": 1}}]},
     "ValidationException"),
    ("DescribeEndpoint", lambda make: {"EndpointName": "missing"}, "ValidationException"),
    ("CreateEndpoint", lambda make: {"EndpointName": "e", "EndpointConfigName": "missing"}, "ValidationException"),
    ("DescribeTransformJob", lambda make: {"TransformJobName": "missing"}, "ValidationException"),
    ("CreateTransformJob", lambda make: {
        "TransformJobName": "t", "ModelName": s.model(make), "MaxPayloadInMB": 60, "MaxConcurrentTransforms": 2,
        "TransformInput": {"DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": f"s3://{s.BUCKET}/batch/input/"}}},
        "TransformOutput": {"S3OutputPath": f"s3://{s.BUCKET}/out/"},
        "TransformResources": {"InstanceType": "ml.m5.large", "InstanceCount": 1}}, "ValidationException"),
    ("DescribeHyperParameterTuningJob", lambda make: {"HyperParameterTuningJobName": "missing"}, "ResourceNotFound"),
    ("CreateHyperParameterTuningJob", lambda make: {
        **s.tuning_request("bad-objective"), "HyperParameterTuningJobConfig": {
            **s.tuning_request("x")["HyperParameterTuningJobConfig"],
            "HyperParameterTuningJobObjective": {"Type": "Maximize", "MetricName": "validation:nonsense"}}},
     "ValidationException"),
    ("CreateHyperParameterTuningJob", lambda make: {
        **s.tuning_request("bad-grid"), "HyperParameterTuningJobConfig": {
            **s.tuning_request("x")["HyperParameterTuningJobConfig"], "Strategy": "Grid"}}, "ValidationException"),
    ("DescribeModelPackageGroup", lambda make: {"ModelPackageGroupName": "missing"}, "ValidationException"),
    ("DeleteModelPackageGroup", lambda make: {"ModelPackageGroupName": "contract-group"} if _package(make) else {},
     "ConflictException"),
    ("DescribeModelPackage", lambda make: {"ModelPackageName": "missing"}, "ValidationException"),
    ("AddTags", lambda make: {"ResourceArn": "arn:aws:sagemaker:us-east-1:123456789012:training-job/none",
                              "Tags": [{"Key": "a", "Value": "b"}]}, "ResourceNotFound"),
    ("ListTags", lambda make: {"ResourceArn": "arn:aws:sagemaker:us-east-1:123456789012:notebook-instance/none"},
     "ResourceNotFound"),
    ("sagemaker-runtime", "InvokeEndpoint", lambda make: {"EndpointName": "missing", "Body": CSV_ROW}, "ValidationError"),
    ("sagemaker-runtime", "InvokeEndpoint", lambda make: {"EndpointName": s.endpoint(make), "Body": b"a,b,c",
                                                          "ContentType": "text/csv"}, "ModelError"),
    ("sagemaker-runtime", "InvokeEndpoint", lambda make: {"EndpointName": s.endpoint(make),
                                                          "Body": b"1," * (3 * 1024 * 1024 + 10),
                                                          "ContentType": "text/csv"}, "ValidationError"),
    ("sagemaker-runtime", "InvokeEndpointAsync", lambda make: {"EndpointName": s.endpoint(make),
                                                               "InputLocation": f"s3://{s.BUCKET}/x.csv"}, "ValidationError"),
]
