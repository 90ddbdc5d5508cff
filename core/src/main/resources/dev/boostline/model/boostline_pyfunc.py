"""Boostline's MLflow python_function loader: scores raw records exactly as Boostline does.

Shipped inside every Boostline model bundle (``code/boostline_pyfunc.py``) and named by the
bundle's ``MLmodel`` as the ``loader_module`` of the ``python_function`` flavor, so
``mlflow.pyfunc.load_model(dir)`` and Azure ML's no-code deployment of the bundle take the same
records as Boostline's own server: the raw input columns, not transformed features.

The loader reads the fitted features from ``boostline.json`` and applies them as Boostline's
``FittedFeatures`` does (category dictionaries and "other", imputation, one-hot and ordinal
encoding, native categories, datetime parts, ratio, clip, log1p and buckets; missing values are
NaN unless the column has a fill), then predicts with xgboost on the bundle's ``model.ubj``:

* binary: the probability of the positive class (the second class), one per record;
* multiclass: one probability per class (class order), one row per record;
* regression: the predicted value, one per record.

That is what Boostline's ``/score`` and ``/invocations`` return under ``predictions``.

Records that do not fit are refused with ``FeatureError`` (a ``ValueError``) naming the column,
in the same cases as Boostline: a column the features read is absent, or a value has the wrong
type (numbers must be numbers, booleans booleans, categories strings, date-times ISO-8601 text or
datetime values). Extra columns are ignored. An unseen category goes to "other" when the column
has one, else it is missing.

Needs numpy, pandas and xgboost (the bundle pins the versions it was written with). Pure Python.
"""

import datetime as _dt
import decimal
import json
import math
import numbers
import os
import re

import numpy as np
import pandas as pd
import xgboost as xgb

MANIFEST = "boostline.json"
MODEL = "model.ubj"
FORMAT_VERSION = 1
_EPOCH = _dt.datetime(1970, 1, 1)


class FeatureError(ValueError):
    """A record does not fit the model's features; ``column`` names the column at fault."""

    def __init__(self, column, message):
        super().__init__(message)
        self.column = column


def _load_pyfunc(path, model_config=None):
    """MLflow's loader_module entry point: ``path`` is the bundle's model file or directory."""
    directory = path if os.path.isdir(path) else os.path.dirname(os.path.abspath(path))
    return BoostlineModel(directory)


class BoostlineModel:
    """A loaded bundle: ``predict(DataFrame)`` scores raw records. Safe to share between threads."""

    def __init__(self, directory):
        with open(os.path.join(directory, MANIFEST), encoding="utf-8") as f:
            manifest = json.load(f)
        if manifest.get("formatVersion") != FORMAT_VERSION:
            raise ValueError(
                "%s: bundle format %r is not one this loader reads (%d)"
                % (MANIFEST, manifest.get("formatVersion"), FORMAT_VERSION)
            )
        self.features = FittedFeatures(manifest["features"])
        labels = manifest["labels"]
        self.task = labels["task"]
        self.classes = list(labels.get("classes") or [])
        # Bundles written before the model file was cut to its best round hold extra trees:
        # predicting up to the best round scores both kinds the same.
        self.rounds = int(manifest["bestIteration"]) + 1
        self.booster = xgb.Booster()
        self.booster.load_model(os.path.join(directory, MODEL))
        self.names = _python_names(self.features.names)
        if self.names != self.features.names:
            # Python's xgboost refuses '[', ']' and '<' in DMatrix feature names (one-hot
            # features of a category such as "<1H OCEAN"); the JVM's does not. Rename both
            # sides the same way: the order, not the name, places a feature.
            self.booster.feature_names = self.names

    def predict(self, model_input, params=None):
        """Scores records: a DataFrame (or a list of dicts, or a dict of columns)."""
        x = self.features.transform(_frame(model_input))
        if x.shape[0] == 0:
            width = len(self.classes) if self.task == "MULTICLASS" else None
            return np.zeros((0, width) if width else (0,), dtype=np.float32)
        matrix = xgb.DMatrix(
            x,
            missing=np.nan,
            feature_names=self.names,
            feature_types=self.features.types,
            enable_categorical=True,
        )
        return self.booster.predict(matrix, iteration_range=(0, self.rounds))


def _python_names(names):
    out = [n.replace("[", "(").replace("]", ")").replace("<", "lt ") for n in names]
    return out if len(set(out)) == len(out) else ["f%d" % i for i in range(len(names))]


def _frame(model_input):
    if isinstance(model_input, pd.DataFrame):
        return model_input
    if isinstance(model_input, dict):
        return pd.DataFrame(model_input)
    if isinstance(model_input, (list, tuple)):
        return pd.DataFrame(list(model_input))
    raise TypeError("expected a pandas DataFrame, got %s" % type(model_input).__name__)


class FittedFeatures:
    """The ``features`` object of boostline.json, applied to DataFrames."""

    def __init__(self, definition):
        if definition.get("formatVersion") != FORMAT_VERSION:
            raise ValueError(
                "fitted features format %r is not one this loader reads (%d)"
                % (definition.get("formatVersion"), FORMAT_VERSION)
            )
        self.steps = definition["features"]
        self.names = []
        self.types = []
        for f in self.steps:
            names, types = _outputs(f)
            self.names.extend(names)
            self.types.extend(types)
        needed = set()
        for f in self.steps:
            needed.add(f["column"])
            if f["kind"] == "numeric" and f.get("ratioTo") is not None:
                needed.add(f["ratioTo"])
        schema = [c["name"] for c in definition["inputSchema"]["columns"]]
        self.required = [c for c in schema if c in needed]

    def transform(self, frame):
        """The float32 feature matrix (rows x features) of a DataFrame of raw records."""
        n = len(frame)
        out = np.empty((n, len(self.names)), dtype=np.float32)
        o = 0
        cache = {}
        for f in self.steps:
            kind = f["kind"]
            if kind == "numeric":
                v = _numeric(f, self._numbers(frame, f["column"], cache), self._den(frame, f, cache))
                out[:, o] = v.astype(np.float32)
                o += 1
            elif kind == "boolean":
                out[:, o] = _boolean(f, _booleans(_column(frame, f["column"]), f["column"]))
                o += 1
            elif kind == "categorical":
                width = _category_width(f)
                out[:, o : o + width] = _category(f, _strings(_column(frame, f["column"]), f["column"]))
                o += width
            elif kind == "datetime":
                parts = f["parts"]
                times = _datetimes(_column(frame, f["column"]), f["column"])
                for j, part in enumerate(parts):
                    out[:, o + j] = np.array(
                        [np.nan if t is None else float(_part(part, t)) for t in times],
                        dtype=np.float64,
                    ).astype(np.float32)
                o += len(parts)
            else:
                raise ValueError("unknown feature kind %r" % kind)
        return out

    def _numbers(self, frame, column, cache):
        if column not in cache:
            cache[column] = _numbers(_column(frame, column), column)
        return cache[column]

    def _den(self, frame, f, cache):
        ratio = f.get("ratioTo")
        return None if ratio is None else self._numbers(frame, ratio, cache)


def _outputs(f):
    kind = f["kind"]
    if kind in ("numeric", "boolean"):
        return [f["name"]], ["q"]
    if kind == "categorical":
        if f["encoding"] != "ONE_HOT":
            return [f["column"]], ["c" if f["encoding"] == "NATIVE" else "q"]
        names = ["%s=%s" % (f["column"], c) for c in f["categories"]]
        if f.get("otherCategory"):
            names.append("%s=(other)" % f["column"])
        return names, ["q"] * len(names)
    if kind == "datetime":
        return ["%s.%s" % (f["column"], p.lower()) for p in f["parts"]], ["q"] * len(f["parts"])
    raise ValueError("unknown feature kind %r" % kind)


# ------------------------------------------------------------------ values


def _column(frame, column):
    if column not in frame.columns:
        raise FeatureError(column, 'the record has no column "%s"' % column)
    return frame[column]


def _missing(v):
    if v is None or v is pd.NaT or v is getattr(pd, "NA", None):
        return True
    return isinstance(v, float) and math.isnan(v) or isinstance(v, np.floating) and np.isnan(v)


def _is_bool(v):
    return isinstance(v, (bool, np.bool_))


def _java_double(d):
    # Double.toString: plain from 1e-3 to 1e7, else d.dddE[-]n, both with the shortest digits.
    if math.isnan(d):
        return "NaN"
    if math.isinf(d):
        return "Infinity" if d > 0 else "-Infinity"
    if d == 0 or 1e-3 <= abs(d) < 1e7:
        return repr(float(d))
    sign, digits, exponent = decimal.Decimal(repr(float(d))).normalize().as_tuple()
    text = "".join(str(x) for x in digits)
    mantissa = text[0] + "." + (text[1:] or "0")
    return "%s%sE%d" % ("-" if sign else "", mantissa, len(text) - 1 + exponent)


def _show(v):
    if isinstance(v, str):
        shown = '"%s"' % v
    elif _is_bool(v):
        shown = "true" if v else "false"
    elif isinstance(v, (float, np.floating)):
        shown = _java_double(float(v))
    else:
        shown = str(v)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _wrong_type(column, v, expected):
    return FeatureError(column, 'column "%s": %s is not %s' % (column, _show(v), expected))


def _numbers(series, column):
    """Raw numbers as float64 (NaN for missing); booleans, text and infinities refused."""
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype):
        values = series.to_numpy(dtype=object)
        for v in values:
            if not _missing(v):
                raise _wrong_type(column, v, "a number")
        return np.full(len(values), np.nan)
    if pd.api.types.is_numeric_dtype(dtype):
        x = series.to_numpy(dtype=np.float64, na_value=np.nan)
    else:
        values = series.to_numpy(dtype=object)
        x = np.empty(len(values), dtype=np.float64)
        for i, v in enumerate(values):
            if _missing(v):
                x[i] = np.nan
            elif isinstance(v, numbers.Number) and not _is_bool(v) and not isinstance(v, complex):
                x[i] = float(v)
            else:
                raise _wrong_type(column, v, "a number")
    bad = np.isinf(x)
    if bad.any():
        raise _wrong_type(column, float(x[np.argmax(bad)]), "a finite number")
    return x


def _booleans(series, column):
    values = series.to_numpy(dtype=object)
    out = []
    for v in values:
        if _missing(v):
            out.append(None)
        elif _is_bool(v):
            out.append(bool(v))
        else:
            raise _wrong_type(column, v, "a boolean (true or false)")
    return out


def _strings(series, column):
    values = series.to_numpy(dtype=object)
    out = []
    for v in values:
        if _missing(v):
            out.append(None)
        elif isinstance(v, str):
            out.append(v)
        else:
            raise _wrong_type(column, v, "a string (a category)")
    return out


def _datetimes(series, column):
    values = series.to_numpy(dtype=object)
    out = []
    for v in values:
        if _missing(v):
            out.append(None)
            continue
        t = None
        if isinstance(v, str):
            t = parse_datetime(v)
        elif isinstance(v, np.datetime64):
            t = pd.Timestamp(v).to_pydatetime()
        elif isinstance(v, _dt.datetime):
            t = v
            if t.tzinfo is not None:
                t = t.astimezone(_dt.timezone.utc).replace(tzinfo=None)
        if t is None:
            raise _wrong_type(column, v, "an ISO-8601 date-time (yyyy-MM-dd[THH:mm:ss])")
        out.append(t)
    return out


# ------------------------------------------------------------------ steps


def _numeric(f, raw, den):
    """FittedFeature.Numeric.apply on arrays (float64; the caller casts to float32)."""
    v = raw.copy()
    with np.errstate(all="ignore"):
        if f.get("ratioTo") is not None:
            v = np.where(np.isnan(den) | (den == 0), np.nan, v / np.where(den == 0, 1.0, den))
        fill = f.get("fill")
        if fill is not None:
            v = np.where(np.isnan(v), float(fill), v)
        present = ~np.isnan(v)
        if f.get("clipMin") is not None:
            v = np.where(present & (v < f["clipMin"]), float(f["clipMin"]), v)
        if f.get("clipMax") is not None:
            v = np.where(present & (v > f["clipMax"]), float(f["clipMax"]), v)
        if f.get("log1p"):
            v = np.where(present, np.where(v <= -1, np.nan, np.log1p(np.where(v <= -1, 0.0, v))), v)
        buckets = f.get("buckets") or []
        if buckets:
            edges = np.asarray(buckets, dtype=np.float64)
            present = ~np.isnan(v)
            # The first edge above the value (edges are ascending): the count of edges <= value.
            le = edges[None, :] <= np.where(present, v, 0.0)[:, None]
            k = np.where(le.all(axis=1), len(edges), np.argmin(le, axis=1))
            v = np.where(present, k.astype(np.float64), v)
    return v


def _boolean(f, values):
    fill = f.get("fill")
    missing = np.float32(np.nan) if fill is None else np.float32(fill)
    return np.array(
        [missing if v is None else (np.float32(1) if v else np.float32(0)) for v in values],
        dtype=np.float32,
    )


def _category_width(f):
    if f["encoding"] != "ONE_HOT":
        return 1
    return len(f["categories"]) + (1 if f.get("otherCategory") else 0)


def _category(f, values):
    index = {c: i for i, c in enumerate(f["categories"])}
    other = len(f["categories"]) if f.get("otherCategory") else -1
    fill = f.get("fill")
    codes = np.empty(len(values), dtype=np.int64)
    for i, v in enumerate(values):
        if v is None:
            v = fill
        codes[i] = -1 if v is None else index.get(v, other)
    width = _category_width(f)
    if f["encoding"] == "ONE_HOT":
        out = (codes[:, None] == np.arange(width)[None, :]).astype(np.float32)
        out[codes < 0, :] = np.nan
        return out
    out = codes.astype(np.float32)
    out[codes < 0] = np.nan
    return out[:, None]


def _part(part, t):
    if part == "YEAR":
        return t.year
    if part == "MONTH":
        return t.month
    if part == "DAY":
        return t.day
    if part == "DAY_OF_WEEK":
        return t.isoweekday()
    if part == "HOUR":
        return t.hour
    if part == "EPOCH_SECONDS":
        delta = t - _EPOCH
        return delta.days * 86400 + delta.seconds
    raise ValueError("unknown datetime part %r" % part)


# ------------------------------------------------------------------ date-times

_DIGITS = re.compile(r"[0-9]+\Z")
_TIME = re.compile(r"([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{0,9}))?)?\Z")


def parse_datetime(s):
    """Boostline's Values.parseDateTime: ``yyyy-MM-dd[(T| )HH:mm[:ss[.f]]][Z|offset]``.

    A value with an offset is converted to UTC; precision is kept to the millisecond. Returns a
    naive datetime, or None when the text is not such a date-time.
    """
    n = len(s)
    if n < 10 or not _DIGITS.match(s[0:4]) or s[4] != "-" or s[7] != "-":
        return None
    if not _DIGITS.match(s[5:7]) or not _DIGITS.match(s[8:10]) or len(s[5:7]) != 2:
        return None
    try:
        date = _dt.date(int(s[0:4]), int(s[5:7]), int(s[8:10]))
    except ValueError:
        return None
    if n == 10:
        return _dt.datetime(date.year, date.month, date.day)
    if s[10] not in "T ":
        return None
    rest = s[11:]
    offset = None
    cut = len(rest)
    if rest.endswith("Z") or rest.endswith("z"):
        offset = 0
        cut -= 1
    else:
        sign = max(rest.rfind("+"), rest.rfind("-"))
        if sign > 0:
            offset = _zone_offset(rest[sign:])
            if offset is None:
                return None
            cut = sign
    m = _TIME.match(rest[:cut])
    if not m:
        return None
    hour, minute = int(m.group(1)), int(m.group(2))
    second = int(m.group(3) or 0)
    fraction = (m.group(4) or "").ljust(9, "0")
    if hour > 23 or minute > 59 or second > 59:
        return None
    millis = int(fraction[:3])
    t = _dt.datetime(date.year, date.month, date.day, hour, minute, second, millis * 1000)
    if offset:
        t = t - _dt.timedelta(seconds=offset)
    return t


def _zone_offset(text):
    """java.time.ZoneOffset.of for +h, +hh, +hhmm, +hh:mm, +hhmmss, +hh:mm:ss (seconds east)."""
    sign = 1 if text[0] == "+" else -1
    body = text[1:]
    forms = {
        1: (body, "0", "0"),
        2: (body, "0", "0"),
        4: (body[0:2], body[2:4], "0"),
        5: (body[0:2], body[3:5], "0") if body[2:3] == ":" else None,
        6: (body[0:2], body[2:4], body[4:6]),
        8: (body[0:2], body[3:5], body[6:8]) if body[2:3] == ":" and body[5:6] == ":" else None,
    }
    parts = forms.get(len(body))
    if parts is None or not all(_DIGITS.match(p) for p in parts):
        return None
    h, m, sec = (int(p) for p in parts)
    if h > 18 or m > 59 or sec > 59 or (h == 18 and (m or sec)):
        return None
    return sign * (h * 3600 + m * 60 + sec)
