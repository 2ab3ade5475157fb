package io.github.osbsdk.broker.testkit.internal.check;

import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.testkit.Capabilities;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The fetched catalog with the capabilities applied: which plans support what.
 *
 * @param catalog the catalog
 * @param capabilities declared capabilities
 * @param plans every plan with its service, in catalog order
 */
public record CatalogView(Catalog catalog, Capabilities capabilities, List<PlanRef> plans) {
  /** Copies. */
  public CatalogView {
    plans = List.copyOf(plans);
  }

  /**
   * @param catalog the catalog
   * @param caps capabilities
   * @return the view
   */
  public static CatalogView of(Catalog catalog, Capabilities caps) {
    List<PlanRef> plans = new ArrayList<>();
    if (catalog != null && catalog.services() != null) {
      for (ServiceOffering s : catalog.services()) {
        if (s != null && s.id() != null && s.plans() != null) {
          for (Plan p : s.plans()) {
            if (p != null && p.id() != null) {
              plans.add(new PlanRef(s, p));
            }
          }
        }
      }
    }
    return new CatalogView(catalog, caps, plans);
  }

  /** @return the plan global checks use: the first bindable plan, else the first plan */
  public Optional<PlanRef> primary() {
    return bindablePlans().stream().findFirst().or(() -> plans.stream().findFirst());
  }

  /**
   * @param p a plan
   * @return whether binding checks apply to it
   */
  public boolean bindable(PlanRef p) {
    return capabilities.bindings().orElse(true) && p.bindable();
  }

  /** @return the plans binding checks apply to */
  public List<PlanRef> bindablePlans() {
    return plans.stream().filter(this::bindable).toList();
  }

  /**
   * @param p a plan
   * @return whether instances of it can be fetched
   */
  public boolean instancesRetrievable(PlanRef p) {
    return capabilities.instancesRetrievable()
        .orElse(Boolean.TRUE.equals(p.service().instancesRetrievable()));
  }

  /**
   * @param p a plan
   * @return whether bindings of it can be fetched
   */
  public boolean bindingsRetrievable(PlanRef p) {
    return capabilities.bindingsRetrievable()
        .orElse(Boolean.TRUE.equals(p.service().bindingsRetrievable()));
  }

  /**
   * A plan other than {@code picked} whose instances are likely created asynchronously, for the
   * asynchronous steps of a check whose picked plan showed none: a declared async-only plan, else
   * one declaring {@code maximum_polling_duration} (which only asynchronous operations use).
   *
   * @param picked the plan the check picked
   * @param pickedWasSync whether the picked plan's create answered synchronously
   * @return the plan, or empty when none fits (or the picked plan was created asynchronously and
   *     no other async-only plan is declared: its own steps were the asynchronous ones)
   */
  public Optional<PlanRef> asyncPlanBesides(PlanRef picked, boolean pickedWasSync) {
    List<PlanRef> others = plans.stream().filter(x -> !x.planId().equals(picked.planId()))
        .toList();
    Optional<PlanRef> declared = others.stream()
        .filter(x -> capabilities.asyncOnlyPlans().contains(x.planId())).findFirst();
    if (declared.isPresent() || !pickedWasSync) {
      return declared;
    }
    return others.stream().filter(x -> x.plan().maximumPollingDuration() != null).findFirst();
  }

  /** @return the first plan whose instances can be fetched */
  public Optional<PlanRef> retrievablePlan() {
    return plans.stream().filter(this::instancesRetrievable).findFirst();
  }

  /** @return the first bindable plan whose bindings can be fetched */
  public Optional<PlanRef> retrievableBindingPlan() {
    return bindablePlans().stream().filter(this::bindingsRetrievable).findFirst();
  }
}
