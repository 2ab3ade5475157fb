package io.github.osbsdk.broker.core.internal.schema;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.osbsdk.broker.api.catalog.Catalog;
import java.util.Map;
import java.util.Objects;

/** Validates request parameters against plan schemas. (Work in progress.) */
public final class ParameterValidator {
  private ParameterValidator() {}

  /**
   * @param catalog the catalog
   * @param mapper the shared mapper
   * @return a validator
   */
  public static ParameterValidator of(Catalog catalog, ObjectMapper mapper) {
    Objects.requireNonNull(catalog, "catalog == null");
    Objects.requireNonNull(mapper, "mapper == null");
    return new ParameterValidator();
  }

  /** @param planId plan id @param params parameters, may be null */
  public void validateProvision(String planId, Map<String, Object> params) {}

  /** @param planId plan id @param params parameters, may be null */
  public void validateUpdate(String planId, Map<String, Object> params) {}

  /** @param planId plan id @param params parameters, may be null */
  public void validateBind(String planId, Map<String, Object> params) {}
}
