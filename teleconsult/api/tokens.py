"""Bearer tokens → who is calling, by a digest index built once per ``Settings``.

Looking a token up compared its digest with every account's (clinics, doctors, admins,
screens): 1,000 doctors made that a thousand comparisons per request, a tenth of a city's
worklist GET. The app is built again with fresh settings on a reload, so one index per app
stays right. A dict lookup is not constant-time, but what it compares is the SHA-256 digest
of the sent token: timing can at most tell how much of a stored digest a guess's digest
shares, which gives no token (the digest cannot be inverted).
"""

from __future__ import annotations

from teleconsult.core.digest import hash_secret
from teleconsult.settings.model import Settings
from teleconsult.store.sessions import Principal


class TokenIndex:
    def __init__(self, settings: Settings) -> None:
        self._who: dict[str, Principal] = {}
        for kind, table in (("clinic", settings.clinics), ("doctor", settings.doctors),
                            ("admin", settings.admins), ("screen", settings.screens)):
            for item in table.values():
                # the first account with a digest answers, as the scan in this order did
                self._who.setdefault(item.token_sha256, Principal(kind, item.id, item.name))

    def identify(self, token: str) -> Principal | None:
        return self._who.get(hash_secret(token))
