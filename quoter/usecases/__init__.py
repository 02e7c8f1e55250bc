"""The use cases: the one API the CLI calls today and the GUI will call tomorrow.

Each takes what it needs explicitly (settings, the day, files), returns domain results or raises a
`QuoterError`, never prints and never exits, and keeps no state between calls.
"""
