"""Personalize speed and quality: training on 100,000 interactions, GetRecommendations latency, metrics.

Prints the wall time of CreateSolutionVersion (ACTIVE) on ~100,000 imported interactions (goal
≤ 10 s), the p50/p95 of GetRecommendations through boto3 (goal p50 ≤ 5 ms) beside moto's canned
DescribeSchema in the same run (the cost of a boto3 call that computes nothing), and the offline
metrics of the personalised recipes beside the popularity baseline's, so you see what
personalisation buys. Run: .venv/bin/python benchmarks/bench_personalize.py
"""
from __future__ import annotations

import json
import statistics
import time

import boto3

ROLE = "arn:aws:iam::123456789012:role/PersonalizeRole"
RECIPE = "arn:aws:personalize:::recipe/"
SCHEMA = {"type": "record", "name": "Interactions", "namespace": "com.amazonaws.personalize.schema",
          "fields": [{"name": "USER_ID", "type": "string"}, {"name": "ITEM_ID", "type": "string"},
                     {"name": "TIMESTAMP", "type": "long"}, {"name": "EVENT_TYPE", "type": "string"},
                     {"name": "EVENT_VALUE", "type": ["null", "float"]}], "version": "1.0"}


def p(values, q):
    """The q-th percentile of durations in seconds, in milliseconds."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q / 100))] * 1000


def moto_baseline(n=200) -> list[float]:
    from moto import mock_aws
    with mock_aws():
        c = boto3.client("personalize", region_name="us-east-1")
        arn = c.create_schema(name="s", schema=json.dumps(SCHEMA))["schemaArn"]
        times = []
        for _ in range(n):
            t = time.perf_counter()
            c.describe_schema(schemaArn=arn)
            times.append(time.perf_counter() - t)
        return times


def main() -> None:
    import awsml_study
    from awsml_study.engines.recommend.synthetic import movielens_style, to_csv
    sample = movielens_style(n_users=2000, n_items=400, n_interactions=77_000, seed=42)
    rows = sample["interactions"]
    base = moto_baseline()   # before the simulation, so moto (not the kit) answers it
    with awsml_study.simulate():
        make = lambda n: boto3.client(n, region_name="us-east-1")
        pz, rt, s3 = make("personalize"), make("personalize-runtime"), make("s3")
        s3.create_bucket(Bucket="bench")
        s3.put_object(Bucket="bench", Key="i.csv", Body=to_csv(rows).encode())
        g = pz.create_dataset_group(name="bench")["datasetGroupArn"]
        s = pz.create_schema(name="bench", schema=json.dumps(SCHEMA))["schemaArn"]
        ds = pz.create_dataset(name="bench", schemaArn=s, datasetGroupArn=g, datasetType="Interactions")["datasetArn"]
        t = time.perf_counter()
        job = pz.create_dataset_import_job(jobName="bench", datasetArn=ds, roleArn=ROLE,
                                           dataSource={"dataLocation": "s3://bench/i.csv"})
        status = pz.describe_dataset_import_job(datasetImportJobArn=job["datasetImportJobArn"])["datasetImportJob"]["status"]
        import_s = time.perf_counter() - t
        print(f"import of {len(rows):,} interactions: {status} in {import_s:.2f} s")
        versions, train_s = {}, {}
        for recipe in ("aws-user-personalization-v2", "aws-sims",
                       "aws-popularity-count", "aws-trending-now"):
            sol = pz.create_solution(name=recipe, datasetGroupArn=g, recipeArn=RECIPE + recipe)["solutionArn"]
            t = time.perf_counter()
            v = pz.create_solution_version(solutionArn=sol)["solutionVersionArn"]
            d = pz.describe_solution_version(solutionVersionArn=v)["solutionVersion"]
            train_s[recipe] = time.perf_counter() - t
            assert d["status"] == "ACTIVE", d
            versions[recipe] = v
        print("\ntraining (CreateSolutionVersion → ACTIVE, split + evaluation + final model):")
        for r, sec in train_s.items():
            print(f"  {r:<30} {sec:6.2f} s   goal ≤ 10 s: {'met' if sec <= 10 else 'MISSED'}")
        c = pz.create_campaign(name="bench", solutionVersionArn=versions["aws-user-personalization-v2"])["campaignArn"]
        users = [f"u{k}" for k in range(1, 2001)]
        rt.get_recommendations(campaignArn=c, userId="u1")
        times = []
        for k in range(500):
            t = time.perf_counter()
            rt.get_recommendations(campaignArn=c, userId=users[k % len(users)], numResults=25)
            times.append(time.perf_counter() - t)
        print(f"\n(mean {statistics.mean(times) * 1000:.2f} ms over {len(times)} calls)")
        print("\nGetRecommendations (numResults=25, through boto3):")
        print(f"  kit      p50 {p(times, 50):6.2f} ms   p95 {p(times, 95):6.2f} ms   goal p50 ≤ 5 ms: "
              f"{'met' if p(times, 50) <= 5 else 'MISSED'}")
        print(f"  moto DescribeSchema (canned, computes nothing)  p50 {p(base, 50):6.2f} ms   "
              f"ratio {p(times, 50) / p(base, 50):.1f}×")
        print("\noffline metrics on the held-out split (what personalisation buys over popularity):")
        keys = ["normalized_discounted_cumulative_gain_at_10", "precision_at_25", "mean_reciprocal_rank_at_25", "coverage"]
        print(f"  {'recipe':<30}" + "".join(f"{k.replace('normalized_discounted_cumulative_gain', 'ndcg'):>30}" for k in keys))
        pop = pz.get_solution_metrics(solutionVersionArn=versions["aws-popularity-count"])["metrics"]
        for r, v in versions.items():
            m = pz.get_solution_metrics(solutionVersionArn=v)["metrics"]
            cells = "".join(f"{m[k]:>20.3f} ({m[k] / pop[k] if pop[k] else float('nan'):4.1f}× pop)" for k in keys)
            print(f"  {r:<30}{cells}")


if __name__ == "__main__":
    main()
