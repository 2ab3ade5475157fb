package io.github.osbsdk.broker.testkit.internal.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.osbsdk.broker.api.binding.BindingDetails;
import io.github.osbsdk.broker.testkit.Rule;
import io.github.osbsdk.broker.testkit.client.BindResponse;
import io.github.osbsdk.broker.testkit.client.FetchBinding;
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
    return Check.of(Rule.BIND_VOLUME_MOUNTS, p, ctx -> volumeMounts(ctx, view, p));
  }

  private static void volumeMounts(CheckContext ctx, CatalogView view, PlanRef p) {
    Bound b = ctx.bind(ctx.provision(p));
    boolean seen = !b.async() && check(ctx, b.first(), "the bind's " + b.first().status()
        + " answer");
    OsbResponse<BindResponse> again = ctx.client().bind(b.instance().id(), b.id(), b.body(),
        true);
    if (again.status() == 200 || again.status() == 201) {
      seen |= check(ctx, again, "the identical bind's " + again.status() + " answer");
    }
    if (view.bindingsRetrievable(p)) {
      OsbResponse<BindingDetails> fetched = ctx.client().fetchBinding(FetchBinding
          .instance(b.instance().id()).binding(b.id()).service(p.serviceId()).plan(p.planId()));
      if (fetched.status() == 200) {
        seen |= check(ctx, fetched, "the fetch's 200 answer");
      }
    }
    if (!seen) {
      throw ctx.notApplicable("no bind or fetch answer carried volume_mounts");
    }
  }

  /** Checks the volume mounts of one answer; returns whether it carried any. */
  private static boolean check(CheckContext ctx, OsbResponse<?> r, String what) {
    JsonNode json = r.json();
    JsonNode mounts = json == null || !json.isObject() ? null : json.get("volume_mounts");
    if (mounts == null || mounts.isNull()) {
      return false;
    }
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
      text(ctx, r, what, mount, at, "driver");
      text(ctx, r, what, mount, at, "container_dir");
      oneOf(ctx, r, what, mount, at, "mode", MODES);
      oneOf(ctx, r, what, mount, at, "device_type", DEVICE_TYPES);
      JsonNode device = mount.get("device");
      if (device == null || !device.isObject()) {
        throw ctx.fail("expected " + at + ".device in " + what + " to be a device object"
            + " holding volume_id, got " + (device == null ? "none" : kind(device)), r);
      }
      text(ctx, r, what, device, at + ".device", "volume_id");
      JsonNode config = device.get("mount_config");
      if (config != null && !config.isNull() && !config.isObject()) {
        throw ctx.fail("expected " + at + ".device.mount_config in " + what + " to be a JSON"
            + " object when present, got " + kind(config), r);
      }
    }
    return true;
  }

  /** Fails unless {@code field} of {@code node} is a non-empty string. */
  private static void text(CheckContext ctx, OsbResponse<?> r, String what, JsonNode node,
      String at, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.textValue().isBlank()) {
      throw ctx.fail("expected " + at + "." + field + " in " + what + " to be a non-empty"
          + " string (required by the spec), got " + shown(value), r);
    }
  }

  /** Fails unless {@code field} of {@code node} is one of {@code allowed}. */
  private static void oneOf(CheckContext ctx, OsbResponse<?> r, String what, JsonNode node,
      String at, String field, List<String> allowed) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || !allowed.contains(value.textValue())) {
      throw ctx.fail("expected " + at + "." + field + " in " + what + " to be "
          + (allowed.size() == 1 ? "\"" + allowed.get(0) + "\"" : "one of \""
              + String.join("\", \"", allowed) + "\"") + ", got " + shown(value), r);
    }
  }

  private static String shown(JsonNode value) {
    return value == null ? "none" : CheckContext.abbreviate(value.toString());
  }

  private static String kind(JsonNode value) {
    return value.isObject() ? "an object" : value.isArray() ? "an array"
        : value.isTextual() ? "a string" : value.isNumber() ? "a number"
            : value.isBoolean() ? "a boolean" : "null";
  }
}
