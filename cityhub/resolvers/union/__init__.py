"""The drivers' union: stations, members, aid programs, broadcasts."""
