"""Production control under Order 315 (2021): the service and its people, the legal acts it cites, the registers and
plans it stands on (issue 12), then the schedule, inspections, prescriptions and reports (issues 13-15)."""
