"""The baseline a history feature is tempted into: walk every commit with gitpython,
diff it against its parent, and parse each changed OKR file and update.

    python benchmarks/naive_history.py REPO
"""

import sys

import git
from ruamel.yaml import YAML


def main(path: str) -> None:
    repo = git.Repo(path)
    yaml = YAML(typ="safe")
    values = 0
    for commit in repo.iter_commits("HEAD", reverse=True):
        parent = commit.parents[0] if commit.parents else git.NULL_TREE
        for diff in commit.diff(parent, R=True):
            if diff.b_blob is None:
                continue
            data = diff.b_blob.data_stream.read()
            if diff.b_path.endswith((".yaml", ".yml")):
                document = yaml.load(data)
                values += sum(1 for o in (document or {}).get("objectives", []) for _ in o.get("key_results", []))
            elif diff.b_path.endswith(".md"):
                values += data.count(b"- Current:")
    print(values)


if __name__ == "__main__":
    main(sys.argv[1])
