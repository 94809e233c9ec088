"""Reads the memcheck logs of make test-valgrind: prints the totals and
every error whose stack passes through mod_cors; exits 1 if there is one."""

import re
import sys
from pathlib import Path

logs = sorted(Path(sys.argv[1]).glob("vg.*"))
ours, errors, processes = [], 0, 0
for log in logs:
    text = log.read_text(errors="replace")
    if "ERROR SUMMARY" in text:
        processes += 1
    for m in re.finditer(r"ERROR SUMMARY: (\d+) errors", text):
        errors += int(m.group(1))
    # an error block: lines of one pid from a message to the blank line
    for block in re.split(r"\n==\d+== \n", text):
        if re.search(r"(mod_cors|cors_\w+)\.c", block) and re.search(
                r"Invalid|uninitialised|Mismatched|overlap|definitely lost",
                block):
            ours.append(block)
print(f"valgrind: {len(logs)} logs, {processes} processes, {errors} errors "
      f"in all, {len(ours)} through mod_cors")
for b in ours:
    print(b)
sys.exit(1 if ours else 0)
