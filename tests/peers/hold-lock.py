"""Holds flocks on a segment for a test: one command per line of standard input, each answered
"ok" (or an error) on standard output once done.
    hold-lock.py PATH
    lock shared|exclusive   takes the lock, waiting for it as any process would
    write OFFSET HEX        writes the bytes HEX at byte OFFSET
    unlock                  lets go of the lock
It exits at the end of its input, which lets go of the lock too.
"""
import fcntl
import os
import sys

fd = os.open(sys.argv[1], os.O_RDWR)
for line in iter(sys.stdin.readline, ""):
    cmd, *args = line.split()
    if cmd == "lock":
        fcntl.flock(fd, {"shared": fcntl.LOCK_SH, "exclusive": fcntl.LOCK_EX}[args[0]])
    elif cmd == "write":
        os.pwrite(fd, bytes.fromhex(args[1]), int(args[0]))
    elif cmd == "unlock":
        fcntl.flock(fd, fcntl.LOCK_UN)
    else:
        print(f"unknown command {line!r}", flush=True)
        continue
    print("ok", flush=True)
