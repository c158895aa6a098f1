"""Write the sample 12-lead ECG upload (``config/samples/ecg.json``) a new user can POST to
``/api/v1/ecg``: 10 s at 250 Hz of a regular 72/min rhythm, values in µV, standard limb-lead
and chest-lead shapes (synthetic: for trying the service, not for reading).

    .venv/bin/python scripts/sample_ecg.py > config/samples/ecg.json
"""

from __future__ import annotations

import sys

import numpy as np
import orjson

FS, SECONDS, BPM = 250, 10, 72
# relative QRS / T amplitude per lead (negative: the complex points down, as in aVR)
SHAPES = {"I": (0.7, 0.6), "II": (1.0, 0.8), "III": (0.4, 0.3), "aVR": (-0.8, -0.6),
          "aVL": (0.3, 0.3), "aVF": (0.7, 0.5), "V1": (-0.6, 0.2), "V2": (0.9, 0.9),
          "V3": (1.1, 1.0), "V4": (1.3, 1.0), "V5": (1.2, 0.8), "V6": (0.9, 0.6)}


def sample() -> dict:
    rng = np.random.default_rng(25)
    t = np.arange(FS * SECONDS) / FS
    phase = (t % (60 / BPM)) - 0.25
    p = np.exp(-((phase + 0.16) / 0.025) ** 2)
    qrs = np.exp(-(phase / 0.011) ** 2)
    tw = np.exp(-((phase - 0.28) / 0.05) ** 2)
    leads = {}
    for lead, (q, tt) in SHAPES.items():
        trace = 100 * p + 1200 * q * qrs + 300 * tt * tw + rng.normal(0, 8, t.size)
        leads[lead] = [int(v) for v in np.round(trace)]
    return {"patient": {"id": "DEMO-ECG-001", "name": "王示例", "sex": "M",
                        "birth_date": "1960-05-01"},
            "sampling_rate_hz": FS, "leads": leads, "priority": "routine",
            "clinical_note": "体检心电图（示例）"}


if __name__ == "__main__":
    sys.stdout.buffer.write(orjson.dumps(sample()) + b"\n")
