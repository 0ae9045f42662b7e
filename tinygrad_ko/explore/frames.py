"""``backprop_frames(output, folder)``: the explorer's walk as pictures for slides.

One PNG per step (drawn by Graphviz: the current node yellow, the nodes already passed green, every
gradient found so far in red under its edge, the step's formula on top) and an animated GIF of all
of them, assembled with Pillow (an optional extra: ``pip install "tinygrad_ko[explore]"``).
"""

from __future__ import annotations

import io
from pathlib import Path

from ..viz.draw import DEFAULT_FONT
from .layout import dot_rows, render
from .record import record_walk
from .steps import known_gradients, walk_data


def backprop_frames(output, folder, *, grad=None, forward: bool = True, gif: bool = True,
                    seconds_per_frame: float = 1.0, fontname: str = DEFAULT_FONT) -> list:
    """Write ``step_001.png`` ... (and ``backprop.gif``) into ``folder``; return the written paths.

    ``forward=False`` draws only the backward steps.  ``gif=False`` skips the GIF (and Pillow).
    Like ``explore``, backward is run once under the engine's hook and every ``.grad`` is put back.
    """
    if gif:
        _pillow()  # fail before any work when the GIF cannot be made
    if not (isinstance(seconds_per_frame, (int, float)) and seconds_per_frame > 0):
        raise ValueError(f"seconds_per_frame must be a positive number, got {seconds_per_frame!r}")
    data = walk_data(record_walk(output, grad))
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    pictures, written = [], []
    for number, graph in enumerate(_frame_graphs(data, forward, fontname), start=1):
        png = render(graph, "png")
        path = folder / f"step_{number:03d}.png"
        path.write_bytes(png)
        written.append(path)
        pictures.append(png)
    if gif:
        written.append(_write_gif(pictures, folder / "backprop.gif", seconds_per_frame))
    return written


def _frame_graphs(data: dict, forward: bool, fontname: str):
    """One Digraph per step, with what is known at that step."""
    nodes = {n["id"]: n for n in data["nodes"]}
    groups = {g["id"] for g in data["groups"]}
    visited = {"forward": [], "backward": []}  # green: the nodes this pass has already been through
    for number, step in enumerate(data["steps"], start=1):
        node = nodes[step["node"]]
        passed = visited[step["phase"]]
        if step["phase"] == "forward" and not forward:
            continue
        (graph,) = dot_rows(data, collapsed=groups - {node["group"]}, fontname=fontname,
                            current=step["node"], visited=passed,
                            grads=known_gradients(data["steps"], number - 1),
                            caption=_caption(number, step, node, data), max_width=None)
        yield graph
        passed.append(step["node"])


def _caption(number: int, step: dict, node: dict, data: dict) -> str:
    if step["phase"] == "forward":
        formula = step["formula"]
        numbers = f" = {formula['numbers']}" if formula["numbers"] else ""
        value = step["value"]["text"]
        return f"{number}. 순전파 forward · {node['label']}: {formula['text']}{numbers} = {value}"
    lines = [f"{number}. 역전파 backward · {node['label']}: ∂L/∂{node['out_letter']} = "
             f"{step['grad_output']['text']}"]
    for entry in step["inputs"]:
        if entry["grad"] is None:
            continue
        numbers = f" = {entry['rule']['numbers']}" if entry["rule"]["numbers"] else ""
        lines.append(f"∂L/∂{entry['letter']} = {entry['rule']['en']}{numbers} = {entry['grad']['text']}")
        if entry["arrival"] and entry["arrival"]["count"] > 1:
            arrival = entry["arrival"]
            lines.append(f"   {' + '.join(arrival['parts'])} = {arrival['sum']['text']}")
    return "\n".join(lines)


def _pillow():
    try:
        from PIL import Image
    except ImportError as err:
        raise ImportError('backprop_frames makes the GIF with Pillow, an optional extra of tinygrad_ko; '
                          'install it with: pip install "tinygrad_ko[explore]" (or pip install '
                          'Pillow), or pass gif=False for the PNGs only') from err
    return Image


def _write_gif(pictures: list, path: Path, seconds: float) -> Path:
    """All frames on one white canvas size (the largest), centred, looping forever."""
    image_module = _pillow()
    frames = [image_module.open(io.BytesIO(png)).convert("RGB") for png in pictures]
    width = max(f.width for f in frames)
    height = max(f.height for f in frames)
    canvases = []
    for frame in frames:
        canvas = image_module.new("RGB", (width, height), "white")
        canvas.paste(frame, ((width - frame.width) // 2, (height - frame.height) // 2))
        canvases.append(canvas)
    canvases[0].save(path, save_all=True, append_images=canvases[1:], duration=int(seconds * 1000),
                     loop=0)
    return path
