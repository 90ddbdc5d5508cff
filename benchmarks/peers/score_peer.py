#!/usr/bin/env python3
"""The baseline of the batch-scoring benchmark: the plain Python script a data team would write.

    score_peer.py MODEL.ubj INPUT.csv OUTPUT.csv

pandas read_csv (float32), xgboost's inplace_predict on every core, to_csv with the row number,
the label and the probability (the columns `boostline score` writes for a binary model).
"""
import re
import sys

import numpy as np
import pandas as pd
import xgboost as xgb

model, source, target = sys.argv[1:4]
booster = xgb.Booster()
booster.load_model(model)
# xgboost 3.x writes base_score as a vector ("[5.3E-1]") that Debian's 1.7 does not parse: it would
# fall back to 0.5 and shift every score (see shared/docs/PITFALLS.md).
with open(model, "rb") as f:
    base = re.search(rb"base_score.{0,16}?\[([-+0-9.eE]+)\]", f.read(), re.DOTALL)
if base:
    booster.set_param({"base_score": float(base.group(1))})
frame = pd.read_csv(source, dtype=np.float32)
features = frame[[f"f{i}" for i in range(28)]]
p = booster.inplace_predict(features.to_numpy())
out = pd.DataFrame({"row": np.arange(1, len(p) + 1), "label": np.where(p >= 0.5, "1", "0"), "probability": p})
out.to_csv(target, index=False)
