"""logicnet's test suite; the helpers beside the tests are imported as ``tests.*``."""

from logicnet import Limits

#: No explicit enumeration: the symbolic, trap-space guided and SAT engines must answer.
NOT_EXPLICIT = Limits(explicit_synchronous=0, explicit_asynchronous=0, explicit_general=0)
