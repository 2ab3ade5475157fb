package io.github.osbsdk.broker.testkit.mutants;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** IBM Cloud's {@code /bluemix_v1/service_instances/:id} endpoints of the reference broker. */
final class RefBluemix {
  private final RefState state;

  RefBluemix(RefState state) {
    this.state = state;
  }

  Reply get(Call c, String iid) {
    synchronized (state.lock) {
      if (state.has(Probe.BLUEMIX_UNKNOWN_200) && state.settle(iid) == null) {
        return Reply.json(200, state.object().put("enabled", true).put("active", true)
            .put("last_active", System.currentTimeMillis()));
      }
      Instance in = find(iid);
      return Reply.json(200, state(in, state.enabled(in, c)));
    }
  }

  Reply put(Call c, String iid) {
    JsonNode body = c.jsonObject(state.mapper, false);
    JsonNode enabled = body.get("enabled");
    if (enabled == null || !enabled.isBoolean()) {
      throw OsbError.badRequest("enabled (boolean) is required.");
    }
    for (String f : new String[] {"initiator_id", "reason_code"}) {
      RefRequests.text(body, f);
    }
    synchronized (state.lock) {
      Instance in = find(iid);
      if (!(state.has(Probe.BLUEMIX_ENABLE_NOT_RESTORING) && enabled.asBoolean())) {
        state.enabled(in, c, enabled.asBoolean());
      }
      if (state.enabled(in, c)) {
        in.lastActive = System.currentTimeMillis();
      }
      return Reply.json(200, state(in, state.enabled(in, c)));
    }
  }

  private Instance find(String iid) {
    Instance in = state.settle(iid);
    if (in == null || !in.created) {
      throw OsbError.notFound("The service instance does not exist.");
    }
    return in;
  }

  private ObjectNode state(Instance in, boolean enabled) {
    ObjectNode r = state.has(Probe.BLUEMIX_STATE_STRINGS)
        ? state.object().put("enabled", String.valueOf(enabled))
            .put("active", String.valueOf(enabled))
        : state.object().put("enabled", enabled).put("active", enabled);
    if (!state.has(Mutation.BLUEMIX_STATE_INCOMPLETE)) {
      r.put("last_active", in.lastActive);
    }
    return r;
  }
}
