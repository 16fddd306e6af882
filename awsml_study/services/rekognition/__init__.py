"""Rekognition: faces, labels, text, collections and face search, Custom Labels and stored video."""
