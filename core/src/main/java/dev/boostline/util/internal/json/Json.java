package dev.boostline.util.internal.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.UncheckedIOException;

/**
 * The one Jackson configuration for every file Boostline writes: pretty-printed, map keys sorted,
 * absent values left out, unknown properties rejected (a hand-edited or newer file is refused
 * rather than half-read). Mappers are thread-safe and shared.
 */
public final class Json {
  private static final ObjectMapper MAPPER = configure(JsonMapper.builder()).build();
  private static final ObjectMapper YAML = configure(YAMLMapper.builder()).build();

  private Json() {}

  private static <
          M extends ObjectMapper, B extends com.fasterxml.jackson.databind.cfg.MapperBuilder<M, B>>
      B configure(B builder) {
    return builder
        .enable(SerializationFeature.INDENT_OUTPUT)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .disable(MapperFeature.SORT_CREATOR_PROPERTIES_FIRST)
        .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .addModule(new com.fasterxml.jackson.datatype.jdk8.Jdk8Module())
        .addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
        .defaultPropertyInclusion(
            JsonInclude.Value.construct(
                JsonInclude.Include.NON_ABSENT, JsonInclude.Include.ALWAYS));
  }

  /** The shared JSON mapper. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** The shared YAML mapper (same settings). */
  public static ObjectMapper yaml() {
    return YAML;
  }

  /** Serializes to pretty JSON bytes (UTF-8) with a trailing newline. */
  public static byte[] toBytes(Object value) {
    try {
      byte[] body = MAPPER.writeValueAsBytes(value);
      byte[] out = java.util.Arrays.copyOf(body, body.length + 1);
      out[body.length] = '\n';
      return out;
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Serializes to compact JSON on one line (for JSON Lines files). */
  public static String toLine(Object value) {
    try {
      return MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Serializes to a pretty JSON string. */
  public static String toString(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A one-line description of a parse failure, without Jackson's source dump. */
  public static String describe(Exception e) {
    if (e instanceof JsonProcessingException jpe) {
      String msg = jpe.getOriginalMessage();
      if (jpe.getLocation() != null && jpe.getLocation().getLineNr() > 0) {
        return msg
            + " (line "
            + jpe.getLocation().getLineNr()
            + ", column "
            + jpe.getLocation().getColumnNr()
            + ")";
      }
      return msg;
    }
    return String.valueOf(e.getMessage());
  }
}
