package io.github.osbsdk.broker.core.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Opaque JSON in the catalog (metadata) as the provider built it, from Java maps, lists and
 * values: finds what could not be published as JSON, naming the JSON path of each. Looks at the
 * Java objects rather than serializing them whole, so that a map holding itself or nested without
 * end is reported, not a stack overflow, and the value at fault is named, not only the catalog.
 */
final class JsonValues {
  /** How deep opaque catalog JSON may nest (objects and arrays). */
  static final int MAX_DEPTH = 256;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Problems p;
  private final String prefix;
  /** The containers from the root to the value being walked. */
  private final Set<Object> above = Collections.newSetFromMap(new IdentityHashMap<>());

  private JsonValues(Problems p, String prefix) {
    this.p = p;
    this.prefix = prefix;
  }

  /**
   * Reports, each at its path: an ERROR for a value that cannot be written as JSON (an object
   * Jackson has no serializer for, a null map key, nesting deeper than {@link #MAX_DEPTH} or a
   * container holding itself), a WARNING for a NaN or infinite number (JSON has none: it would
   * be published as a string).
   *
   * @param p the problems
   * @param owner what the value belongs to, starting each message, e.g. {@code plan "gold"}
   * @param path the path of {@code value}
   * @param value a value of the catalog's opaque JSON
   */
  static void check(Problems p, String owner, String path, Object value) {
    new JsonValues(p, owner + ": ").walk(path, value, 0);
  }

  private void walk(String path, Object value, int depth) {
    if (value == null || value instanceof String || value instanceof Boolean
        || value instanceof Character || value instanceof Enum<?>) {
      return;
    }
    if (value instanceof Number n) {
      if ((n instanceof Double || n instanceof Float) && !Double.isFinite(n.doubleValue())) {
        p.warning(path, prefix + n + " is not a number JSON can carry: it would be published"
            + " as the string \"" + n + "\"");
      }
      return;
    }
    boolean container = value instanceof Map<?, ?> || value instanceof Iterable<?>
        || value instanceof Object[];
    if (!container) {
      try {
        MAPPER.writeValueAsBytes(value);
      } catch (JsonProcessingException | RuntimeException e) {
        p.error(path, prefix + "a " + value.getClass().getName() + " cannot be written as"
            + " JSON; use maps, lists, strings, numbers and booleans");
      }
      return;
    }
    if (depth >= MAX_DEPTH || !above.add(value)) {
      p.error(path, prefix + "nests objects and arrays more than " + MAX_DEPTH + " levels"
          + " deep, or holds itself: it cannot be written as JSON");
      return;
    }
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (e.getKey() == null) {
          p.error(path, prefix + "has a null key, which JSON cannot carry");
        } else {
          walk(path + "." + MessageValues.pathKey(e.getKey()), e.getValue(), depth + 1);
        }
      }
    } else {
      Iterable<?> items = value instanceof Object[] array ? Arrays.asList(array)
          : (Iterable<?>) value;
      int i = 0;
      for (Object item : items) {
        walk(path + "[" + i++ + "]", item, depth + 1);
      }
    }
    above.remove(value);
  }
}
