"""Consult requests: the patient's form, its cleaning and validation, and durable storage."""
