package io.github.osbsdk.broker.api.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Copies of the lists of records a provider hands in (endpoints, volume mounts, ports): a null
 * element is refused where the list is built, with a message naming it, not later while the
 * answer is written. The elements are immutable, so the copy is shallow.
 */
public final class NonNullElements {
  private NonNullElements() {}

  /**
   * An unmodifiable copy of a list without null elements.
   *
   * @param list the list, or null
   * @param name the list's name in messages
   * @param <T> the element type
   * @return the copy, empty when {@code list} is null
   * @throws NullPointerException naming the first null element ({@code endpoints[1] == null})
   */
  public static <T> List<T> copy(List<T> list, String name) {
    if (list == null) {
      return List.of();
    }
    List<T> copy = new ArrayList<>(list);
    for (int i = 0; i < copy.size(); i++) {
      if (copy.get(i) == null) {
        throw new NullPointerException(name + "[" + i + "] == null");
      }
    }
    return Collections.unmodifiableList(copy);
  }
}
