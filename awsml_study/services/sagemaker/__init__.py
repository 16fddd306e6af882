"""SageMaker AI: training jobs, hosting, batch transform, tuning and the model registry, computed locally."""
