"""Pages of the work permits (Order 344), by sub-domain: drafting, admission, shifts, stopping, register,
certificates, emergencies, board (with "My tasks"), and what they share in `common`. `permits/urls.py` names them."""
