package io.github.osbsdk.broker.testkit.fake;

import java.util.List;
import java.util.Map;

/** A service binding of the fake (guarded by the fake's lock). */
final class FakeBinding extends FakeResource {
  final String id;
  /** Service id, plan id, parameters and app guid of the request that created it. */
  final List<Object> fingerprint;
  final Map<String, Object> parameters;
  final Map<String, Object> credentials;

  FakeBinding(String id, List<Object> fingerprint, Map<String, Object> parameters,
      Map<String, Object> credentials) {
    this.id = id;
    this.fingerprint = fingerprint;
    this.parameters = parameters;
    this.credentials = credentials;
  }
}
