"""The installed version of logicnet (from the package metadata: written once, in pyproject.toml)."""

from importlib.metadata import PackageNotFoundError, version

try:
    VERSION = version("logicnet")
except PackageNotFoundError:  # a source checkout that was never installed
    VERSION = "0+unknown"
