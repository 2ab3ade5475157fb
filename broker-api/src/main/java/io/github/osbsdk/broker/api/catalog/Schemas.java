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
     * Builds the schemas: {@code service_instance} only when a provision or update schema is
     * set, {@code service_binding} only when a bind schema is.
     *
     * @return the schemas
     */
    public Schemas build() {
      ServiceInstanceSchemas instance = instanceCreate == null && instanceUpdate == null ? null
          : new ServiceInstanceSchemas(parameters(instanceCreate), parameters(instanceUpdate));
      ServiceBindingSchemas binding = bindingCreate == null ? null
          : new ServiceBindingSchemas(parameters(bindingCreate));
      return new Schemas(instance, binding);
    }

    private static SchemaParameters parameters(Map<String, Object> schema) {
      return schema == null ? null : new SchemaParameters(schema);
    }
  }
}
