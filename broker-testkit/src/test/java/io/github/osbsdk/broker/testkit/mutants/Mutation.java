package io.github.osbsdk.broker.testkit.mutants;

import java.util.Objects;

/**
 * One deliberate deviation of the {@link ReferenceBroker} from correct OSB 2.17 / IBM Cloud
 * behaviour. Each value breaks exactly one rule of {@code broker-testkit/RULES.md}; the mutation
 * test runs the whole suite and expects a failure with that rule id. Values without a rule are
 * mistakes no rule checks yet: the mutation test expects the suite to fail them somehow. Subtler
 * second variants of a rule, run with its checks only, are {@link Probe}s.
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
  /** An update while the provision is still running is accepted (200) instead of 422. */
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

  // s40: volume mounts as Variant#VOLUME_MOUNTS (the service requires volume_mount and every
  // binding carries one mount), one field broken (Probe has the others).

  /** The volume mount has no {@code driver}. */
  VOLUME_MOUNT_WITHOUT_DRIVER("bind.volume-mounts"),

  // s40: endpoints as Variant#ENDPOINTS (every binding carries two endpoints), one field broken
  // (Probe has the others).

  /** The first endpoint's {@code host} is empty. */
  ENDPOINT_EMPTY_HOST("bind.endpoints"),

  // s41: paths under /v2/ that no endpoint has

  /**
   * The catalog is routed by the path's prefix: {@code /v2/catalog/anything} answers 200 with
   * the catalog.
   */
  CATALOG_ROUTED_BY_PREFIX("unknown-path.not-found");

  private final String ruleId;

  Mutation(String ruleId) {
    this.ruleId = Objects.requireNonNull(ruleId, "ruleId == null");
  }

  /** A mistake no rule checks yet: the whole suite runs, and it must fail some check. */
  Mutation() {
    this.ruleId = null;
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
