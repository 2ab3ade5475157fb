package io.github.osbsdk.broker.testkit.mutants;

/**
 * A correct but less common behaviour of the {@link ReferenceBroker}: the spec allows it, so the
 * conformance suite must pass a broker showing it ({@link VariantTest}). A kit must never fail a
 * correct broker.
 */
enum Variant {
  /**
   * Plan changes between a synchronous and an asynchronous plan get 422 (the spec's answer to a
   * change the broker does not support), although the service is {@code plan_updateable}.
   */
  PLAN_CHANGE_BETWEEN_KINDS_REFUSED,
  /**
   * An instance of the async-only plan is deprovisioned synchronously (200) when the platform
   * does not accept incomplete operations.
   */
  SYNC_DEPROVISION_OF_ASYNC_PLAN,
  /**
   * Numbers in request bodies are kept exactly (as decimals), so 1e999999 is accepted and told
   * from 2e999999, where the correct broker refuses a number beyond the range of a double.
   */
  NUMBERS_KEPT_EXACTLY,
  /**
   * Credentials are returned once: by the synchronous bind that creates a binding, or for a
   * binding created asynchronously by its first fetch. An identical repeated bind, the fetch of a
   * synchronously created binding and every later fetch answer without them (spec.md "Binding":
   * "Service Brokers MAY choose to only return the information that represents a Service Binding
   * once, either when the Service Binding is being created synchronously, or when the Service
   * Binding is first fetched").
   */
  CREDENTIALS_RETURNED_ONCE,
  /**
   * Every bind that accepts incomplete operations is answered 202, on every plan: no plan binds
   * synchronously, so no synchronous bind shows whether the service generates credentials.
   */
  ASYNC_BINDS,
  /**
   * Every provision that accepts incomplete operations is answered 202, on every plan: an
   * identical provision after the create succeeded gets 200.
   */
  ASYNC_PROVISIONS,
  /** The service generates no credentials: bind and fetch answers carry none. */
  NO_CREDENTIALS,
  /** Every JSON object answered carries an extension field (spec.md "Vendor Extension Fields"). */
  VENDOR_EXTENSION_FIELDS,
  /** Error bodies carry no {@code description} (it is optional). */
  ERRORS_WITHOUT_DESCRIPTION,
  /** 202 answers carry no {@code operation} (it is optional). */
  ASYNC_WITHOUT_OPERATION,
  /**
   * Service {@code ref-db} requires {@code volume_mount}, and every bind (201, 200) and fetch
   * answer carries one volume mount with a {@code mount_config}.
   */
  VOLUME_MOUNTS,
  /**
   * Every bind (201, 200) and fetch answer carries two endpoints: one with a port, a range and
   * {@code protocol} {@code tcp}, one with the lowest and highest ports, a one-port range and no
   * {@code protocol}.
   */
  ENDPOINTS,
  /**
   * As {@link #ENDPOINTS}, with ports written with leading zeros ({@code "0443"},
   * {@code "0000009000-09010"}): the spec names a port, not how it is written.
   */
  ENDPOINT_PORTS_WITH_LEADING_ZEROS,
  /**
   * Every bind (201, 200) and fetch answer carries {@code "endpoints": []}: the spec demands a
   * non-empty array of {@code ports}, not of endpoints.
   */
  EMPTY_ENDPOINTS
}
