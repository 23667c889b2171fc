"""Campaign files through the console script: validation with positions, and status."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

MATURITY = Path(sys.executable).with_name("maturity")
GOOD = "title: Online at 2\ntarget: {level: 2}\ndeadline: 2027-03-31\nselect: {tags: [online]}\n"


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(MATURITY), *args, "--root", str(root)], cwd=root, capture_output=True, text=True,
        check=False, timeout=120,
    )


def write(root: Path, text: str, name: str = "online") -> Path:
    path = root / "campaigns" / f"{name}.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


BAD = [
    ("unknown tag", GOOD.replace("[online]", "[onlin]"),
     "4:17: unknown tag 'onlin': no system has it (did you mean 'online'?)"),
    ("unknown system", GOOD.replace("{tags: [online]}", "{systems: [card-fraud-scoring, fraud]}"),
     "4:40: unknown system 'fraud'"),
    ("target above the top of a rubric in scope", GOOD.replace("{level: 2}", "{level: 4}"),
     "2:17: target level 4 is above the top level 3 of google-mlops@1 (used by product-recommendations)"),
    ("unknown dimension", GOOD.replace("{level: 2}", "{dimension: monitorin, level: 2}"),
     "2:21: unknown dimension 'monitorin' in the rubrics of the systems in scope "
     "(did you mean 'monitoring'?)"),
    ("unknown owner", GOOD.replace("{tags: [online]}", "{owner: Nobody}"),
     "4:17: no system is owned by 'Nobody'"),
    ("no system taken", GOOD.replace("[online]", "[online, batch]"),
     "4:9: the selector takes no system"),
    ("not a date", GOOD.replace("2027-03-31", "2027-02-30"),
     "3:11: deadline '2027-02-30' is not a date"),
    ("unknown key", GOOD + "owner: me\n", "5:1: unknown key 'owner'"),
]


@pytest.mark.parametrize(("case", "text", "expected"), BAD, ids=[c[0] for c in BAD])
def test_bad_campaigns_get_one_positioned_message(example_root: Path, case: str, text: str,
                                                  expected: str) -> None:
    write(example_root, text)
    result = run(example_root, "validate")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"campaigns/online.yaml:{expected}"), lines
    status = run(example_root, "campaign", "status")
    assert status.returncode == 1 and f"campaigns/online.yaml:{expected.split(':')[0]}" in status.stderr


def git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=env)


def test_a_past_deadline_is_refused_on_a_new_campaign_only(example_root: Path) -> None:
    """New: not committed in HEAD. A committed campaign whose deadline passed is history."""
    git(example_root, "init", "-q")
    git(example_root, "add", "-A")
    git(example_root, "commit", "-qm", "portfolio")
    past = GOOD.replace("2027-03-31", "2026-06-30")  # before the pinned as-of date 2026-11-23
    write(example_root, past)
    result = run(example_root, "validate")
    assert result.stdout.splitlines() == [
        "campaigns/online.yaml:3:11: deadline 2026-06-30 has passed (as of 2026-11-23): "
        "a new campaign needs a deadline still to come",
    ]
    git(example_root, "add", "-A")
    git(example_root, "commit", "-qm", "campaign")
    assert run(example_root, "validate").returncode == 0


def test_outside_git_a_past_deadline_is_no_problem(example_root: Path) -> None:
    write(example_root, GOOD.replace("2027-03-31", "2026-06-30"))
    assert run(example_root, "validate").returncode == 0


def test_status_json_has_the_contract_keys(example_root: Path) -> None:
    """PRODUCT.md: {"campaign", "deadline", "in_scope", "met", "systems": [{"system", "met", "level"}]}."""
    write(example_root, GOOD)
    result = run(example_root, "campaign", "status", "online", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["campaign"], data["deadline"]) == ("online", "2027-03-31")
    assert data["in_scope"] == len(data["systems"]) == 2  # hotel search (azure), recommendations (google)
    assert data["met"] == sum(s["met"] for s in data["systems"])
    rubrics = {s["system"]: s["rubric"] for s in data["systems"]}
    assert rubrics == {"hotel-search-ranking": "azure-mlops@1", "product-recommendations": "google-mlops@1"}
    for entry in data["systems"]:
        assert entry["met"] == (entry["level"] >= 2)


def test_status_as_of_a_past_date_uses_the_snapshots_of_then(example_root: Path) -> None:
    write(example_root, GOOD)
    now = json.loads(run(example_root, "campaign", "status", "online", "--format", "json").stdout)
    then = json.loads(run(example_root, "campaign", "status", "online", "--format", "json",
                          "--as-of", "2026-01-31").stdout)
    assert then["as_of"] == "2026-01-31"
    assert all(s["date"] > "2026-01-31" for s in now["systems"])
    assert then["systems"] and all(s["date"] <= "2026-01-31" for s in then["systems"])


def test_status_text_of_every_campaign_and_an_unknown_id(example_root: Path) -> None:
    write(example_root, GOOD)
    text = run(example_root, "campaign", "status")
    assert text.returncode == 0
    assert "Every ML system at level 2 (level-2-everywhere)" in text.stdout
    assert "Online at 2 (online)" in text.stdout
    unknown = run(example_root, "campaign", "status", "onlin")
    assert unknown.returncode == 1
    assert "unknown campaign 'onlin' (did you mean 'online'?)" in unknown.stderr
