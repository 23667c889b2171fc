"""The store: the only code that reads or writes files, calls git or the network.

Loading and the rules every file must follow, the JSON Schemas, lossless edits and
atomic writes. It builds core objects and imports nothing above the core.
"""
