package io.github.osbsdk.broker.api.internal;

import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;

/**
 * Deeply unmodifiable copies of the maps and lists public values hold (credentials, parameters,
 * metadata, context objects): a caller can change neither the value through the map it handed
 * in, nor the map the value hands out, at any depth.
 *
 * <ul>
 *   <li>every nested {@link Map} is copied into an unmodifiable map in the same order; every
 *       nested {@link List} or other {@link Collection} into an unmodifiable list in its
 *       iteration order, except a {@link Set}, which stays an (unmodifiable) set;
 *   <li>null values, null elements and null keys are kept (JSON has {@code null};
 *       {@code Map.copyOf} would refuse them), so validators can still report them;
 *   <li>other values (strings, numbers, records, ...) are kept as they are;
 *   <li>a copy made here is handed back as it is when copied again, so passing a value's map to
 *       another value costs nothing;
 *   <li>a map or list that holds itself is copied into one that holds itself (the same shape,
 *       for validators to report); below {@value #MAX_DEPTH} levels of nesting, values are kept
 *       as given rather than copied, so that copying cannot overflow the stack (Jackson reads no
 *       document nested deeper than 1000 levels).
 * </ul>
 */
public final class JsonCopies {
  /** How many levels of maps and lists are copied. */
  public static final int MAX_DEPTH = 1000;

  private JsonCopies() {}

  /**
   * A deeply unmodifiable copy of a map; empty for null.
   *
   * @param map the map, or null
   * @param <V> the value type
   * @return the copy, never null
   */
  public static <V> Map<String, V> map(Map<String, ? extends V> map) {
    return map == null ? Map.of() : mapOrNull(map);
  }

  /**
   * A deeply unmodifiable copy of a map, or null for null: for the few values where an absent
   * object and an empty one differ on the wire (credentials, a schema).
   *
   * @param map the map, or null
   * @param <V> the value type
   * @return the copy, or null
   */
  @SuppressWarnings("unchecked")
  public static <V> Map<String, V> mapOrNull(Map<String, ? extends V> map) {
    Object copy = map == null || (Object) map instanceof FrozenMap ? map
        : map.isEmpty() ? Map.of() : new Copier().map(map, 1);
    return (Map<String, V>) copy;
  }

  /**
   * A deeply unmodifiable copy of a list; empty for null.
   *
   * @param list the list, or null
   * @param <T> the element type
   * @return the copy, never null
   */
  public static <T> List<T> list(List<? extends T> list) {
    return list == null ? List.of() : listOrNull(list);
  }

  /**
   * A deeply unmodifiable copy of a list, or null for null.
   *
   * @param list the list, or null
   * @param <T> the element type
   * @return the copy, or null
   */
  @SuppressWarnings("unchecked")
  public static <T> List<T> listOrNull(List<? extends T> list) {
    Object copy = list == null || (Object) list instanceof FrozenList ? list
        : list.isEmpty() ? List.of() : new Copier().list(list, 1);
    return (List<T>) copy;
  }

  /** One copy; remembers the containers it copies so that one holding itself stays so. */
  private static final class Copier {
    private Map<Object, Object> copies;

    Object value(Object value, int depth) {
      if (value instanceof FrozenMap || value instanceof FrozenList) {
        return value;
      }
      if (!(value instanceof Map) && !(value instanceof Collection)) {
        return value;
      }
      if (depth > MAX_DEPTH) {
        return value;
      }
      Object seen = copies.get(value);
      if (seen != null) {
        return seen;
      }
      if (value instanceof Map<?, ?> map) {
        return map(map, depth);
      }
      if (value instanceof Set<?> set) {
        Set<Object> copy = new LinkedHashSet<>();
        Set<Object> frozen = Collections.unmodifiableSet(copy);
        copies.put(value, frozen);
        for (Object element : set) {
          copy.add(value(element, depth + 1));
        }
        return frozen;
      }
      return list((Collection<?>) value, depth);
    }

    FrozenMap map(Map<?, ?> map, int depth) {
      FrozenMap copy = new FrozenMap(new LinkedHashMap<>(map.size() * 4 / 3 + 1));
      if (copies != null) {
        copies.put(map, copy);
      }
      for (Map.Entry<?, ?> e : map.entrySet()) {
        copy.entries.put(e.getKey(), nested(map, copy, e.getValue(), depth));
      }
      return copy;
    }

    FrozenList list(Collection<?> collection, int depth) {
      FrozenList copy = new FrozenList(new ArrayList<>(collection.size()));
      if (copies != null) {
        copies.put(collection, copy);
      }
      for (Object element : collection) {
        copy.elements.add(nested(collection, copy, element, depth));
      }
      return copy;
    }

    private Object nested(Object container, Object copy, Object value, int depth) {
      if (copies == null && (value instanceof Map || value instanceof Collection)) {
        // the first nested container: from now on, remember what is copied (a flat map, the
        // usual case on the request path, never needs to)
        copies = new IdentityHashMap<>();
        copies.put(container, copy);
      }
      return value(value, depth + 1);
    }
  }

  /** An unmodifiable map in insertion order that allows null keys and values. */
  private static final class FrozenMap extends AbstractMap<Object, Object> {
    private final LinkedHashMap<Object, Object> entries;
    private final Set<Map.Entry<Object, Object>> view;

    FrozenMap(LinkedHashMap<Object, Object> entries) {
      this.entries = entries;
      this.view = Collections.unmodifiableMap(entries).entrySet();
    }

    @Override
    public Set<Map.Entry<Object, Object>> entrySet() {
      return view;
    }

    @Override
    public int size() {
      return entries.size();
    }

    @Override
    public boolean containsKey(Object key) {
      return entries.containsKey(key);
    }

    @Override
    public Object get(Object key) {
      return entries.get(key);
    }
  }

  /** An unmodifiable list that allows null elements. */
  private static final class FrozenList extends AbstractList<Object> implements RandomAccess {
    private final ArrayList<Object> elements;

    FrozenList(ArrayList<Object> elements) {
      this.elements = elements;
    }

    @Override
    public Object get(int index) {
      return elements.get(index);
    }

    @Override
    public int size() {
      return elements.size();
    }
  }
}
