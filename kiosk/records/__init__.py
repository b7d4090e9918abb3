"""The tables several areas share, one layer below consults, reception and staff (which all read them)."""
