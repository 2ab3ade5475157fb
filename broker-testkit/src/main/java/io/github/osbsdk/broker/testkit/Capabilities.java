package io.github.osbsdk.broker.testkit;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Optional broker capabilities the suite cannot read from the catalog, or overrides of what the
 * catalog says. A {@code null} (unset) flag means "take it from the catalog" (or the stated
 * default). Build with {@link #builder()}; {@link #fromCatalog()} sets nothing.
 */
public final class Capabilities {
  private final DeclaredCapabilities declared;

  private Capabilities(DeclaredCapabilities declared) {
    this.declared = declared;
  }

  /**
   * Declares nothing: the kit takes what the broker supports from its catalog.
   *
   * @return capabilities taken entirely from the catalog, with bluemix_v1 checks on
   */
  public static Capabilities fromCatalog() {
    return builder().build();
  }

  /**
   * Starts declaring what the broker supports beyond its catalog, so the kit checks it.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Whether the kit sends updates that change only parameters, and so expects them to succeed.
   *
   * @return whether updates without a plan change are supported; empty: only updateable plans
   */
  public Optional<Boolean> update() {
    return Optional.ofNullable(declared.update());
  }

  /**
   * Whether the kit fetches instances, overriding the catalog's flag.
   *
   * @return override of the catalog's {@code instances_retrievable}
   */
  public Optional<Boolean> instancesRetrievable() {
    return Optional.ofNullable(declared.instancesRetrievable());
  }

  /**
   * Whether the kit fetches bindings, overriding the catalog's flag.
   *
   * @return override of the catalog's {@code bindings_retrievable}
   */
  public Optional<Boolean> bindingsRetrievable() {
    return Optional.ofNullable(declared.bindingsRetrievable());
  }

  /**
   * Whether the kit binds at all, overriding the catalog's flags.
   *
   * @return override of the catalog's {@code bindable} flags (false: no binding checks)
   */
  public Optional<Boolean> bindings() {
    return Optional.ofNullable(declared.bindings());
  }

  /**
   * Whether the kit requires a {@code dashboard_url} in every provision answer.
   *
   * @return whether provisions must answer a {@code dashboard_url}; empty: when the service has a
   *     {@code dashboard_client}
   */
  public Optional<Boolean> dashboardUrl() {
    return Optional.ofNullable(declared.dashboardUrl());
  }

  /**
   * Whether the kit checks binding rotation, overriding the plans' flags.
   *
   * @return override of the plans' {@code binding_rotatable} flags
   */
  public Optional<Boolean> rotation() {
    return Optional.ofNullable(declared.rotation());
  }

  /**
   * Whether the broker generates binding credentials, which the catalog does not say. The spec
   * demands them in the fetch of a binding created asynchronously (whose 202 carried none) only
   * "if the Service Broker supports generation of credentials": true makes {@code
   * fetch-binding.ok} demand them there, and {@code bind.created} in the 201 of a synchronous
   * bind (which the spec demands of such a broker too); false never.
   *
   * @return whether bindings carry credentials; empty: inferred per service from a synchronous
   *     bind of one of its plans, so a service whose plans all bind asynchronously is never asked
   *     for them
   */
  public Optional<Boolean> bindingCredentials() {
    return Optional.ofNullable(declared.bindingCredentials());
  }

  /**
   * Whether the kit checks IBM's {@code bluemix_v1} instance-state endpoints.
   *
   * @return whether the IBM {@code bluemix_v1} instance-state endpoints are checked (default true)
   */
  public boolean bluemix() {
    return declared.bluemix();
  }

  /**
   * Whether the kit expects 422 {@code ConcurrencyError} for a second mutation while one runs.
   * The {@code concurrency.error} rule needs a plan that provisions asynchronously (202) and
   * whose provision is still in progress when the kit's update arrives, right after the 202:
   * it sends the update and, when that is accepted, asks {@code last_operation}: it fails the
   * broker when the update was accepted while the provision still ran. When every provision had
   * already ended (3 tries per plan), the rule reports "not applicable": slow the provision of
   * one plan down in the test (or let it wait for a signal) for the rule to check something.
   *
   * @return whether the broker answers 422 {@code ConcurrencyError} to concurrent mutations
   */
  public boolean concurrency() {
    return declared.concurrency();
  }

  /**
   * Whether the kit expects 422 {@code RequiresApp} for a bind without an {@code app_guid}.
   *
   * @return whether binds without {@code app_guid} get 422 {@code RequiresApp}
   */
  public boolean requiresApp() {
    return declared.requiresApp();
  }

  /**
   * The plans for which the kit expects 422 {@code AsyncRequired} without {@code
   * accepts_incomplete=true}.
   *
   * @return plan ids that always provision asynchronously (422 {@code AsyncRequired} without
   *     accepts_incomplete); their update, bind, unbind and deprovision without
   *     accepts_incomplete are checked too (422 {@code AsyncRequired}, or a synchronous success;
   *     never 202)
   */
  public Set<String> asyncOnlyPlans() {
    return declared.asyncOnlyPlans();
  }

  /**
   * The parameters the kit sends when it provisions the plan.
   *
   * @param planId a plan id
   * @return the parameters to provision that plan with, when declared
   */
  public Optional<Map<String, Object>> provisionParameters(String planId) {
    return Optional.ofNullable(declared.provisionParameters().get(planId));
  }

  /**
   * The parameters the kit sends when it binds an instance of the plan.
   *
   * @param planId a plan id
   * @return the parameters to bind instances of that plan with, when declared
   */
  public Optional<Map<String, Object>> bindParameters(String planId) {
    return Optional.ofNullable(declared.bindParameters().get(planId));
  }

  /**
   * The plans the kit provisions with declared parameters.
   *
   * @return the plan ids given {@link Builder#provisionParameters}, in the order given; one that
   *     is no plan of the catalog makes {@link ConformanceSuite#run()} refuse to run
   */
  public Set<String> provisionParametersPlans() {
    return declared.provisionParameters().keySet();
  }

  /**
   * The plans the kit binds with declared parameters.
   *
   * @return the plan ids given {@link Builder#bindParameters}, in the order given; one that is
   *     no plan of the catalog makes {@link ConformanceSuite#run()} refuse to run
   */
  public Set<String> bindParametersPlans() {
    return declared.bindParameters().keySet();
  }

  /** Builds {@link Capabilities}. */
  public static final class Builder {
    private Boolean update;
    private Boolean instancesRetrievable;
    private Boolean bindingsRetrievable;
    private Boolean bindings;
    private Boolean dashboardUrl;
    private Boolean rotation;
    private Boolean bindingCredentials;
    private boolean bluemix = true;
    private boolean concurrency;
    private boolean requiresApp;
    private final Set<String> asyncOnlyPlans = new LinkedHashSet<>();
    private final Map<String, Map<String, Object>> provisionParameters = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> bindParameters = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Declares whether updates that change only parameters work, so the kit checks them.
     *
     * @param supported whether parameter-only updates work on every plan
     * @return this
     */
    public Builder update(boolean supported) {
      this.update = supported;
      return this;
    }

    /**
     * Declares whether instances can be fetched, whatever the catalog says.
     *
     * @param retrievable override of {@code instances_retrievable}
     * @return this
     */
    public Builder instancesRetrievable(boolean retrievable) {
      this.instancesRetrievable = retrievable;
      return this;
    }

    /**
     * Declares whether bindings can be fetched, whatever the catalog says.
     *
     * @param retrievable override of {@code bindings_retrievable}
     * @return this
     */
    public Builder bindingsRetrievable(boolean retrievable) {
      this.bindingsRetrievable = retrievable;
      return this;
    }

    /**
     * Declares whether the broker binds at all, whatever the catalog says.
     *
     * @param supported false switches every binding check off
     * @return this
     */
    public Builder bindings(boolean supported) {
      this.bindings = supported;
      return this;
    }

    /**
     * Declares whether every provision answers a {@code dashboard_url}.
     *
     * @param declared whether every provision answers a {@code dashboard_url}
     * @return this
     */
    public Builder dashboardUrl(boolean declared) {
      this.dashboardUrl = declared;
      return this;
    }

    /**
     * Declares whether bindings can be rotated, whatever the catalog says.
     *
     * @param supported override of {@code binding_rotatable} for every bindable plan
     * @return this
     */
    public Builder rotation(boolean supported) {
      this.rotation = supported;
      return this;
    }

    /**
     * Declares whether bindings carry credentials, which the kit then checks across repeats and
     * replicas.
     *
     * @param generated whether the broker's bindings carry credentials (see {@link
     *     Capabilities#bindingCredentials()}); unset: inferred from a synchronous bind
     * @return this
     */
    public Builder bindingCredentials(boolean generated) {
      this.bindingCredentials = generated;
      return this;
    }

    /**
     * Declares whether the kit checks IBM's {@code bluemix_v1} instance-state endpoints.
     *
     * @param supported whether to check {@code /bluemix_v1} (default true)
     * @return this
     */
    public Builder bluemix(boolean supported) {
      this.bluemix = supported;
      return this;
    }

    /**
     * Declares that the broker refuses a second mutation while one runs (422 {@code
     * ConcurrencyError}).
     *
     * @param declared whether the broker refuses concurrent mutations with 422
     * @return this
     */
    public Builder concurrency(boolean declared) {
      this.concurrency = declared;
      return this;
    }

    /**
     * Declares that binds need an application (422 {@code RequiresApp} without one).
     *
     * @param declared whether binds need {@code bind_resource.app_guid}
     * @return this
     */
    public Builder requiresApp(boolean declared) {
      this.requiresApp = declared;
      return this;
    }

    /**
     * Declares plans that work only asynchronously: the kit expects 422 {@code AsyncRequired}
     * without {@code accepts_incomplete=true}.
     *
     * @param planIds plans that only provision asynchronously
     * @return this
     */
    public Builder asyncOnlyPlans(String... planIds) {
      for (String id : planIds) {
        asyncOnlyPlans.add(Objects.requireNonNull(id, "planId == null"));
      }
      return this;
    }

    /**
     * Parameters to provision a plan with (by default generated from the plan's schema).
     *
     * @param planId the plan id
     * @param parameters valid parameters
     * @return this
     */
    public Builder provisionParameters(String planId, Map<String, Object> parameters) {
      provisionParameters.put(Objects.requireNonNull(planId, "planId == null"),
          Map.copyOf(Objects.requireNonNull(parameters, "parameters == null")));
      return this;
    }

    /**
     * Parameters to bind instances of a plan with (by default generated from the plan's schema).
     *
     * @param planId the plan id
     * @param parameters valid parameters
     * @return this
     */
    public Builder bindParameters(String planId, Map<String, Object> parameters) {
      bindParameters.put(Objects.requireNonNull(planId, "planId == null"),
          Map.copyOf(Objects.requireNonNull(parameters, "parameters == null")));
      return this;
    }

    /**
     * Builds what the kit is told about the broker.
     *
     * @return the capabilities
     */
    public Capabilities build() {
      return new Capabilities(new DeclaredCapabilities(update, instancesRetrievable,
          bindingsRetrievable, bindings, dashboardUrl, rotation, bindingCredentials, bluemix,
          concurrency, requiresApp, asyncOnlyPlans, provisionParameters, bindParameters));
    }
  }
}
