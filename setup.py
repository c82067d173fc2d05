"""The compiled parts of lurewatch: the normaliser's per-chunk loops (`src/lurewatch/_chunks.c`) and MiniLM's encoder
layers without the GIL (`src/lurewatch/_encoder.c`); everything else is configured in pyproject.toml. `pip install`
compiles them, so it needs a C compiler and the Python headers (Debian: gcc, python3-dev). Here rather than in
pyproject.toml, where setuptools still calls extension modules experimental."""

import numpy
from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension("lurewatch._chunks", sources=["src/lurewatch/_chunks.c"]),
        # numpy's headers for the layout of a ufunc (its float32 loops are called from C). No FMA contraction: each
        # float step must round as numpy's does, or the sentence vectors change in their last bits.
        Extension(
            "lurewatch._encoder",
            sources=["src/lurewatch/_encoder.c"],
            include_dirs=[numpy.get_include()],
            extra_compile_args=["-ffp-contract=off"],
        ),
    ]
)
