"""Training engines: SageMaker AI built-in algorithms (XGBoost, Linear Learner, K-Means, PCA, k-NN) and their data formats."""
