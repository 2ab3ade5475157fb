package io.github.osbsdk.broker.api.catalog;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.osbsdk.broker.api.internal.JsonCopies;
import java.util.Map;
import java.util.Objects;

/**
 * A service plan of the catalog.
 *
 * <p>The canonical constructor refuses a null {@code id}, {@code name} or {@code description}
 * with the builder's messages ({@code id == null}).
 *
 * @param id the plan id, globally unique and stable (required)
 * @param name the CLI-friendly name, unique within its service (required)
 * @param description a short description (required)
 * @param metadata opaque metadata (IBM Cloud: {@code displayName}, {@code bullets},
 *     {@code costs}), a deeply unmodifiable copy, empty when none (null is taken as empty; an
 *     empty one is not written)
 * @param free whether the plan is free; null means the OSB default {@code true}
 * @param bindable overrides the service's {@code bindable}, may be null
 * @param bindingRotatable whether bindings of this plan can be rotated, may be null
 * @param planUpdateable overrides the service's {@code plan_updateable}, may be null
 * @param schemas parameter schemas, may be null
 * @param maximumPollingDuration seconds after which the platform gives up polling, may be null
 * @param maintenanceInfo the current maintenance info, may be null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Plan(
    @JsonProperty("id") String id,
    @JsonProperty("name") String name,
    @JsonProperty("description") String description,
    @JsonProperty("metadata") @JsonInclude(JsonInclude.Include.NON_EMPTY)
        Map<String, Object> metadata,
    @JsonProperty("free") Boolean free,
    @JsonProperty("bindable") Boolean bindable,
    @JsonProperty("binding_rotatable") Boolean bindingRotatable,
    @JsonProperty("plan_updateable") Boolean planUpdateable,
    @JsonProperty("schemas") Schemas schemas,
    @JsonProperty("maximum_polling_duration") Integer maximumPollingDuration,
    @JsonProperty("maintenance_info") MaintenanceInfo maintenanceInfo) {

  /**
   * Checks the required fields (as {@link #builder} does) and copies the metadata. A catalog
   * read from JSON that lacks one is reported by the SDK's catalog validator
   * ({@code CatalogValidator.validateJson}) with every other problem.
   *
   * @param id the plan id
   * @param name the CLI-friendly name
   * @param description a short description
   * @param metadata opaque metadata, or null for none
   * @param free whether the plan is free, or null
   * @param bindable whether instances are bindable, or null for the service's flag
   * @param bindingRotatable whether bindings can be rotated, or null
   * @param planUpdateable whether instances may change plans, or null for the service's flag
   * @param schemas parameter schemas, or null
   * @param maximumPollingDuration seconds after which the platform gives up polling, or null
   * @param maintenanceInfo the current maintenance info, or null
   */
  public Plan {
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(description, "description == null");
    metadata = JsonCopies.map(metadata);
  }

  /**
   * Starts a plan with its required fields.
   *
   * @param id the plan id
   * @param name the plan name
   * @param description the description
   * @return a builder
   */
  public static Builder builder(String id, String name, String description) {
    return new Builder(id, name, description);
  }

  /**
   * Starts a builder from this plan, to change a few fields of a copy.
   *
   * @return a builder initialised from this plan
   */
  public Builder toBuilder() {
    Builder b = new Builder(id, name, description);
    b.metadata = metadata;
    b.free = free;
    b.bindable = bindable;
    b.bindingRotatable = bindingRotatable;
    b.planUpdateable = planUpdateable;
    b.schemas = schemas;
    b.maximumPollingDuration = maximumPollingDuration;
    b.maintenanceInfo = maintenanceInfo;
    return b;
  }

  /** Builds a {@link Plan}. */
  public static final class Builder {
    private final String id;
    private final String name;
    private final String description;
    private Map<String, Object> metadata;
    private Boolean free;
    private Boolean bindable;
    private Boolean bindingRotatable;
    private Boolean planUpdateable;
    private Schemas schemas;
    private Integer maximumPollingDuration;
    private MaintenanceInfo maintenanceInfo;

    private Builder(String id, String name, String description) {
      this.id = Objects.requireNonNull(id, "id == null");
      this.name = Objects.requireNonNull(name, "name == null");
      this.description = Objects.requireNonNull(description, "description == null");
    }

    /**
     * Sets the plan's {@code metadata}, which platforms show (display name, bullets, costs).
     *
     * @param metadata opaque metadata, or null for none
     * @return this
     */
    public Builder metadata(Map<String, Object> metadata) {
      this.metadata = metadata;
      return this;
    }

    /**
     * Sets {@code free}: whether the platform may show the plan as free of charge.
     *
     * @param free whether the plan is free
     * @return this
     */
    public Builder free(boolean free) {
      this.free = free;
      return this;
    }

    /**
     * Sets {@code bindable} for this plan, overriding the service's flag: the SDK refuses binds on
     * a plan that is not (400).
     *
     * @param bindable whether instances of this plan are bindable
     * @return this
     */
    public Builder bindable(boolean bindable) {
      this.bindable = bindable;
      return this;
    }

    /**
     * Sets {@code binding_rotatable}: whether a bind may name a {@code predecessor_binding_id}.
     *
     * @param rotatable whether bindings can be rotated
     * @return this
     */
    public Builder bindingRotatable(boolean rotatable) {
      this.bindingRotatable = rotatable;
      return this;
    }

    /**
     * Sets {@code plan_updateable} for this plan, overriding the service's flag: the SDK refuses a
     * change away from a plan that is not (422).
     *
     * @param updateable whether instances may change to another plan
     * @return this
     */
    public Builder planUpdateable(boolean updateable) {
      this.planUpdateable = updateable;
      return this;
    }

    /**
     * Sets the JSON schemas the SDK checks provision, update and bind parameters against (400 on a
     * mismatch).
     *
     * @param schemas parameter schemas, or null for none
     * @return this
     */
    public Builder schemas(Schemas schemas) {
      this.schemas = schemas;
      return this;
    }

    /**
     * Sets {@code maximum_polling_duration}: how long platforms poll an operation of this plan
     * before they give up.
     *
     * @param seconds maximum polling duration in seconds
     * @return this
     */
    public Builder maximumPollingDuration(int seconds) {
      this.maximumPollingDuration = seconds;
      return this;
    }

    /**
     * Sets the plan's current {@code maintenance_info}: the SDK answers 422 {@code
     * MaintenanceInfoConflict} to a request naming another.
     *
     * @param maintenanceInfo current maintenance info, or null for none
     * @return this
     */
    public Builder maintenanceInfo(MaintenanceInfo maintenanceInfo) {
      this.maintenanceInfo = maintenanceInfo;
      return this;
    }

    /**
     * Builds the plan as the catalog will list it.
     *
     * @return the plan
     */
    public Plan build() {
      return new Plan(id, name, description, metadata, free, bindable, bindingRotatable,
          planUpdateable, schemas, maximumPollingDuration, maintenanceInfo);
    }
  }
}
