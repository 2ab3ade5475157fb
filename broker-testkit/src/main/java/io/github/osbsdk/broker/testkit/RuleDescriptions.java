package io.github.osbsdk.broker.testkit;

/**
 * The descriptions of the {@link Rule}s that take several lines, kept out of the enum so that it
 * stays a readable list of ids and spec sections. {@code RULES.md} is generated from the enum,
 * which reads them from here.
 */
final class RuleDescriptions {
  /** How a provider switches off a rule stricter than the spec; the rule id follows. */
  private static final String SKIP = " Switch it off with ConformanceSuite.Builder.skip or the"
      + " CLI's --skip ";

  private RuleDescriptions() {}

  /** What {@link Rule#VERSION_MISSING} demands. */
  static final String VERSION_MISSING =
      "a request without X-Broker-API-Version gets 400 (or 412, leniently). Stricter than the"
          + " spec, which lets a broker refuse it (MAY 412) but does not demand it: our design"
          + " notes (osb-2.17.md) make the header required, and IBM Cloud always sends it."
          + SKIP + "version.missing";

  /** What {@link Rule#VERSION_UNSUPPORTED} demands. */
  static final String VERSION_UNSUPPORTED =
      "an unsupported X-Broker-API-Version gets 412. Stricter than the spec, which lets a broker"
          + " refuse it (MAY 412) but does not demand it: our design notes (osb-2.17.md) refuse"
          + " it with 412 naming the supported version, so a platform learns the mismatch at"
          + " once." + SKIP + "version.unsupported";

  /** What {@link Rule#REQUEST_IDENTITY_ECHO} demands. */
  static final String REQUEST_IDENTITY_ECHO =
      "X-Broker-API-Request-Identity is echoed on the response. Stricter than the spec, where"
          + " the echo is a SHOULD: our design notes (osb-2.17.md) echo it on every answer, also"
          + " errors, so a platform's request can be found in the broker's logs."
          + SKIP + "request-identity.echo";

  /** What {@link Rule#ORIGINATING_IDENTITY_MALFORMED} demands. */
  static final String ORIGINATING_IDENTITY_MALFORMED =
      "a malformed X-Broker-API-Originating-Identity gets 400. Stricter than the spec, which"
          + " names no answer for a malformed value: our design notes (osb-2.17.md) refuse it"
          + " with 400, and IBM Cloud sends a well-formed 'ibmcloud <base64 JSON>' value"
          + " (ibm-cloud.md)." + SKIP + "originating-identity.malformed";

  /** What {@link Rule#ERROR_BODY_SHAPE} demands. */
  static final String ERROR_BODY_SHAPE =
      "every 4xx/5xx body is a JSON object whose error/description are strings when present;"
          + " asked with a request without X-Broker-API-Version, without and with wrong"
          + " credentials (401), with a method no endpoint serves (405, or a 5xx such as 501),"
          + " a path under /v2/ no endpoint has (404), unknown instance ids, an unknown plan, a"
          + " provision conflicting with an existing"
          + " instance (409) and, with an async-only plan declared, its provision without"
          + " accepts_incomplete (422)";

  /** What {@link Rule#PROVISION_NO_USABLE_FLAGS} demands. */
  static final String PROVISION_NO_USABLE_FLAGS =
      "provision responses carry no instance_usable / update_repeatable: the answers to a new"
          + " instance, to an identical repeat, to a conflicting provision (409) and to an"
          + " unknown plan are judged";

  /** What {@link Rule#FETCH_BINDING_OK} demands. */
  static final String FETCH_BINDING_OK =
      "fetch of an existing binding gets 200; its credentials are those the bind returned, or"
          + " none (a broker may return them only once, so none when a synchronous bind's 201"
          + " had none), but a binding created asynchronously carries them when the broker"
          + " generates credentials: as declared"
          + " (Capabilities.bindingCredentials, --[no-]binding-credentials), else when a"
          + " synchronous bind of the service returns credentials";

  /** What {@link Rule#CRN_IDS_ROUND_TRIP} demands. */
  static final String CRN_IDS_ROUND_TRIP =
      "URL-encoded CRN instance/binding ids (with : and /) work end to end; an instance of"
          + " another plan, a declared async-only one (else, after a synchronous create, one"
          + " declaring maximum_polling_duration), is provisioned and deprovisioned under a CRN"
          + " id with last_operation polled under it";

  /** What {@link Rule#REPLICAS_CATALOG} demands. */
  static final String REPLICAS_CATALOG =
      "with several base URLs: every replica answers the same catalog with the same ETag. In"
          + " every replicas.* rule, replica A is the first base URL, and each step of replica"
          + " B goes to the next of the other replicas in turn (with three: B, C, B, ...), so"
          + " every replica is asked";

  /** What {@link Rule#REPLICAS_INSTANCE} demands. */
  static final String REPLICAS_INSTANCE =
      "with several base URLs: an instance provisioned on replica A is fetched (when"
          + " retrievable), provisioned identically (200, never 409; 201 only after an"
          + " asynchronous create, and never 202 once its last_operation said succeeded) and"
          + " deprovisioned on replica B, after which A answers 410; an instance of another"
          + " plan, a declared async-only one (else, after a synchronous create, one declaring"
          + " maximum_polling_duration), provisioned on A is provisioned identically on B once"
          + " its create succeeded (200 or 201, never 202)";

  /** What {@link Rule#REPLICAS_BINDING} demands. */
  static final String REPLICAS_BINDING =
      "with several base URLs: a binding created on replica A is fetched (when retrievable),"
          + " bound identically (200; 201 too after an asynchronous create, but never 202 once"
          + " last_operation said succeeded) and unbound on replica B, after which A answers"
          + " 410; a fetch on A right after B's answers the same, but may leave out the"
          + " credentials B's carried (a broker may return them only once); after a synchronous"
          + " bind, a fetch on either answers the credentials the bind returned, or none; the"
          + " identical bind on B answers the same credentials (or none) as the same repeat on"
          + " A right after it, and after a synchronous bind those the bind returned, or none";

  /** What {@link Rule#BIND_REQUIRES_PERMISSIONS} demands. */
  static final String BIND_REQUIRES_PERMISSIONS =
      "a binding carries syslog_drain_url, route_service_url or volume_mounts only when the"
          + " service's requires lists syslog_drain, route_forwarding or volume_mount: in a"
          + " synchronous bind's answer, a fetch (when retrievable) and an identical repeated"
          + " bind's answer";

  /** What {@link Rule#DEPROVISION_OTHER_SERVICE} demands. */
  static final String DEPROVISION_OTHER_SERVICE =
      "a deprovision whose service_id (with a plan of that service) names another service than"
          + " the instance's gets 400, and the instance is kept. Stricter than the spec, which"
          + " demands service_id and plan_id on a delete but not that the broker compare them"
          + " with the instance's (they are hints): the SDK refuses a deprovision naming another"
          + " service, as it refuses such an update or bind, so a platform's mix-up never"
          + " deletes an instance."
          + SKIP + "deprovision.other-service";

  /** What {@link Rule#UNBIND_OTHER_SERVICE} demands. */
  static final String UNBIND_OTHER_SERVICE =
      "an unbind whose service_id (with a plan of that service) names another service than the"
          + " binding's gets 400, and the binding is kept. Stricter than the spec, which demands"
          + " service_id and plan_id on an unbind but not that the broker compare them with the"
          + " binding's (they are hints): the SDK refuses an unbind naming another service, as"
          + " it refuses such a deprovision, so a platform's mix-up never deletes a binding."
          + SKIP + "unbind.other-service";

  /** What {@link Rule#BIND_METADATA} demands. */
  static final String BIND_METADATA =
      "metadata in bind (201, 200) and fetch-binding (200) answers holds expires_at and"
          + " renew_before as RFC 3339 date-times with an offset, renew_before not after"
          + " expires_at";

  /** What {@link Rule#REPLICAS_BLUEMIX} demands. */
  static final String REPLICAS_BLUEMIX =
      "with several base URLs: an instance disabled by PUT /bluemix_v1 on replica A is disabled"
          + " on replica B (GET, and binds get 422 there); enabled again on B, it is enabled on"
          + " A";

  /** What {@link Rule#BIND_VOLUME_MOUNTS} demands. */
  static final String BIND_VOLUME_MOUNTS =
      "volume_mounts in bind (201, 200) and fetch-binding (200) answers is an array of objects"
          + " with driver and container_dir (non-empty strings), mode \"r\" or \"rw\","
          + " device_type \"shared\" and a device object with volume_id (a non-empty string)"
          + " and, when present, mount_config (an object); not applicable when no answer"
          + " carries volume_mounts";

  /** What {@link Rule#BIND_ENDPOINTS} demands. */
  static final String BIND_ENDPOINTS =
      "endpoints in bind (201, 200) and fetch-binding (200) answers is an array of objects"
          + " with host (a host name or a single IP address: a non-empty string without a"
          + " scheme, path, port or whitespace), ports (a non-empty array of strings, each a port"
          + " such as \"443\" or a range such as \"9000-9010\" of ports 1 to 65535, low end not"
          + " above high end, leading zeros allowed) and, when present, protocol \"tcp\","
          + " \"udp\" or \"all\" (tcp when absent); an empty endpoints array is valid (the"
          + " spec bounds ports, not endpoints); not applicable when no answer carries endpoints";

  /** What {@link Rule#UNKNOWN_PATH_NOT_FOUND} demands. */
  static final String UNKNOWN_PATH_NOT_FOUND =
      "a request with credentials to a path under /v2/ that no endpoint of the spec has"
          + " (/v2/osb_conformance_unknown, /v2/catalog/osb_conformance_unknown) gets 404: the"
          + " spec demands \"an appropriate HTTP response code\" for a request that fails, and"
          + " HTTP's for a resource the server does not have is 404 (RFC 9110); never a 2xx"
          + " that a platform's mistyped path would take for an answer. Its body is judged by"
          + " error-body.shape and error-body.non-empty";
}
