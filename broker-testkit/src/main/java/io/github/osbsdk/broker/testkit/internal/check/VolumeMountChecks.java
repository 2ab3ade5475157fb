package io.github.osbsdk.broker.testkit.internal.check;

import static io.github.osbsdk.broker.testkit.internal.check.BindingAnswerShape.kind;
import static io.github.osbsdk.broker.testkit.internal.check.BindingAnswerShape.requireOneOf;
import static io.github.osbsdk.broker.testkit.internal.check.BindingAnswerShape.requireText;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.osbsdk.broker.testkit.Rule;
import io.github.osbsdk.broker.testkit.client.OsbResponse;
import java.util.List;

/**
 * Checks of a binding's {@code volume_mounts} in bind (201, 200) and fetch (200) answers: an
 * array of volume mount objects as the spec's "Volume Mount Object" and "Device Object" define
 * them. Only the JSON tree is read, so an answer the kit's typed body cannot hold is judged with
 * its values. A {@code mount_config} is never quoted: it may hold the share's user and password.
 */
final class VolumeMountChecks {
  private static final List<String> MODES = List.of("r", "rw");
  private static final List<String> DEVICE_TYPES = List.of("shared");

  private VolumeMountChecks() {}

  static Check perBindablePlan(CatalogView view, PlanRef p) {
    return Check.of(Rule.BIND_VOLUME_MOUNTS, p, ctx -> BindingAnswerShape.judgeAnswers(ctx,
        view, p, "volume_mounts", (mounts, r, what) -> check(ctx, mounts, r, what)));
  }

  /** Checks the volume mounts of one answer. */
  private static void check(CheckContext ctx, JsonNode mounts, OsbResponse<?> r, String what) {
    if (!mounts.isArray()) {
      throw ctx.fail("expected volume_mounts in " + what + " to be an array of volume mount"
          + " objects, got " + kind(mounts), r);
    }
    for (int i = 0; i < mounts.size(); i++) {
      String at = "volume_mounts[" + i + "]";
      JsonNode mount = mounts.get(i);
      if (!mount.isObject()) {
        throw ctx.fail("expected " + at + " in " + what + " to be a volume mount object, got "
            + kind(mount), r);
      }
      requireText(ctx, r, what, mount, at, "driver");
      requireText(ctx, r, what, mount, at, "container_dir");
      requireOneOf(ctx, r, what, mount, at, "mode", MODES);
      requireOneOf(ctx, r, what, mount, at, "device_type", DEVICE_TYPES);
      JsonNode device = mount.get("device");
      if (device == null || !device.isObject()) {
        throw ctx.fail("expected " + at + ".device in " + what + " to be a device object"
            + " holding volume_id, got " + (device == null ? "none" : kind(device)), r);
      }
      requireText(ctx, r, what, device, at + ".device", "volume_id");
      JsonNode config = device.get("mount_config");
      if (config != null && !config.isNull() && !config.isObject()) {
        throw ctx.fail("expected " + at + ".device.mount_config in " + what + " to be a JSON"
            + " object when present, got " + kind(config), r);
      }
    }
  }
}
