"""Kept for imports written before the move: the tables live in kiosk.records.consults."""
from ..records.consults import OPEN_STATUSES, STATUSES, TIMES, ConsultRequest, utcnow

__all__ = ["ConsultRequest", "OPEN_STATUSES", "STATUSES", "TIMES", "utcnow"]
