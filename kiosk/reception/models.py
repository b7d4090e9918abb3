"""Kept for imports written before the move: the tables live in kiosk.records.reception."""
from ..records.reception import OUTCOMES, ContactAttempt, MailMessage, utcnow

__all__ = ["ContactAttempt", "MailMessage", "OUTCOMES", "utcnow"]
