package io.github.osbsdk.broker.api.catalog;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * {@code schemas} of a plan.
 *
 * @param serviceInstance instance schemas, may be null
 * @param serviceBinding binding schemas, may be null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Schemas(
    @JsonProperty("service_instance") ServiceInstanceSchemas serviceInstance,
    @JsonProperty("service_binding") ServiceBindingSchemas serviceBinding) {

  /**
   * The schema the SDK checks {@code parameters} of a provision against (400 on a mismatch).
   *
   * @return the provision parameter schema, or null
   */
  public Map<String, Object> instanceCreate() {
    return serviceInstance == null || serviceInstance.create() == null
        ? null : serviceInstance.create().parameters();
  }

  /**
   * The schema the SDK checks {@code parameters} of an update against (400 on a mismatch).
   *
   * @return the update parameter schema, or null
   */
  public Map<String, Object> instanceUpdate() {
    return serviceInstance == null || serviceInstance.update() == null
        ? null : serviceInstance.update().parameters();
  }

  /**
   * The schema the SDK checks {@code parameters} of a bind against (400 on a mismatch).
   *
   * @return the bind parameter schema, or null
   */
  public Map<String, Object> bindingCreate() {
    return serviceBinding == null || serviceBinding.create() == null
        ? null : serviceBinding.create().parameters();
  }

  /**
   * Starts schemas named field by field, which a reader cannot swap:
   * {@code Schemas.builder().instanceCreate(create).bindingCreate(bind).build()}.
   *
   * @return a builder with no schema
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds schemas from plain JSON-schema objects, by position: provision, update, bind. The
   * three have one type, so a swapped pair compiles; {@link #builder()} names each.
   *
   * @param instanceCreate provision parameter schema, may be null
   * @param instanceUpdate update parameter schema, may be null
   * @param bindingCreate bind parameter schema, may be null
   * @return the schemas
   */
  public static Schemas of(Map<String, Object> instanceCreate, Map<String, Object> instanceUpdate,
      Map<String, Object> bindingCreate) {
    ServiceInstanceSchemas si = instanceCreate == null && instanceUpdate == null ? null
        : new ServiceInstanceSchemas(
            instanceCreate == null ? null : new SchemaParameters(instanceCreate),
            instanceUpdate == null ? null : new SchemaParameters(instanceUpdate));
    ServiceBindingSchemas sb = bindingCreate == null ? null
        : new ServiceBindingSchemas(new SchemaParameters(bindingCreate));
    return new Schemas(si, sb);
  }

  /** Builds {@link Schemas} by name; start with {@link Schemas#builder()}. */
  public static final class Builder {
    private Map<String, Object> instanceCreate;
    private Map<String, Object> instanceUpdate;
    private Map<String, Object> bindingCreate;

    private Builder() {}

    /**
     * Sets the schema of a provision's {@code parameters}.
     *
     * @param schema a JSON schema, or null for none
     * @return this
     */
    public Builder instanceCreate(Map<String, Object> schema) {
      this.instanceCreate = schema;
      return this;
    }

    /**
     * Sets the schema of an update's {@code parameters}.
     *
     * @param schema a JSON schema, or null for none
     * @return this
     */
    public Builder instanceUpdate(Map<String, Object> schema) {
      this.instanceUpdate = schema;
      return this;
    }

    /**
     * Sets the schema of a bind's {@code parameters}.
     *
     * @param schema a JSON schema, or null for none
     * @return this
     */
    public Builder bindingCreate(Map<String, Object> schema) {
      this.bindingCreate = schema;
      return this;
    }

    /**
     * Builds the schemas, as {@link Schemas#of} does.
     *
     * @return the schemas
     */
    public Schemas build() {
      return of(instanceCreate, instanceUpdate, bindingCreate);
    }
  }
}
