"""The widgets in a real browser (Debian's Chromium driven by Playwright): long text wraps, no two
pieces of text overlap, nothing is cut off; and an exported notebook shows its widgets offline.

Each widget is rendered from its embedded state by @jupyter-widgets/html-manager, the renderer
nbconvert's HTML uses (fetched once from the npm registry and cached), with the widget CSS
JupyterLab uses. `make test` installs Chromium and Playwright; without them these tests FAIL with
a message saying what to install (a browser check that silently skips checks nothing).
"""
from __future__ import annotations

import base64
import json
import os

import pytest

CHROMIUM = os.environ.get("AWSML_STUDY_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
WIDTH = 820  # a JupyterLab notebook column with the file browser open

# Every piece of visible text as line boxes (Range.getClientRects), then the pairs of different
# texts whose boxes intersect, and the elements whose text is cut off with an ellipsis.
MEASURE = """() => {
  const pieces = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    const parent = node.parentElement;
    if (!text || parent.closest('select, option, script, style, .jupyter-widgets-disconnected > .widget-label[style*="none"]')) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) {
      if (r.width > 0 && r.height > 0) pieces.push({text: text.slice(0, 60), l: r.left, t: r.top, r: r.right, b: r.bottom});
    }
  }
  const overlaps = [];
  for (let i = 0; i < pieces.length; i++) {
    for (let j = i + 1; j < pieces.length; j++) {
      const a = pieces[i], b = pieces[j];
      const w = Math.min(a.r, b.r) - Math.max(a.l, b.l), h = Math.min(a.b, b.b) - Math.max(a.t, b.t);
      if (w > 2 && h > 2 && a.text !== b.text) overlaps.push([a.text, b.text]);
    }
  }
  const cut = [];
  for (const el of document.querySelectorAll('body *')) {
    const style = getComputedStyle(el);
    if (el.closest('select') || style.display === 'none') continue;
    if (style.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1 && el.textContent.trim())
      cut.push(el.textContent.trim().slice(0, 60));
  }
  return {pieces: pieces.length, overlaps, cut};
}"""


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright is not installed: `make test` installs it, or "
                    "`.venv/bin/pip install playwright`.", pytrace=False)
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: `make test` installs Debian's "
                    f"chromium when run as root; otherwise `sudo apt-get install -y chromium` "
                    f"(or set AWSML_STUDY_CHROMIUM to a Chromium binary).", pytrace=False)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def renderer():
    from awsml_study.widgets.export import BundleUnavailable, widget_bundle
    try:
        return widget_bundle()
    except BundleUnavailable as problem:
        pytest.fail(str(problem), pytrace=False)


def render(browser, renderer, tmp_path, views) -> dict:
    """Embed the widgets in a page, open it in Chromium, return the measurements."""
    from ipywidgets.embed import embed_minimal_html

    page_file = tmp_path / "widgets.html"
    embed_minimal_html(page_file, views=views, title="widgets", requirejs=False,
                       embed_url=renderer.as_uri(), cors=False)
    page = browser.new_page(viewport={"width": WIDTH, "height": 900})
    errors = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    try:
        page.goto(page_file.as_uri())
        page.wait_for_function(f"document.querySelectorAll('.jupyter-widgets.widget-vbox').length >= {len(views)}",
                               timeout=30_000)
        page.wait_for_timeout(300)  # fonts and images settle
        found = page.evaluate(MEASURE)
        page.screenshot(path=str(tmp_path / "widgets.png"), full_page=True)
    finally:
        page.close()
    found["errors"] = errors
    return found


def longest(bank, kind):
    return max((q for q in bank.questions if q.type == kind and not q.case_study),
               key=lambda q: max(len(t) for t in q.options.values()))


def png_output(data: bytes) -> dict:
    return {"output_type": "display_data", "metadata": {},
            "data": {"image/png": base64.b64encode(data).decode(), "text/plain": "<picture>"}}


def assert_laid_out(found, pieces=20):
    assert not found["errors"], found["errors"]
    assert found["pieces"] > pieces, "the widgets did not render"
    assert not found["overlaps"], "text drawn over other text: " + json.dumps(found["overlaps"][:5])
    assert not found["cut"], "text cut off: " + json.dumps(found["cut"][:5])


def test_quiz_widgets_wrap_long_options_without_overlap(browser, renderer, tmp_path):
    from awsml_study.quiz import QuizSession, load_banks
    from awsml_study.quiz.widget import QuizWidget

    bank = load_banks()
    views = [QuizWidget(QuizSession([longest(bank, kind)])) for kind in ("single", "multiple", "ordering", "matching")]
    case = next(q for q in bank.questions if q.case_study)
    views.append(QuizWidget(QuizSession([case])))
    answered = QuizWidget(QuizSession([longest(bank, "single")]))
    answered.submit(next(k for k in answered.session.current.options if k not in answered.session.current.answer))
    views.append(answered)                                   # feedback with every "why not" shown
    assert max(len(t) for t in views[0].session.current.options.values()) > 200  # wraps at this width
    assert_laid_out(render(browser, renderer, tmp_path, views))


def test_quiz_companions_lay_out(browser, renderer, tmp_path):
    from awsml_study import quiz
    from awsml_study.quiz import Progress
    from awsml_study.quiz.results_view import ResultsView

    assert_laid_out(render(browser, renderer, tmp_path, [quiz.decision_guide(), ResultsView(Progress())]))


def test_service_widgets_lay_out(browser, renderer, tmp_path, aws):
    from awsml_study import data
    from awsml_study.widgets.audio_player import SpeechPlayer
    from awsml_study.widgets.boxes import BoxViewer, png
    from awsml_study.widgets.text_insights import TextInsights

    group = data.path("rekognition/group.png").read_bytes()
    faces = aws("rekognition").detect_faces(Image={"Bytes": group}, Attributes=["ALL"])
    viewer = BoxViewer(group, faces)
    viewer.output.outputs = (png_output(png(group, faces)),)  # what update() shows in a kernel
    polly = aws("polly")
    text = "A long sentence the player shows word by word, so that its words need more than one line."
    speech = polly.synthesize_speech(Text=text, VoiceId="Joanna", OutputFormat="mp3")["AudioStream"].read()
    marks = polly.synthesize_speech(Text=text, VoiceId="Joanna", OutputFormat="json",
                                    SpeechMarkTypes=["word"])["AudioStream"].read()
    player = SpeechPlayer(speech, marks, text=text)
    player.output.outputs = (png_output(player.png(0)),)
    insights = TextInsights(aws("comprehend"), text="Write to jane@example.com, the hotel in Paris was lovely.")
    insights.analyse()
    insights.output.outputs = ({"output_type": "display_data", "metadata": {},
                                "data": {"text/html": insights.render(), "text/plain": ""}},)
    assert_laid_out(render(browser, renderer, tmp_path, [viewer.box, player.box, insights.box]), pieces=10)


def test_exported_notebook_shows_widgets_offline(browser, renderer, tmp_path):
    import nbformat

    from awsml_study.widgets.export import export_html

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(
        "from awsml_study.quiz import QuizSession, load_banks\n"
        "from awsml_study.quiz.widget import QuizWidget\n"
        "QuizWidget(QuizSession([load_banks()['pol-013']]))")]
    source = tmp_path / "quiz.ipynb"
    nbformat.write(nb, source)
    html = export_html(source, tmp_path / "quiz.html", execute=True, timeout=120)
    assert "cdn.jsdelivr.net/npm/@jupyter-widgets" not in html.read_text()
    page = browser.new_page(viewport={"width": WIDTH, "height": 900})
    page.route("http*://**", lambda route: route.abort())  # offline: every network request fails
    try:
        page.goto(html.as_uri())
        page.wait_for_selector(".widget-checkbox", timeout=30_000)
        assert "Which two measures" in page.inner_text("body")
        assert page.locator(".widget-checkbox").count() == 5
    finally:
        page.close()
