"""Writes the MovieLens-style sample data of notebook 11 (fictional; reproducible from the seed).

    python data/personalize/generate.py

interactions.csv (USER_ID, ITEM_ID, TIMESTAMP, EVENT_TYPE, EVENT_VALUE), items.csv (ITEM_ID,
GENRES, YEAR, TITLE), users.csv (USER_ID, AGE_GROUP, MEMBERSHIP): the columns Personalize imports.
The generator is awsml_study.engines.recommend.synthetic.movielens_style.
"""
from pathlib import Path

from awsml_study.engines.recommend.synthetic import movielens_style, to_csv

HERE = Path(__file__).resolve().parent
SETTINGS = dict(n_users=300, n_items=200, n_interactions=9000, seed=2026)


def main() -> None:
    sample = movielens_style(**SETTINGS)
    for name in ("interactions", "items", "users"):
        (HERE / f"{name}.csv").write_text(to_csv(sample[name]), encoding="utf-8")
        print(f"{name}.csv: {len(sample[name])} rows")


if __name__ == "__main__":
    main()
