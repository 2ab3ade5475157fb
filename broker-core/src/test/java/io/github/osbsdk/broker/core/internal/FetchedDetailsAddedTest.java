package io.github.osbsdk.broker.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.binding.BindingDetails;
import io.github.osbsdk.broker.api.binding.Endpoint;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * What a {@code fetchBinding} answer adds to the recorded endpoints and volume mounts
 * ({@link ProviderAnswers#added}): found in time linear in the lists' sizes, so that an answer
 * near the 1 MiB limit (tens of thousands of endpoints) costs no billion comparisons, and only
 * what it adds is checked.
 */
class FetchedDetailsAddedTest {
  /** An item that counts the comparisons made of it. */
  private record Counted(int id, AtomicLong comparisons) {
    @Override
    public boolean equals(Object o) {
      comparisons.incrementAndGet();
      return o instanceof Counted c && c.id == id;
    }

    @Override
    public int hashCode() {
      return Integer.hashCode(id);
    }
  }

  @Test
  void theAddedItemsOfALargeAnswerAreFoundWithoutComparingEveryPair() {
    // 20,000 recorded, 20,000 answered (10,000 of them new): comparing every pair made
    // ~3 * 10^8 comparisons (a second or more); a set of the recorded ones makes ~10^4
    int n = 20_000;
    AtomicLong comparisons = new AtomicLong();
    List<Counted> recorded = new ArrayList<>();
    List<Counted> answered = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      recorded.add(new Counted(i, comparisons));
      answered.add(new Counted(i + n / 2, comparisons));
    }

    List<Counted> added = ProviderAnswers.added(answered, recorded);

    assertThat(added).hasSize(n / 2).allMatch(c -> c.id() >= n);
    assertThat(comparisons.get()).as("comparisons").isLessThanOrEqualTo(4L * n);
  }

  @Test
  void theAddedItemsKeepTheAnswersOrderAndItsNulls() {
    List<String> answered = Arrays.asList("a", null, "b", "a", "c", "d");

    assertThat(ProviderAnswers.added(answered, List.of("a", "c")))
        .containsExactly(null, "b", "d");
    assertThat(ProviderAnswers.added(answered, List.of())).isSameAs(answered);
    assertThat(ProviderAnswers.added(answered, null)).isSameAs(answered);
    assertThat(ProviderAnswers.added(null, List.of("a"))).isNull();
  }

  @Test
  void onlyTheEndpointsAFetchAddsAreChecked() {
    ProviderAnswers answers = new ProviderAnswers(
        new RequestErrorLog(Duration.ofMinutes(1), Clock.systemUTC()), 1024 * 1024);
    List<Endpoint> recorded = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      recorded.add(new Endpoint("h" + i + ".example", List.of("443"), null));
    }
    // recorded before today's check: served as it was, never checked again
    recorded.add(new Endpoint("old host", List.of("443"), null));
    List<Endpoint> good = new ArrayList<>(recorded);
    good.add(new Endpoint("new.example", List.of("9000-9010"), "tcp"));
    List<Endpoint> bad = new ArrayList<>(recorded);
    bad.add(new Endpoint("new host", List.of("443"), null));
    BindingDetails stored = details(recorded);
    RequestContext ctx = RequestContext.of("req-1");

    answers.requireAllowedFetchedDetails(null, details(good), stored, ctx);
    assertThatThrownBy(() -> answers.requireAllowedFetchedDetails(null, details(bad), stored,
        ctx)).isInstanceOfSatisfying(ServiceBrokerException.class,
            e -> assertThat(e.status()).isEqualTo(500));
  }

  private static BindingDetails details(List<Endpoint> endpoints) {
    return new BindingDetails(null, null, null, null, endpoints, null, null);
  }
}
