"""Pictures show: every drawing function of awsml_study.widgets returns a figure that renders as a
PNG wherever IPython displays it (JupyterLab, nbconvert), and the notebook check in conftest.py
catches a bare `<Figure size ...>` or a drawing cell without an image."""
import json

import numpy as np
import pytest
from IPython.core.formatters import DisplayFormatter

from conftest import picture_problems

PICTURE = np.full((40, 60, 3), 200, dtype=np.uint8)
BOX = {"Left": 0.1, "Top": 0.2, "Width": 0.5, "Height": 0.4}


def rendered(obj) -> dict:
    data, _ = DisplayFormatter().format(obj)
    return data


def assert_png(obj):
    data = rendered(obj)
    assert "image/png" in data, f"renders only as {sorted(data)}: {data.get('text/plain')}"
    assert data["image/png"][:8] == b"\x89PNG\r\n\x1a\n"


def test_boxes_drawings_render():
    from awsml_study.widgets import boxes
    assert_png(boxes.draw(PICTURE, {"FaceDetails": [{"BoundingBox": BOX, "Landmarks": [
        {"Type": "eyeLeft", "X": 0.3, "Y": 0.3}]}]}, title="faces"))
    assert_png(boxes.draw_boxes(PICTURE, [BOX, [{"X": 0.1, "Y": 0.1}, {"X": 0.9, "Y": 0.2}, {"X": 0.5, "Y": 0.9}]],
                                ["a box", "a polygon"]))


def test_document_viewer_figure_renders():
    from awsml_study.widgets.document_viewer import DocumentViewer
    line = {"BlockType": "LINE", "Id": "1", "Text": "Total 12.00", "Page": 1, "Confidence": 99.0,
            "Geometry": {"BoundingBox": BOX, "Polygon": [{"X": 0.1, "Y": 0.2}, {"X": 0.6, "Y": 0.2},
                                                         {"X": 0.6, "Y": 0.6}, {"X": 0.1, "Y": 0.6}]}}
    viewer = DocumentViewer(PICTURE, {"Blocks": [line]}, layers=["LINE"])
    assert_png(viewer.figure())


def test_audio_figures_render(aws):
    from awsml_study.widgets.audio_player import SpeechPlayer
    from awsml_study.widgets.transcript_view import TranscriptView
    polly = aws("polly")
    text = "Pictures must show."
    audio = polly.synthesize_speech(Text=text, VoiceId="Joanna", OutputFormat="mp3")["AudioStream"].read()
    marks = polly.synthesize_speech(Text=text, VoiceId="Joanna", OutputFormat="json",
                                    SpeechMarkTypes=["word"])["AudioStream"].read()
    assert_png(SpeechPlayer(audio, marks, text=text).figure())
    transcript = {"results": {"transcripts": [{"transcript": "pictures must show"}], "items": [
        {"type": "pronunciation", "start_time": f"{0.2 * i:.2f}", "end_time": f"{0.2 * i + 0.15:.2f}",
         "alternatives": [{"confidence": "0.9", "content": word}]}
        for i, word in enumerate(["pictures", "must", "show"])]}}
    assert_png(TranscriptView(audio, json.dumps(transcript)).figure())


@pytest.mark.parametrize("source,outputs,problem", [
    ("fig", [{"output_type": "execute_result", "data": {"text/plain": "<Figure size 540x632.812 with 1 Axes>"}}],
     "bare repr"),
    ("boxes.draw(picture, resp)", [], "no image"),
    ("x = boxes.draw(picture, resp)", [{"output_type": "stream", "name": "stdout", "text": "done\n"}], "no image"),
    ("print(fig)", [{"output_type": "stream", "name": "stdout", "text": "<Figure size 640x480 with 1 Axes>\n"}],
     "printed a Figure repr"),
])
def test_the_notebook_check_catches_pictures_that_do_not_show(source, outputs, problem):
    assert any(problem in p for p in picture_problems(source, outputs))


def test_the_notebook_check_accepts_shown_pictures():
    png = {"output_type": "display_data", "data": {"image/png": "iVBORw0KGgo=", "text/plain": "<Figure size 1x1>"}}
    assert picture_problems("boxes.draw(picture, resp)", [png]) == []
    assert picture_problems("print('no drawing here')  # boxes.draw(...) in a comment", []) == []


def test_architecture_diagram_renders():
    from awsml_study.calls import Call
    from awsml_study.widgets import architecture
    stages = {"record": [Call("polly", "SynthesizeSpeech", "us-east-1", status=200)],
              "store": [Call("s3", "PutObject", "us-east-1", status=200),
                        Call("s3", "GetObject", "us-east-1", status=200, by_simulator=True)]}
    assert_png(architecture.draw(stages))
