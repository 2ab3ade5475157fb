package io.github.osbsdk.broker.api.catalog;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code schemas.service_instance}: the parameter schemas of provision and update.
 *
 * @param create schema for provision parameters, may be null
 * @param update schema for update parameters, may be null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ServiceInstanceSchemas(
    @JsonProperty("create") SchemaParameters create,
    @JsonProperty("update") SchemaParameters update) {}
