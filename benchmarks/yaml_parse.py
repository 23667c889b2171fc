"""The baseline: read and parse every YAML file ``maturity validate`` reads, nothing more.

PyYAML's C loader (libyaml), ``yaml.load(text, Loader=yaml.CSafeLoader)``, file by file:
rubrics/**/*.yaml and assessments/**/*.yaml under ROOT. Prints how many files it parsed.

Usage: python benchmarks/yaml_parse.py ROOT
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml


def yaml_files(root: Path) -> list[Path]:
    return sorted(root.glob("rubrics/**/*.yaml")) + sorted(root.glob("assessments/**/*.yaml"))


def main() -> None:
    if not yaml.__with_libyaml__:
        sys.exit("PyYAML was built without libyaml: no C loader to measure against")
    files = yaml_files(Path(sys.argv[1]))
    for path in files:
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    print(f"parsed {len(files)} files")


if __name__ == "__main__":
    main()
