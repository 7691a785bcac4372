"""The ITSM registers of the 17 LPSE standards (issue #17 part 5): assets (standard 3), change requests
(standard 6) and the capacity log (standard 7)."""
