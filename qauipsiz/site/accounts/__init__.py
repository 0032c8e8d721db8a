"""The account pages (log in, second factor, signing PIN, API tokens, users and their roles, the access log).

They sit in the shell, above accounts: they show the register's people, divisions and contractors, and export
spreadsheets, while accounts itself (users, roles, policy, tokens, lockout) is the bottom of the layers.
"""
