"""The ``logicnet`` command line (installed as the ``logicnet_cli`` package)."""
