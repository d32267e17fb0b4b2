"""Shared checks on drawn matplotlib figures: one way to find the texts a figure
really draws, and the two layout checks built on it (text off the canvas, text on
text). Every figure test uses these; none keeps its own copy."""

import contextlib

import numpy as np


@contextlib.contextmanager
def _recording_texts(renderer):
    """Inside: every Text drawn to ``renderer`` to its end is appended to the list
    yielded. A Text that draws nothing (invisible, empty, a tick label outside the
    view, an annotation whose point is clipped, a position that is not finite) stops
    before the renderer's closing "text" group, so it is not recorded."""
    from matplotlib.text import Text

    drawn, stack = [], []
    original_draw, original_close = Text.draw, renderer.close_group

    def draw(self, renderer_):
        stack.append(self)
        try:
            return original_draw(self, renderer_)
        finally:
            stack.pop()

    def close_group(name):
        if name == "text" and stack:
            drawn.append(stack[-1])
        return original_close(name)

    Text.draw = draw
    renderer.close_group = close_group
    try:
        yield drawn
    finally:
        Text.draw = original_draw
        del renderer.close_group


def drawn_texts(figure):
    """(text, box) for every non-blank Text the figure draws (with the Agg renderer,
    at the figure's own dpi), in drawing order; the box, in pixels, is the text's
    rounded box when it has one (a weight written in a box), else its ink extent."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(figure)
    renderer = figure.canvas.get_renderer()
    with _recording_texts(renderer) as drawn:
        figure.draw(renderer)
    found = []
    for text in drawn:
        if not text.get_text().strip():
            continue
        box = text.get_window_extent(renderer)
        patch = text.get_bbox_patch()
        if patch is not None:
            box = patch.get_window_extent(renderer)
        found.append((text, box))
    return found


def tick_labels(figure) -> set[int]:
    """ids of every tick label of every axis (drawn or not)."""
    return {id(label) for axes in figure.axes for axis in (axes.xaxis, axes.yaxis)
            for label in axis.get_ticklabels(which="both")}  # fmt: skip


def texts_off_the_canvas(figure, texts=None, ticks: bool = False) -> list[str]:
    """The drawn texts whose box leaves the figure's canvas by more than a pixel;
    tick labels only with ``ticks`` (matplotlib places those; the deck's old check
    left them out). ``texts``: ``drawn_texts(figure)`` when already at hand."""
    texts = drawn_texts(figure) if texts is None else texts
    skip = set() if ticks else tick_labels(figure)
    width, height = figure.bbox.width, figure.bbox.height
    return [text.get_text() for text, box in texts if id(text) not in skip
            and not (box.x0 >= -1 and box.y0 >= -1 and box.x1 <= width + 1 and box.y1 <= height + 1)]


def text_overlaps(figure, texts=None, slack: float = 0.5) -> list[str]:
    """Every pair of drawn texts whose boxes overlap by more than ``slack`` pixels
    both ways, as "'a' on 'b'"; empty when no text touches another. Nothing is left
    out: tick labels, legend entries, titles and labels placed by hand all count.
    ``texts``: ``drawn_texts(figure)`` when already at hand."""
    texts = drawn_texts(figure) if texts is None else texts
    if len(texts) < 2:
        return []
    edges = np.array([[box.x0, box.y0, box.x1, box.y1] for _, box in texts])
    x0, y0, x1, y1 = (edges[:, k] for k in range(4))
    touching = ((x0[:, None] < x1[None, :] - slack) & (x0[None, :] < x1[:, None] - slack)
                & (y0[:, None] < y1[None, :] - slack) & (y0[None, :] < y1[:, None] - slack))
    return [f"{texts[a][0].get_text()!r} on {texts[b][0].get_text()!r}"
            for a, b in zip(*np.nonzero(np.triu(touching, 1)))]
