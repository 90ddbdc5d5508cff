package dev.boostline.serving.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.boostline.data.ColumnSchema;
import dev.boostline.features.FittedFeatures;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Turns request bodies of every protocol into records (column to value). Values: JSON integers
 * become {@code Long}, other numbers {@code Double}, strings, booleans, null (missing). Nested
 * values are refused. Every problem is an {@link ApiException} naming the JSON path.
 */
public final class Requests {
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

  private Requests() {}

  /** Parses a JSON body. */
  public static JsonNode parse(byte[] body) {
    if (body.length == 0) {
      throw ApiException.badRequest("the request body is empty; expected a JSON object", "$");
    }
    try {
      JsonNode n = JSON.readTree(body);
      if (n == null || !n.isObject()) {
        throw ApiException.badRequest("the request body must be a JSON object", "$");
      }
      return n;
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      throw ApiException.badRequest("invalid JSON" + where + ": " + e.getOriginalMessage(), "$");
    } catch (IOException e) {
      throw ApiException.badRequest("unreadable body: " + e.getMessage(), "$");
    }
  }

  /** {@code {"records": [{...}, ...]}}. */
  public static List<Map<String, Object>> nativeRecords(JsonNode body) {
    JsonNode records = body.get("records");
    if (records == null) {
      throw ApiException.badRequest(
          "missing \"records\": expected {\"records\": [{column: value, ...}]}", "records");
    }
    return recordsArray(records, "records");
  }

  private static List<Map<String, Object>> recordsArray(JsonNode records, String path) {
    if (!records.isArray()) {
      throw ApiException.badRequest(path + " must be an array of objects", path);
    }
    List<Map<String, Object>> out = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      JsonNode r = records.get(i);
      String p = path + "[" + i + "]";
      if (!r.isObject()) {
        throw ApiException.badRequest(p + " must be an object of column: value", p);
      }
      Map<String, Object> m = new HashMap<>();
      Iterator<Map.Entry<String, JsonNode>> fields = r.properties().iterator();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        m.put(f.getKey(), value(f.getValue(), p + "." + f.getKey()));
      }
      out.add(m);
    }
    return out;
  }

  static Object value(JsonNode v, String path) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isIntegralNumber()) {
      if (!v.canConvertToLong()) {
        throw ApiException.badRequest(path + ": " + v + " does not fit a 64-bit integer", path);
      }
      return v.longValue();
    }
    if (v.isNumber()) {
      return v.doubleValue();
    }
    if (v.isTextual()) {
      return v.textValue();
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    throw ApiException.badRequest(
        path
            + ": nested "
            + (v.isArray() ? "arrays" : "objects")
            + " are not values; expected a"
            + " number, string, boolean or null",
        path);
  }

  /**
   * Open Inference Protocol v2: one input per column (shape [n] or [n, 1]; BYTES strings,
   * FP32/FP64/INT8..INT64/UINT8..UINT64 numbers, BOOL booleans; null missing), or one 2-D numeric
   * tensor [n, columns] whose columns are the model's inputs in order (only when every input column
   * is numeric).
   */
  public static List<Map<String, Object>> openInference(
      JsonNode body, FittedFeatures features, List<ColumnSchema> inputs) {
    JsonNode in = body.get("inputs");
    if (in == null || !in.isArray() || in.isEmpty()) {
      throw ApiException.badRequest("\"inputs\" must be a non-empty array of tensors", "inputs");
    }
    List<String> required = features.requiredColumns();
    if (in.size() == 1
        && shape(in.get(0), "inputs[0]").size() == 2
        && shape(in.get(0), "inputs[0]").get(1) != 1) {
      JsonNode t = in.get(0);
      List<Long> shape = shape(t, "inputs[0]");
      if (!inputs.stream().allMatch(c -> c.type().isNumeric())) {
        throw ApiException.badRequest(
            "a 2-D tensor needs every input column to be numeric; send one named input per column instead",
            "inputs[0]");
      }
      if (shape.get(1) != required.size()) {
        throw ApiException.badRequest(
            "inputs[0] has shape "
                + shape
                + " but the model reads "
                + required.size()
                + " columns "
                + required,
            "inputs[0].shape");
      }
      String datatype = datatype(t, "inputs[0]");
      List<JsonNode> flat = flatten(t.get("data"), "inputs[0].data");
      long n = shape.get(0);
      if (flat.size() != n * required.size()) {
        throw ApiException.badRequest(
            "inputs[0].data has "
                + flat.size()
                + " values, shape "
                + shape
                + " needs "
                + n * required.size(),
            "inputs[0].data");
      }
      List<Map<String, Object>> out = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Map<String, Object> m = new HashMap<>();
        for (int k = 0; k < required.size(); k++) {
          String p = "inputs[0].data[" + (i * required.size() + k) + "]";
          m.put(required.get(k), typed(flat.get(i * required.size() + k), datatype, p));
        }
        out.add(m);
      }
      return out;
    }
    int n = -1;
    List<Map<String, Object>> out = null;
    for (int j = 0; j < in.size(); j++) {
      JsonNode t = in.get(j);
      String p = "inputs[" + j + "]";
      if (!t.isObject() || !t.path("name").isTextual()) {
        throw ApiException.badRequest(
            p + " must be an object with name, shape, datatype and data", p);
      }
      String name = t.get("name").textValue();
      List<Long> shape = shape(t, p);
      if (shape.size() > 2 || (shape.size() == 2 && shape.get(1) != 1)) {
        throw ApiException.badRequest(
            p + " (" + name + ") must have shape [n] or [n, 1], got " + shape, p + ".shape");
      }
      String datatype = datatype(t, p);
      List<JsonNode> flat = flatten(t.get("data"), p + ".data");
      if (flat.size() != shape.get(0)) {
        throw ApiException.badRequest(
            p + " (" + name + ") has " + flat.size() + " values but shape " + shape, p + ".data");
      }
      if (n < 0) {
        n = flat.size();
        out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          out.add(new HashMap<>());
        }
      } else if (flat.size() != n) {
        throw ApiException.badRequest(
            p
                + " ("
                + name
                + ") has "
                + flat.size()
                + " rows, inputs[0] has "
                + n
                + "; every input needs the same length",
            p + ".shape");
      }
      for (int i = 0; i < n; i++) {
        out.get(i).put(name, typed(flat.get(i), datatype, p + ".data[" + i + "]"));
      }
    }
    return out;
  }

  private static List<Long> shape(JsonNode t, String p) {
    JsonNode s = t.get("shape");
    if (s == null || !s.isArray() || s.isEmpty()) {
      throw ApiException.badRequest(p + ".shape must be a non-empty array of sizes", p + ".shape");
    }
    List<Long> out = new ArrayList<>();
    for (JsonNode d : s) {
      if (!d.isIntegralNumber() || d.longValue() < 0) {
        throw ApiException.badRequest(p + ".shape must hold sizes >= 0, got " + s, p + ".shape");
      }
      out.add(d.longValue());
    }
    return out;
  }

  private static String datatype(JsonNode t, String p) {
    JsonNode d = t.get("datatype");
    if (d == null || !d.isTextual()) {
      throw ApiException.badRequest(
          p + ".datatype is required (BYTES, FP32, FP64, INT64, BOOL, ...)", p + ".datatype");
    }
    String v = d.textValue();
    if (!List.of(
            "BYTES", "BOOL", "FP16", "FP32", "FP64", "INT8", "INT16", "INT32", "INT64", "UINT8",
            "UINT16", "UINT32", "UINT64")
        .contains(v)) {
      throw ApiException.badRequest(
          p + ".datatype \"" + v + "\" is not an Open Inference Protocol type", p + ".datatype");
    }
    return v;
  }

  private static List<JsonNode> flatten(JsonNode data, String p) {
    if (data == null || !data.isArray()) {
      throw ApiException.badRequest(p + " must be an array", p);
    }
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode v : data) {
      if (v.isArray()) {
        for (JsonNode w : v) {
          if (w.isArray()) {
            throw ApiException.badRequest(p + " is nested deeper than the shape allows", p);
          }
          out.add(w);
        }
      } else {
        out.add(v);
      }
    }
    return out;
  }

  private static Object typed(JsonNode v, String datatype, String p) {
    if (v == null || v.isNull()) {
      return null;
    }
    boolean ok =
        switch (datatype) {
          case "BYTES" -> v.isTextual();
          case "BOOL" -> v.isBoolean();
          case "FP16", "FP32", "FP64" -> v.isNumber();
          default -> v.isIntegralNumber();
        };
    if (!ok) {
      throw ApiException.badRequest(p + ": " + v + " is not a " + datatype + " value", p);
    }
    return value(v, p);
  }

  /**
   * MLflow and Azure ML: {@code dataframe_split}, {@code dataframe_records}, {@code inputs}
   * (records, columns of lists, or rows in input-column order) and {@code input_data} (Azure's
   * {columns, index, data}, or rows).
   */
  public static List<Map<String, Object>> mlflow(JsonNode body, FittedFeatures features) {
    List<String> keys = new ArrayList<>();
    body.fieldNames().forEachRemaining(keys::add);
    List<String> accepted = List.of("dataframe_split", "dataframe_records", "inputs", "input_data");
    List<String> present = keys.stream().filter(accepted::contains).toList();
    if (present.size() != 1) {
      throw ApiException.badRequest("expected exactly one of " + accepted + ", got " + keys, "$");
    }
    String key = present.get(0);
    JsonNode v = body.get(key);
    switch (key) {
      case "dataframe_records" -> {
        return recordsArray(v, key);
      }
      case "dataframe_split" -> {
        return split(v, key);
      }
      case "input_data" -> {
        return v.isArray() ? rows(v, features.requiredColumns(), key) : split(v, key);
      }
      default -> {
        if (v.isObject()) {
          return columns(v, key);
        }
        if (v.isArray() && !v.isEmpty() && v.get(0).isObject()) {
          return recordsArray(v, key);
        }
        return rows(v, features.requiredColumns(), key);
      }
    }
  }

  private static List<Map<String, Object>> split(JsonNode v, String p) {
    if (!v.isObject() || !v.path("columns").isArray() || !v.path("data").isArray()) {
      throw ApiException.badRequest(p + " must be {\"columns\": [...], \"data\": [[...], ...]}", p);
    }
    List<String> columns = new ArrayList<>();
    for (JsonNode c : v.get("columns")) {
      if (!c.isTextual()) {
        throw ApiException.badRequest(p + ".columns must be strings", p + ".columns");
      }
      columns.add(c.textValue());
    }
    return rows(v.get("data"), columns, p + ".data");
  }

  private static List<Map<String, Object>> rows(JsonNode data, List<String> columns, String p) {
    if (!data.isArray()) {
      throw ApiException.badRequest(p + " must be an array of rows", p);
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < data.size(); i++) {
      JsonNode row = data.get(i);
      String rp = p + "[" + i + "]";
      if (!row.isArray() || row.size() != columns.size()) {
        throw ApiException.badRequest(
            rp + " must be an array of " + columns.size() + " values (" + columns + ")", rp);
      }
      Map<String, Object> m = new HashMap<>();
      for (int k = 0; k < columns.size(); k++) {
        m.put(columns.get(k), value(row.get(k), rp + "[" + k + "]"));
      }
      out.add(m);
    }
    return out;
  }

  private static List<Map<String, Object>> columns(JsonNode v, String p) {
    List<Map<String, Object>> out = null;
    Iterator<Map.Entry<String, JsonNode>> it = v.properties().iterator();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String cp = p + "." + e.getKey();
      if (!e.getValue().isArray()) {
        throw ApiException.badRequest(cp + " must be an array of values", cp);
      }
      if (out == null) {
        out = new ArrayList<>();
        for (int i = 0; i < e.getValue().size(); i++) {
          out.add(new HashMap<>());
        }
      } else if (out.size() != e.getValue().size()) {
        throw ApiException.badRequest(
            cp + " has " + e.getValue().size() + " values, other columns " + out.size(), cp);
      }
      for (int i = 0; i < out.size(); i++) {
        out.get(i).put(e.getKey(), value(e.getValue().get(i), cp + "[" + i + "]"));
      }
    }
    return out == null ? List.of() : out;
  }
}
