"""Test harness: scores raw records through a bundle's python_function loader module.

Usage: loader_parity.py CASE_DIR...   Each CASE_DIR holds a written bundle (bundle/), the raw
records (records.json, pandas split orient) and, optionally, error cases (errors.json: a list of
{"columns", "data"} frames that must be refused). Writes scores.json (the loader's predictions)
and errors_out.json (the message of each refusal) into CASE_DIR.

Debian's xgboost 1.7 reads the base_score of a 3.x model file as 0.5 (PITFALLS.md): this harness,
and only this harness, sets it from the file after loading. The loader itself pins xgboost 3.4.0.
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


def load(bundle):
    mlmodel = yaml.safe_load(open(os.path.join(bundle, "MLmodel"), encoding="utf-8"))
    flavor = mlmodel["flavors"]["python_function"]
    # What mlflow.pyfunc.load_model does: the code path first on sys.path, then
    # loader_module._load_pyfunc(<model dir>/<data>).
    sys.path.insert(0, os.path.join(bundle, flavor["code"]))
    sys.modules.pop(flavor["loader_module"], None)
    module = importlib.import_module(flavor["loader_module"])
    sys.path.pop(0)
    model = module._load_pyfunc(os.path.join(bundle, flavor["data"]))
    if xgb.__version__.startswith("1."):
        old_xgboost_base_score(module, model, os.path.join(bundle, "model.ubj"))
    inputs = [c["name"] for c in json.loads(mlmodel["signature"]["inputs"])]
    return module, model, inputs


def old_xgboost_base_score(module, model, path):
    """xgboost 1.7 reads 3.x's vector base_score as 0.5: put the intercepts back.

    One value (binary, regression): the base_score parameter. One per class (multiclass, in
    margin space): a base margin on every matrix the loader builds, which 1.7 uses instead.
    """
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


def main(cases):
    for case in cases:
        bundle = os.path.join(case, "bundle")
        module, model, inputs = load(bundle)
        frame = json.load(open(os.path.join(case, "records.json"), encoding="utf-8"))
        df = pd.DataFrame(frame["data"], columns=frame["columns"])
        scores = model.predict(df)
        out = {
            "scores": scores.tolist(),
            "rounds": model.booster.num_boosted_rounds(),
            "signature": inputs,
        }
        json.dump(out, open(os.path.join(case, "scores.json"), "w"))
        errors_file = os.path.join(case, "errors.json")
        if os.path.exists(errors_file):
            messages = []
            for f in json.load(open(errors_file, encoding="utf-8")):
                try:
                    model.predict(pd.DataFrame(f["data"], columns=f["columns"]))
                    messages.append(None)
                except module.FeatureError as e:
                    messages.append(str(e))
            json.dump(messages, open(os.path.join(case, "errors_out.json"), "w"))


if __name__ == "__main__":
    main(sys.argv[1:])
