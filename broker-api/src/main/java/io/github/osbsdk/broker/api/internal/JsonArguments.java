package io.github.osbsdk.broker.api.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A resumable step's arguments in the one form every attempt of the step sees: the form they have
 * once written as JSON and read back, so that the first attempt and one resumed by another
 * replica from the stored JSON see equal maps whose values have equal types.
 *
 * <ul>
 *   <li>{@code null}, {@link String} and {@link Boolean} stay as they are;
 *   <li>{@link Byte}, {@link Short}, {@link Integer}, {@link Long} and {@link BigInteger} become an
 *       {@link Integer} when the value fits, else a {@link Long} when it fits, else a
 *       {@link BigInteger};
 *   <li>{@link Float}, {@link Double} (finite only) and {@link BigDecimal} become a
 *       {@link BigDecimal} of the same value with at least one digit after the decimal point:
 *       {@code 0.1} and {@code 0.1f} become {@code 0.1} (their shortest decimal form),
 *       {@code new BigDecimal("2")} becomes {@code 2.0}, {@code 1.50} stays {@code 1.50};
 *   <li>a {@link Map} with {@link String} keys becomes an unmodifiable map in the same order;
 *   <li>a {@link Collection} (a {@link List}, a {@link java.util.Set}, ...) becomes an
 *       unmodifiable list in its iteration order.
 * </ul>
 *
 * <p>Anything else (another type, a map key that is not a string, a NaN or infinite number,
 * nesting deeper than {@value #MAX_DEPTH} levels, which a map or list holding itself reaches) is
 * refused with an {@link IllegalArgumentException} naming where it is, such as
 * {@code arguments.items[2]}, and its type, never its value.
 */
public final class JsonArguments {
  /** How deep maps and lists may nest. */
  public static final int MAX_DEPTH = 100;

  private JsonArguments() {}

  /**
   * The arguments in their JSON form.
   *
   * @param arguments the arguments, or null for none
   * @return an unmodifiable map of JSON values, empty for null
   * @throws IllegalArgumentException naming the first value that is not a JSON value
   */
  public static Map<String, Object> of(Map<String, ?> arguments) {
    if (arguments == null) {
      return Map.of();
    }
    return object(arguments, "arguments", 1);
  }

  private static Object value(Object value, String path, int depth) {
    if (value == null || value instanceof String || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short
        || value instanceof Byte) {
      return integer(BigInteger.valueOf(((Number) value).longValue()));
    }
    if (value instanceof BigInteger big) {
      return integer(big);
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException(path + " is " + d + ", which JSON cannot hold");
      }
      // Float.toString keeps 0.1f as 0.1, its shortest form, not 0.100000001490116...
      return decimal(new BigDecimal(value instanceof Float ? value.toString()
          : Double.toString(d)));
    }
    if (value instanceof BigDecimal big) {
      return decimal(big);
    }
    if (value instanceof Map<?, ?> map) {
      return object(map, path, depth + 1);
    }
    if (value instanceof Collection<?> collection) {
      return array(collection, path, depth + 1);
    }
    throw new IllegalArgumentException(path + " is a " + value.getClass().getName()
        + ", not a JSON value (null, String, Boolean, Integer, Long, Short, Byte, BigInteger,"
        + " Double, Float, BigDecimal, a Map with String keys, or a List or other Collection)");
  }

  private static Map<String, Object> object(Map<?, ?> map, String path, int depth) {
    tooDeep(path, depth);
    Map<String, Object> copy = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        throw new IllegalArgumentException(path + " has a key that is "
            + (e.getKey() == null ? "null" : "a " + e.getKey().getClass().getName())
            + ", not a String");
      }
      copy.put(key, value(e.getValue(), path + member(key), depth));
    }
    return Collections.unmodifiableMap(copy);
  }

  private static List<Object> array(Collection<?> collection, String path, int depth) {
    tooDeep(path, depth);
    List<Object> copy = new ArrayList<>(collection.size());
    int i = 0;
    for (Object element : collection) {
      copy.add(value(element, path + "[" + i + "]", depth));
      i++;
    }
    return Collections.unmodifiableList(copy);
  }

  private static void tooDeep(String path, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException(path + " nests maps and lists deeper than " + MAX_DEPTH
          + " levels (does a map or list hold itself?)");
    }
  }

  private static Object integer(BigInteger value) {
    if (value.bitLength() < Integer.SIZE) {
      return value.intValue();
    }
    if (value.bitLength() < Long.SIZE) {
      return value.longValue();
    }
    return value;
  }

  private static BigDecimal decimal(BigDecimal value) {
    return value.scale() < 1 ? value.setScale(1) : value;
  }

  /** {@code .key} for a key that reads as a name, else {@code ["key"]} with quotes escaped. */
  private static String member(String key) {
    if (!key.isEmpty() && key.chars().allMatch(c -> c == '_' || c == '-'
        || (c < 128 && Character.isLetterOrDigit(c)))) {
      return "." + key;
    }
    return "[\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
  }
}
