"""Shared checks on drawn matplotlib figures."""


def texts_off_the_canvas(figure) -> list[str]:
    """The visible texts (tick labels aside) whose box leaves the figure's canvas by
    more than a pixel, after drawing it with the Agg renderer."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    FigureCanvasAgg(figure)
    renderer = figure.canvas.get_renderer()
    figure.draw(renderer)
    width, height = figure.bbox.width, figure.bbox.height
    ticks = {id(label) for axes in figure.axes for axis in (axes.xaxis, axes.yaxis)
             for label in axis.get_ticklabels(which="both")}
    off = []
    for text in figure.findobj(Text):
        if not text.get_visible() or not text.get_text().strip() or id(text) in ticks:
            continue
        box = text.get_window_extent(renderer)
        if not (box.x0 >= -1 and box.y0 >= -1 and box.x1 <= width + 1 and box.y1 <= height + 1):
            off.append(text.get_text())
    return off
