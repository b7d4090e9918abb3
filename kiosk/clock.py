"""The one clock of the stored times: aware UTC (Riyadh time is for showing, kiosk/staff/dates.py)."""
import datetime as dt


def utcnow() -> dt.datetime:
    """Now, as an aware UTC datetime."""
    return dt.datetime.now(dt.UTC)
