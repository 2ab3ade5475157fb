package io.github.osbsdk.broker.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.osbsdk.broker.core.store.StoredInstance;
import java.util.Map;
import java.util.Objects;

/**
 * Whether an update that waited for its identical request's provider call
 * ({@link Repeats#sameChangeAgain}) finds that request done. A synchronous operation is not kept
 * once it ends, so its outcome is read from the instance: the waited-for update succeeded when
 * the instance changed while the repeat waited (it was written again: its record or its
 * {@code updatedAt}) and now is what the repeat's own update would make of it (its plan,
 * parameters, context and maintenance info version would not change). After a failure (or with
 * anything else in doubt) the repeat calls the provider as a first request would, as a
 * provision's repeat does after its first call failed.
 */
final class UpdateRepeat {
  private UpdateRepeat() {}

  /**
   * Whether the update the request waited for succeeded, so its repeat is answered from the
   * registry.
   *
   * @param read the instance as the request read it before it waited
   * @param now the instance as its operation's begin found it, after the wait
   * @param payload the request's update payload ({@link InstanceRecords#updatePayload})
   * @param mapper the SDK's object mapper
   * @return whether the update is done
   */
  static boolean doneWhileWaiting(StoredInstance read, StoredInstance now,
      Map<String, Object> payload, ObjectMapper mapper) {
    if (!changed(read, now)) {
      return false;
    }
    StoredInstance again;
    try {
      again = InstanceRecords.applyUpdate(now, payload, now.updatedAt(), mapper);
    } catch (IllegalStateException | IllegalArgumentException e) {
      // stored parameters that cannot be read: the provider is asked, as without the wait
      return false;
    }
    return again.planId().equals(now.planId())
        && Objects.equals(again.maintenanceInfoVersion(), now.maintenanceInfoVersion())
        && sameJson(again.parameters(), now.parameters(), mapper)
        && sameJson(again.context(), now.context(), mapper);
  }

  /** Whether an update was recorded on the instance between the two reads. */
  private static boolean changed(StoredInstance read, StoredInstance now) {
    return !Objects.equals(read.updatedAt(), now.updatedAt())
        || !read.planId().equals(now.planId())
        || !Objects.equals(read.parameters(), now.parameters())
        || !Objects.equals(read.context(), now.context())
        || !Objects.equals(read.maintenanceInfoVersion(), now.maintenanceInfoVersion())
        || !Objects.equals(read.dashboardUrl(), now.dashboardUrl())
        || !Objects.equals(read.metadata(), now.metadata());
  }

  /**
   * Whether two stored JSON values are the same JSON (key order aside); one that cannot be read
   * is not.
   */
  private static boolean sameJson(String a, String b, ObjectMapper mapper) {
    if (a == null || b == null) {
      return a == null && b == null;
    }
    if (a.equals(b)) {
      return true;
    }
    try {
      JsonNode left = mapper.readTree(a);
      return left != null && left.equals(mapper.readTree(b));
    } catch (JsonProcessingException e) {
      return false;
    }
  }
}
