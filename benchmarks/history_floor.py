"""The least a history command in Python through gitpython can cost: start Python,
import gitpython, run the same `git log --raw` and read every blob it names through
one `git cat-file --batch`, and parse nothing. run.py prints it beside case (e), to
show how much of okrfile's time is parsing and how much is this floor.

    python benchmarks/history_floor.py REPO
"""

import subprocess
import sys

import git


def main(path: str) -> None:
    run = git.Repo(path, search_parent_directories=True).git
    log = run.log("--raw", "--no-abbrev", "-z", "--format=", "HEAD", "--", "okrfile.yaml", "okrs", "updates")
    blobs = {field.split()[3] for field in log.replace("\n", "").split("\0") if field.startswith(":")}
    blobs.discard("0" * 40)
    batch = run.cat_file("--batch", as_process=True, istream=subprocess.PIPE)
    batch.stdin.write(("\n".join(blobs) + "\n").encode())
    batch.stdin.close()
    print(len(blobs), len(batch.stdout.read()))


if __name__ == "__main__":
    main(sys.argv[1])
