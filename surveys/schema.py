"""Every table of the domain, imported in one place so that create_all and Alembic see them all.

A module that adds tables adds its import here.
"""

from surveys import (
    accounts,  # noqa: F401
    models,  # noqa: F401
    operations,  # noqa: F401
    rollups,  # noqa: F401
)
