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
   * Builds schemas from plain JSON-schema objects.
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
}
