package io.github.osbsdk.broker.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The arguments of a resumable step: JSON values only, in the form every attempt sees. */
class StepArgumentsTest {
  private static Map<String, Object> arguments(Map<String, Object> given) {
    return AsyncWork.step("s", given).arguments();
  }

  private static Map<String, Object> one(String key, Object value) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put(key, value);
    return map;
  }

  @Test
  void wholeNumbersBecomeTheSmallestOfIntegerLongAndBigInteger() {
    Map<String, Object> given = new LinkedHashMap<>();
    given.put("long", 5L);
    given.put("short", (short) 7);
    given.put("byte", (byte) -1);
    given.put("bigLong", 5_000_000_000L);
    given.put("smallBig", BigInteger.TEN);
    given.put("hugeBig", new BigInteger("123456789012345678901234567890"));
    given.put("minInt", Integer.MIN_VALUE);
    given.put("minLong", Long.MIN_VALUE);

    Map<String, Object> seen = arguments(given);

    assertThat(seen.get("long")).isEqualTo(5);
    assertThat(seen.get("short")).isEqualTo(7);
    assertThat(seen.get("byte")).isEqualTo(-1);
    assertThat(seen.get("bigLong")).isEqualTo(5_000_000_000L);
    assertThat(seen.get("smallBig")).isEqualTo(10);
    assertThat(seen.get("hugeBig"))
        .isEqualTo(new BigInteger("123456789012345678901234567890"));
    assertThat(seen.get("minInt")).isEqualTo(Integer.MIN_VALUE);
    assertThat(seen.get("minLong")).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void decimalsBecomeBigDecimalsOfTheSameValueWithAtLeastOneDecimalPlace() {
    Map<String, Object> given = new LinkedHashMap<>();
    given.put("double", 0.1);
    given.put("float", 0.1f);
    given.put("wholeDouble", 2.0);
    given.put("exact", new BigDecimal("0.10000000000000000000001"));
    given.put("scaled", new BigDecimal("1.50"));
    given.put("whole", new BigDecimal("2"));
    given.put("exponent", new BigDecimal("1E+3"));
    given.put("tiny", 1e-7);

    Map<String, Object> seen = arguments(given);

    assertThat(seen.get("double")).isEqualTo(new BigDecimal("0.1"));
    assertThat(seen.get("float")).isEqualTo(new BigDecimal("0.1"));
    assertThat(seen.get("wholeDouble")).isEqualTo(new BigDecimal("2.0"));
    assertThat(seen.get("exact")).isEqualTo(new BigDecimal("0.10000000000000000000001"));
    assertThat(seen.get("scaled")).isEqualTo(new BigDecimal("1.50"));
    assertThat(seen.get("whole")).isEqualTo(new BigDecimal("2.0"));
    assertThat(seen.get("exponent")).isEqualTo(new BigDecimal("1000.0"));
    assertThat(seen.get("tiny")).isEqualTo(new BigDecimal("1.0E-7"));
  }

  @Test
  void collectionsBecomeUnmodifiableListsAndMapsStayInOrderAndUnmodifiable() {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("b", true);
    nested.put("a", null);
    Map<String, Object> given = new LinkedHashMap<>();
    given.put("set", new LinkedHashSet<>(List.of("x", "y")));
    given.put("list", new ArrayList<>(Arrays.asList(1L, null, "z")));
    given.put("map", nested);

    Map<String, Object> seen = arguments(given);

    assertThat(seen.get("set")).isEqualTo(List.of("x", "y")).isInstanceOf(List.class);
    @SuppressWarnings("unchecked")
    List<Object> list = (List<Object>) seen.get("list");
    @SuppressWarnings("unchecked")
    Map<String, Object> inner = (Map<String, Object>) seen.get("map");
    assertThat(list).containsExactly(1, null, "z");
    assertThat(inner.keySet()).containsExactly("b", "a");
    assertThatThrownBy(() -> seen.put("k", 1)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> list.add(2)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> inner.put("c", 1)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void theFormIsKeptWhenTheArgumentsAreGivenAgain() {
    Map<String, Object> given = new LinkedHashMap<>();
    given.put("n", 5L);
    given.put("d", 0.1);
    given.put("l", List.of(Map.of("x", new BigDecimal("3"))));
    Map<String, Object> once = arguments(given);

    Map<String, Object> twice = arguments(once);
    StepContext context = new StepContext("op", OperationType.PROVISION, "i", null, given, 1);

    assertThat(twice).isEqualTo(once);
    assertThat(context.arguments()).isEqualTo(once);
    assertThat(context.arguments().get("n")).isInstanceOf(Integer.class);
  }

  @Test
  void aValueThatIsNoJsonIsRefusedNamingWhereItIs() {
    Map<String, Object> item = new HashMap<>();
    item.put("id", UUID.randomUUID());
    Map<String, Object> given = one("items", List.of("a", "b", item));

    assertThatThrownBy(() -> AsyncWork.step("s", given))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("arguments.items[2].id is a java.util.UUID, not a JSON value");
    assertThatThrownBy(() -> AsyncWork.step("s", Map.of("o", new Object())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("arguments.o is a java.lang.Object");
    assertThatThrownBy(() -> AsyncWork.step("s", Map.of("at", Instant.EPOCH)))
        .hasMessageStartingWith("arguments.at is a java.time.Instant");
    assertThatThrownBy(() -> AsyncWork.step("s", Map.of("a b", new int[] {1})))
        .hasMessageStartingWith("arguments[\"a b\"] is a [I");
  }

  @Test
  void theMessageNamesTheTypeButNeverTheValue() {
    UUID secret = UUID.randomUUID();
    assertThatThrownBy(() -> AsyncWork.step("s", Map.of("k", secret)))
        .hasMessageNotContaining(secret.toString());
    assertThatThrownBy(() -> AsyncWork.step("s", Map.of("k", new StringBuilder("pw"))))
        .hasMessageNotContaining("pw");
  }

  @Test
  void nonStringKeysNotFiniteNumbersAndCyclesAreRefused() {
    Map<Object, Object> numberKey = new HashMap<>();
    numberKey.put(1, "x");
    assertThatThrownBy(() -> AsyncWork.step("s", one("m", numberKey)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("arguments.m has a key that is a java.lang.Integer, not a String");
    assertThatThrownBy(() -> AsyncWork.step("s", one("nan", Double.NaN)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("arguments.nan is NaN, which JSON cannot hold");
    assertThatThrownBy(() -> AsyncWork.step("s", one("inf", Float.POSITIVE_INFINITY)))
        .isInstanceOf(IllegalArgumentException.class);
    List<Object> cycle = new ArrayList<>();
    cycle.add(cycle);
    assertThatThrownBy(() -> AsyncWork.step("s", one("c", cycle)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("deeper than 100 levels");
  }

  @Test
  void aStepContextRefusesWhatAStepRefuses() {
    assertThatThrownBy(() -> new StepContext("op", OperationType.PROVISION, "i", null,
        Map.of("o", new Object()), 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
