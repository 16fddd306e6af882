"""Vision engines: image decoding and properties, face detection and description, video frames."""
