package io.github.osbsdk.broker.api.catalog;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.osbsdk.broker.api.internal.JsonCopies;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A service offering of the catalog.
 *
 * <p>The canonical constructor refuses a null {@code id}, {@code name} or {@code description}
 * with the builder's messages ({@code id == null}); a missing {@code bindable} or
 * {@code plans} is left to the catalog validator, which reports it with every other problem.
 *
 * @param id the service id, globally unique and stable (required)
 * @param name the CLI-friendly name, unique in the catalog (required; IBM Cloud: lowercase, no
 *     spaces, as defined in Partner Center)
 * @param description a short description (required)
 * @param bindable whether instances can be bound (required)
 * @param plans the plans, at least one (required)
 * @param tags tags, empty when none
 * @param requires permissions the service needs ({@code syslog_drain}, {@code route_forwarding},
 *     {@code volume_mount}), empty when none
 * @param instancesRetrievable whether {@code GET} on an instance is supported, may be null (false)
 * @param bindingsRetrievable whether {@code GET} on a binding is supported, may be null (false)
 * @param allowContextUpdates whether context-only updates are sent, may be null (false)
 * @param metadata opaque metadata (IBM Cloud: {@code displayName}, {@code longDescription},
 *     {@code imageUrl}, ...), a deeply unmodifiable copy, empty when none
 * @param dashboardClient the dashboard SSO client, may be null
 * @param planUpdateable whether instances may change plans, may be null (false)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ServiceOffering(
    @JsonProperty("id") String id,
    @JsonProperty("name") String name,
    @JsonProperty("description") String description,
    @JsonProperty("bindable") Boolean bindable,
    @JsonProperty("plans") List<Plan> plans,
    @JsonProperty("tags") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> tags,
    @JsonProperty("requires") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> requires,
    @JsonProperty("instances_retrievable") Boolean instancesRetrievable,
    @JsonProperty("bindings_retrievable") Boolean bindingsRetrievable,
    @JsonProperty("allow_context_updates") Boolean allowContextUpdates,
    @JsonProperty("metadata") @JsonInclude(JsonInclude.Include.NON_EMPTY)
        Map<String, Object> metadata,
    @JsonProperty("dashboard_client") DashboardClient dashboardClient,
    @JsonProperty("plan_updateable") Boolean planUpdateable) {

  /**
   * Checks the required texts (as {@link #builder} does) and copies lists and maps (deeply
   * unmodifiable; an optional list or map given as null is empty, and an empty one is not
   * written to JSON).
   *
   * @param id the service id
   * @param name the CLI-friendly name
   * @param description a short description
   * @param bindable whether instances can be bound; null is a catalog error the broker names
   *     when it starts ({@code CatalogValidator})
   * @param plans the plans; null or empty is a catalog error the broker names when it starts
   * @param tags tags, or null for none
   * @param requires permissions the service needs, or null for none
   * @param instancesRetrievable whether {@code GET} on an instance is supported, or null
   * @param bindingsRetrievable whether {@code GET} on a binding is supported, or null
   * @param allowContextUpdates whether context-only updates are sent, or null
   * @param metadata opaque metadata, or null for none
   * @param dashboardClient the dashboard SSO client, or null
   * @param planUpdateable whether instances may change plans, or null
   */
  public ServiceOffering {
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(description, "description == null");
    plans = JsonCopies.listOrNull(plans);
    tags = JsonCopies.list(tags);
    requires = JsonCopies.list(requires);
    metadata = JsonCopies.map(metadata);
  }

  /**
   * Finds the plan a request's {@code plan_id} names, if it belongs to this service.
   *
   * @param planId a plan id
   * @return the plan of this service with that id
   */
  public Optional<Plan> plan(String planId) {
    if (plans == null || planId == null) {
      return Optional.empty();
    }
    return plans.stream().filter(p -> planId.equals(p.id())).findFirst();
  }

  /**
   * Whether the SDK accepts binds on instances of the plan (else 400 without calling the provider).
   *
   * @param plan a plan of this service
   * @return whether instances of the plan are bindable (the plan's flag, else the service's)
   */
  public boolean isBindable(Plan plan) {
    if (plan != null && plan.bindable() != null) {
      return plan.bindable();
    }
    return Boolean.TRUE.equals(bindable);
  }

  /**
   * Whether the SDK lets instances of the plan change to another plan (else 422 without calling the
   * provider).
   *
   * @param plan a plan of this service
   * @return whether instances of the plan may change plans (the plan's flag, else the service's)
   */
  public boolean isPlanUpdateable(Plan plan) {
    if (plan != null && plan.planUpdateable() != null) {
      return plan.planUpdateable();
    }
    return Boolean.TRUE.equals(planUpdateable);
  }

  /**
   * Starts a service with its required fields.
   *
   * @param id the service id
   * @param name the service name
   * @param description the description
   * @return a builder
   */
  public static Builder builder(String id, String name, String description) {
    return new Builder(id, name, description);
  }

  /** Builds a {@link ServiceOffering}. */
  public static final class Builder {
    private final String id;
    private final String name;
    private final String description;
    private boolean bindable;
    private final List<Plan> plans = new ArrayList<>();
    private List<String> tags;
    private List<String> requires;
    private Boolean instancesRetrievable;
    private Boolean bindingsRetrievable;
    private Boolean allowContextUpdates;
    private Map<String, Object> metadata;
    private DashboardClient dashboardClient;
    private Boolean planUpdateable;

    private Builder(String id, String name, String description) {
      this.id = Objects.requireNonNull(id, "id == null");
      this.name = Objects.requireNonNull(name, "name == null");
      this.description = Objects.requireNonNull(description, "description == null");
    }

    /**
     * Sets {@code bindable}: whether instances of the service's plans may be bound, unless a plan
     * says otherwise.
     *
     * @param bindable whether instances can be bound
     * @return this
     */
    public Builder bindable(boolean bindable) {
      this.bindable = bindable;
      return this;
    }

    /**
     * Adds a plan the catalog lists under this service.
     *
     * @param plan a plan to add
     * @return this
     */
    public Builder plan(Plan plan) {
      plans.add(Objects.requireNonNull(plan, "plan == null"));
      return this;
    }

    /**
     * Sets the {@code tags} that classify the service (Cloud Foundry passes them to bound
     * applications).
     *
     * @param tags tags
     * @return this
     */
    public Builder tags(String... tags) {
      this.tags = List.of(Objects.requireNonNull(tags, "tags == null"));
      return this;
    }

    /**
     * Sets {@code requires}: the permissions ({@code syslog_drain}, {@code route_forwarding},
     * {@code volume_mount}) the service needs from the platform.
     *
     * @param requires required permissions
     * @return this
     */
    public Builder requires(String... requires) {
      this.requires = List.of(Objects.requireNonNull(requires, "requires == null"));
      return this;
    }

    /**
     * Sets {@code instances_retrievable}: whether platforms may fetch an instance ({@code GET} on
     * it).
     *
     * @param retrievable whether instances can be fetched
     * @return this
     */
    public Builder instancesRetrievable(boolean retrievable) {
      this.instancesRetrievable = retrievable;
      return this;
    }

    /**
     * Sets {@code bindings_retrievable}: whether platforms may fetch a binding ({@code GET} on it).
     *
     * @param retrievable whether bindings can be fetched
     * @return this
     */
    public Builder bindingsRetrievable(boolean retrievable) {
      this.bindingsRetrievable = retrievable;
      return this;
    }

    /**
     * Sets {@code allow_context_updates}: whether platforms send an update when only the context
     * changed (e.g. a renamed instance).
     *
     * @param allow whether context-only updates are sent
     * @return this
     */
    public Builder allowContextUpdates(boolean allow) {
      this.allowContextUpdates = allow;
      return this;
    }

    /**
     * Sets the service's {@code metadata}, which platforms show (display name, image, documentation
     * URL).
     *
     * @param metadata opaque metadata, or null for none
     * @return this
     */
    public Builder metadata(Map<String, Object> metadata) {
      this.metadata = metadata;
      return this;
    }

    /**
     * Sets {@code dashboard_client}: the OAuth client of the service's dashboard single sign-on.
     *
     * @param client the dashboard SSO client, or null for none
     * @return this
     */
    public Builder dashboardClient(DashboardClient client) {
      this.dashboardClient = client;
      return this;
    }

    /**
     * Sets {@code plan_updateable}: whether instances may change to another plan, unless a plan
     * says otherwise.
     *
     * @param updateable whether instances may change plans
     * @return this
     */
    public Builder planUpdateable(boolean updateable) {
      this.planUpdateable = updateable;
      return this;
    }

    /**
     * Builds the service offering as the catalog will list it.
     *
     * @return the service offering
     */
    public ServiceOffering build() {
      return new ServiceOffering(id, name, description, bindable, plans, tags, requires,
          instancesRetrievable, bindingsRetrievable, allowContextUpdates, metadata,
          dashboardClient, planUpdateable);
    }
  }
}
