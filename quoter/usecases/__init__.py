"""The use cases: the one API the CLI calls today and the desktop app will call tomorrow.

Each takes the application context (`context.AppContext`: the data folders' library, the register,
the clock, the actor, the settings) and objects (a request, facts, a policy), returns typed domain
results or raises a `QuoterError` whose message names the thing to change (never a command-line
flag), never prints and never exits, changes no process-wide state, and may run on a worker
thread. The versions that take files are thin wrappers that place problems in the file.
"""
