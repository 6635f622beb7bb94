"""Import every topic module so that its operations register themselves in the registry."""

from . import (  # noqa: F401  # noqa: F401  # noqa: F401  # noqa: F401
    decompositions,
    determinant,
    eigen,  # noqa: F401
    inverse,
    norms,
    pca,  # noqa: F401
    products,
    pseudoinverse,
    special,
    subspaces,
    svd,
    systems,
    trace,
)
