"""Runs a command with its standard error on a terminal (a new pty), and passes on what the command
writes there to standard output as it comes; the command's standard input is this one's, its
standard output goes to /dev/null.
    on-tty.py CMD [ARG...]   exits with the command's exit code
"""
import os
import subprocess
import sys

master, slave = os.openpty()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=slave)
os.close(slave)
while True:
    try:
        data = os.read(master, 4096)
    except OSError:  # EIO: nothing has the terminal open any more
        break
    if not data:
        break
    os.write(1, data)
sys.exit(child.wait())
