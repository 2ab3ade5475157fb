package io.github.osbsdk.broker.testkit.mutants;

import java.util.Objects;

/**
 * One deliberate deviation of the {@link ReferenceBroker} from correct OSB 2.17 / IBM Cloud
 * behaviour. Each value breaks exactly one rule of {@code broker-testkit/RULES.md}; the mutation
 * test expects the conformance suite to report a failure with that rule id. Values without a rule
 * are mistakes no rule checks yet: the mutation test expects the suite to fail them somehow.
 */
enum Mutation {
  /** A request without {@code X-Broker-API-Version} is served. */
  VERSION_MISSING_ACCEPTED("version.missing"),
  /** Any version header value is served (e.g. {@code 1.0}, {@code 3.0}). */
  VERSION_UNSUPPORTED_ACCEPTED("version.unsupported"),
  /** {@code X-Broker-API-Request-Identity} is not echoed. */
  NO_REQUEST_IDENTITY_ECHO("request-identity.echo"),
  /** A malformed {@code X-Broker-API-Originating-Identity} is ignored. */
  ORIGINATING_IDENTITY_NOT_VALIDATED("originating-identity.malformed"),
  /** Requests without an {@code Authorization} header are served (wrong ones still get 401). */
  ANONYMOUS_ACCESS("auth.required"),
  /** Any basic credentials are accepted (missing ones still get 401). */
  WRONG_CREDENTIALS_ACCEPTED("auth.wrong-credentials"),
  /**
   * Routing drops matrix parameters (as JAX-RS does) but authentication looks at the raw first
   * segment, so {@code /v2;x=y/catalog} is served without credentials.
   */
  MATRIX_PATH_SKIPS_AUTH("auth.path-variants"),
  /** The catalog answers 200 with a non-JSON content type and body. */
  CATALOG_NOT_JSON("catalog.status"),
  /** The catalog lists two plans with the same id. */
  CATALOG_DUPLICATE_PLAN_ID("catalog.valid"),
  /** The catalog sends an {@code ETag} but ignores {@code If-None-Match}. */
  CATALOG_ETAG_IGNORED("catalog.etag"),
  /** Error bodies are plain text instead of a JSON object. */
  ERROR_BODY_NOT_JSON("error-body.shape"),
  /** A new instance gets 200 instead of 201. */
  PROVISION_NEW_200("provision.created"),
  /** An identical repeated (sync, finished) provision gets 201 instead of 200. */
  PROVISION_IDENTICAL_201("provision.identical"),
  /** A provision with different attributes for an existing id gets 201 instead of 409. */
  PROVISION_CONFLICT_201("provision.conflict"),
  /** A provision without {@code service_id} / {@code plan_id} is accepted (defaults used). */
  PROVISION_MISSING_FIELD_ACCEPTED("provision.missing-field"),
  /** An unknown {@code plan_id} / {@code service_id} is accepted. */
  PROVISION_UNKNOWN_PLAN_ACCEPTED("provision.unknown-plan"),
  /** A plan of another service is accepted. */
  PROVISION_PLAN_OF_OTHER_SERVICE_ACCEPTED("provision.plan-of-other-service"),
  /** The content type is not checked and unparsable JSON crashes the broker (500). */
  PROVISION_MALFORMED_BODY_500("provision.malformed-body"),
  /** Parameters are not validated against the plan's schema. */
  PROVISION_PARAMETERS_NOT_VALIDATED("provision.invalid-parameters"),
  /** The async-only plan is provisioned synchronously without {@code accepts_incomplete}. */
  PROVISION_ASYNC_REQUIRED_IGNORED("provision.async-required"),
  /** A mismatching {@code maintenance_info.version} is accepted. */
  PROVISION_MAINTENANCE_INFO_IGNORED("provision.maintenance-info-conflict"),
  /** A 202 provision answer omits the {@code dashboard_url} that later answers carry. */
  PROVISION_DASHBOARD_URL_LATE("provision.dashboard-url"),
  /** Provision error bodies carry {@code instance_usable}. */
  PROVISION_ERROR_INSTANCE_USABLE("provision.no-usable-flags"),
  /** last_operation answers 400 whenever the {@code operation} parameter is sent. */
  LAST_OPERATION_REJECTS_OPERATION("async.operation-round-trip"),
  /** Asynchronous operations end in {@code failed}. */
  ASYNC_OPERATIONS_FAIL("async.completes"),
  /** last_operation reports {@code done} instead of {@code succeeded}. */
  LAST_OPERATION_STATE_DONE("last-operation.state"),
  /** last_operation of an unknown instance answers 200 {@code succeeded}. */
  LAST_OPERATION_UNKNOWN_200("last-operation.not-found"),
  /** After an async deprovision finished, last_operation reports the delete as {@code failed}. */
  LAST_OPERATION_LOST_AFTER_DELETE("last-operation.gone-after-delete"),
  /** Fetch of an instance always reports the catalog's first plan as its {@code plan_id}. */
  FETCH_INSTANCE_WRONG_PLAN("fetch-instance.ok"),
  /** Fetch of an unknown instance answers 200. */
  FETCH_INSTANCE_UNKNOWN_200("fetch-instance.not-found"),
  /** A successful synchronous update answers 204 without a body. */
  UPDATE_NO_BODY("update.ok"),
  /** A plan change on a non-updateable plan is accepted. */
  UPDATE_NOT_UPDATEABLE_ACCEPTED("update.not-updateable"),
  /** An update to an unknown plan is accepted. */
  UPDATE_UNKNOWN_PLAN_ACCEPTED("update.unknown-plan"),
  /** A successful synchronous deprovision answers 204 without a body. */
  DEPROVISION_NO_BODY("deprovision.ok"),
  /** Deprovision of a missing instance answers 200 instead of 410. */
  DEPROVISION_GONE_200("deprovision.gone"),
  /** Deprovision without {@code service_id} / {@code plan_id} is accepted. */
  DEPROVISION_MISSING_FIELD_ACCEPTED("deprovision.missing-field"),
  /** A new binding gets 200 instead of 201. */
  BIND_NEW_200("bind.created"),
  /** An identical repeated bind gets 201 instead of 200. */
  BIND_IDENTICAL_201("bind.identical"),
  /** A bind with different parameters for an existing binding id gets 201 instead of 409. */
  BIND_CONFLICT_201("bind.conflict"),
  /** A 202 bind answer carries credentials. */
  BIND_ASYNC_WITH_CREDENTIALS("bind.async-no-credentials"),
  /** A bind on a non-bindable plan is accepted. */
  BIND_NOT_BINDABLE_ACCEPTED("bind.not-bindable"),
  /** A bind without {@code bind_resource.app_guid} is accepted although the broker needs one. */
  REQUIRES_APP_NOT_ENFORCED("bind.requires-app"),
  /** {@code predecessor_binding_id} is ignored: a rotation without service/plan ids gets 400. */
  BIND_ROTATION_NOT_SUPPORTED("bind.rotation"),
  /**
   * Fetch of a binding created asynchronously answers without its credentials, so the platform
   * never gets them (its 202 carried none).
   */
  FETCH_ASYNC_BINDING_WITHOUT_CREDENTIALS("fetch-binding.ok"),
  /** Fetch of an unknown binding answers 200. */
  FETCH_BINDING_UNKNOWN_200("fetch-binding.not-found"),
  /** A successful synchronous unbind answers 204 without a body. */
  UNBIND_NO_BODY("unbind.ok"),
  /** Unbind of a missing binding answers 200 instead of 410. */
  UNBIND_GONE_200("unbind.gone"),
  /** An update while the provision is still running is accepted (202) instead of 422. */
  CONCURRENT_UPDATE_ACCEPTED("concurrency.error"),
  /** Ids are decoded before the path is split, so an encoded {@code /} in a CRN splits it. */
  CRN_IDS_SPLIT_ON_ENCODED_SLASH("crn-ids.round-trip"),
  /** {@code GET /bluemix_v1/...} answers without {@code last_active}. */
  BLUEMIX_STATE_INCOMPLETE("bluemix.state"),
  /** A disabled instance still accepts binds. */
  BLUEMIX_DISABLE_NOT_ENFORCED("bluemix.disable-enable"),
  /** Fetch of an instance whose asynchronous create still runs answers 200 with its details. */
  FETCH_INSTANCE_WHILE_PROVISIONING_200("fetch-instance.while-provisioning"),
  /** Binding last_operation of an unknown binding answers 200 {@code succeeded}. */
  LAST_OPERATION_UNKNOWN_BINDING_200("last-operation.binding-not-found"),
  /** Update parameters are not validated against the plan's update schema. */
  UPDATE_PARAMETERS_NOT_VALIDATED("update.invalid-parameters"),
  /** Bind parameters are not validated against the plan's binding schema. */
  BIND_PARAMETERS_NOT_VALIDATED("bind.invalid-parameters"),
  /** A deprovision of the async-only plan without accepts_incomplete starts a delete: 202. */
  DEPROVISION_ASYNC_REQUIRED_IGNORED("deprovision.async-required"),
  /** A deprovision naming another service (and one of its plans) deletes the instance: 200. */
  DEPROVISION_OTHER_SERVICE_ACCEPTED("deprovision.other-service"),
  /** An unbind naming another service (and one of its plans) deletes the binding: 200. */
  UNBIND_OTHER_SERVICE_ACCEPTED("unbind.other-service"),
  /** Deprovision checks its ids against the catalog first: unknown instance, unknown plan, 400. */
  DEPROVISION_UNKNOWN_PLAN_400("deprovision.gone-unknown-plan"),
  /** Unbind checks its ids against the catalog first: unknown binding, unknown plan, 400. */
  UNBIND_UNKNOWN_PLAN_400("unbind.gone-unknown-plan"),
  /** Floating-point numbers are read as doubles: 1e999999 and 2e999999 are both Infinity. */
  NUMBER_READ_AS_INFINITY("provision.number-out-of-range"),
  /** Error bodies carry an empty {@code description}. */
  ERROR_DESCRIPTION_EMPTY("error-body.non-empty"),
  /** A repeated provision is compared with the creating request, not the instance as it is. */
  PROVISION_IDENTICAL_COMPARES_CREATE("provision.identical-after-update"),
  /** last_operation of a finished asynchronous provision carries {@code instance_usable}. */
  LAST_OPERATION_PROVISION_USABLE("last-operation.no-usable-flags"),
  /** Bindings carry a {@code syslog_drain_url} although the service requires no syslog_drain. */
  BIND_SYSLOG_UNDECLARED("bind.requires-permissions"),
  /**
   * Binding metadata names a {@code renew_before} after its {@code expires_at} (the SDK's
   * {@code BindingMetadata} refuses it, so the kit's typed bind body is null).
   */
  BIND_METADATA_RENEW_AFTER_EXPIRY("bind.metadata"),

  // Probes: subtler second variants of some rules, probing how thorough each check is. The
  // mutation test runs only the checks of their rule (the ones above run the whole suite).

  /** {@code X-Broker-API-Request-Identity} is echoed on successful answers only. */
  REQUEST_IDENTITY_NOT_ECHOED_ON_ERRORS("request-identity.echo", true),
  /** The {@code /bluemix_v1} endpoints are served without credentials. */
  BLUEMIX_WITHOUT_AUTH("auth.required", true),
  /** Error bodies carry a numeric {@code description}. */
  ERROR_DESCRIPTION_NOT_STRING("error-body.shape", true),
  /** Successful provision answers carry {@code instance_usable}. */
  PROVISION_SUCCESS_INSTANCE_USABLE("provision.no-usable-flags", true),
  /** An identical provision while the create runs gets 202 with a new {@code operation}. */
  PROVISION_IDENTICAL_NEW_OPERATION("provision.identical", true),
  /** A successful synchronous update answers 200 with a JSON array. */
  UPDATE_BODY_ARRAY("update.ok", true),
  /** {@code GET /bluemix_v1/...} of an unknown instance answers 200. */
  BLUEMIX_UNKNOWN_200("bluemix.state", true),
  /** The originating identity is checked for {@code <platform> <value>} only, not decoded. */
  ORIGINATING_IDENTITY_PAYLOAD_NOT_DECODED("originating-identity.malformed", true),
  /** An identical repeated bind answers 200 with other credentials (a new password). */
  BIND_IDENTICAL_DIFFERENT_CREDENTIALS("bind.identical", true),
  /** Deprovision of a missing instance answers 404 instead of 410. */
  DEPROVISION_GONE_404("deprovision.gone", true),
  /** Binding ids (not instance ids) are decoded before the path is split. */
  CRN_BINDING_IDS_SPLIT("crn-ids.round-trip", true),
  /** A bind on a disabled instance answers 422 but re-enabling does not restore binds. */
  BLUEMIX_ENABLE_NOT_RESTORING("bluemix.disable-enable", true),
  /** The catalog lists a plan whose {@code maintenance_info.version} is not SemVer. */
  CATALOG_MAINTENANCE_VERSION_NOT_SEMVER("catalog.valid", true),
  /** An unknown {@code service_id} with a known {@code plan_id} is accepted. */
  PROVISION_UNKNOWN_SERVICE_ACCEPTED("provision.unknown-plan", true),
  /** Basic credentials are checked by password only; any username is accepted. */
  AUTH_PASSWORD_ONLY("auth.wrong-credentials", true),
  /** last_operation compares the raw, still percent-encoded {@code operation} parameter. */
  LAST_OPERATION_RAW_OPERATION("async.operation-round-trip", true),
  /** Fetch of an async-created instance answers 404 for a while after last_operation succeeded. */
  FETCH_LAGS_AFTER_SUCCEEDED("fetch-instance.ok", true),
  /** A provision without {@code service_id} is accepted (the service is derived from the plan). */
  PROVISION_SERVICE_ID_OPTIONAL("provision.missing-field", true),
  /** A deprovision without {@code plan_id} (but with {@code service_id}) is accepted. */
  DEPROVISION_PLAN_ID_OPTIONAL("deprovision.missing-field", true),
  /** 410 answers have an empty body. */
  GONE_EMPTY_BODY("error-body.shape", true),
  /** A generated value is echoed as {@code X-Broker-API-Request-Identity}, not the one sent. */
  REQUEST_IDENTITY_REPLACED("request-identity.echo", true),
  /** The 422 for a concurrent update carries no {@code ConcurrencyError} code. */
  CONCURRENCY_WITHOUT_CODE("concurrency.error", true),
  /** Running operations report state {@code in_progress}. */
  LAST_OPERATION_IN_PROGRESS_UNDERSCORE("last-operation.state", true),
  /** A synchronous 201 provision answer omits the {@code dashboard_url}. */
  PROVISION_SYNC_NO_DASHBOARD("provision.dashboard-url", true),
  /** {@code GET /bluemix_v1/...} answers {@code enabled} and {@code active} as strings. */
  BLUEMIX_STATE_STRINGS("bluemix.state", true),
  /** The catalog answers 304 to any {@code If-None-Match}, also a stale or foreign ETag. */
  CATALOG_304_FOR_ANY_ETAG("catalog.etag", true),
  /** Binding metadata's {@code expires_at} has no offset ({@code 2030-01-01T00:00:00}). */
  BIND_METADATA_NO_OFFSET("bind.metadata", true),
  /**
   * Fetched bindings (only) carry an {@code expires_at} without seconds, which Java's ISO 8601
   * parser (and so the SDK) reads but RFC 3339 does not allow.
   */
  FETCH_BINDING_METADATA_NO_SECONDS("bind.metadata", true),

  // Outside review (s36): mistakes of hand-written brokers, as probes of the rule they break.

  /** The catalog lists two plans of one service under the same name. */
  CATALOG_DUPLICATE_PLAN_NAME("catalog.valid", true),
  /** A provision with different attributes for an existing id gets 200 ("exists already"). */
  PROVISION_CONFLICT_200("provision.conflict", true),
  /** last_operation of a running operation answers 200 {@code {}}, without a {@code state}. */
  LAST_OPERATION_WITHOUT_STATE("last-operation.state", true),
  /** last_operation of an asynchronous provision says {@code in progress} forever. */
  ASYNC_PROVISION_STUCK_IN_PROGRESS("async.completes", true),

  // Outside review (s36): mistakes the suite missed until a rule was added for them. They run
  // the whole suite, as the mutations of the first group do.

  /**
   * An update of the async-only plan without {@code accepts_incomplete=true} starts an
   * asynchronous update: 202 (the spec demands 422 {@code AsyncRequired}).
   */
  UPDATE_IGNORES_ACCEPTS_INCOMPLETE("update.async-required"),
  /**
   * A bind on an instance of the async-only plan without {@code accepts_incomplete=true} starts
   * an asynchronous bind: 202 (the correct broker binds it synchronously).
   */
  BIND_IGNORES_ACCEPTS_INCOMPLETE("bind.async-required"),
  /**
   * An unbind of a binding of the async-only plan without {@code accepts_incomplete=true} starts
   * an asynchronous unbind: 202 (the correct broker unbinds it synchronously).
   */
  UNBIND_IGNORES_ACCEPTS_INCOMPLETE("unbind.async-required"),

  // Replicas: the reference broker's second base URL is a replica; normally it shares all state.

  /** Each replica computes its catalog ETag from something of its own (here its port). */
  REPLICA_ETAG_PER_PROCESS("replicas.catalog", true),
  /** The second replica keeps its own instances: it knows nothing the first accepted. */
  REPLICAS_SHARE_NO_INSTANCES("replicas.instance", true),
  /** The second replica keeps its own operations and instances. */
  REPLICAS_SHARE_NO_OPERATIONS("replicas.async-operation", true),
  /** The second replica keeps its own bindings and instances. */
  REPLICAS_SHARE_NO_BINDINGS("replicas.binding", true),
  /**
   * The second replica answers the fetch of a binding without its credentials (it cannot read
   * them), where the first replica answers them every time.
   */
  REPLICA_FETCH_WITHOUT_CREDENTIALS("replicas.binding", true),
  /**
   * The first replica returns a binding's credentials once, with the synchronous bind (which the
   * spec allows); the second, which cannot read them, answers a fetch with credentials it made
   * up, not those the bind returned.
   */
  REPLICA_FETCH_OTHER_CREDENTIALS("replicas.binding", true),
  /**
   * Each replica keeps its own {@code /bluemix_v1} enabled state (instances and bindings are
   * shared): a disable on one is not seen, by GET nor by binds, on the other.
   */
  REPLICAS_SHARE_NO_BLUEMIX_STATE("replicas.bluemix", true),
  /**
   * The second replica answers an identical repeated bind with credentials it made up, not those
   * the bind returned (its fetches answer the right ones).
   */
  REPLICA_REPEAT_OTHER_CREDENTIALS("replicas.binding", true),
  /**
   * A third replica keeps its own state (instances, operations, bindings, {@code bluemix_v1}):
   * the mutation test gives it as a third base URL; the first two share everything.
   */
  THIRD_REPLICA_SHARES_NOTHING("replicas.instance", true),
  /**
   * Every bind that accepts incomplete operations is answered 202 (as {@link Variant#ASYNC_BINDS})
   * and no binding carries credentials (as {@link Variant#NO_CREDENTIALS}); the second replica
   * answers an identical bind of a binding whose asynchronous create succeeded with 202 and the
   * bind's operation, as if it still ran (its view of the operation is stale).
   */
  REPLICA_STALE_BIND_OPERATION("replicas.binding", true),

  // Declared capabilities: the mutation test runs these with Capabilities.bindingCredentials
  // (true), as a provider whose broker generates binding credentials declares.

  /**
   * A synchronous bind answers 201 without credentials; its fetch and an identical repeat carry
   * them (the broker does generate credentials).
   */
  SYNC_BIND_WITHOUT_CREDENTIALS("bind.created", true),

  // Checks weaker than their rule's text (s38): each probes one part of the text the check left
  // out.

  /** The catalog answers a stale {@code If-None-Match} with 200 {@code {}}, not the catalog. */
  CATALOG_STALE_ETAG_EMPTY("catalog.etag", true),
  /**
   * The fetch of a binding created synchronously carries a {@code syslog_drain_url} although the
   * service requires no syslog_drain (the bind's answer has none).
   */
  FETCH_BINDING_SYSLOG_UNDECLARED("bind.requires-permissions", true),
  /**
   * An identical repeated bind answers with a {@code syslog_drain_url} although the service
   * requires no syslog_drain (the first answer and fetches have none).
   */
  REPEATED_BIND_SYSLOG_UNDECLARED("bind.requires-permissions", true),
  /**
   * last_operation of an asynchronous provision answers {@code in progress} at least three
   * times, and every such answer but the first carries {@code instance_usable} (the first and
   * the final answer have none).
   */
  LAST_OPERATION_USABLE_WHILE_RUNNING("last-operation.no-usable-flags", true),

  // Checks weaker than their rule's text (s39): each probes one part of the text the check left
  // out.

  /**
   * Every provision that accepts incomplete operations is answered 202, on every plan; the second
   * replica answers an identical provision of an instance whose asynchronous create succeeded
   * with 202 and the create's operation, as if it still ran (it forgot the finished operation).
   */
  REPLICA_STALE_PROVISION_OPERATION("replicas.instance", true),
  /**
   * A synchronous bind answers 201 without credentials, and so does the fetch of the binding; an
   * identical repeated bind answers them: two answers for one binding that contradict each other
   * (a broker that generates credentials returns them with the synchronous bind).
   */
  SYNC_BIND_CREDENTIALS_ON_REPEAT_ONLY("bind.identical", true),
  /**
   * A bind of an existing binding id is compared by service, plan and {@code bind_resource}
   * only: one that differs in its parameters alone is answered as identical (200), not 409.
   */
  BIND_CONFLICT_IGNORES_PARAMETERS("bind.conflict", true),
  /** 409 answers have a plain-text body (every other error body is a JSON object). */
  CONFLICT_BODY_NOT_JSON("error-body.shape", true),
  /** 422 answers have a plain-text body (every other error body is a JSON object). */
  UNPROCESSABLE_BODY_NOT_JSON("error-body.shape", true),
  /** 422 answers carry an empty {@code description} (every other one is filled in). */
  UNPROCESSABLE_DESCRIPTION_EMPTY("error-body.non-empty", true),

  // s39, round 2

  /** A repeated bind is compared by service, plan and parameters only: another app is 200. */
  BIND_CONFLICT_IGNORES_APP("bind.conflict", true),
  /** The second replica answers 202 to an identical provision of a finished async-only create. */
  REPLICA_STALE_ASYNC_PLAN_PROVISION("replicas.instance", true),
  /** The 200 of an identical repeated provision carries {@code instance_usable}. */
  PROVISION_REPEAT_INSTANCE_USABLE("provision.no-usable-flags", true),
  /** The 409 of a conflicting provision carries {@code instance_usable}. */
  PROVISION_CONFLICT_INSTANCE_USABLE("provision.no-usable-flags", true),
  /** last_operation of an instance whose id is a CRN answers 404, as if it were unknown. */
  CRN_LAST_OPERATION_UNKNOWN("crn-ids.round-trip", true);

  private final String ruleId;
  private final boolean probe;

  Mutation(String ruleId) {
    this(ruleId, false);
  }

  /** A mistake no rule checks yet: the whole suite runs, and it must fail some check. */
  Mutation() {
    this.ruleId = null;
    this.probe = false;
  }

  Mutation(String ruleId, boolean probe) {
    this.ruleId = Objects.requireNonNull(ruleId, "ruleId == null");
    this.probe = probe;
  }

  /** @return whether this is a second, subtler variant of a rule (a probe of its check) */
  boolean probe() {
    return probe;
  }

  /**
   * The rule of {@code RULES.md} this mutation breaks.
   *
   * @return the rule of {@code RULES.md} this mutation breaks, or null when no rule checks it yet
   */
  String ruleId() {
    return ruleId;
  }
}
