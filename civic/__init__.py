"""Citizen reports (市民通報): a report dialog in LINE, photos kept by citybot, a triage queue, open data."""
