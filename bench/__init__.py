"""Fairbid's benchmark: a seeded marketplace, gunicorn driven by wrk, and the nightly
recompute timed against plain SQL. `make bench` runs it; bench/README.md explains it."""
