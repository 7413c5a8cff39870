"""The version of logicnet, written once here: pyproject.toml reads it (``[tool.setuptools.dynamic]``).

A constant, not the installed metadata: reading the metadata imports ``importlib.metadata``
and scans the installed distributions, a third of the command line's start-up.
"""

VERSION = "0.2.0"
