"""The on-demand limit lets N calls a minute through per user and says how long to wait after that."""

from bot.telegram.throttle import OnDemandLimiter


def test_limit_allows_n_calls_per_minute_then_asks_to_wait_per_user():
    now = [1000.0]
    limiter = OnDemandLimiter(per_minute=3, clock=lambda: now[0])
    assert [limiter.try_acquire(1) for _ in range(3)] == [0, 0, 0]
    now[0] += 10
    assert 49 <= limiter.try_acquire(1) <= 50
    assert limiter.try_acquire(2) == 0  # another user is not affected
    now[0] += 51
    assert limiter.try_acquire(1) == 0
