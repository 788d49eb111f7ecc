"""utils.setup_notebook() keeps TensorFlow's native start-up and XLA log lines out of outputs.

The check runs in a fresh Python process, as a notebook's kernel is: TensorFlow writes these
lines once per process, straight to file descriptor 2, so only a new process shows them.
tools/colab_env.sh runs this file on Colab's stack too (TensorFlow 2.20, which does print
"Compiled cluster using XLA!" at the first XLA-compiled training step unless setup_notebook
has already compiled once with stderr silenced).
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import sys
sys.path.insert(0, sys.argv[1])
import utils

print(utils.setup_notebook(trains=True))
import keras
import numpy as np

keras.utils.set_random_seed(42)
model = keras.Sequential([keras.Input(shape=(6, 3)), keras.layers.SimpleRNN(4), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse", jit_compile=utils.jit_compile())
x = np.random.default_rng(0).normal(size=(16, 6, 3)).astype("float32")
model.fit(x, x[:, -1, :1], epochs=1, batch_size=8, verbose=2)
print("jit_compile:", model.jit_compile)
"""

# Lines TensorFlow's C++ runtime writes that a learner must not see under the first fit.
FORBIDDEN = ("Compiled cluster", "absl::InitializeLog", "oneDNN custom operations",
             "Could not find cuda drivers", "cuInit")


def test_setup_then_jit_compiled_fit_writes_no_native_log_lines():
    env = {k: v for k, v in os.environ.items() if k != "TF_CPP_MIN_LOG_LEVEL"}  # as in Colab
    env["MPLBACKEND"] = "Agg"
    done = subprocess.run([sys.executable, "-c", CHILD, str(ROOT)], capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "TensorFlow " in done.stdout, done.stdout
    # On a CPU the fit really is XLA-compiled, so the one-time XLA log line had its chance:
    if "CPU only" in done.stdout:
        assert "jit_compile: True" in done.stdout, done.stdout
    shown = [line for line in done.stderr.splitlines() if any(s in line for s in FORBIDDEN)]
    assert not shown, "native log lines on stderr:\n" + "\n".join(shown)
