"""Shrinks and regrows a segment over and over, as a program that ignores the tools' lock would:
ftruncate to a random size (seeded), then pwrite the rest again, 64 KiB at a time, so that the
segment stays short for a while. Prints "ready" after
its first round, and stops at the end of its input (or after ROUNDS rounds).
    truncate-loop.py PATH FULL_SIZE SEED ROUNDS
"""
import os
import random
import select
import sys

path, full, seed, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rng = random.Random(seed)
fd = os.open(path, os.O_RDWR)
block = bytes(range(256)) * 256
for n in range(rounds):
    cut = rng.choice([0, 1, 7, 24, 4096, full // 3, full // 2])
    os.ftruncate(fd, cut)
    for at in range(cut, full, len(block)):
        os.pwrite(fd, block[: full - at], at)
    if n == 0:
        print("ready", flush=True)
    if select.select([sys.stdin], [], [], 0)[0] and sys.stdin.read(1) == "":
        break
