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
_unloaders: dict[str, Callable[[Any], None]] = {}  # loader name -> what frees a model dropping it won't


class CachedModel(Generic[P, T]):
    """A loader whose results stay in the shared registry; `cache_clear` drops this loader's entries."""

    def __init__(self, load: Callable[P, T], unload: Callable[[T], None] | None = None) -> None:
        functools.update_wrapper(self, load)
        self._load = load
        self._name = f"{load.__module__}.{load.__qualname__}"
        if unload is not None:
            _unloaders[self._name] = unload

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
                _drop(key)


def model_cache(load: Callable[P, T]) -> CachedModel[P, T]:
    """Cache `load`'s result per positional arguments in the shared, evictable registry."""
    return CachedModel(load)


def model_cache_with_unload(unload: Callable[[T], None]) -> Callable[[Callable[P, T]], CachedModel[P, T]]:
    """`model_cache` for a model whose memory outlives the object (lingua keeps its tables in the library,
    shared by every detector): `unload(model)` runs whenever the registry drops it."""
    return lambda load: CachedModel(load, unload)


def loaded_models() -> list[str]:
    """What is loaded, least recently used first, e.g. "summarizers.ner_models.recogniser('ja')"."""
    with _lock:
        return [_describe(key) for key in _loaded]


def evict_least_recent() -> str | None:
    """Drop the model used longest ago and say which it was; None when nothing is loaded."""
    with _lock:
        if not _loaded:
            return None
        key = next(iter(_loaded))
        _drop(key)
    return _describe(key)


def _drop(key: tuple[str, tuple[Hashable, ...]]) -> None:
    model = _loaded.pop(key)
    unload = _unloaders.get(key[0])
    if unload is not None:
        unload(model)


def _describe(key: tuple[str, tuple[Hashable, ...]]) -> str:
    name, args = key
    return f"{name}({', '.join(map(repr, args))})"
