"""A peer in Python: multiprocessing.shared_memory and struct, with the demo's struct.
    mydata.py read NAME INDEX              prints Col1 Col2 Col3 of record INDEX
    mydata.py write NAME INDEX C1 C2 C3    stores the record into an existing segment big enough for it
"""
import struct
import sys
from multiprocessing import resource_tracker, shared_memory

MYDATA = struct.Struct("=qqq")  # native byte order, standard sizes, no padding: int64_t x 3

mode, name, index = sys.argv[1], sys.argv[2], int(sys.argv[3])
shm = shared_memory.SharedMemory(name=name, create=False)
# Before 3.13 the resource tracker unlinks, at exit, a segment this process merely attached to.
resource_tracker.unregister(shm._name, "shared_memory")
try:
    if mode == "write":
        MYDATA.pack_into(shm.buf, index * MYDATA.size, *(int(v) for v in sys.argv[4:7]))
    else:
        print(*MYDATA.unpack_from(shm.buf, index * MYDATA.size))
finally:
    shm.close()
