"""How image export treats its browser's answers, without a browser (fast)."""

from __future__ import annotations

import pytest
from kaleido.errors import JavascriptError

from outputs import images


class FakeRenderer:
    """Answers with the given errors first, then with an image."""

    def __init__(self, errors: list[Exception]) -> None:
        self.errors, self.calls = list(errors), 0

    def render(self, figure, opts) -> bytes:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return b"image"


@pytest.fixture(autouse=True)
def _quick_polls(monkeypatch):
    monkeypatch.setattr(images, "PAGE_READY_POLL_S", 0.001)


def test_a_tab_still_loading_its_page_is_asked_again_until_it_draws():
    renderer = FakeRenderer([JavascriptError(f"ReferenceError: {images.PAGE_NOT_READY}")] * 3)
    assert images._render_when_ready(renderer, None, {}) == b"image"
    assert renderer.calls == 4


def test_a_figure_the_browser_cannot_draw_is_not_asked_again():
    renderer = FakeRenderer([JavascriptError("TypeError: cannot read properties of undefined")])
    with pytest.raises(JavascriptError, match="TypeError"):
        images._render_when_ready(renderer, None, {})
    assert renderer.calls == 1


def test_a_page_that_never_loads_gives_up_after_its_deadline(monkeypatch):
    monkeypatch.setattr(images, "PAGE_READY_TIMEOUT_S", 0.02)
    renderer = FakeRenderer([JavascriptError(images.PAGE_NOT_READY)] * 10_000)
    with pytest.raises(JavascriptError, match=images.PAGE_NOT_READY):
        images._render_when_ready(renderer, None, {})
    assert 1 < renderer.calls < 10_000


def test_through_the_route_function_a_figure_error_is_an_image_error(monkeypatch):
    renderer = FakeRenderer([JavascriptError("SyntaxError: bad figure")])
    renderer.owned = lambda: True
    monkeypatch.setattr(images, "_renderer", renderer)
    with pytest.raises(images.ImageError, match="could not draw the figure"):
        images._render(None, {})
