package io.github.osbsdk.broker.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The in-memory store's packed instance gives back a record equal to the one packed. */
class PackedInstanceTest {
  private static final Instant T1 = Instant.ofEpochSecond(1_700_000_000L, 123_456_789);
  private static final Instant T2 = Instant.ofEpochSecond(1_700_000_001L, 1);

  private static StoredInstance row(String fp, String parameters, String context, String org,
      String space, String mv, String dashboard, String metadata, Instant enabledAt,
      Instant created, Instant updated) {
    return new StoredInstance("inst-1", "svc-1", "plan-1", fp, parameters, context, org, space,
        mv, dashboard, metadata, InstanceStatus.READY, false, enabledAt, created, updated);
  }

  @Test
  void everyFieldComesBackWhateverIsNullOrEmpty() {
    StoredInstance[] rows = {
      row("fp", "{\"a\":1}", "{\"platform\":\"x\"}", "org", "space", "1.0",
          "https://d/1", "{\"labels\":{}}", T1, T1, T2),
      row("fp", null, null, null, null, null, null, null, T2, T1, T1),
      row("", "", "", "", "", "", "", "", T1, T2, T2),
      row("fp", null, "{\"k\":\"\u00e9\u4e2d\ud83d\ude00\"}", null, "", null, "\ud800", null,
          Instant.EPOCH, Instant.MIN, Instant.MAX),
    };
    for (StoredInstance r : rows) {
      assertThat(new PackedInstance(r).unpack()).isEqualTo(r);
    }
  }

  @Test
  void theEnabledStateIsComparedWithoutUnpacking() {
    PackedInstance p = new PackedInstance(row("fp", null, null, null, null, null, null, null,
        T1, T2, T2));

    assertThat(p.sameEnabled(false, T1)).isTrue();
    assertThat(p.sameEnabled(true, T1)).isFalse();
    assertThat(p.sameEnabled(false, T2)).isFalse();
    assertThat(p.status()).isEqualTo(InstanceStatus.READY);
  }
}
