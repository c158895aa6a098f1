"""Identifiers that name files or keys: a trailing newline is not part of a valid one (a `$`
in a pattern matches before a final newline, so `x\\n` would pass and name a path)."""

from __future__ import annotations

import pytest

from teleconsult.store.files import InvalidUID, check_uid


@pytest.mark.parametrize("uid", ["1.2.3\n", "1.2.3\n\n", "1.2\n.3"])
def test_a_uid_with_a_newline_is_refused(uid):
    with pytest.raises(InvalidUID):
        check_uid(uid)


def test_a_plain_uid_still_passes():
    assert check_uid("1.2.840.10008.1.2") == "1.2.840.10008.1.2"
