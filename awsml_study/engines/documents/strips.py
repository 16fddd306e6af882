"""OCR of any picture shape, including long thin strips the engine cannot scale."""


def ocr_lines(rgb) -> list:
    """The OCR engine's lines of a picture. The engine cannot scale a very long, thin strip (10001 x
    81 pixels: its height rounds to nothing), which the service still reads, so such a strip is
    read again padded with white below or to the right: the text keeps its pixel coordinates."""
    import numpy as np

    from awsml_study.engines.documents import ocr

    try:
        return ocr.read_lines(rgb)
    except Exception:
        height, width = rgb.shape[:2]
        if max(height, width) < 64 * min(height, width):
            raise  # not the strip case: a real engine failure
        pad = ((0, width // 64 - height), (0, 0)) if width > height else ((0, 0), (0, height // 64 - width))
        return ocr.read_lines(np.pad(rgb, pad + ((0, 0),), constant_values=255))
