"""Script-mode training script for the SageMaker AI scikit-learn image (notebook 10 and tests).

SageMaker runs it as `python train_random_forest.py --n_estimators N ...` with SM_MODEL_DIR and
SM_CHANNEL_TRAIN set; at hosting time the same file is imported and model_fn loads the model.
"""
import argparse, os, glob, joblib
import numpy as np


def model_fn(model_dir):
    return joblib.load(os.path.join(model_dir, "model.joblib"))


if __name__ == "__main__":
    from sklearn.ensemble import RandomForestClassifier
    p = argparse.ArgumentParser()
    p.add_argument("--n_estimators", type=int, default=10)
    p.add_argument("--model-dir", default=os.environ.get("SM_MODEL_DIR"))
    a, _ = p.parse_known_args()
    data = np.vstack([np.loadtxt(f, delimiter=",") for f in glob.glob(os.environ["SM_CHANNEL_TRAIN"] + "/*.csv")])
    clf = RandomForestClassifier(n_estimators=a.n_estimators, random_state=0).fit(data[:, 1:], data[:, 0])
    print(f"train-accuracy: {clf.score(data[:, 1:], data[:, 0]):.4f}")
    joblib.dump(clf, os.path.join(a.model_dir, "model.joblib"))
