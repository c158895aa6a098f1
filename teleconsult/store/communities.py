"""Communities as Redis sees them: each is one routing domain under its own hash tag.

Kept beside ``keys`` (which builds every key from these) so that the key module holds key
names only.
"""

from __future__ import annotations

import re

# The community of the top-level clinics and doctors (a single-community deployment's only
# one): its routing keys keep the plain ``{route}`` tag, so such a deployment's keys are as
# they always were. Every other community's routing keys carry ``{route:<id>}``: each
# community is one routing domain in one Redis Cluster slot, and communities spread over
# the shards.
DEFAULT_COMMUNITY = "default"

# "c" + 16 hex digits; a community's cases add "-<community>" (an id as settings allow)
_COMMUNITY_CASE = re.compile(r"c[0-9a-f]{16}-([a-z0-9][a-z0-9_-]{0,62})")


def route_tag(community: str = DEFAULT_COMMUNITY) -> str:
    """The hash tag every routing key of ``community`` carries."""
    return "{route}" if community == DEFAULT_COMMUNITY else f"{{route:{community}}}"


def case_community(case_id: str) -> str:
    """The community a case id belongs to (``files.case_id_for_study`` makes the id)."""
    m = _COMMUNITY_CASE.fullmatch(case_id)
    return m.group(1) if m else DEFAULT_COMMUNITY
