"""The ground floor: every documented endpoint described once, as plain data.

Paging rules, query building, resources, bulk, the CLI and the simulator all
read these descriptions from below. Modules here import nothing of the package
but :mod:`ncm_async.errors` and each other.
"""
