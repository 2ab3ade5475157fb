package io.github.osbsdk.broker.api.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
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
  void aSetStaysASetAndOtherValuesStayAsTheyAre() {
    Object other = new Object();
    Set<Object> set = new LinkedHashSet<>(List.of("a", "b"));
    Map<String, Object> copy = JsonCopies.map(Map.of("set", set, "other", other));

    assertThat(copy.get("set")).isInstanceOf(Set.class).isEqualTo(set).isNotSameAs(set);
    assertThat(copy.get("other")).isSameAs(other);
  }

  @Test
  void nestingDeeperThanTheLimitIsKeptAsGivenBelowIt() {
    Map<String, Object> root = new HashMap<>();
    Map<String, Object> level = root;
    for (int i = 0; i < JsonCopies.MAX_DEPTH + 10; i++) {
      Map<String, Object> inner = new HashMap<>();
      level.put("a", inner);
      level = inner;
    }
    Map<String, Object> copy = JsonCopies.map(root);

    Object copied = copy;
    Object given = root;
    for (int i = 0; i < JsonCopies.MAX_DEPTH; i++) {
      assertThat(copied).isNotSameAs(given);
      copied = ((Map<?, ?>) copied).get("a");
      given = ((Map<?, ?>) given).get("a");
    }
    assertThat(copied).isSameAs(given);
  }
}
