"""The routing pass's ranking gives exactly what sorting the pool again would give, while
loads grow between the questions (pure)."""

from __future__ import annotations

import random

from teleconsult.routing import placement
from teleconsult.routing.ranking import Ranking


def test_first_is_the_sorted_order_while_keys_grow() -> None:
    rng = random.Random(3)
    ids = [f"d{i:03d}" for i in range(60)]
    load = {d: rng.randrange(5) for d in ids}
    full = set(rng.sample(ids, 10))
    ranking = Ranking(ids, lambda d: (load[d], d))
    for _ in range(500):
        n = rng.randrange(1, 8)
        avoid = rng.choice(ids)
        got = ranking.first(n, lambda d, avoid=avoid: d in full or d == avoid)
        want = sorted((d for d in ids if d not in full and d != avoid),
                      key=lambda d: (load[d], d))[:n]
        assert got == want
        load[got[0]] += 1  # the first one is given the case
        if rng.random() < 0.2:  # and elsewhere in the pass someone else's load grew
            load[rng.choice(ids)] += rng.randrange(1, 3)


def test_urgent_order_matches_for_urgent() -> None:
    rng = random.Random(5)
    readers = {f"r{i}": placement.Reader(f"r{i}", rng.random() < 0.5, rng.randrange(4),
                                         rng.randrange(9), 3) for i in range(30)}
    ranking = Ranking(list(readers), lambda r: placement.order(readers[r]))
    for _ in range(200):
        got = ranking.first(1, lambda r: not placement.room_for_urgent(readers[r]))
        assert (got[0] if got else None) == placement.for_urgent(list(readers.values()))
        if got:
            r = readers[got[0]]
            readers[got[0]] = placement.Reader(r.id, r.covers, r.ahead + 1, r.load + 1,
                                               r.capacity)


def test_nothing_left_after_skipping_everyone() -> None:
    assert Ranking(["a", "b"], lambda d: (0, d)).first(3, lambda d: True) == []
    assert Ranking([], lambda d: (0, d)).first(3) == []
