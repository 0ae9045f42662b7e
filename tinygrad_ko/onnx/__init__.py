"""Export a trained model to ONNX, the exchange format every serious runtime reads.

    from tinygrad_ko.onnx import export
    export(model, x_example, "model.onnx")       # then: onnxruntime.InferenceSession("model.onnx")

Needs the optional ``onnx`` package: ``pip install "tinygrad_ko[onnx]"`` (which also installs
onnxruntime to run the file).  See :func:`export`.
"""

try:
    import onnx  # noqa: F401
except ImportError as err:  # the extra is not installed
    raise ImportError(
        'tinygrad_ko.onnx needs the "onnx" package, which is not installed. Fix: '
        'pip install "tinygrad_ko[onnx]" (installs onnx and onnxruntime), or pip install onnx') from err

from .converters import SUPPORTED  # noqa: E402
from .export import DEFAULT_OPSET, export  # noqa: E402
from .trace import ExportError  # noqa: E402

__all__ = ["export", "ExportError", "SUPPORTED", "DEFAULT_OPSET"]
