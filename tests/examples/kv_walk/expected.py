# expected.py: what kv_walk prints for a directory: "<kind> <size> <fnv1a-64> <key>" per entry, sorted.
import os
import sys


def fnv1a(data):
    h = 14695981039346656037
    for b in data:
        h = ((h ^ b) * 1099511628211) & 0xFFFFFFFFFFFFFFFF
    return h


root = sys.argv[1]
lines = []
for d, dirs, files in os.walk(root):
    rel = os.path.relpath(d, root)
    for name in dirs:
        lines.append("dir - - " + os.path.normpath(os.path.join(rel, name)))
    for name in files:
        with open(os.path.join(d, name), "rb") as f:
            data = f.read()
        key = os.path.normpath(os.path.join(rel, name))
        lines.append("value %d %016x %s" % (len(data), fnv1a(data), key))
print("\n".join(sorted(lines)))
