package io.github.osbsdk.broker.testkit.mutants;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;

/** A service binding of the reference broker (guarded by the broker's lock). */
final class Binding {
  final String id;
  final JsonNode request;
  final JsonNode credentials;
  boolean created;
  /** Whether a fetch answered the credentials (the {@link Variant#CREDENTIALS_RETURNED_ONCE}). */
  boolean credentialsFetched;
  Op op;
  final Set<String> pastOps = new HashSet<>();

  Binding(String id, JsonNode request, JsonNode credentials) {
    this.id = id;
    this.request = request;
    this.credentials = credentials;
  }

  boolean running() {
    return op != null && !op.done();
  }
}
