"""Generate a realistic portfolio for the scale benchmark: N systems × K quarterly snapshots.

Each system is assessed against one of the shipped rubrics (google-mlops@1 for three
systems in four, azure-mlops@1 for the fourth) every quarter, the newest snapshot no
later than 2026-11-23. Snapshots read like the examples under assessments/: comments,
done / partial / todo / na answers that improve over time, https evidence links and
notes, some items not assessed yet, na answers with their reason, a summary, sometimes
declared levels, and an improvement plan. 1,000 systems × 8 snapshots make 9,000
files, 54 MB (about 6.5 KB a snapshot).

Deterministic from the seed, and system n is the same whatever N is (each system draws
from its own random stream), so the first N/4 systems form a smaller portfolio of the
same kind.

The rubrics' item ids are read from rubrics/*.yaml (PyYAML only: the benchmark treats
the product as a black box). The generated folder holds rubrics/ (a copy of the shipped
ones) and assessments/, and passes ``maturity validate``.

Usage: python benchmarks/generate.py OUT --systems N --snapshots K [--seed S]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
RUBRICS = REPO / "rubrics"
GOOGLE, AZURE = "google-mlops", "azure-mlops"
END = dt.date(2026, 11, 23)  # the newest snapshot date a portfolio can have
QUARTER = 91  # days between two snapshots of a system, before a few days of jitter


# --------------------------------------------------------------------------- rubrics


@dataclass(frozen=True)
class Item:
    id: str
    level: int


@dataclass(frozen=True)
class Dimension:
    id: str
    name: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Rubric:
    ref: str
    min_level: int
    max_level: int
    dimensions: tuple[Dimension, ...]

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for d in self.dimensions for item in d.items)


def read_rubric(path: Path) -> Rubric:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    levels = [int(level["level"]) for level in data["levels"]]
    dimensions = tuple(
        Dimension(d["id"], d["name"], tuple(Item(i["id"], int(i["level"])) for i in d["items"]))
        for d in data["dimensions"]
    )
    return Rubric(f"{data['id']}@{data['version']}", min(levels), max(levels), dimensions)


def read_rubrics(folder: Path = RUBRICS) -> dict[str, Rubric]:
    """The two shipped rubrics, by id."""
    return {rid: read_rubric(folder / f"{rid}.yaml") for rid in (GOOGLE, AZURE)}


# --------------------------------------------------------------------------- vocabulary

UNITS = [
    ("payments", "Payments"), ("retail", "Retail"), ("logistics", "Logistics"),
    ("marketing", "Marketing"), ("risk", "Risk"), ("support", "Customer Support"),
    ("hr", "People Analytics"), ("supply", "Supply Chain"), ("search", "Search"),
    ("finance", "Finance"), ("ads", "Advertising"), ("health", "Health"),
]
USE_CASES = [
    ("fraud-scoring", "Fraud Scoring", "gradient-boosted trees on streaming features, served online"),
    ("churn", "Churn Prediction", "a weekly batch model over the customer 360 table"),
    ("demand-forecast", "Demand Forecasting", "hierarchical forecasts per store and product"),
    ("recommender", "Recommendations", "two-tower retrieval and a ranking model behind the API"),
    ("search-ranking", "Search Ranking", "learning-to-rank over the search index, A/B tested"),
    ("doc-ocr", "Document OCR", "OCR and a fine-tuned layout transformer"),
    ("support-bot", "Support Assistant", "retrieval-augmented generation over the help centre"),
    ("pricing", "Dynamic Pricing", "elasticity models and a constrained optimiser"),
    ("credit-risk", "Credit Risk", "a scorecard and a monotone boosted model, reviewed yearly"),
    ("anomaly", "Anomaly Detection", "isolation forests on service metrics"),
    ("eta", "Delivery ETA", "a gradient-boosted regressor on route and traffic features"),
    ("lead-scoring", "Lead Scoring", "a logistic model retrained monthly from the CRM"),
]
PEOPLE = [
    "Priya Natarajan", "Daniel Osei", "Chloé Martin", "Henrik Larsen", "Ana Souza",
    "Kenji Watanabe", "Fatima Zahra", "Liam O'Connor", "Mei Lin", "Tomasz Nowak",
    "Grace Mensah", "Diego Fernández", "Sara Rossi", "Omar Haddad", "Ingrid Berg",
]
TEAMS = ["ML Platform", "Data Science", "MLOps", "Analytics Engineering", "Model Risk Office"]
TAGS = ["batch", "real-time", "nlp", "vision", "tabular", "forecasting", "ranking", "genai",
        "regulated", "customer-facing", "internal", "experimental", "tier-1", "tier-2"]

# What each dimension's evidence and notes look like; azure dimensions borrow google's.
DIMENSION_KIND = {
    "build-and-tests": "testing", "training-automation": "training",
    "performance-tracking": "monitoring", "deployment-automation": "deployment",
    "feedback-loop": "retraining",
}
EVIDENCE = {
    "data": ["https://wiki.example.com/{unit}/data/{slug}-storage", "https://datahub.example.com/dataset/{unit}.{slug}_features",
             "https://git.example.com/{unit}/{slug}/-/blob/main/data.dvc"],
    "training": ["https://airflow.example.com/dags/{slug}_train", "https://mlflow.example.com/#/experiments/{num}",
                 "https://git.example.com/{unit}/{slug}/-/blob/main/train/pipeline.py"],
    "versioning": ["https://mlflow.example.com/#/models/{slug}", "https://wiki.example.com/{unit}/{slug}/model-release-checklist"],
    "deployment": ["https://argocd.example.com/applications/{slug}", "https://git.example.com/{unit}/{slug}/-/blob/main/deploy/rollout.yaml"],
    "monitoring": ["https://grafana.example.com/d/{slug}-model", "https://pagerduty.example.com/services/P{num}",
                   "https://grafana.example.com/d/{slug}-drift"],
    "retraining": ["https://airflow.example.com/dags/{slug}_retrain", "https://git.example.com/{unit}/{slug}/-/blob/main/train/validate.py"],
    "testing": ["https://git.example.com/{unit}/{slug}/-/pipelines", "https://git.example.com/{unit}/{slug}/-/tree/main/tests"],
    "governance": ["https://wiki.example.com/{unit}/{slug}/model-card", "https://governance.example.com/models/{slug}"],
    "infrastructure": ["https://git.example.com/platform/terraform/-/tree/main/{slug}", "https://git.example.com/{unit}/{slug}/-/blob/main/Dockerfile"],
}
DONE_NOTES = {
    "data": ["Snowflake, one schema per domain", "Delta Lake time travel on the training tables",
             "DataHub", "Feast, offline store on BigQuery", "Great Expectations, blocks the feature job",
             "OpenLineage to Marquez"],
    "training": ["Airflow, weekly", "MLflow, every run", "Optuna TPE sampler",
                 "Kubeflow pipeline on GPU nodes", "random search over 40 trials",
                 "fine-tuned from the shared base model"],
    "versioning": ["MLflow Model Registry", "Staging / Production stages",
                   "metrics, params and feature list logged", "risk officer signs off in the release ticket",
                   "data snapshot id logged with each run"],
    "deployment": ["Argo CD on merge to main", "Argo Rollouts, 5% then 100%", "readiness and liveness probes",
                   "runbook, helm rollback", "eu-west-1 and eu-central-1, active-active"],
    "monitoring": ["Prometheus, p99 latency", "PSI per feature, daily", "PagerDuty", "Grafana",
                   "precision and recall at the alert threshold, weekly", "SHAP top features tracked daily"],
    "retraining": ["weekly", "PSI > 0.2 on top features starts a run",
                   "new model must beat production on the last 8 weeks",
                   "promotes when the validation gate passes", "daily on a rolling 12 weeks"],
    "testing": ["pytest, 84% coverage", "held-out last 8 weeks", "end-to-end DAG test on a sample day",
                "pandera schemas", "GitLab CI", "k6 load test at 3x peak"],
    "governance": ["model card v2", "annual model risk review", "company AI policy v2",
                   "GitLab deployment log", "model inventory dashboard", "PagerDuty and runbooks"],
    "infrastructure": ["Terraform", "Git", "GitLab CI", "HPA on requests per second", "Docker on Kubernetes",
                       "Atlantis, apply on merge", "spot training nodes"],
}
PARTIAL_NOTES = [
    "covers the batch path only", "manual step still needed before release", "three of five features covered",
    "in place for the main model, not the fallback", "set up, but nobody reviews it yet",
    "trial running in staging since last quarter", "documented, not automated",
]
TODO_NOTES = [
    "planned for next quarter", "blocked on the platform team's migration", "needs budget approval",
    "not started: no owner yet", "waiting for the shared service to reach GA",
]
NA_NOTES = [
    "no neural networks in this system", "batch scoring only; nothing is served online",
    "single region by regulation",
    "labels arrive months late; online learning would learn from stale labels",
    "vendor-hosted model: training is out of our hands",
    "tabular model trained from scratch; no pre-trained model applies",
    "one model per country by design; nothing to share across the organisation",
]
INLINE_COMMENTS = ["re-checked after the migration", "see the review notes",
                   "evidence moved in the wiki rework", "owner changed this quarter",
                   "confirmed with the platform team"]
UNASSESSED_COMMENTS = ["waiting for the platform team's review", "nobody could confirm this yet",
                       "to assess with the new owner"]
TASKS = ["Automate the remaining manual step", "Add the check to the CI pipeline",
         "Move to the shared platform service", "Write the runbook and rehearse it",
         "Roll it out to the fallback model too", "Agree the owner and a date"]
EFFORTS = ["2 days", "1 week", "2 weeks", "3 weeks", "1 month", "1 quarter"]

_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 ./()%+'-]*")
_RESERVED = {"yes", "no", "true", "false", "on", "off", "null", "y", "n"}


def scalar(text: str) -> str:
    """A YAML scalar: plain where that is safe, double-quoted (JSON syntax) otherwise."""
    if _PLAIN.fullmatch(text) and text.lower() not in _RESERVED and not text.endswith(" "):
        return text
    return json.dumps(text, ensure_ascii=False)


def flow_list(values: Sequence[str]) -> str:
    return "[" + ", ".join(scalar(v) for v in values) + "]"


def folded(key: str, text: str, width: int = 84) -> list[str]:
    """``key: >-`` and the text wrapped below it, two spaces in."""
    lines, line = [f"{key}: >-"], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append("  " + line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append("  " + line)
    return lines


# --------------------------------------------------------------------------- systems


@dataclass(frozen=True)
class SystemPlan:
    """What stays the same across a system's snapshots."""

    slug: str
    name: str
    unit: str
    unit_name: str
    team: str
    rubric: Rubric
    dates: tuple[dt.date, ...]
    start: float  # capability at the first snapshot, 0–1
    growth: float  # capability gained per quarter
    difficulty: dict[str, float]  # item id → how hard it is for this system, 0–1
    na: dict[str, str]  # item id → why it does not apply


def _dates(rng: random.Random, snapshots: int) -> tuple[dt.date, ...]:
    newest = END - dt.timedelta(days=rng.randint(0, 60))
    if rng.random() < 0.05:  # a few systems have not been assessed for half a year
        newest -= dt.timedelta(days=180)
    dates = [newest]
    for _ in range(snapshots - 1):
        dates.append(dates[-1] - dt.timedelta(days=QUARTER + rng.randint(-6, 6)))
    return tuple(reversed(dates))


def plan_system(n: int, rubrics: dict[str, Rubric], snapshots: int, seed: int) -> SystemPlan:
    rng = random.Random(f"{seed}:{n}")
    use_slug, use_name, _ = USE_CASES[n % len(USE_CASES)]
    unit, unit_name = rng.choice(UNITS)
    rubric = rubrics[AZURE if n % 4 == 3 else GOOGLE]
    span = rubric.max_level - rubric.min_level
    difficulty, na = {}, {}
    for item in rubric.items:
        base = (item.level - rubric.min_level - 1) / max(span - 1, 1)
        difficulty[item.id] = min(1.0, max(0.0, 0.15 + 0.7 * base + rng.gauss(0, 0.12)))
        if rng.random() < 0.06:
            na[item.id] = rng.choice(NA_NOTES)
    return SystemPlan(
        slug=f"{unit}-{use_slug}-{n:04d}",
        name=f"{use_name} {n:04d} ({unit_name})",
        unit=unit,
        unit_name=unit_name,
        team=f"{unit_name} {rng.choice(TEAMS)}",
        rubric=rubric,
        dates=_dates(rng, snapshots),
        start=rng.uniform(0.05, 0.55),
        growth=rng.uniform(0.02, 0.12),
        difficulty=difficulty,
        na=na,
    )


def system_yaml(n: int, plan: SystemPlan, seed: int) -> str:
    rng = random.Random(f"{seed}:{n}:system")
    _, _, technique = USE_CASES[n % len(USE_CASES)]
    person = rng.choice(PEOPLE)
    target = rng.randint(max(plan.rubric.min_level + 1, plan.rubric.max_level - 2), plan.rubric.max_level)
    target_date = plan.dates[-1] + dt.timedelta(days=rng.randint(90, 540))
    description = (
        f"Generated for the scale benchmark. {plan.name.split(' (')[0]} for {plan.unit_name}: "
        f"{technique}. Owned by {plan.team}; the contact is {person}. "
        f"Assessed every quarter since {plan.dates[0]:%B %Y}."
    )
    tags = rng.sample(TAGS, rng.randint(2, 4))
    lines = [
        "# yaml-language-server: $schema=../../schemas/system.schema.json",
        f"# Generated by benchmarks/generate.py (seed {seed}): a made-up system, links under example.com.",
        f"name: {scalar(plan.name)}",
        f"owner: {scalar(plan.team + ' — ' + person)}",
        *folded("description", description),
        f"target_level: {target}",
        f"target_date: {target_date.isoformat()}",
        f"tags: {flow_list(tags)}",
    ]
    return "\n".join(lines) + "\n"


def _evidence(rng: random.Random, kind: str, plan: SystemPlan, count: int) -> list[str]:
    templates = rng.sample(EVIDENCE[kind], count)
    return [t.format(unit=plan.unit, slug=plan.slug, num=rng.randint(10, 999)) for t in templates]


def _answer(rng: random.Random, plan: SystemPlan, item: Item, kind: str, capability: float) -> str:
    """One answer, as it goes after ``item-id: ``."""
    if item.id in plan.na:
        return "{status: na, note: " + scalar(plan.na[item.id]) + "}"
    margin = capability - plan.difficulty[item.id] + rng.gauss(0, 0.04)
    status = "done" if margin > 0.08 else "partial" if margin > -0.12 else "todo"
    fields = [f"status: {status}"]
    note: str | None = None
    evidence: list[str] = []
    if status == "done":
        roll = rng.random()
        evidence = _evidence(rng, kind, plan, 2 if roll < 0.04 else 1 if roll < 0.55 else 0)
        if rng.random() < 0.6:
            note = rng.choice(DONE_NOTES[kind])
    elif status == "partial":
        if rng.random() < 0.2:
            evidence = _evidence(rng, kind, plan, 1)
        note = rng.choice(PARTIAL_NOTES)
    elif rng.random() < 0.3:
        note = rng.choice(TODO_NOTES)
    if not evidence and note is None:
        return status  # the shorthand
    if evidence:
        fields.append(f"evidence: {flow_list(evidence)}")
    if note is not None:
        fields.append(f"note: {scalar(note)}")
    return "{" + ", ".join(fields) + "}"


def snapshot_yaml(n: int, plan: SystemPlan, k: int, seed: int) -> str:
    rng = random.Random(f"{seed}:{n}:{k}")
    date = plan.dates[k]
    rubric = plan.rubric
    capability = plan.start + plan.growth * k
    span = rubric.max_level - rubric.min_level
    early = k < len(plan.dates) / 2
    assessors = [f"{plan.team} ({p})" for p in rng.sample(PEOPLE, rng.randint(1, 3))]
    lines = [
        "# yaml-language-server: $schema=../../schemas/assessment.schema.json",
        f"# {plan.name}: quarterly assessment of {date:%B %Y}. Generated, links under example.com.",
        f"rubric: {rubric.ref}",
        f"date: {date.isoformat()}",
        f"assessors: {flow_list(assessors)}",
        *folded("summary", f"{rng.choice(SUMMARIES)} {rng.choice(SUMMARIES)}"),
    ]
    if rng.random() < 0.25:
        claimed = min(rubric.max_level, max(rubric.min_level, round(capability * span)))
        lines += ["declared:", f"  overall: {claimed}"]
    lines.append("answers:")
    open_items: list[Item] = []
    for dimension in rubric.dimensions:
        kind = DIMENSION_KIND.get(dimension.id, dimension.id)
        lines.append(f"  # {dimension.name}")
        for item in dimension.items:
            relative = (item.level - rubric.min_level) / span
            if rng.random() < 0.04 + (0.2 * relative if early else 0.05 * relative):
                if rng.random() < 0.25:  # listed, not answered yet
                    lines.append(f"  {item.id}:   # {rng.choice(UNASSESSED_COMMENTS)}")
                continue
            answer = _answer(rng, plan, item, kind, capability)
            comment = f"  # {rng.choice(INLINE_COMMENTS)}" if rng.random() < 0.03 else ""
            lines.append(f"  {item.id}: {answer}{comment}")
            if not answer.startswith(("done", "{status: done", "{status: na")):
                open_items.append(item)
    if open_items:
        lines.append("plan:")
        chosen = sorted(rng.sample(open_items, min(len(open_items), rng.randint(2, 6))),
                        key=lambda i: i.level)
        for priority, item in enumerate(chosen, start=1):
            due = date + dt.timedelta(days=QUARTER * rng.randint(1, 3))
            entry = [
                f"item: {item.id}", f"priority: {min(priority, 3)}",
                f"task: {scalar(rng.choice(TASKS))}", f"owner: {scalar(plan.team)}",
                f"effort: {scalar(rng.choice(EFFORTS))}", f"due: {due.isoformat()}",
            ]
            lines.append("  - {" + ", ".join(entry) + "}")
    return "\n".join(lines) + "\n"


SUMMARIES = [
    "Steady progress: the retraining pipeline now runs without hand-offs.",
    "Monitoring caught up with the new serving stack; governance still lags.",
    "The platform migration paused most work this quarter.",
    "Evidence links were checked again after the wiki moved.",
    "Two practices slipped back to partial when the fallback model went live.",
    "The team expects the next level once the validation gate is automated.",
    "New owners reviewed every answer with the previous team.",
]


# --------------------------------------------------------------------------- portfolio


def system_files(n: int, rubrics: dict[str, Rubric], snapshots: int, seed: int) -> Iterator[tuple[str, str]]:
    """(path under assessments/, text) of system n's files."""
    plan = plan_system(n, rubrics, snapshots, seed)
    yield f"{plan.slug}/system.yaml", system_yaml(n, plan, seed)
    for k, date in enumerate(plan.dates):
        yield f"{plan.slug}/{date.isoformat()}.yaml", snapshot_yaml(n, plan, k, seed)


def generate(out: Path, systems: int, snapshots: int, seed: int = 13, rubrics_dir: Path = RUBRICS,
             examples: bool = True) -> Path:
    """Write the portfolio into ``out`` (rubrics/ and assessments/); return ``out``.

    With ``examples`` the repository's own example portfolio (its systems, team rubrics,
    mappings, profiles and campaigns) goes in too: the site's hand-written pages (the
    macros reference, the crosswalk) name those systems, so the site builds only with them.
    """
    if snapshots < 1 or systems < 1:
        raise ValueError("a portfolio needs at least one system and one snapshot")
    rubrics = read_rubrics(rubrics_dir)
    folder = out / "assessments"
    if folder.exists():
        raise FileExistsError(f"{folder} exists: generate into a new folder")
    out.mkdir(parents=True, exist_ok=True)
    (out / "rubrics").mkdir(exist_ok=True)
    for rid in (GOOGLE, AZURE):
        shutil.copy2(rubrics_dir / f"{rid}.yaml", out / "rubrics" / f"{rid}.yaml")
    for n in range(systems):
        for rel, text in system_files(n, rubrics, snapshots, seed):
            path = folder / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if examples:
        _copy_examples(out)
    return out


def _copy_examples(out: Path) -> None:
    """The example portfolio beside the generated one (links resolved to the files they name)."""
    for name in ("rubrics", "campaigns"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, out / name, dirs_exist_ok=True)
    for system in sorted((REPO / "assessments").iterdir()):
        if system.is_dir() and not (out / "assessments" / system.name).exists():
            shutil.copytree(system, out / "assessments" / system.name)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path, help="folder to write (rubrics/ and assessments/ go in it)")
    parser.add_argument("--systems", type=int, default=1000)
    parser.add_argument("--snapshots", type=int, default=8)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    try:
        out = generate(args.out, args.systems, args.snapshots, args.seed)
    except (FileExistsError, ValueError) as error:
        sys.exit(str(error))
    files = sorted(out.glob("assessments/*/*.yaml"))
    size = sum(p.stat().st_size for p in files)
    print(f"{out}: {args.systems} systems × {args.snapshots} snapshots, "
          f"{len(files)} files, {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
