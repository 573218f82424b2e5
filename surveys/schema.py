"""Every table of the domain, imported in one place so that create_all and Alembic see them all.

A module that adds tables adds its import here.
"""

from surveys import (
    accounts,  # noqa: F401
    alerts,  # noqa: F401
    api_tokens,  # noqa: F401
    audit,  # noqa: F401
    complaints,  # noqa: F401
    effectiveness_inputs,  # noqa: F401
    models,  # noqa: F401
    operations,  # noqa: F401
    privacy,  # noqa: F401
    publication,  # noqa: F401
    readiness,  # noqa: F401
    rollups,  # noqa: F401
    sessions,  # noqa: F401
    sign_in,  # noqa: F401
    throttle,  # noqa: F401
)
