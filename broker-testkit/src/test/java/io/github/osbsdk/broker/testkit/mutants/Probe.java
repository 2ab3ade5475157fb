package io.github.osbsdk.broker.testkit.mutants;

import java.util.Objects;

/**
 * A subtler second variant of a rule's {@link Mutation}: one deliberate deviation of the
 * {@link ReferenceBroker} that probes how thorough the checks of one rule of
 * {@code broker-testkit/RULES.md} are. The mutation test runs only the checks of its rule and
 * expects a failure with that rule id.
 */
enum Probe {
  // The first rounds: second variants of the rules of the first Mutation group.

  /** {@code X-Broker-API-Request-Identity} is echoed on successful answers only. */
  REQUEST_IDENTITY_NOT_ECHOED_ON_ERRORS("request-identity.echo"),
  /** The {@code /bluemix_v1} endpoints are served without credentials. */
  BLUEMIX_WITHOUT_AUTH("auth.required"),
  /** Error bodies carry a numeric {@code description}. */
  ERROR_DESCRIPTION_NOT_STRING("error-body.shape"),
  /** Successful provision answers carry {@code instance_usable}. */
  PROVISION_SUCCESS_INSTANCE_USABLE("provision.no-usable-flags"),
  /** An identical provision while the create runs gets 202 with a new {@code operation}. */
  PROVISION_IDENTICAL_NEW_OPERATION("provision.identical"),
  /** A successful synchronous update answers 200 with a JSON array. */
  UPDATE_BODY_ARRAY("update.ok"),
  /** {@code GET /bluemix_v1/...} of an unknown instance answers 200. */
  BLUEMIX_UNKNOWN_200("bluemix.state"),
  /** The originating identity is checked for {@code <platform> <value>} only, not decoded. */
  ORIGINATING_IDENTITY_PAYLOAD_NOT_DECODED("originating-identity.malformed"),
  /** An identical repeated bind answers 200 with other credentials (a new password). */
  BIND_IDENTICAL_DIFFERENT_CREDENTIALS("bind.identical"),
  /** Deprovision of a missing instance answers 404 instead of 410. */
  DEPROVISION_GONE_404("deprovision.gone"),
  /** Binding ids (not instance ids) are decoded before the path is split. */
  CRN_BINDING_IDS_SPLIT("crn-ids.round-trip"),
  /** A bind on a disabled instance answers 422 but re-enabling does not restore binds. */
  BLUEMIX_ENABLE_NOT_RESTORING("bluemix.disable-enable"),
  /** The catalog lists a plan whose {@code maintenance_info.version} is not SemVer. */
  CATALOG_MAINTENANCE_VERSION_NOT_SEMVER("catalog.valid"),
  /** An unknown {@code service_id} with a known {@code plan_id} is accepted. */
  PROVISION_UNKNOWN_SERVICE_ACCEPTED("provision.unknown-plan"),
  /** Basic credentials are checked by password only; any username is accepted. */
  AUTH_PASSWORD_ONLY("auth.wrong-credentials"),
  /** last_operation compares the raw, still percent-encoded {@code operation} parameter. */
  LAST_OPERATION_RAW_OPERATION("async.operation-round-trip"),
  /** Fetch of an async-created instance answers 404 for a while after last_operation succeeded. */
  FETCH_LAGS_AFTER_SUCCEEDED("fetch-instance.ok"),
  /** A provision without {@code service_id} is accepted (the service is derived from the plan). */
  PROVISION_SERVICE_ID_OPTIONAL("provision.missing-field"),
  /** A deprovision without {@code plan_id} (but with {@code service_id}) is accepted. */
  DEPROVISION_PLAN_ID_OPTIONAL("deprovision.missing-field"),
  /** 410 answers have an empty body. */
  GONE_EMPTY_BODY("error-body.shape"),
  /** A generated value is echoed as {@code X-Broker-API-Request-Identity}, not the one sent. */
  REQUEST_IDENTITY_REPLACED("request-identity.echo"),
  /** The 422 for a concurrent update carries no {@code ConcurrencyError} code. */
  CONCURRENCY_WITHOUT_CODE("concurrency.error"),
  /** Running operations report state {@code in_progress}. */
  LAST_OPERATION_IN_PROGRESS_UNDERSCORE("last-operation.state"),
  /** A synchronous 201 provision answer omits the {@code dashboard_url}. */
  PROVISION_SYNC_NO_DASHBOARD("provision.dashboard-url"),
  /** {@code GET /bluemix_v1/...} answers {@code enabled} and {@code active} as strings. */
  BLUEMIX_STATE_STRINGS("bluemix.state"),
  /** The catalog answers 304 to any {@code If-None-Match}, also a stale or foreign ETag. */
  CATALOG_304_FOR_ANY_ETAG("catalog.etag"),
  /** Binding metadata's {@code expires_at} has no offset ({@code 2030-01-01T00:00:00}). */
  BIND_METADATA_NO_OFFSET("bind.metadata"),
  /**
   * Fetched bindings (only) carry an {@code expires_at} without seconds, which Java's ISO 8601
   * parser (and so the SDK) reads but RFC 3339 does not allow.
   */
  FETCH_BINDING_METADATA_NO_SECONDS("bind.metadata"),

  // Outside review (s36): mistakes of hand-written brokers, as probes of the rule they break.

  /** The catalog lists two plans of one service under the same name. */
  CATALOG_DUPLICATE_PLAN_NAME("catalog.valid"),
  /** A provision with different attributes for an existing id gets 200 ("exists already"). */
  PROVISION_CONFLICT_200("provision.conflict"),
  /** last_operation of a running operation answers 200 {@code {}}, without a {@code state}. */
  LAST_OPERATION_WITHOUT_STATE("last-operation.state"),
  /** last_operation of an asynchronous provision says {@code in progress} forever. */
  ASYNC_PROVISION_STUCK_IN_PROGRESS("async.completes"),

  // Replicas: the reference broker's second base URL is a replica; normally it shares all state.

  /** Each replica computes its catalog ETag from something of its own (here its port). */
  REPLICA_ETAG_PER_PROCESS("replicas.catalog"),
  /** The second replica keeps its own instances: it knows nothing the first accepted. */
  REPLICAS_SHARE_NO_INSTANCES("replicas.instance"),
  /** The second replica keeps its own operations and instances. */
  REPLICAS_SHARE_NO_OPERATIONS("replicas.async-operation"),
  /** The second replica keeps its own bindings and instances. */
  REPLICAS_SHARE_NO_BINDINGS("replicas.binding"),
  /**
   * The second replica answers the fetch of a binding without its credentials (it cannot read
   * them), where the first replica answers them every time.
   */
  REPLICA_FETCH_WITHOUT_CREDENTIALS("replicas.binding"),
  /**
   * The first replica returns a binding's credentials once, with the synchronous bind (which the
   * spec allows); the second, which cannot read them, answers a fetch with credentials it made
   * up, not those the bind returned.
   */
  REPLICA_FETCH_OTHER_CREDENTIALS("replicas.binding"),
  /**
   * Each replica keeps its own {@code /bluemix_v1} enabled state (instances and bindings are
   * shared): a disable on one is not seen, by GET nor by binds, on the other.
   */
  REPLICAS_SHARE_NO_BLUEMIX_STATE("replicas.bluemix"),
  /**
   * The second replica answers an identical repeated bind with credentials it made up, not those
   * the bind returned (its fetches answer the right ones).
   */
  REPLICA_REPEAT_OTHER_CREDENTIALS("replicas.binding"),
  /**
   * A third replica keeps its own state (instances, operations, bindings, {@code bluemix_v1}):
   * the mutation test gives it as a third base URL; the first two share everything.
   */
  THIRD_REPLICA_SHARES_NOTHING("replicas.instance"),
  /**
   * Every bind that accepts incomplete operations is answered 202 (as {@link Variant#ASYNC_BINDS})
   * and no binding carries credentials (as {@link Variant#NO_CREDENTIALS}); the second replica
   * answers an identical bind of a binding whose asynchronous create succeeded with 202 and the
   * bind's operation, as if it still ran (its view of the operation is stale).
   */
  REPLICA_STALE_BIND_OPERATION("replicas.binding"),

  // Declared capabilities: the mutation test runs these with Capabilities.bindingCredentials
  // (true), as a provider whose broker generates binding credentials declares.

  /**
   * A synchronous bind answers 201 without credentials; its fetch and an identical repeat carry
   * them (the broker does generate credentials).
   */
  SYNC_BIND_WITHOUT_CREDENTIALS("bind.created"),

  // Checks weaker than their rule's text (s38): each probes one part of the text the check left
  // out.

  /** The catalog answers a stale {@code If-None-Match} with 200 {@code {}}, not the catalog. */
  CATALOG_STALE_ETAG_EMPTY("catalog.etag"),
  /**
   * The fetch of a binding created synchronously carries a {@code syslog_drain_url} although the
   * service requires no syslog_drain (the bind's answer has none).
   */
  FETCH_BINDING_SYSLOG_UNDECLARED("bind.requires-permissions"),
  /**
   * An identical repeated bind answers with a {@code syslog_drain_url} although the service
   * requires no syslog_drain (the first answer and fetches have none).
   */
  REPEATED_BIND_SYSLOG_UNDECLARED("bind.requires-permissions"),
  /**
   * last_operation of an asynchronous provision answers {@code in progress} at least three
   * times, and every such answer but the first carries {@code instance_usable} (the first and
   * the final answer have none).
   */
  LAST_OPERATION_USABLE_WHILE_RUNNING("last-operation.no-usable-flags"),

  // Checks weaker than their rule's text (s39): each probes one part of the text the check left
  // out.

  /**
   * Every provision that accepts incomplete operations is answered 202, on every plan; the second
   * replica answers an identical provision of an instance whose asynchronous create succeeded
   * with 202 and the create's operation, as if it still ran (it forgot the finished operation).
   */
  REPLICA_STALE_PROVISION_OPERATION("replicas.instance"),
  /**
   * A synchronous bind answers 201 without credentials, and so does the fetch of the binding; an
   * identical repeated bind answers them: two answers for one binding that contradict each other
   * (a broker that generates credentials returns them with the synchronous bind).
   */
  SYNC_BIND_CREDENTIALS_ON_REPEAT_ONLY("bind.identical"),
  /**
   * A bind of an existing binding id is compared by service, plan and {@code bind_resource}
   * only: one that differs in its parameters alone is answered as identical (200), not 409.
   */
  BIND_CONFLICT_IGNORES_PARAMETERS("bind.conflict"),
  /** 409 answers have a plain-text body (every other error body is a JSON object). */
  CONFLICT_BODY_NOT_JSON("error-body.shape"),
  /** 422 answers have a plain-text body (every other error body is a JSON object). */
  UNPROCESSABLE_BODY_NOT_JSON("error-body.shape"),
  /** 422 answers carry an empty {@code description} (every other one is filled in). */
  UNPROCESSABLE_DESCRIPTION_EMPTY("error-body.non-empty"),

  // s39, round 2

  /** A repeated bind is compared by service, plan and parameters only: another app is 200. */
  BIND_CONFLICT_IGNORES_APP("bind.conflict"),
  /** The second replica answers 202 to an identical provision of a finished async-only create. */
  REPLICA_STALE_ASYNC_PLAN_PROVISION("replicas.instance"),
  /** The 200 of an identical repeated provision carries {@code instance_usable}. */
  PROVISION_REPEAT_INSTANCE_USABLE("provision.no-usable-flags"),
  /** The 409 of a conflicting provision carries {@code instance_usable}. */
  PROVISION_CONFLICT_INSTANCE_USABLE("provision.no-usable-flags"),
  /** last_operation of an instance whose id is a CRN answers 404, as if it were unknown. */
  CRN_LAST_OPERATION_UNKNOWN("crn-ids.round-trip"),

  // s40: volume mounts as Variant#VOLUME_MOUNTS (the service requires volume_mount and every
  // binding carries one mount), each with one field broken (Mutation has one without driver).

  /** The volume mount's {@code mode} is {@code x}. */
  VOLUME_MOUNT_MODE_X("bind.volume-mounts"),
  /** The volume mount's {@code device_type} is {@code block}, not {@code shared}. */
  VOLUME_MOUNT_DEVICE_TYPE_OTHER("bind.volume-mounts"),
  /** The volume mount's {@code device} has no {@code volume_id}. */
  VOLUME_MOUNT_WITHOUT_VOLUME_ID("bind.volume-mounts"),

  // s40: error bodies the kit did not ask for

  /** 401 answers have a plain-text body (every other error body is a JSON object). */
  UNAUTHORIZED_BODY_NOT_JSON("error-body.shape"),
  /** 401 answers carry an empty {@code description} (every other one is filled in). */
  UNAUTHORIZED_DESCRIPTION_EMPTY("error-body.non-empty"),
  /**
   * A request with a method the broker does not know gets 501, as a servlet container answers
   * it; 5xx answers have a plain-text body (every other error body is a JSON object).
   */
  SERVER_ERROR_BODY_NOT_JSON("error-body.shape"),

  // s40: steps that ran on a few catalogs only

  /**
   * Every plan of ref-db takes one optional number parameter only ({@code ttl_hours}, 0.5 to 24,
   * no other), and a repeated bind is compared without its parameters: one differing in that
   * number alone is answered as identical (200), not 409.
   */
  BIND_CONFLICT_IGNORES_NUMBER_PARAMETER("bind.conflict"),
  /**
   * As {@link #CRN_LAST_OPERATION_UNKNOWN}, run with no async-only plan declared: the kit tells
   * the asynchronous plan by its {@code maximum_polling_duration}.
   */
  CRN_LAST_OPERATION_UNKNOWN_UNDECLARED("crn-ids.round-trip"),
  /**
   * As {@link #REPLICA_STALE_ASYNC_PLAN_PROVISION}, run with no async-only plan declared: the kit
   * tells the asynchronous plan by its {@code maximum_polling_duration}.
   */
  REPLICA_STALE_UNDECLARED_ASYNC_PLAN("replicas.instance"),

  // s40: endpoints as Variant#ENDPOINTS (every binding carries two endpoints), each with one
  // field broken (Mutation has the empty host).

  /** The first endpoint's {@code ports} are JSON numbers, not strings. */
  ENDPOINT_PORTS_AS_NUMBERS("bind.endpoints"),
  /** The first endpoint's ports hold {@code "0"}. */
  ENDPOINT_PORT_ZERO("bind.endpoints"),
  /** The first endpoint's ports hold {@code "70000"}. */
  ENDPOINT_PORT_ABOVE_65535("bind.endpoints"),
  /** The first endpoint's ports hold the range {@code "10-5"}. */
  ENDPOINT_RANGE_DESCENDING("bind.endpoints"),
  /** The first endpoint's {@code protocol} is {@code sctp}. */
  ENDPOINT_PROTOCOL_SCTP("bind.endpoints"),
  /** The first endpoint's {@code host} is a URL ({@code https://db.ref.example}), no host. */
  ENDPOINT_HOST_URL("bind.endpoints"),

  // s41: paths under /v2/ that no endpoint has

  /**
   * A path under {@code /v2/} that no endpoint has gets a 404 without a body, as a container
   * answers it (the broker's own 404s, e.g. of last_operation, are OSB error bodies).
   */
  UNKNOWN_PATH_EMPTY_BODY("error-body.shape");

  private final String ruleId;

  Probe(String ruleId) {
    this.ruleId = Objects.requireNonNull(ruleId, "ruleId == null");
  }

  /**
   * The rule of {@code RULES.md} whose checks this probe tests.
   *
   * @return the rule id
   */
  String ruleId() {
    return ruleId;
  }
}
