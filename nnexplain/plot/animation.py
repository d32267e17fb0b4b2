"""Gradient descent as an animation: the fitted line over the data (left) and the
point (w, b) on the cost landscape (right) moving together, epoch by epoch, with the
epoch and the cost. Saved as a GIF (matplotlib's PillowWriter) or as numbered PNG
frames (each through ``save_figure``); both byte-identical run to run, both written
atomically. Draws what ``nnexplain.explain.training_figures.descent_frames`` computed."""

import os

from matplotlib.animation import FuncAnimation, PillowWriter
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from nnexplain.atomic import atomic_file
from nnexplain.plot.labels import math_number as _number
from nnexplain.plot.style import new_figure, palette, styled
from nnexplain.plot.training import ON_MAP

# Frames per second of the GIF: about 6 s for the longest animation.
FRAMES_PER_SECOND = 20
# A GIF's pixels per inch: 1200 × 550 pixels, sharp on a projector, small on disk.
GIF_DPI = 100
# Frame files: frame-0001.png, frame-0002.png, …
FRAME_NAME = "frame-{:04d}.png"


class DescentScene:
    """The animation's figure and how to move it to frame ``k`` (``show(k)``)."""

    def __init__(self, data):
        self.data = data
        with styled():
            colours = palette()
            self.figure = figure = new_figure()
            data_axes, map_axes = figure.subplots(1, 2, width_ratios=(1, 1.15))
            data_axes.plot(data.x, data.y, "o", color=colours[0], markersize=5, alpha=0.7,
                           label="data")
            if data.truth_y is not None:
                data_axes.plot(data.line_x, data.truth_y, "--", color=colours[-1], linewidth=1.5,
                               label="truth $y = 2x + 1$")
            (self.line,) = data_axes.plot(data.line_x, data.line_y[0], "-", color=colours[1],
                                          linewidth=2.5, label="$\\hat{y} = w x + b$ at this epoch")
            data_axes.set_ylim(*data.y_range)
            data_axes.set_xlabel("$x$")
            data_axes.set_ylabel("$y$")
            data_axes.set_title("The data and the line")
            data_axes.legend(loc="upper left")
            land = data.landscape
            filled = map_axes.contourf(land.w, land.b, land.cost, levels=land.levels, cmap="viridis_r")
            figure.colorbar(filled, ax=map_axes, label="cost $J(w, b)$", format="%.3g")
            map_axes.plot([land.minimum[0]], [land.minimum[1]], "*", color=ON_MAP[4],
                          markeredgecolor="black", markersize=16,
                          label=f"minimum, $J = {_number(land.minimum_cost)}$")
            (self.path,) = map_axes.plot(data.w[:1], data.b[:1], "-", color=ON_MAP[1], linewidth=2,
                                         label="descent path")
            (self.point,) = map_axes.plot(data.w[:1], data.b[:1], "o", color="white",
                                          markeredgecolor="black", markersize=11, label="$(w, b)$ now")
            map_axes.set_xlim(land.w[0], land.w[-1])
            map_axes.set_ylim(land.b[0], land.b[-1])
            map_axes.set_xlabel("weight $w$")
            map_axes.set_ylabel("bias $b$")
            map_axes.set_title("The cost landscape $J(w, b)$")
            map_axes.grid(False)
            # Below the map: inside, it would cover the minimum, where the path ends.
            map_axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2)
            self.counter = figure.suptitle(self._caption(data.count - 1), fontsize="x-large",
                                           fontweight="bold")
            # Lay the figure out once, at the last frame, then keep it: a caption
            # changing width must not move the panels between frames.
            figure.get_layout_engine().execute(figure)
            figure.set_layout_engine("none")
        self.show(0)

    def _caption(self, k) -> str:
        d = self.data
        return (f"Gradient descent: epoch {d.epochs[k]} of {d.total_epochs}, "
                f"cost J = {_number(d.cost[k])}")  # plain text: mathtext costs a parse per frame

    def show(self, k):
        """Move every moving mark to frame ``k``; returns them (for FuncAnimation)."""
        d = self.data
        self.line.set_ydata(d.line_y[k])
        self.path.set_data(d.w[: k + 1], d.b[: k + 1])
        self.point.set_data(d.w[k: k + 1], d.b[k: k + 1])
        self.counter.set_text(self._caption(k))
        return self.line, self.path, self.point, self.counter


def descent_figure(data) -> Figure:
    """The animation's last frame as a still figure."""
    scene = DescentScene(data)
    scene.show(data.count - 1)
    return scene.figure


class _GifWriter(PillowWriter):
    """PillowWriter writing into an open file (the atomic temporary), so the format
    is named rather than guessed from the file name. A GIF holds no date or
    software field: the same frames give the same bytes."""

    def setup(self, fig, outfile, dpi=None):
        # matplotlib checks that a file name's folder exists; the stream's does.
        super().setup(fig, os.devnull, dpi=dpi)
        self.outfile = outfile

    def grab_frame(self, **savefig_kwargs):
        # Animation.save has just drawn the frame on the canvas (its draw_idle draws
        # at once on an Agg canvas, at the figure's dpi, set to the writer's): take
        # those pixels instead of drawing the whole figure a second time.
        canvas = self.fig.canvas
        image = Image.frombuffer("RGBA", canvas.get_width_height(physical=True),
                                 canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        self._frames.append(image.convert("RGB") if image.getextrema()[3][0] == 255
                            else image.copy())

    def finish(self):
        # One palette for every frame, from the last (it holds every mark): mapping
        # onto it is several times faster than Pillow's own quantizing of each frame,
        # and the static landscape keeps the same colours throughout.
        last = self._frames[-1].convert("RGB")
        shared = last.quantize(colors=256, method=Image.Quantize.MEDIANCUT)
        frames = [frame.convert("RGB").quantize(palette=shared, dither=Image.Dither.NONE)
                  for frame in self._frames]
        frames[0].save(self.outfile, format="GIF", save_all=True, append_images=frames[1:],
                             duration=int(1000 / self.fps), loop=0)


def save_gif(data, path) -> None:
    """Write the animation to ``path`` as a GIF, atomically (a temporary file
    renamed into place when complete)."""
    scene = DescentScene(data)
    scene.figure.set_dpi(GIF_DPI)
    FigureCanvasAgg(scene.figure)  # an Agg canvas: its draw_idle draws each frame at once
    animation = FuncAnimation(scene.figure, scene.show, frames=data.count, blit=False,
                              repeat=False, cache_frame_data=False)
    with styled(), atomic_file(path, "wb") as stream:
        animation.save(stream, writer=_GifWriter(fps=FRAMES_PER_SECOND), dpi=GIF_DPI)


def save_frames(data, folder) -> list[str]:
    """Write every frame to ``folder`` as FRAME_NAME (frame-0001.png, …), each
    through ``save_figure`` (atomic, byte-identical). Returns the paths written."""
    from nnexplain.plot.save import save_figure

    scene = DescentScene(data)
    written = []
    for k in range(data.count):
        scene.show(k)
        path = os.path.join(os.fspath(folder), FRAME_NAME.format(k + 1))
        save_figure(scene.figure, path)
        written.append(path)
    return written


def stale_frames(folder, count) -> list[str]:
    """Names in ``folder`` of frame files (FRAME_NAME) numbered past ``count``: left by
    an earlier, longer animation."""
    import re

    pattern = re.compile(r"frame-(\d{4,})\.png")
    names = []
    for name in sorted(os.listdir(folder)):
        match = pattern.fullmatch(name)
        if match and int(match.group(1)) > count:
            names.append(name)
    return names
