"""What the dashboard's pages show, as plain data read from the one program view.

`Dashboard` is the only door: it checks that the program belongs to a workspace the
reader may see, then reads with a fixed number of queries whatever the program's size.
The web edge renders these records; it never queries anything itself.
"""

from coordination.dashboard.reader import Dashboard, ProgramPage, ProgramRef

__all__ = ["Dashboard", "ProgramPage", "ProgramRef"]
