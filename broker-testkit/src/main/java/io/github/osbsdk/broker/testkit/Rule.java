package io.github.osbsdk.broker.testkit;

import java.util.Optional;

/**
 * The rules the conformance suite checks, one per id of {@code broker-testkit/RULES.md}. Ids are
 * stable: tests, skip lists and reports use them. New rules (constants) appear in minor releases:
 * a {@code switch} over it needs a default branch.
 */
public enum Rule {
  /** Missing {@code X-Broker-API-Version}: 400 (or 412); stricter than the spec. */
  VERSION_MISSING("version.missing", "spec.md#api-version-header",
      RuleDescriptions.VERSION_MISSING),
  /** Unsupported version: 412; stricter than the spec. */
  VERSION_UNSUPPORTED("version.unsupported", "spec.md#api-version-header",
      RuleDescriptions.VERSION_UNSUPPORTED),
  /** Request identity echoed; stricter than the spec. */
  REQUEST_IDENTITY_ECHO("request-identity.echo", "spec.md#request-identity",
      RuleDescriptions.REQUEST_IDENTITY_ECHO),
  /** Malformed originating identity: 400; stricter than the spec. */
  ORIGINATING_IDENTITY_MALFORMED("originating-identity.malformed", "spec.md#originating-identity",
      RuleDescriptions.ORIGINATING_IDENTITY_MALFORMED),
  /** No credentials: 401. */
  AUTH_REQUIRED("auth.required", "spec.md#authentication",
      "a request without credentials gets 401 on every endpoint"),
  /** Wrong credentials: 401. */
  AUTH_WRONG_CREDENTIALS("auth.wrong-credentials", "spec.md#authentication",
      "a request with wrong credentials gets 401"),
  /** Path spellings that JAX-RS and servlet containers match like the plain path: 401. */
  AUTH_PATH_VARIANTS("auth.path-variants", "spec.md#authentication",
      "a request without credentials to a spelling of an endpoint's path that a server may match"
          + " like the plain one (matrix parameters, dot segments) never gets a 2xx"),
  /** Catalog answers 200 with JSON. */
  CATALOG_STATUS("catalog.status", "spec.md#catalog-management",
      "GET /v2/catalog answers 200 with a JSON catalog"),
  /** Catalog passes the validator. */
  CATALOG_VALID("catalog.valid", "spec.md#catalog-management",
      "the catalog passes the validator (required fields, unique ids and names, SemVer,"
          + " schemas)"),
  /** ETag / If-None-Match. */
  CATALOG_ETAG("catalog.etag", "spec.md#catalog-management",
      "when an ETag is sent, If-None-Match with it gets 304 and a stale one gets 200 with the"
          + " catalog"),
  /** Error bodies are JSON objects. */
  ERROR_BODY_SHAPE("error-body.shape", "spec.md#service-broker-errors",
      RuleDescriptions.ERROR_BODY_SHAPE),
  /** New instance: 201 (or 202). */
  PROVISION_CREATED("provision.created", "spec.md#provisioning",
      "a new instance gets 201 (or 202 when async)"),
  /** Identical re-provision: 200/202/201. */
  PROVISION_IDENTICAL("provision.identical", "spec.md#provisioning",
      "an identical repeated provision gets 200 (sync), 202 (in progress) or 201 after an async"
          + " create"),
  /** Different attributes: 409. */
  PROVISION_CONFLICT("provision.conflict", "spec.md#provisioning",
      "the same instance id with different attributes gets 409"),
  /** Missing service_id/plan_id: 400. */
  PROVISION_MISSING_FIELD("provision.missing-field", "spec.md#provisioning",
      "a provision without service_id or plan_id gets 400"),
  /** Unknown plan or service: 400. */
  PROVISION_UNKNOWN_PLAN("provision.unknown-plan", "spec.md#provisioning",
      "an unknown plan_id or service_id gets 400"),
  /** Plan of another service: 400. */
  PROVISION_PLAN_OF_OTHER_SERVICE("provision.plan-of-other-service", "spec.md#provisioning",
      "a plan of another service gets 400"),
  /** Malformed body: 400. */
  PROVISION_MALFORMED_BODY("provision.malformed-body", "spec.md#content-type",
      "malformed JSON, an empty body or a non-JSON content type gets 400"),
  /** Invalid parameters: 400. */
  PROVISION_INVALID_PARAMETERS("provision.invalid-parameters", "spec.md#schemas",
      "parameters failing the plan's schema get 400"),
  /** AsyncRequired. */
  PROVISION_ASYNC_REQUIRED("provision.async-required", "spec.md#asynchronous-operations",
      "an async-only plan without accepts_incomplete=true gets 422 AsyncRequired"),
  /** MaintenanceInfoConflict. */
  PROVISION_MAINTENANCE_INFO_CONFLICT("provision.maintenance-info-conflict",
      "spec.md#provisioning",
      "a mismatching maintenance_info.version gets 422 MaintenanceInfoConflict"),
  /** Dashboard URL in the first response. */
  PROVISION_DASHBOARD_URL("provision.dashboard-url", "spec.md#provisioning",
      "a declared dashboard URL is in the first (also 202) response"),
  /** No instance_usable/update_repeatable on provision. */
  PROVISION_NO_USABLE_FLAGS("provision.no-usable-flags", "spec.md#service-broker-errors",
      RuleDescriptions.PROVISION_NO_USABLE_FLAGS),
  /** Operation round trip. */
  ASYNC_OPERATION_ROUND_TRIP("async.operation-round-trip",
      "spec.md#polling-last-operation-for-service-instances",
      "the operation of a 202 is accepted back on last_operation"),
  /** Async completes. */
  ASYNC_COMPLETES("async.completes", "spec.md#polling-interval-and-duration",
      "last_operation reaches succeeded within maximum_polling_duration"),
  /** last_operation state. */
  LAST_OPERATION_STATE("last-operation.state",
      "spec.md#polling-last-operation-for-service-instances",
      "last_operation answers 200 with state in progress, succeeded or failed"),
  /** last_operation unknown instance. */
  LAST_OPERATION_NOT_FOUND("last-operation.not-found",
      "spec.md#polling-last-operation-for-service-instances",
      "last_operation for an unknown instance gets 404 (or 410)"),
  /** last_operation after async delete. */
  LAST_OPERATION_GONE_AFTER_DELETE("last-operation.gone-after-delete",
      "spec.md#polling-last-operation-for-service-instances",
      "after an async deprovision, last_operation reaches succeeded or 410"),
  /** Fetch instance. */
  FETCH_INSTANCE_OK("fetch-instance.ok", "spec.md#fetching-a-service-instance",
      "fetch of an existing instance gets 200 with service_id/plan_id as provisioned"),
  /** Fetch unknown instance. */
  FETCH_INSTANCE_NOT_FOUND("fetch-instance.not-found", "spec.md#fetching-a-service-instance",
      "fetch of an unknown instance gets 404"),
  /** Update. */
  UPDATE_OK("update.ok", "spec.md#updating-a-service-instance",
      "update gets 200 with a JSON object (or 202)"),
  /** Plan not updateable. */
  UPDATE_NOT_UPDATEABLE("update.not-updateable", "spec.md#updating-a-service-instance",
      "a plan change on a non-updateable plan gets 422"),
  /** Update unknown plan. */
  UPDATE_UNKNOWN_PLAN("update.unknown-plan", "spec.md#updating-a-service-instance",
      "an update to an unknown plan gets 400"),
  /** Deprovision. */
  DEPROVISION_OK("deprovision.ok", "spec.md#deprovisioning",
      "deprovision of an existing instance gets 200 {} (or 202)"),
  /** Deprovision unknown: 410. */
  DEPROVISION_GONE("deprovision.gone", "spec.md#deprovisioning",
      "deprovision of an unknown instance gets 410"),
  /** Deprovision missing query parameters: 400. */
  DEPROVISION_MISSING_FIELD("deprovision.missing-field", "spec.md#deprovisioning",
      "deprovision without service_id/plan_id query parameters gets 400"),
  /** Bind. */
  BIND_CREATED("bind.created", "spec.md#binding", "a new binding gets 201 (or 202); when the"
      + " broker is declared to generate credentials (Capabilities.bindingCredentials,"
      + " --binding-credentials), the 201 carries them"),
  /** Identical bind. */
  BIND_IDENTICAL("bind.identical", "spec.md#binding", "an identical repeated bind gets 200"
      + " (sync), or 201 too after an async bind; after a synchronous bind, its credentials"
      + " are those of the first answer, or none (a broker may return them only once, so none"
      + " when the first answer had none)"),
  /** Bind conflict. */
  BIND_CONFLICT("bind.conflict", "spec.md#binding",
      "the same binding id with different parameters, or with the same parameters and another"
          + " bind_resource.app_guid, gets 409"),
  /** Async bind without credentials. */
  BIND_ASYNC_NO_CREDENTIALS("bind.async-no-credentials", "spec.md#binding",
      "a 202 bind answer carries no credentials"),
  /** Not bindable. */
  BIND_NOT_BINDABLE("bind.not-bindable", "spec.md#binding",
      "bind on a non-bindable plan gets 400"),
  /** RequiresApp. */
  BIND_REQUIRES_APP("bind.requires-app", "spec.md#binding",
      "a broker declaring RequiresApp answers 422 RequiresApp without app_guid"),
  /** Fetch binding. */
  FETCH_BINDING_OK("fetch-binding.ok", "spec.md#fetching-a-service-binding",
      RuleDescriptions.FETCH_BINDING_OK),
  /** Fetch unknown binding. */
  FETCH_BINDING_NOT_FOUND("fetch-binding.not-found", "spec.md#fetching-a-service-binding",
      "fetch of an unknown binding gets 404"),
  /** Unbind. */
  UNBIND_OK("unbind.ok", "spec.md#unbinding", "unbind of an existing binding gets 200 {} (or 202)"),
  /** Unbind unknown: 410. */
  UNBIND_GONE("unbind.gone", "spec.md#unbinding", "unbind of an unknown binding gets 410"),
  /** ConcurrencyError. */
  CONCURRENCY_ERROR("concurrency.error", "spec.md#blocking-operations",
      "a second, different mutation while one runs gets 422 ConcurrencyError (an update"
      + " accepted after the provision ended proves nothing: tried again, 3 times per plan at"
      + " most, then not applicable)"),
  /** CRN ids. */
  CRN_IDS_ROUND_TRIP("crn-ids.round-trip", "IBM Cloud: ibm-cloud.md#how-ibm-cloud-calls-the-broker",
      RuleDescriptions.CRN_IDS_ROUND_TRIP),
  /** bluemix_v1 state. */
  BLUEMIX_STATE("bluemix.state", "IBM Cloud: ibm-cloud.md#ibm-extension-instance-state-required",
      "GET /bluemix_v1/service_instances/:id answers 200 {enabled, active, last_active}; 404 when"
          + " unknown"),
  /** bluemix_v1 disable/enable. */
  BLUEMIX_DISABLE_ENABLE("bluemix.disable-enable",
      "IBM Cloud: ibm-cloud.md#ibm-extension-instance-state-required",
      "PUT disables: binds get 422; PUT enables: binds work again"),
  /** Binding rotation. */
  BIND_ROTATION("bind.rotation", "spec.md#binding-rotation",
      "a bind with predecessor_binding_id on a binding_rotatable plan gets 201 (or 202)"),
  /** Fetch of an instance still being provisioned: 404. */
  FETCH_INSTANCE_WHILE_PROVISIONING("fetch-instance.while-provisioning",
      "spec.md#fetching-a-service-instance",
      "fetch of an instance whose asynchronous provision is still in progress gets 404"),
  /** Binding last_operation of an unknown binding: 404 (or 410). */
  LAST_OPERATION_BINDING_NOT_FOUND("last-operation.binding-not-found",
      "spec.md#polling-last-operation-for-service-bindings",
      "binding last_operation for an unknown binding gets 404 (or 410)"),
  /** Invalid update parameters: 400. */
  UPDATE_INVALID_PARAMETERS("update.invalid-parameters", "spec.md#schemas",
      "update parameters failing the plan's service_instance.update schema get 400"),
  /** Invalid bind parameters: 400. */
  BIND_INVALID_PARAMETERS("bind.invalid-parameters", "spec.md#schemas",
      "bind parameters failing the plan's service_binding.create schema get 400"),
  /** Deprovision AsyncRequired. */
  DEPROVISION_ASYNC_REQUIRED("deprovision.async-required", "spec.md#deprovisioning",
      "deprovision of an instance of an async-only plan without accepts_incomplete=true gets 422"
          + " AsyncRequired (or a synchronous 200)"),
  /** Every replica serves the same catalog and ETag. */
  REPLICAS_CATALOG("replicas.catalog", "README.md#state-replicas-and-postgresql",
      RuleDescriptions.REPLICAS_CATALOG),
  /** An instance created on one replica is known to the others. */
  REPLICAS_INSTANCE("replicas.instance", "README.md#state-replicas-and-postgresql",
      RuleDescriptions.REPLICAS_INSTANCE),
  /** An asynchronous operation accepted by one replica is polled on another. */
  REPLICAS_ASYNC_OPERATION("replicas.async-operation", "README.md#state-replicas-and-postgresql",
      "with several base URLs: an asynchronous provision accepted (202) by replica A is polled on"
          + " replica B, which answers 200 with its state until it succeeds"),
  /** A binding created on one replica is known to the others. */
  REPLICAS_BINDING("replicas.binding", "README.md#state-replicas-and-postgresql",
      RuleDescriptions.REPLICAS_BINDING),
  /** An expired IAM token: 401. */
  IAM_EXPIRED_TOKEN("iam.expired-token", "IBM Cloud: ibm-cloud.md#authentication",
      "when the kit mints IAM tokens (IAM simulator): an expired token gets 401 on every"
          + " endpoint"),
  /** An IAM token signed with a foreign key: 401. */
  IAM_FOREIGN_KEY("iam.foreign-key", "IBM Cloud: ibm-cloud.md#authentication",
      "when the kit mints IAM tokens (IAM simulator): a token signed with a key IAM never"
          + " published (but its kid) gets 401 on every endpoint"),
  /** A valid IAM token of an identity that is not allowed: 401 or 403. */
  IAM_IDENTITY_NOT_ALLOWED("iam.identity-not-allowed", "IBM Cloud: ibm-cloud.md#authentication",
      "when the kit mints IAM tokens (IAM simulator): a valid token of an identity the broker"
          + " does not allow gets 401 or 403 on every endpoint"),
  /** error and description are non-empty strings when present. */
  ERROR_BODY_NON_EMPTY("error-body.non-empty", "spec.md#service-broker-errors",
      "error and description in a 4xx/5xx body are non-empty strings when present (in the"
          + " answers error-body.shape asks for)"),
  /** A repeated provision is compared with the instance as it is after an update. */
  PROVISION_IDENTICAL_AFTER_UPDATE("provision.identical-after-update", "spec.md#provisioning",
      "after a plan change, the creating provision repeated gets 409 and one naming the new plan"
          + " 200"),
  /** No instance_usable/update_repeatable in a provision's last_operation. */
  LAST_OPERATION_NO_USABLE_FLAGS("last-operation.no-usable-flags",
      "spec.md#polling-last-operation-for-service-instances",
      "last_operation of an asynchronous provision carries no instance_usable /"
          + " update_repeatable, in no answer: neither in progress nor final"),
  /** Binding fields need the service's requires. */
  BIND_REQUIRES_PERMISSIONS("bind.requires-permissions", "spec.md#binding",
      RuleDescriptions.BIND_REQUIRES_PERMISSIONS),
  /** Deprovision naming another service than the instance's: 400; stricter than the spec. */
  DEPROVISION_OTHER_SERVICE("deprovision.other-service", "spec.md#deprovisioning",
      RuleDescriptions.DEPROVISION_OTHER_SERVICE),
  /** Unbind naming another service than the binding's: 400; stricter than the spec. */
  UNBIND_OTHER_SERVICE("unbind.other-service", "spec.md#unbinding",
      RuleDescriptions.UNBIND_OTHER_SERVICE),
  /** Deprovision of an unknown instance naming ids not in the catalog: 410. */
  DEPROVISION_GONE_UNKNOWN_PLAN("deprovision.gone-unknown-plan", "spec.md#deprovisioning",
      "deprovision of an unknown instance gets 410 also when its plan_id (or service_id) is not"
          + " in the catalog, as for a plan since removed"),
  /** Unbind of an unknown binding naming a plan not in the catalog: 410. */
  UNBIND_GONE_UNKNOWN_PLAN("unbind.gone-unknown-plan", "spec.md#unbinding",
      "unbind of an unknown binding gets 410 also when its plan_id is not in the catalog, as for"
          + " a plan since removed"),
  /** A number beyond the range of a double: 400, or kept exactly. */
  PROVISION_NUMBER_OUT_OF_RANGE("provision.number-out-of-range", "spec.md#provisioning",
      "a number beyond the range of a double in parameters (1e999999) gets 400, or is kept"
          + " exactly: the same instance with 2e999999 then gets 409"),
  /** Binding metadata times: RFC 3339 with an offset, renew_before not after expires_at. */
  BIND_METADATA("bind.metadata", "spec.md#binding",
      RuleDescriptions.BIND_METADATA),
  /** Update AsyncRequired. */
  UPDATE_ASYNC_REQUIRED("update.async-required", "spec.md#updating-a-service-instance",
      "an update of an instance of an async-only plan without accepts_incomplete=true gets 422"
          + " AsyncRequired or a synchronous 200, never 202"),
  /** Bind AsyncRequired. */
  BIND_ASYNC_REQUIRED("bind.async-required", "spec.md#binding",
      "a bind on an instance of an async-only plan without accepts_incomplete=true gets 422"
          + " AsyncRequired or a synchronous success (the binding is then unbound), never 202"),
  /** Unbind AsyncRequired. */
  UNBIND_ASYNC_REQUIRED("unbind.async-required", "spec.md#unbinding",
      "an unbind of a binding of an async-only plan without accepts_incomplete=true gets 422"
          + " AsyncRequired or a synchronous 200, never 202"),
  /** bluemix_v1 state set on one replica holds on the others. */
  REPLICAS_BLUEMIX("replicas.bluemix", "README.md#state-replicas-and-postgresql",
      RuleDescriptions.REPLICAS_BLUEMIX),
  /** volume_mounts as the spec's Volume Mount Object defines it. */
  BIND_VOLUME_MOUNTS("bind.volume-mounts", "spec.md#volume-mount-object",
      RuleDescriptions.BIND_VOLUME_MOUNTS),
  /** endpoints as the spec's Endpoint Object defines it. */
  BIND_ENDPOINTS("bind.endpoints", "spec.md#endpoint-object", RuleDescriptions.BIND_ENDPOINTS),
  /** A path under {@code /v2/} that no endpoint has: 404. */
  UNKNOWN_PATH_NOT_FOUND("unknown-path.not-found", "spec.md#service-broker-errors",
      RuleDescriptions.UNKNOWN_PATH_NOT_FOUND);


  private final String id;
  private final String specSection;
  private final String description;

  Rule(String id, String specSection, String description) {
    this.id = id;
    this.specSection = specSection;
    this.description = description;
  }

  /**
   * The rule's stable id, the name reports, {@code skip} and {@code RULES.md} use.
   *
   * @return the stable id, e.g. {@code provision.conflict}
   */
  public String id() {
    return id;
  }

  /**
   * The section of the specification (or IBM Cloud's rules) the rule comes from.
   *
   * @return where the rule comes from, e.g. {@code spec.md#provisioning}
   */
  public String specSection() {
    return specSection;
  }

  /**
   * What the broker must do to pass the rule.
   *
   * @return what the rule demands, in one sentence
   */
  public String description() {
    return description;
  }

  /**
   * Looks a rule up by its stable id.
   *
   * @param id a rule id
   * @return the rule with that id
   */
  public static Optional<Rule> byId(String id) {
    for (Rule r : values()) {
      if (r.id.equals(id)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
