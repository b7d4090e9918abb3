"""Kept for imports written before the move: the tables live in kiosk.records.staff."""
from ..records.staff import (
    ConsultEvent,
    LoginFailure,
    Passkey,
    RecoveryCode,
    StaffSession,
    StaffUser,
    UsageCount,
    as_utc,
    utcnow,
)

__all__ = ["ConsultEvent", "LoginFailure", "Passkey", "RecoveryCode", "StaffSession", "StaffUser",
           "UsageCount", "as_utc", "utcnow"]
