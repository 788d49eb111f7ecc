"""Start-up for the notebooks: import TensorFlow without its C++ start-up log in the outputs.

TensorFlow's native libraries write lines such as "oneDNN custom operations are on" and
"Could not find cuda drivers" straight to the process's standard error while they load,
before any Python-level setting can filter them, and Jupyter shows them as red output.
:func:`setup_notebook` loads TensorFlow once with that stream silenced, so the outputs show
only what the chapter prints. Python warnings and exceptions are not affected.
"""

from __future__ import annotations

import contextlib
import os
import sys

from .mode import describe


@contextlib.contextmanager
def _native_stderr_silenced():
    """Send file descriptor 2 (native code's stderr) to /dev/null inside the block."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):  # no real stderr (some embedded interpreters)
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def setup_notebook(trains: bool = False) -> str:
    """Import TensorFlow and Keras quietly and return a line naming the versions.

    ``trains=True`` (chapters that train models) adds which mode is on, fast or full (see
    :mod:`utils.mode`); chapters that train nothing do not mention a mode.

    Also sets ``TF_CPP_MIN_LOG_LEVEL=3`` (unless already set), which keeps TensorFlow's
    informational C++ log lines — e.g. "failed call to cuInit" on a machine without a GPU —
    out of later outputs.

    Where :func:`jit_compile` is True it also compiles one tiny function with XLA, silently:
    TensorFlow 2.20 (Colab's in 2026) logs two lines at the first XLA compilation of a process,
    "All log messages before absl::InitializeLog() is called are written to STDERR" and
    "Compiled cluster using XLA!", which ``TF_CPP_MIN_LOG_LEVEL`` does not silence; each is
    written only once, so they go to /dev/null here instead of under the first ``fit``.
    This costs 0.1-0.2 s (measured on TensorFlow 2.20 and 2.21, 2 CPU cores).
    """
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    with _native_stderr_silenced():
        import keras
        import tensorflow as tf
        tf.config.list_physical_devices()  # probes CUDA once, here, silently
        if jit_compile():
            _compile_once_with_xla(tf)
    gpus = tf.config.list_physical_devices("GPU")
    device = f"{len(gpus)} GPU(s)" if gpus else "CPU only"
    if not isinstance(trains, bool):
        raise TypeError(f"setup_notebook: trains must be True or False, got {trains!r}")
    line = f"TensorFlow {tf.__version__}, Keras {keras.__version__}, {device}"
    return f"{line}; {describe()}" if trains else line


def _compile_once_with_xla(tf) -> None:
    """Run a one-line XLA-compiled function, for TensorFlow's one-time XLA log lines."""
    try:
        tf.function(lambda x: x * 2.0 + 1.0, jit_compile=True)(tf.constant([1.0]))
    except Exception:  # noqa: BLE001 - only cosmetic: a later fit reports a real XLA problem
        pass


def jit_compile() -> bool:
    """Whether to ask ``model.compile`` for XLA compilation: True on a machine without a GPU.

    On a CPU, Keras runs a recurrent layer as a loop of small operations, one per timestep,
    and the overhead dominates: XLA compiles the whole training step into one program and
    trains the book's small LSTMs about three times faster. On a GPU the opposite holds:
    Keras uses NVIDIA's cuDNN kernels for LSTM and GRU, which XLA cannot compile (Keras would
    fail with "No registered 'CudnnRNNV3' OpKernel for XLA_GPU_JIT"), so there the answer is
    False and cuDNN does the work. Use it as ``model.compile(..., jit_compile=utils.jit_compile())``.
    """
    import tensorflow as tf

    return not tf.config.list_physical_devices("GPU")
