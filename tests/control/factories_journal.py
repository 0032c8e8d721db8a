"""Factories of the journal sub-domain for the permission matrix (315 cl.25): `record_factory` registrations."""
