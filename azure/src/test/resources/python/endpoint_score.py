"""The fake Azure ML endpoint's scorer: what Azure ML's MLflow no-code deployment does.

Usage: endpoint_score.py MODEL_DIR PAYLOAD_JSON OUT_JSON
Loads MODEL_DIR as mlflow.pyfunc.load_model does (the MLmodel's python_function flavor: its code
path on sys.path, then loader_module._load_pyfunc(<dir>/<data>)), turns the Azure ML payload
{"input_data": {"columns", "index", "data"}} into a DataFrame, predicts, and writes the bare list
of predictions Azure ML answers with. A FeatureError becomes {"error": message}.

Debian's xgboost 1.7 reads 3.x's vector base_score as 0.5 (PITFALLS.md): this harness, and only
this harness, puts the intercepts back after loading. The bundle pins xgboost 3.4.0.
"""

import importlib
import json
import os
import re
import sys

import numpy as np
import pandas as pd
import xgboost as xgb
import yaml


def fix_base_score(module, model, path):
    raw = open(path, "rb").read()
    m = re.search(rb"base_score.{0,16}?\[([-+0-9.eE,]+)\]", raw, re.DOTALL)
    if not m:
        return
    values = [float(v) for v in m.group(1).split(b",")]
    if len(values) == 1:
        model.booster.set_param("base_score", values[0])
        return
    real = xgb

    class WithMargin:
        def __getattr__(self, name):
            return getattr(real, name)

        @staticmethod
        def DMatrix(data, **kwargs):
            matrix = real.DMatrix(data, **kwargs)
            matrix.set_base_margin(np.tile(np.asarray(values, dtype=np.float32), data.shape[0]))
            return matrix

    module.xgb = WithMargin()


def main(model_dir, payload, out):
    mlmodel = yaml.safe_load(open(os.path.join(model_dir, "MLmodel"), encoding="utf-8"))
    flavor = mlmodel["flavors"]["python_function"]
    sys.path.insert(0, os.path.join(model_dir, flavor["code"]))
    module = importlib.import_module(flavor["loader_module"])
    model = module._load_pyfunc(os.path.join(model_dir, flavor["data"]))
    if xgb.__version__.startswith("1."):
        fix_base_score(module, model, os.path.join(model_dir, "model.ubj"))
    body = json.load(open(payload, encoding="utf-8"))["input_data"]
    frame = pd.DataFrame(body["data"], columns=body["columns"], index=body.get("index"))
    try:
        answer = model.predict(frame).tolist()
    except module.FeatureError as e:
        answer = {"error": str(e)}
    json.dump(answer, open(out, "w"))


if __name__ == "__main__":
    main(*sys.argv[1:4])
