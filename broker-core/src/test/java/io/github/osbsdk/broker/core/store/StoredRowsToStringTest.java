package io.github.osbsdk.broker.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.OperationType;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Stored rows in a log line show their ids and state, never their stored JSON values. */
class StoredRowsToStringTest {
  private static final String SECRET = "s3cret-admin-pw";
  private static final String JSON = "{\"admin_password\":\"" + SECRET + "\"}";

  @Test
  void aStoredInstanceShowsNoParameterContextOrMetadataValue() {
    StoredInstance i = new StoredInstance("inst-1", "svc-1", "plan-1", "fp", JSON, JSON, null,
        null, null, null, JSON, InstanceStatus.READY, true, Instant.EPOCH, Instant.EPOCH,
        Instant.EPOCH);

    assertThat(i.toString()).doesNotContain(SECRET).contains("inst-1").contains("READY");
  }

  @Test
  void aStoredOperationShowsNoStepArgumentOrPayloadValue() {
    StoredOperation op = StoredOperation.start("op-1", "inst-1", null, OperationType.UPDATE,
        "fp", "replica", Instant.EPOCH, "req-1", JSON, Instant.EPOCH)
        .accepted("step", JSON, null, JSON, Instant.EPOCH);

    assertThat(op.toString()).doesNotContain(SECRET).contains("op-1").contains("UPDATE");
  }
}
