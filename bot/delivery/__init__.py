"""Scheduled digests and instant items: plan into the outbox, then send within Telegram's limits.

schedule.py (when), digest.py (what), filters.py (which), planner.py (plan into the outbox),
outbox.py (store, claim, mark), sender.py (send, limits, errors), service.py (what the bot calls).
"""

from bot.delivery.planner import Planner, PlanReport
from bot.delivery.sender import Sender, SendReport
from bot.delivery.service import DeliveryService, DigestRequest

__all__ = [
    "DeliveryService",
    "DigestRequest",
    "PlanReport",
    "Planner",
    "SendReport",
    "Sender",
]
