"""The store: the only code that reads or writes files, calls git or the network."""
