"""The training monitor widget and the notebook's exercise checkers."""
from awsml_study.exercises import sagemaker as ex
from awsml_study.widgets.training_view import TrainingView, parse_metrics
from tests.services.sagemaker import samples as s


def test_parse_metrics_reads_xgboost_and_linear_learner_lines():
    lines = ["[0]#011train-auc:0.9#011validation-auc:0.8", "noise", "[1]#011train-auc:0.95#011validation-auc:0.85",
             "#quality_metric: host=algo-1, epoch=0, train objective_loss <loss>=0.5"]
    series = parse_metrics(lines)
    assert series["validation:auc"] == [0.8, 0.85] and series["train:objective_loss"] == [0.5]


def test_training_view_follows_a_real_job(sm_world):
    sm = sm_world("sagemaker")
    sm.create_training_job(**s.training_request("view-job"))
    view = TrainingView(sm, sm_world("logs"), "view-job")
    assert view.progress() == (5, 5)
    assert len(view.metrics()["validation:auc"]) == 20
    assert view.figure() is not None and "Completed" in view.status.value


def test_exercise_checkers(sm_world, capsys):
    assert ex.check_image_uri(None) is False and "Not answered yet" in capsys.readouterr().out
    assert ex.check_image_uri("174872318107.dkr.ecr.us-west-2.amazonaws.com/linear-learner:1")
    assert not ex.check_image_uri("382416733822.dkr.ecr.us-west-2.amazonaws.com/linear-learner:1")
    sm = sm_world("sagemaker")
    sm.create_training_job(**s.training_request("exercise-job"))
    assert ex.check_training_job(sm, "exercise-job")
    assert ex.check_training_job(sm, ...) is False
    assert not ex.check_training_job(sm, "no-such-job")
    assert ex.check_data_processing({"InputFilter": "$[1:]", "JoinSource": "Input", "OutputFilter": "$[0,-1]"})
    assert not ex.check_data_processing({"InputFilter": "$[1:]"})
    assert ex.check_serverless_variant({"VariantName": "v", "ModelName": "m",
                                        "ServerlessConfig": {"MemorySizeInMB": 2048, "MaxConcurrency": 10}})
    assert not ex.check_serverless_variant({"VariantName": "v", "ModelName": "m", "InstanceType": "ml.m5.large",
                                            "ServerlessConfig": {"MemorySizeInMB": 2048, "MaxConcurrency": 10}})
    assert ex.check_positive_count(None, "e", b"", None) is False


def test_positive_count_checker_against_an_endpoint(sm_world):
    from awsml_study.engines.training import formats
    s.endpoint(sm_world, "exercise-ep")
    X, _ = s.cancer()
    rows = formats.to_csv(X[:10])
    body = sm_world("sagemaker-runtime").invoke_endpoint(EndpointName="exercise-ep", Body=rows,
                                                         ContentType="text/csv")["Body"].read()
    count = sum(float(v) > 0.5 for v in body.split(b","))
    assert ex.check_positive_count(sm_world("sagemaker-runtime"), "exercise-ep", rows, count)
    assert not ex.check_positive_count(sm_world("sagemaker-runtime"), "exercise-ep", rows, count + 1)
