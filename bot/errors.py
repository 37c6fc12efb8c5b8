"""The one base for errors whose message is written for the user; handlers reply with `user_message`."""

from __future__ import annotations


class UserFacingError(ValueError):
    """Raised at a boundary (settings, subscriptions) with a message a user can act on."""

    @property
    def user_message(self) -> str:
        return str(self)
