"""Import every topic module so that its operations register themselves in the registry."""

from . import determinant, inverse  # noqa: F401
from . import norms, products, trace  # noqa: F401
from . import special, subspaces, systems  # noqa: F401
from . import eigen  # noqa: F401
from . import pca  # noqa: F401
