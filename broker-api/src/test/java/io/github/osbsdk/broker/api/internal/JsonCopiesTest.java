package io.github.osbsdk.broker.api.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JsonCopiesTest {
  @Test
  void nullIsEmptyOrStaysNullAsAsked() {
    assertThat(JsonCopies.map(null)).isEmpty();
    assertThat(JsonCopies.list(null)).isEmpty();
    assertThat(JsonCopies.mapOrNull(null)).isNull();
    assertThat(JsonCopies.listOrNull(null)).isNull();
  }

  @Test
  @SuppressWarnings("unchecked")
  void nullKeysValuesAndElementsAreKeptInOrder() {
    Map<String, Object> source = new LinkedHashMap<>();
    source.put("b", null);
    source.put(null, 1);
    source.put("a", new ArrayList<>(java.util.Arrays.asList(null, "x")));

    Map<String, Object> copy = JsonCopies.map(source);

    assertThat(copy.keySet()).containsExactly("b", null, "a");
    assertThat(copy).containsEntry("b", null).containsEntry(null, 1);
    assertThat((List<Object>) copy.get("a")).containsExactly(null, "x");
  }

  @Test
  void aMapHoldingItselfIsCopiedIntoOneHoldingItself() {
    Map<String, Object> holdsItself = new HashMap<>();
    holdsItself.put("me", holdsItself);
    Map<String, Object> source = Map.of("self", holdsItself);

    Map<String, Object> copy = JsonCopies.map(source);

    Map<?, ?> self = (Map<?, ?>) copy.get("self");
    assertThat(self).isNotSameAs(holdsItself);
    assertThat(self.get("me")).isSameAs(self);
  }

  @Test
  void aSetStaysASetThatRemembersWhetherItsOrderIsMeant() {
    Object other = new Object();
    Set<Object> ordered = new LinkedHashSet<>(List.of("b", "a"));
    Set<Object> unordered = new HashSet<>(List.of(Map.of("k", new HashSet<>(List.of(1)))));
    Map<String, Object> copy = JsonCopies.map(
        Map.of("ordered", ordered, "unordered", unordered, "other", other));

    assertThat(copy.get("ordered")).isEqualTo(ordered).isNotSameAs(ordered);
    assertThat(List.copyOf((Set<?>) copy.get("ordered"))).isEqualTo(List.of("b", "a"));
    assertThat(JsonCopies.keepsOrder((Set<?>) copy.get("ordered"))).isTrue();
    assertThat(copy.get("unordered")).isEqualTo(unordered);
    assertThat(((Set<?>) copy.get("unordered")).contains(Map.of("k", Set.of(1)))).isTrue();
    assertThat(JsonCopies.keepsOrder((Set<?>) copy.get("unordered"))).isFalse();
    assertThatThrownBy(() -> ((Set<?>) copy.get("unordered")).clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(copy.get("other")).isSameAs(other);
  }

  @Test
  void aMapHeldTwiceIsCopiedOnceAndHeldTwice() {
    Map<String, Object> shared = new HashMap<>(Map.of("k", "v"));
    Map<String, Object> copy = JsonCopies.map(Map.of("a", shared, "b", List.of(shared)));

    assertThat(((List<?>) copy.get("b")).get(0)).isSameAs(copy.get("a"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void aSetMetOnItsOwnBeforeInsideAnotherSetIsCopiedOnceAndHeldByBoth() {
    Set<String> inner = Set.of("x");
    List<Object> source = List.of(inner, Set.of(inner));

    List<Object> copy = JsonCopies.list(source);

    assertThat(copy).isEqualTo(source);
    Set<Object> outer = (Set<Object>) copy.get(1);
    assertThat(outer).hasSize(1).contains(inner);
    assertThat(outer.iterator().next()).isSameAs(copy.get(0));
    assertThat(JsonCopies.list(copy)).isSameAs(copy);
  }

  @Test
  @SuppressWarnings("unchecked")
  void mapsListsAndSetsHeldSeveralTimesAtAnyDepthAreCopiedOnceInTheirOrder() {
    Set<Object> ordered = new LinkedHashSet<>(List.of("b", "a"));
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("z", ordered);
    map.put("y", 1);
    List<Object> list = new ArrayList<>(List.of(map, ordered));
    Set<Object> sets = new LinkedHashSet<>(List.of(Set.of(map), list, ordered));
    Map<String, Object> source = new LinkedHashMap<>();
    source.put("list", list);
    source.put("sets", sets);
    source.put("map", map);
    source.put("ordered", ordered);

    Map<String, Object> copy = JsonCopies.map(source);

    assertThat(copy).isEqualTo(source);
    assertThat(copy.keySet()).containsExactly("list", "sets", "map", "ordered");
    Map<String, Object> mapCopy = (Map<String, Object>) copy.get("map");
    Set<Object> orderedCopy = (Set<Object>) copy.get("ordered");
    assertThat(mapCopy.keySet()).containsExactly("z", "y");
    assertThat(mapCopy.get("z")).isSameAs(orderedCopy);
    assertThat(List.copyOf(orderedCopy)).containsExactly("b", "a");
    assertThat(JsonCopies.keepsOrder(orderedCopy)).isTrue();
    List<Object> listCopy = (List<Object>) copy.get("list");
    assertThat(listCopy.get(0)).isSameAs(mapCopy);
    assertThat(listCopy.get(1)).isSameAs(orderedCopy);
    List<Object> setsCopy = List.copyOf((Set<Object>) copy.get("sets"));
    assertThat(setsCopy).containsExactly(Set.of(map), list, ordered);
    assertThat(((Set<?>) setsCopy.get(0)).iterator().next()).isSameAs(mapCopy);
    assertThat(setsCopy.get(1)).isSameAs(listCopy);
    assertThat(setsCopy.get(2)).isSameAs(orderedCopy);
    assertThat(JsonCopies.map(copy)).isSameAs(copy);
    assertThat(JsonCopies.list(listCopy)).isSameAs(listCopy);
  }

  @Test
  void nestingOfAnyDepthIsCopiedWithoutOverflowingTheStack() throws Exception {
    Map<String, Object> root = new HashMap<>();
    Map<String, Object> level = root;
    for (int i = 0; i < 100_000; i++) {
      Map<String, Object> inner = new HashMap<>();
      level.put("a", List.of(inner));
      level = inner;
    }
    level.put("leaf", true);
    Object[] copy = new Object[1];
    Thread small = new Thread(null, () -> copy[0] = JsonCopies.map(root), "small", 256 * 1024);
    small.start();
    small.join();

    Object at = copy[0];
    for (int i = 0; i < 100_000; i++) {
      at = ((List<?>) ((Map<?, ?>) at).get("a")).get(0);
    }
    assertThat(((Map<?, ?>) at).get("leaf")).isEqualTo(true);
  }

  /** A tree as a request's JSON makes it: nested LinkedHashMaps and ArrayLists. */
  private static LinkedHashMap<String, Object> parsedTree() {
    LinkedHashMap<String, Object> inner = new LinkedHashMap<>();
    inner.put("z", 1);
    inner.put("a", null);
    ArrayList<Object> list = new ArrayList<>(java.util.Arrays.asList("x", null, 2.5));
    list.add(new LinkedHashMap<>(Map.of("k", "v")));
    list.add(new ArrayList<>());
    LinkedHashMap<String, Object> root = new LinkedHashMap<>();
    root.put("s", "text");
    root.put("inner", inner);
    root.put("list", list);
    root.put("empty", new LinkedHashMap<>());
    root.put("none", null);
    return root;
  }

  @Test
  @SuppressWarnings("unchecked")
  void anAdoptedTreeIsTheCopyOfItAndIsKeptAsACopy() {
    Map<String, Object> copy = JsonCopies.map(parsedTree());

    Map<String, Object> adopted = JsonCopies.adoptOrNull(parsedTree());

    assertThat(adopted).isEqualTo(copy).hasSameClassAs(copy);
    assertThat(adopted.keySet()).containsExactly("s", "inner", "list", "empty", "none");
    assertThat(((Map<String, Object>) adopted.get("inner")).keySet()).containsExactly("z", "a");
    for (String key : List.of("inner", "list", "empty")) {
      assertThat(adopted.get(key)).hasSameClassAs(copy.get(key));
    }
    List<Object> list = (List<Object>) adopted.get("list");
    assertThat(list.get(3)).hasSameClassAs(((List<Object>) copy.get("list")).get(3));
    assertThat(list.get(4)).hasSameClassAs(((List<Object>) copy.get("list")).get(4));
    assertThat(JsonCopies.map(adopted)).isSameAs(adopted);
    assertThat(JsonCopies.list(list)).isSameAs(list);
    assertThat(JsonCopies.map((Map<String, Object>) adopted.get("inner")))
        .isSameAs(adopted.get("inner"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void anAdoptedTreeCannotBeChangedAtAnyDepth() {
    Map<String, Object> adopted = JsonCopies.adoptOrNull(parsedTree());
    Map<String, Object> inner = (Map<String, Object>) adopted.get("inner");
    List<Object> list = (List<Object>) adopted.get("list");
    Map<String, Object> inList = (Map<String, Object>) list.get(3);

    assertThatThrownBy(() -> adopted.put("b", 1))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> adopted.entrySet().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> inner.remove("z"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> list.add("y")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> list.set(0, "y"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> inList.put("k", "w"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  @SuppressWarnings("unchecked")
  void otherMapsAndCollectionsInAnAdoptedTreeAreCopied() {
    Map<String, Object> hashMap = new HashMap<>(Map.of("a", 1));
    Set<Object> hashSet = new HashSet<>(Set.of("x"));
    LinkedHashMap<String, Object> tree = new LinkedHashMap<>();
    tree.put("map", hashMap);
    tree.put("set", hashSet);

    Map<String, Object> adopted = JsonCopies.adoptOrNull(tree);
    hashMap.put("b", 2);
    hashSet.add("y");

    assertThat((Map<String, Object>) adopted.get("map")).containsOnlyKeys("a");
    assertThat((Set<Object>) adopted.get("set")).containsExactly("x");
    assertThat(JsonCopies.keepsOrder((Set<Object>) adopted.get("set"))).isFalse();
    assertThatThrownBy(() -> ((Map<String, Object>) adopted.get("map")).put("c", 3))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void anAdoptedEmptyMapIsTheEmptyMapAndNullStaysNull() {
    assertThat(JsonCopies.adoptOrNull(new LinkedHashMap<String, Object>()))
        .isSameAs(JsonCopies.map(new LinkedHashMap<String, Object>()));
    assertThat(JsonCopies.adoptOrNull(null)).isNull();
  }

  @Test
  void anAdoptedTreeOfAnyDepthIsTakenOverWithoutOverflowingTheStack() {
    LinkedHashMap<String, Object> root = new LinkedHashMap<>();
    LinkedHashMap<String, Object> level = root;
    for (int i = 0; i < 100_000; i++) {
      LinkedHashMap<String, Object> inner = new LinkedHashMap<>();
      level.put("a", new ArrayList<>(List.of(inner)));
      level = inner;
    }
    level.put("leaf", true);

    Object at = JsonCopies.adoptOrNull(root);

    for (int i = 0; i < 100_000; i++) {
      List<?> list = (List<?>) ((Map<?, ?>) at).get("a");
      assertThat(JsonCopies.list(list)).isSameAs(list);
      at = list.get(0);
    }
    Map<String, Object> leaf = castMap(at);
    assertThat(leaf.get("leaf")).isEqualTo(true);
    assertThatThrownBy(() -> leaf.put("b", 1)).isInstanceOf(UnsupportedOperationException.class);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Object map) {
    return (Map<String, Object>) map;
  }
}
