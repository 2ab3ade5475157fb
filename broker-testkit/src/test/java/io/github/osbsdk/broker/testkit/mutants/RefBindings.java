package io.github.osbsdk.broker.testkit.mutants;

import static io.github.osbsdk.broker.testkit.mutants.Mutation.*;
import static io.github.osbsdk.broker.testkit.mutants.Probe.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/** The service-binding endpoints of the reference broker. */
final class RefBindings {
  private final RefState state;
  private final RefRequests req;

  RefBindings(RefState state) {
    this.state = state;
    this.req = new RefRequests(state);
  }

  Reply bind(Call c, String iid, String bid) {
    JsonNode body = req.body(c, false);
    req.context(body);
    JsonNode resource = body.get("bind_resource");
    if (resource != null && !resource.isNull() && !resource.isObject()) {
      throw OsbError.badRequest("bind_resource must be a JSON object.");
    }
    String predecessor = RefRequests.text(body, "predecessor_binding_id");
    boolean rotation = predecessor != null && !state.has(BIND_ROTATION_NOT_SUPPORTED);
    synchronized (state.lock) {
      Instance in = state.settle(iid);
      if (in == null) {
        throw OsbError.notFound("The service instance does not exist.");
      }
      RefRequests.Target t = rotation && !body.hasNonNull("service_id")
          && !body.hasNonNull("plan_id")
          ? new RefRequests.Target(in.serviceId, in.planId,
              state.catalog.plan(in.serviceId, in.planId).orElseThrow())
          : req.target(body, false);
      if (rotation) {
        if (!t.plan().path("binding_rotatable").asBoolean(false)) {
          throw OsbError.badRequest("Bindings of this service plan cannot be rotated.");
        }
        Binding old = state.settleBinding(in, in.bindings.get(predecessor));
        if (old == null || !old.created) {
          throw OsbError.badRequest("The predecessor binding does not exist.");
        }
      }
      if (!state.catalog.bindable(t.serviceId(), t.planId())
          && !state.has(BIND_NOT_BINDABLE_ACCEPTED)) {
        throw OsbError.badRequest("Instances of this service plan cannot be bound.");
      }
      if (!rotation && !state.has(REQUIRES_APP_NOT_ENFORCED)
          && !(resource != null && resource.path("app_guid").isTextual())) {
        throw OsbError.unprocessable("RequiresApp",
            "This service supports generation of credentials through binding an application only.");
      }
      JsonNode params = req.parameters(body, t, "service_binding", "create",
          !state.has(BIND_PARAMETERS_NOT_VALIDATED));
      if (!in.created) {
        throw OsbError.unprocessable("ConcurrencyError", "The instance is being provisioned.");
      }
      if (!state.enabled(in, c) && !state.has(BLUEMIX_DISABLE_NOT_ENFORCED)) {
        throw OsbError.unprocessable(null,
            "The service instance is disabled; it cannot be bound until it is enabled again.");
      }
      ObjectNode fingerprint = state.object().put("service_id", t.serviceId())
          .put("plan_id", t.planId());
      fingerprint.set("parameters", params);
      fingerprint.set("bind_resource", resource == null ? state.object() : resource);
      Binding b = state.settleBinding(in, in.bindings.get(bid));
      if (b != null) {
        boolean identical = state.has(BIND_CONFLICT_IGNORES_PARAMETERS)
            || state.has(BIND_CONFLICT_IGNORES_NUMBER_PARAMETER)
            ? without(b.request, "parameters").equals(without(fingerprint, "parameters"))
            : state.has(BIND_CONFLICT_IGNORES_APP)
            ? without(b.request, "bind_resource").equals(without(fingerprint, "bind_resource"))
            : b.request.equals(fingerprint);
        boolean stale = c.replica && state.has(REPLICA_STALE_BIND_OPERATION) && b.op != null;
        if (identical && (!b.created || stale)) {
          return Reply.json(202, state.object().put("operation", b.op.id()));
        }
        if (identical) {
          int status = state.has(BIND_IDENTICAL_201) ? 201 : 200;
          boolean once = state.mutations.has(Variant.CREDENTIALS_RETURNED_ONCE);
          ObjectNode r = credentialsBody(b, false, once);
          if (state.has(BIND_IDENTICAL_DIFFERENT_CREDENTIALS)) {
            r.set("credentials", ((ObjectNode) b.credentials.deepCopy())
                .put("password", UUID.randomUUID().toString()));
          }
          if (state.has(REPEATED_BIND_SYSLOG_UNDECLARED)) {
            r.put("syslog_drain_url", "syslog://127.0.0.1:514");
          }
          if (c.replica && state.has(REPLICA_REPEAT_OTHER_CREDENTIALS)) {
            r.putObject("credentials").put("password", "made-up-by-the-second-replica");
          }
          return Reply.json(status, r);
        }
        if (!state.has(BIND_CONFLICT_201)) {
          throw new OsbError(409, null,
              "A service binding with this id exists already with different attributes.");
        }
      }
      in.unbound.remove(bid);
      ObjectNode creds = state.object().put("uri", "ref://127.0.0.1/" + UUID.randomUUID())
          .put("username", "user-" + UUID.randomUUID().toString().substring(0, 8))
          .put("password", UUID.randomUUID().toString());
      b = new Binding(bid, fingerprint, creds);
      in.bindings.put(bid, b);
      in.lastActive = System.currentTimeMillis();
      boolean asyncBind = RefCatalog.asyncOnly(in.planId)
          || (state.mutations.has(Variant.ASYNC_BINDS) || state.has(REPLICA_STALE_BIND_OPERATION))
          && c.acceptsIncomplete();
      if (asyncBind && (c.acceptsIncomplete() || state.has(BIND_IGNORES_ACCEPTS_INCOMPLETE))) {
        b.op = state.newOp(Op.Kind.BIND, fingerprint);
        ObjectNode r = state.object().put("operation", b.op.id());
        if (state.has(BIND_ASYNC_WITH_CREDENTIALS)) {
          r.set("credentials", creds);
        }
        return Reply.json(202, r);
      }
      b.created = true;
      return Reply.json(state.has(BIND_NEW_200) ? 200 : 201, credentialsBody(b, false,
          state.has(SYNC_BIND_WITHOUT_CREDENTIALS)
              || state.has(SYNC_BIND_CREDENTIALS_ON_REPEAT_ONLY)));
    }
  }

  private static JsonNode without(JsonNode fingerprint, String field) {
    ObjectNode copy = ((ObjectNode) fingerprint).deepCopy();
    copy.remove(field);
    return copy;
  }

  private ObjectNode credentialsBody(Binding b, boolean fetch, boolean withoutCredentials) {
    ObjectNode r = state.object();
    if (!withoutCredentials && !state.mutations.has(Variant.NO_CREDENTIALS)
        && !state.has(REPLICA_STALE_BIND_OPERATION)) {
      r.set("credentials", b.credentials);
    }
    // renewed half an hour before it expires: later as text, earlier as a time (offsets differ)
    ObjectNode metadata = r.putObject("metadata").put("expires_at", "2030-01-01T00:00:00Z")
        .put("renew_before", "2030-01-01T00:30:00+01:00");
    if (state.has(BIND_METADATA_RENEW_AFTER_EXPIRY)) {
      metadata.put("renew_before", "2030-01-01T00:00:01Z");
    }
    if (state.has(BIND_METADATA_NO_OFFSET)) {
      metadata.put("expires_at", "2030-01-01T00:00:00");
    }
    if (fetch && state.has(FETCH_BINDING_METADATA_NO_SECONDS)) {
      metadata.put("expires_at", "2030-01-01T00:00Z");
    }
    if (state.has(BIND_SYSLOG_UNDECLARED)
        || fetch && b.op == null && state.has(FETCH_BINDING_SYSLOG_UNDECLARED)) {
      r.put("syslog_drain_url", "syslog://127.0.0.1:514");
    }
    if (state.mutations.volumeMounts()) {
      volumeMount(r.putArray("volume_mounts").addObject());
    }
    if (state.mutations.endpoints()) {
      endpoints(r.putArray("endpoints"));
    }
    return r;
  }

  /** The endpoints of a binding: a correct pair, or one whose first endpoint is broken. */
  private void endpoints(ArrayNode endpoints) {
    if (state.mutations.has(Variant.EMPTY_ENDPOINTS)) {
      return;
    }
    if (state.mutations.has(Variant.ENDPOINT_PORTS_WITH_LEADING_ZEROS)) {
      endpoints.addObject().put("host", "db.ref.example").putArray("ports").add("0443")
          .add("0000009000-09010");
      return;
    }
    ObjectNode first = endpoints.addObject()
        .put("host", state.has(ENDPOINT_EMPTY_HOST) ? ""
            : state.has(ENDPOINT_HOST_URL) ? "https://db.ref.example" : "db.ref.example");
    ArrayNode ports = first.putArray("ports");
    if (state.has(ENDPOINT_PORTS_AS_NUMBERS)) {
      ports.add(443).add(5432);
    } else {
      ports.add("443").add(state.has(ENDPOINT_PORT_ZERO) ? "0"
          : state.has(ENDPOINT_PORT_ABOVE_65535) ? "70000"
              : state.has(ENDPOINT_RANGE_DESCENDING) ? "10-5" : "9000-9010");
    }
    first.put("protocol", state.has(ENDPOINT_PROTOCOL_SCTP) ? "sctp" : "tcp");
    endpoints.addObject().put("host", "10.0.0.7").putArray("ports")
        .add("1").add("65535").add("8080-8080");
    // an IPv6 address is a host too: its colons are no port
    endpoints.addObject().put("host", "fd00::7").putArray("ports").add("5432");
  }

  /** One volume mount of a binding: a shared device with a mount_config, or a broken one. */
  private void volumeMount(ObjectNode mount) {
    if (!state.has(VOLUME_MOUNT_WITHOUT_DRIVER)) {
      mount.put("driver", "refdriver");
    }
    mount.put("container_dir", "/var/vcap/data/ref")
        .put("mode", state.has(VOLUME_MOUNT_MODE_X) ? "x" : "rw")
        .put("device_type", state.has(VOLUME_MOUNT_DEVICE_TYPE_OTHER) ? "block" : "shared");
    ObjectNode device = mount.putObject("device");
    if (!state.has(VOLUME_MOUNT_WITHOUT_VOLUME_ID)) {
      device.put("volume_id", "ref-volume-1");
    }
    device.putObject("mount_config").put("uid", "1000").put("password", "share-secret");
  }

  Reply fetch(Call c, String iid, String bid) {
    synchronized (state.lock) {
      Instance in = state.settle(iid);
      Binding b = in == null ? null : state.settleBinding(in, in.bindings.get(bid));
      if (b == null) {
        if (state.has(FETCH_BINDING_UNKNOWN_200)) {
          return Reply.json(200, state.object());
        }
        throw OsbError.notFound("The service binding does not exist.");
      }
      if (!b.created) {
        throw OsbError.notFound("The service binding is still being created.");
      }
      // a binding created synchronously has its op still null (an unbind would have removed it);
      // one created asynchronously gets its credentials with its first fetch only
      boolean once = (state.mutations.has(Variant.CREDENTIALS_RETURNED_ONCE)
          || state.has(REPLICA_FETCH_OTHER_CREDENTIALS))
          && (b.op == null || b.credentialsFetched);
      // ... and one created asynchronously has its op (of the bind, or of a later unbind)
      boolean lost = (state.has(FETCH_ASYNC_BINDING_WITHOUT_CREDENTIALS) && b.op != null)
          || (state.has(SYNC_BIND_CREDENTIALS_ON_REPEAT_ONLY) && b.op == null);
      boolean unreadable = c.replica && state.has(REPLICA_FETCH_WITHOUT_CREDENTIALS);
      ObjectNode r = credentialsBody(b, true, once || lost || unreadable);
      if (c.replica && state.has(REPLICA_FETCH_OTHER_CREDENTIALS)) {
        r.putObject("credentials").put("password", "made-up-by-the-second-replica");
      }
      b.credentialsFetched |= r.has("credentials");
      r.set("parameters", b.request.get("parameters"));
      return Reply.json(200, r);
    }
  }

  Reply unbind(Call c, String iid, String bid) {
    req.deleteQuery(c, false);
    if (state.has(UNBIND_UNKNOWN_PLAN_400)) {
      req.knownIds(c);
    }
    synchronized (state.lock) {
      Instance in = state.settle(iid);
      Binding b = in == null ? null : state.settleBinding(in, in.bindings.get(bid));
      if (b == null) {
        if (state.has(UNBIND_GONE_200)) {
          return Reply.json(200, state.object());
        }
        throw OsbError.gone("The service binding does not exist.");
      }
      req.deleteTarget(c, in.serviceId, in.planId, state.has(UNBIND_OTHER_SERVICE_ACCEPTED));
      if (b.running() && b.op.kind() == Op.Kind.UNBIND) {
        return Reply.json(202, state.object().put("operation", b.op.id()));
      }
      if (RefCatalog.asyncOnly(in.planId)
          && (c.acceptsIncomplete() || state.has(UNBIND_IGNORES_ACCEPTS_INCOMPLETE))) {
        if (b.op != null) {
          b.pastOps.add(b.op.id());
        }
        b.op = state.newOp(Op.Kind.UNBIND, state.object());
        return Reply.json(202, state.object().put("operation", b.op.id()));
      }
      in.bindings.remove(bid);
      return state.has(UNBIND_NO_BODY) ? Reply.empty(204) : Reply.json(200, state.object());
    }
  }

  Reply lastOperation(Call c, String iid, String bid) {
    String operation = c.operation(state.mutations);
    if (operation != null && state.has(LAST_OPERATION_REJECTS_OPERATION)) {
      throw OsbError.badRequest("Unexpected query parameter 'operation'.");
    }
    synchronized (state.lock) {
      Instance in = state.settle(iid);
      if (in == null) {
        throw OsbError.notFound("The service instance does not exist.");
      }
      Binding b = state.settleBinding(in, in.bindings.get(bid));
      if (b == null) {
        if (in.unbound.containsKey(bid)) {
          throw OsbError.gone("The service binding has been deleted.");
        }
        if (state.has(LAST_OPERATION_UNKNOWN_BINDING_200)) {
          return Reply.json(200, state.object().put("state", "succeeded"));
        }
        throw OsbError.notFound("The service binding does not exist.");
      }
      if (operation != null && (b.op == null || !operation.equals(b.op.id()))) {
        if (!b.pastOps.contains(operation)) {
          throw OsbError.badRequest("Unknown operation for this service binding.");
        }
        return state.lastOperation(null, false);
      }
      return state.lastOperation(b.op, false);
    }
  }
}
