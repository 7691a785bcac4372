"""No API operations yet: backups and restores run from the command line, on the machines that hold the keys."""
