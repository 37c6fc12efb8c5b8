"""Getting articles in: fetch (guarded HTTP), parse feeds, extract pages, poll on a schedule."""
