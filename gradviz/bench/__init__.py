"""``gradviz bench``: measure, on this machine, the speeds that real-time teaching needs.

Five sections, each comparison run side by side in one process (interleaved rounds, medians):
grid evaluation against hand-written numpy (:mod:`.grid`), edit latency and frame time of the
real main window offscreen (:mod:`.window`), optimizer throughput (:mod:`.optim`) and start-up
to the first painted frame in a fresh process (:mod:`.startup`). :mod:`.command` is the entry
point; :mod:`.report` prints the table or the JSON and checks the targets.

This package imports only the standard library at module level, so registering the command
costs ``gradviz --version`` nothing.
"""
