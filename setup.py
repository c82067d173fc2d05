"""The one compiled part of lurewatch, the normaliser's per-chunk loops (`src/lurewatch/_chunks.c`); everything else
is configured in pyproject.toml. `pip install` compiles it, so it needs a C compiler and the Python headers (Debian:
gcc, python3-dev). Here rather than in pyproject.toml, where setuptools still calls extension modules experimental."""

from setuptools import Extension, setup

setup(ext_modules=[Extension("lurewatch._chunks", sources=["src/lurewatch/_chunks.c"])])
