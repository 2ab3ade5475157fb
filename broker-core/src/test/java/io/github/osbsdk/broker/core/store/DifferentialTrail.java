package io.github.osbsdk.broker.core.store;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the differential tests of two implementations of one store interface share (the
 * registry's, the usage outbox's and the sample's service store): the trail of calls of one
 * seeded sequence, for the failure message, and a text of each answer that compares every
 * component.
 */
public final class DifferentialTrail {
  private static final int SHOWN = 12;
  private final int seed;
  private final List<String> calls = new ArrayList<>();

  /**
   * Starts the trail of one sequence.
   *
   * @param seed the sequence's seed
   */
  public DifferentialTrail(int seed) {
    this.seed = seed;
  }

  /**
   * Records a call.
   *
   * @param step the step
   * @param call what was called
   */
  public void add(int step, String call) {
    calls.add(step + ": " + call);
  }

  /**
   * Says where a comparison failed.
   *
   * @param step the step
   * @param what what was compared
   * @return the seed, the step, the comparison and the last calls before it
   */
  public String where(int step, String what) {
    int from = Math.max(0, calls.size() - SHOWN);
    return "seed " + seed + ", step " + step + ", " + what + "; the calls before:\n  "
        + String.join("\n  ", calls.subList(from, calls.size()));
  }

  /**
   * The kind of an answer, for checking that a sequence reached every kind: {@code true} or
   * {@code false}; {@code some} or {@code none} for counts, optionals and lists; else the
   * answer's type (a sealed result's case).
   *
   * @param answer the answer
   * @return its kind
   */
  public static String kind(Object answer) {
    if (answer instanceof Boolean b) {
      return b.toString();
    }
    if (answer instanceof Integer n) {
      return n > 0 ? "some" : "none";
    }
    if (answer instanceof Optional<?> o) {
      return o.isPresent() ? "some" : "none";
    }
    if (answer instanceof List<?> list) {
      return list.isEmpty() ? "none" : "some";
    }
    return answer.getClass().getSimpleName();
  }

  /**
   * A text of an answer that two implementations must give alike: records with every
   * component (some mask fields in toString), byte arrays as hex (a record's equals compares
   * arrays by identity), maps in key order, optionals and lists element by element.
   *
   * @param value the answer
   * @return its text
   */
  public static String render(Object value) {
    if (value instanceof Optional<?> o) {
      return o.map(v -> "Optional[" + render(v) + "]").orElse("Optional.empty");
    }
    if (value instanceof List<?> list) {
      return list.stream().map(DifferentialTrail::render).toList().toString();
    }
    if (value instanceof byte[] bytes) {
      return HexFormat.of().formatHex(bytes);
    }
    if (value instanceof Map<?, ?> map) {
      return new TreeMap<>(map).toString();
    }
    if (value instanceof Record record) {
      StringBuilder out = new StringBuilder(record.getClass().getSimpleName()).append('[');
      for (var component : record.getClass().getRecordComponents()) {
        try {
          out.append(component.getName()).append('=')
              .append(render(component.getAccessor().invoke(record))).append(", ");
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      }
      return out.append(']').toString();
    }
    return String.valueOf(value);
  }
}
