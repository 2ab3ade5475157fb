package io.github.osbsdk.broker.api.catalog;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.osbsdk.broker.api.internal.JsonCopies;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The body of {@code GET /v2/catalog}.
 *
 * @param services the service offerings, never null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Catalog(@JsonProperty("services") List<ServiceOffering> services) {
  /**
   * Checks and copies the list.
   *
   * @param services the service offerings, never null (required; may be empty)
   * @throws NullPointerException when {@code services} is null ({@code services == null})
   */
  public Catalog {
    services = JsonCopies.listOrNull(Objects.requireNonNull(services, "services == null"));
  }

  /**
   * The catalog {@code GET /v2/catalog} answers, with these services.
   *
   * @param services the service offerings, never null
   * @return a catalog
   */
  public static Catalog of(ServiceOffering... services) {
    return new Catalog(List.of(Objects.requireNonNull(services, "services == null")));
  }

  /**
   * Finds the service a request's {@code service_id} names.
   *
   * @param serviceId a service id
   * @return the service with that id
   */
  public Optional<ServiceOffering> service(String serviceId) {
    if (services == null || serviceId == null) {
      return Optional.empty();
    }
    return services.stream().filter(s -> serviceId.equals(s.id())).findFirst();
  }
}
