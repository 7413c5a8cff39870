"""Networks bundled with logicnet, addressable by name (``logicnet info gutliver``)."""
