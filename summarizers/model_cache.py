"""Models loaded on first use and kept until evicted, least recently used first.

The engine loads a model per language (NER, the English parser, Russian morphology) and the language
detector's tables; a worker that has briefed eight languages holds about a gigabyte. Every such loader is
wrapped in `model_cache`, one registry for all of them, so the process that runs the engine can drop the
model it used longest ago when it is over its memory budget (bot.ingest.engine_memory) and load it again
if a text needs it. Eviction only drops the engine's references; returning the memory to the system is
the caller's job (a garbage collection and malloc_trim).
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

_lock = threading.RLock()
_loaded: OrderedDict[tuple[str, tuple[Hashable, ...]], Any] = OrderedDict()  # oldest use first


class CachedModel(Generic[P, T]):
    """A loader whose results stay in the shared registry; `cache_clear` drops this loader's entries."""

    def __init__(self, load: Callable[P, T]) -> None:
        functools.update_wrapper(self, load)
        self._load = load
        self._name = f"{load.__module__}.{load.__qualname__}"

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> T:
        key = (self._name, args)
        with _lock:  # one load per key even when threads brief at once (the thread pool in tests)
            if key in _loaded:
                _loaded.move_to_end(key)
                return _loaded[key]  # type: ignore[no-any-return]
            value = self._load(*args, **kwargs)
            _loaded[key] = value
            return value

    def cache_clear(self) -> None:
        with _lock:
            for key in [k for k in _loaded if k[0] == self._name]:
                del _loaded[key]


def model_cache(load: Callable[P, T]) -> CachedModel[P, T]:
    """Cache `load`'s result per positional arguments in the shared, evictable registry."""
    return CachedModel(load)


def loaded_models() -> list[str]:
    """What is loaded, least recently used first, e.g. "summarizers.ner_models.recogniser('ja')"."""
    with _lock:
        return [_describe(key) for key in _loaded]


def evict_least_recent() -> str | None:
    """Drop the model used longest ago and say which it was; None when nothing is loaded."""
    with _lock:
        if not _loaded:
            return None
        key, _ = _loaded.popitem(last=False)
    return _describe(key)


def _describe(key: tuple[str, tuple[Hashable, ...]]) -> str:
    name, args = key
    return f"{name}({', '.join(map(repr, args))})"
