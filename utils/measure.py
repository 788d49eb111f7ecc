"""Plumbing the chapters use to measure and to show, kept out of the learner's path.

``keras_says()``           collect what Keras warns about inside a block into a list, to print it
                           tidily (instead of letting it reach the error stream)
``seconds_per_epoch()``    one model's seconds per epoch compiled with and without XLA, timed
                           side by side in turns so that both see the same load on the machine

Keras is imported only inside :func:`seconds_per_epoch`, so importing this module is quick.
"""

from __future__ import annotations

import contextlib
import logging
import statistics
import time
import warnings

#: The logger Keras (through absl) writes its messages to, e.g. "You are saving your model as
#: an HDF5 file ... considered legacy".
KERAS_LOGGER = "absl"


@contextlib.contextmanager
def keras_says():
    """Collect what Keras warns about inside the block (Python warnings and its log
    messages) into a list, instead of letting it reach the error stream.

    ::

        with keras_says() as said:
            model.save("model.h5")
        print(said)     # ['You are saving your model as an HDF5 file ...']

    The list holds first the log messages (as they came), then, once the block has ended, the
    Python warnings as ``"Category: message"``: every ``UserWarning`` (Keras' category), even
    one Python has shown before, and any other warning the filters in force let through. The
    logger and the warning filters are restored when the block ends, also when it raises.
    """
    said, log = [], logging.getLogger(KERAS_LOGGER)
    handler = logging.Handler()
    handler.emit = lambda record: said.append(record.getMessage())
    log.addHandler(handler)
    propagate = log.propagate
    log.propagate = False
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", UserWarning)
            yield said
    finally:
        log.removeHandler(handler)
        log.propagate = propagate
        said.extend(f"{w.category.__name__}: {w.message}" for w in caught)


def seconds_per_epoch(build, x, y, turns: int = 3, batch_size: int = 64,
                      learning_rate: float = 1e-4) -> dict[bool, float]:
    """Median seconds per epoch of one model compiled with and without XLA, timed in turns.

    ``build()`` returns a new, uncompiled binary classifier. It is called twice, each time
    after ``keras.utils.set_random_seed(0)``, so both copies start from the same weights; one
    is compiled with ``jit_compile=True``, the other with ``False`` (RMSprop, binary
    cross-entropy, accuracy: the book's recipe). Each copy first trains one untimed epoch on
    ``(x, y)`` — that is when tracing and compiling happen — then the two take turns for
    ``turns`` timed epochs each, so that a change of load on the machine hits both alike.
    Returns ``{True: seconds with XLA, False: seconds without}``, the medians of the turns.
    """
    if isinstance(turns, bool) or not isinstance(turns, int) or turns < 1:
        raise ValueError(f"seconds_per_epoch: turns must be a whole number of 1 or more, got {turns!r}")
    import keras

    models, times = {}, {True: [], False: []}
    for jit in (True, False):
        keras.utils.set_random_seed(0)
        models[jit] = build()
        models[jit].compile(optimizer=keras.optimizers.RMSprop(learning_rate=learning_rate),
                            loss="binary_crossentropy", metrics=["accuracy"], jit_compile=jit)
        models[jit].fit(x, y, batch_size=batch_size, verbose=0)   # one epoch: tracing and compiling
    for _ in range(turns):
        for jit, model in models.items():
            start = time.perf_counter()
            model.fit(x, y, batch_size=batch_size, verbose=0)     # one epoch, timed
            times[jit].append(time.perf_counter() - start)
    return {jit: float(statistics.median(t)) for jit, t in times.items()}
