"""The decision guide's data and recommend()."""
from __future__ import annotations

import itertools

import pytest

from awsml_study.quiz import SERVICES, recommend
from awsml_study.quiz.decision import guide, inputs, outputs


def test_every_combination_has_exactly_one_best_rule():
    for input_type in inputs():
        for output, custom, realtime in itertools.product(outputs(input_type), (False, True), (False, True)):
            matches = [r for r in guide()["rules"] if r["input"] == input_type and r["output"] == output
                       and r["custom"] in (None, custom) and r["realtime"] in (None, realtime)]
            assert matches, (input_type, output, custom, realtime)
            pinned = sorted((sum(r[k] is not None for k in ("custom", "realtime")) for r in matches), reverse=True)
            assert len(pinned) == 1 or pinned[0] > pinned[1], (input_type, output, custom, realtime)


def test_rules_name_known_inputs_outputs_and_services():
    known = guide()["services"]
    for rule in guide()["rules"]:
        assert rule["output"] in outputs(rule["input"])
        assert rule["service"] in known and all(i["service"] in known for i in rule["instead"])
        assert rule["reason"] and rule["instead"] and rule["operations"]
    assert set(SERVICES) <= {r["service"] for r in guide()["rules"]} | {"kendra"}
    assert len({r["id"] for r in guide()["rules"]}) == len(guide()["rules"])


@pytest.mark.parametrize("args,service,operation", [
    (("image", "labels"), "rekognition", "DetectLabels"),
    (("image", "labels", True), "rekognition", "DetectCustomLabels"),
    (("image", "text"), "rekognition", "DetectText"),
    (("document", "text", False, False), "textract", "StartDocumentTextDetection"),
    (("document", "forms_tables"), "textract", "AnalyzeDocument"),
    (("audio", "transcript"), "transcribe", "StartStreamTranscription"),
    (("audio", "transcript", False, False), "transcribe", "StartTranscriptionJob"),
    (("text", "speech", False, False), "polly", "StartSpeechSynthesisTask"),
    (("text", "translation", True), "translate", "ImportTerminology"),
    (("text", "insights"), "comprehend", "DetectEntities"),
    (("text", "classification", True), "comprehend", "CreateDocumentClassifier"),
    (("conversation", "bot"), "lex", "RecognizeText"),
    (("conversation", "contact_centre"), "connect", "AssociateBot"),
    (("interactions", "recommendations"), "personalize", "GetRecommendations"),
    (("interactions", "recommendations", True), "sagemaker", "CreateTrainingJob"),
    (("tabular", "predictions", True, False), "sagemaker", "CreateTransformJob"),
])
def test_recommend(args, service, operation):
    rec = recommend(*args)
    assert rec.service == service and operation in rec.operations
    assert str(rec).startswith(rec.name) and "instead when" in str(rec)


def test_todays_facts():
    rag = recommend("question", "answers")
    assert rag.service == "bedrock" and "July 30, 2026" in rag.reason
    assert any(name == "Amazon Kendra" for name, _ in rag.instead)
    assert "Connect Customer" in recommend("conversation", "contact_centre").name
    assert recommend("tabular", "predictions").name == "Amazon SageMaker AI"
    assert "V1 ended" in recommend("conversation", "bot").reason
    assert "no longer available to new customers" in recommend("video", "analysis").reason


def test_unknown_input_or_output():
    with pytest.raises(ValueError, match="choose one of"):
        recommend("smell", "labels")
    with pytest.raises(ValueError, match="labels, faces"):
        recommend("image", "speech")


def test_check_pick(capsys):
    from awsml_study.quiz import check_pick
    check_pick("Textract", "document", "text", realtime=False)
    assert capsys.readouterr().out.startswith("Right. Amazon Textract")
    check_pick("rekognition", "document", "text")
    assert "Not quite" in capsys.readouterr().out
    check_pick("", "document", "text")
    assert "Write a service key" in capsys.readouterr().out
