"""Patients' data requests under the PDPL (SPEC §5 Privacy requests): find, download, correct, erase, log."""
