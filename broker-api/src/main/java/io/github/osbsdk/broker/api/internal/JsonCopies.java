package io.github.osbsdk.broker.api.internal;

import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;
import java.util.SortedSet;

/**
 * Deeply unmodifiable copies of the maps and lists public values hold (credentials, parameters,
 * metadata, context objects): a caller can change neither the value through the map it handed
 * in, nor the map the value hands out, at any depth.
 *
 * <ul>
 *   <li>every nested {@link Map} is copied into an unmodifiable map in the same order; every
 *       nested {@link Set} into an unmodifiable set in its iteration order that remembers
 *       whether the source had an order of its own ({@link #keepsOrder}: a {@link SortedSet} or
 *       {@link LinkedHashSet} has, {@code Set.of} or a {@link java.util.HashSet} has not, and
 *       the SDK writes such a set sorted, so that a catalog's bytes are the same on every JVM);
 *       every nested {@link List} or other {@link Collection} into an unmodifiable list in its
 *       iteration order;
 *   <li>null values, null elements and null keys are kept (JSON has {@code null};
 *       {@code Map.copyOf} would refuse them), so validators can still report them;
 *   <li>other values (strings, numbers, records, ...) are kept as they are;
 *   <li>a copy made here is handed back as it is when copied again, so passing a value's map to
 *       another value costs nothing;
 *   <li>a map or list that holds itself is copied into one that holds itself (the same shape,
 *       for validators to report), and one held twice into one copy held twice;
 *   <li>copying does not recurse, so no depth of nesting overflows the stack.
 * </ul>
 */
public final class JsonCopies {
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
        : map.isEmpty() ? Map.of() : new Copier().copy(map);
    return (Map<String, V>) copy;
  }

  /**
   * The deeply unmodifiable map {@link #mapOrNull} would copy from {@code fresh}, made without
   * copying: for a tree of {@link LinkedHashMap}s and {@link ArrayList}s that the caller has just
   * built from a JSON value and hands over, keeping no reference to it or to any container in
   * it. Those containers become the frozen copy's own (each nested one is wrapped where it is
   * held); any other map or collection in it is copied as {@link #mapOrNull} copies it. A
   * container must not appear twice in the tree (a parsed JSON value never holds one twice).
   *
   * @param fresh the map handed over, or null
   * @param <V> the value type
   * @return the unmodifiable map (the empty {@code Map.of()} for an empty one), or null
   */
  @SuppressWarnings("unchecked")
  public static <V> Map<String, V> adoptOrNull(LinkedHashMap<String, V> fresh) {
    if (fresh == null || fresh.isEmpty()) {
      return fresh == null ? null : Map.of();
    }
    Object root = new FrozenMap((LinkedHashMap<Object, Object>) (Object) fresh);
    Containers pending = new Containers();
    Object next = fresh;
    while (next != null) {
      if (next instanceof LinkedHashMap<?, ?> map) {
        ((LinkedHashMap<Object, Object>) map).replaceAll((k, v) -> pending.adopted(v));
      } else {
        ((ArrayList<Object>) next).replaceAll(pending::adopted);
      }
      next = pending.next();
    }
    return (Map<String, V>) root;
  }

  /**
   * The containers of a tree {@link #adoptOrNull} has wrapped but not gone through yet; no
   * queue is made for a flat map (the usual request object).
   */
  private static final class Containers {
    private Deque<Object> waiting;

    /** A value of the tree: wrapped (and its container kept for later), copied or kept. */
    @SuppressWarnings("unchecked")
    Object adopted(Object value) {
      if (value != null && value.getClass() == LinkedHashMap.class) {
        waiting().push(value);
        return new FrozenMap((LinkedHashMap<Object, Object>) value);
      }
      if (value != null && value.getClass() == ArrayList.class) {
        waiting().push(value);
        return new FrozenList((ArrayList<Object>) value);
      }
      if (!(value instanceof Map) && !(value instanceof Collection)
          || value instanceof FrozenMap || value instanceof FrozenList
          || value instanceof FrozenSet) {
        return value;
      }
      return new Copier().copy(value);
    }

    private Deque<Object> waiting() {
      if (waiting == null) {
        waiting = new ArrayDeque<>();
      }
      return waiting;
    }

    /** @return the next container to go through, or null when none is left */
    Object next() {
      return waiting == null ? null : waiting.poll();
    }
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
        : list.isEmpty() ? List.of() : new Copier().copy(list);
    return (List<T>) copy;
  }

  /**
   * Whether a set has an order of its own, which JSON output should keep: a {@link SortedSet},
   * a {@link LinkedHashSet}, or a copy made here of one of them.
   *
   * @param set a set
   * @return whether its iteration order is meant
   */
  public static boolean keepsOrder(Set<?> set) {
    return set instanceof SortedSet || set instanceof LinkedHashSet
        || set instanceof FrozenSet frozen && frozen.ordered;
  }

  /**
   * One copy, made without recursion (so no nesting overflows the stack): each container is
   * copied into an empty shell at once and filled when its turn comes. It remembers the
   * containers it copied, so that one holding itself stays so, but only once it meets a nested
   * one (a flat map, the usual case on the request path, needs no more than its copy).
   */
  private static final class Copier {
    private final Deque<Object[]> pending = new ArrayDeque<>();
    private final List<FrozenSet> sets = new ArrayList<>();
    private Map<Object, Object> copies;
    private Object root;
    private Object rootCopy;

    Object copy(Object container) {
      root = container;
      rootCopy = shell(container);
      while (!pending.isEmpty()) {
        Object[] next = pending.pop();
        if (next[0] instanceof Map<?, ?> map) {
          Map<Object, Object> entries = ((FrozenMap) next[1]).entries;
          for (Map.Entry<?, ?> e : map.entrySet()) {
            entries.put(e.getKey(), value(e.getValue()));
          }
        } else {
          List<Object> elements = next[1] instanceof FrozenSet set ? set.collected
              : ((FrozenList) next[1]).elements;
          for (Object element : (Collection<?>) next[0]) {
            elements.add(value(element));
          }
        }
      }
      // hash each set only now that the maps and lists in it are filled; a set whose elements
      // hold a set not sealed yet (one met first elsewhere, say) seals that one on demand
      for (int i = sets.size() - 1; i >= 0; i--) {
        sets.get(i).seal();
      }
      return rootCopy;
    }

    private Object value(Object value) {
      if (!(value instanceof Map) && !(value instanceof Collection)
          || value instanceof FrozenMap || value instanceof FrozenList
          || value instanceof FrozenSet) {
        return value;
      }
      if (copies == null) {
        copies = new IdentityHashMap<>();
        copies.put(root, rootCopy);
      }
      Object seen = copies.get(value);
      if (seen != null) {
        return seen;
      }
      Object copy = shell(value);
      copies.put(value, copy);
      return copy;
    }

    private Object shell(Object container) {
      Object copy;
      if (container instanceof Map<?, ?> map) {
        copy = new FrozenMap(new LinkedHashMap<>(map.size() * 4 / 3 + 1));
      } else if (container instanceof Set<?> set) {
        FrozenSet frozen = new FrozenSet(keepsOrder(set));
        sets.add(frozen);
        copy = frozen;
      } else {
        copy = new FrozenList(new ArrayList<>(((Collection<?>) container).size()));
      }
      pending.push(new Object[] {container, copy});
      return copy;
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

  /** An unmodifiable set in insertion order that allows a null element. */
  private static final class FrozenSet extends AbstractSet<Object> {
    private final boolean ordered;
    private final List<Object> collected = new ArrayList<>();
    private Set<Object> elements;

    FrozenSet(boolean ordered) {
      this.ordered = ordered;
    }

    /** Hashes the collected elements (once), sealing first any set they hold. */
    void seal() {
      if (elements == null) {
        elements = Collections.unmodifiableSet(new LinkedHashSet<>(collected));
        collected.clear();
      }
    }

    /** The elements, sealed on demand while the copy that made this set seals its sets. */
    private Set<Object> elements() {
      seal();
      return elements;
    }

    @Override
    public Iterator<Object> iterator() {
      return elements().iterator();
    }

    @Override
    public int size() {
      return elements().size();
    }

    @Override
    public boolean contains(Object o) {
      return elements().contains(o);
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
