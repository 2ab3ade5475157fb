package io.github.osbsdk.broker.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.core.internal.schema.ParameterValidator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * One validated catalog: its serialized form and {@code ETag}, id indexes and compiled parameter
 * schemas.
 */
public final class CatalogSnapshot {
  /** The description of a stand-in for a plan or service that left the catalog. */
  private static final String REMOVED = "No longer in the catalog.";

  /** A plan with its service. */
  public record Entry(ServiceOffering service, Plan plan) {}

  private final Catalog catalog;
  private final byte[] json;
  private final String etag;
  private final ParameterValidator parameters;
  private final Map<String, ServiceOffering> services = new HashMap<>();
  private final Map<String, Entry> plans = new HashMap<>();

  /**
   * @param catalog a validated catalog
   * @param mapper the shared mapper
   */
  public CatalogSnapshot(Catalog catalog, ObjectMapper mapper) {
    this.catalog = catalog;
    try {
      // map keys sorted and sets in the order of their elements: the same catalog gives the same
      // bytes, and so the same ETag, on every replica (Map.of and Set.of iterate in a per-JVM
      // random order)
      ObjectMapper writer = mapper.copy().registerModule(new SimpleModule("catalog-sets")
          .addSerializer(new UnorderedSetSerializer()));
      this.json = writer.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .writeValueAsBytes(catalog);
      this.etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(json), 0, 16) + "\"";
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot serialize the catalog", e);
    }
    this.parameters = ParameterValidator.of(catalog, mapper);
    if (catalog.services() != null) {
      for (ServiceOffering s : catalog.services()) {
        services.putIfAbsent(s.id(), s);
        if (s.plans() != null) {
          for (Plan p : s.plans()) {
            plans.putIfAbsent(p.id(), new Entry(s, p));
          }
        }
      }
    }
  }

  /** @return the catalog */
  public Catalog catalog() {
    return catalog;
  }

  /** @return the serialized catalog */
  byte[] json() {
    return json;
  }

  /** @return the quoted strong entity tag */
  String etag() {
    return etag;
  }

  /** @return the compiled parameter schemas */
  public ParameterValidator parameters() {
    return parameters;
  }

  /**
   * @param serviceId a {@code service_id}
   * @return the service
   * @throws ServiceBrokerException 400 when unknown
   */
  public ServiceOffering service(String serviceId) {
    ServiceOffering s = services.get(serviceId);
    if (s == null) {
      throw unknownService(serviceId);
    }
    return s;
  }

  /**
   * The 400 for a {@code service_id} the catalog does not list, as {@link #service} throws it.
   *
   * @param serviceId the {@code service_id}
   * @return the exception, not thrown
   */
  static ServiceBrokerException unknownService(String serviceId) {
    return ServiceBrokerException.badRequest("Unknown service_id '"
        + AnswerValues.of(serviceId) + "'.");
  }

  /** The 400 for a {@code plan_id} the catalog does not list, as {@link #plan} throws it. */
  private static ServiceBrokerException unknownPlan(String planId) {
    return ServiceBrokerException.badRequest("Unknown plan_id '" + AnswerValues.of(planId)
        + "'.");
  }

  /** The 400 for a {@code plan_id} of another service than {@code serviceId}. */
  private static ServiceBrokerException planOfAnotherService(String planId, String serviceId) {
    return ServiceBrokerException.badRequest("The plan_id '"
        + AnswerValues.of(planId) + "' does not belong to the service_id '"
        + AnswerValues.of(serviceId) + "'.");
  }

  /**
   * What refuses a request naming {@code serviceId} and {@code planId}: the 400
   * {@link #plan(String, String)} throws for them, handed out instead of thrown.
   *
   * @param serviceId a {@code service_id}
   * @param planId a {@code plan_id}
   * @return the exception, not thrown; null when the catalog has that plan of that service
   */
  ServiceBrokerException refusal(String serviceId, String planId) {
    ServiceOffering s = services.get(serviceId);
    if (s == null) {
      return unknownService(serviceId);
    }
    Entry e = plans.get(planId);
    if (e == null) {
      return unknownPlan(planId);
    }
    return e.service() == s ? null : planOfAnotherService(planId, serviceId);
  }

  /**
   * @param serviceId a {@code service_id}
   * @return the service, or null when the catalog no longer has it
   */
  ServiceOffering findService(String serviceId) {
    return services.get(serviceId);
  }

  /**
   * @param planId a {@code plan_id}
   * @return whether the catalog has that plan (of any service)
   */
  boolean hasPlan(String planId) {
    return plans.containsKey(planId);
  }

  /**
   * @param serviceId a {@code service_id}
   * @param planId a {@code plan_id}
   * @return the plan and its service
   * @throws ServiceBrokerException 400 when either is unknown or the plan is of another service
   */
  public Entry plan(String serviceId, String planId) {
    ServiceBrokerException refused = refusal(serviceId, planId);
    if (refused != null) {
      throw refused;
    }
    return plans.get(planId);
  }

  /**
   * The plan a deprovision or unbind of a recorded target works with: the one the target was
   * recorded with. The {@code plan_id} the platform sent is its view of the target's plan (after
   * a plan change it may still name the old one, as its polls do, and that plan may since have
   * left the catalog): it is never used, and refused (400) only when it names a plan of another
   * service in the catalog; the provider and the operation's timeout get the recorded plan. A
   * recorded plan since removed from the catalog is accepted, so that what a platform keeps can
   * always be deleted: the provider then gets a stand-in plan (and, when the service went too, a
   * stand-in service) carrying the id as its name.
   *
   * @param serviceId a {@code service_id}, the target's
   * @param planId the {@code plan_id} the request sent
   * @param storedPlanId the target's recorded plan (an unbind's: its instance's as the unbind
   *     begins, which after a plan change is no longer the one the binding was made on)
   * @return the recorded plan and its service
   * @throws ServiceBrokerException 400 when {@code planId} is a plan of another service
   */
  Entry planToDelete(String serviceId, String planId, String storedPlanId) {
    Entry named = plans.get(planId);
    if (named != null && named.service() != services.get(serviceId)) {
      throw planOfAnotherService(planId, serviceId);
    }
    if (plans.containsKey(storedPlanId)) {
      return plan(serviceId, storedPlanId);
    }
    Plan plan = Plan.builder(storedPlanId, storedPlanId, REMOVED).build();
    ServiceOffering service = services.get(serviceId);
    return new Entry(service != null ? service
        : ServiceOffering.builder(serviceId, serviceId, REMOVED).plan(plan).build(), plan);
  }

  /**
   * The stand-in for a recorded instance's service that left the catalog, for an update of the
   * instance's context only: named, as {@link #planToDelete}'s, by its id, and without plans, so
   * that the provider finds no plan in it (the instance's plan went with it).
   *
   * @param serviceId the instance's recorded {@code service_id}
   * @return the stand-in service
   */
  static ServiceOffering removedService(String serviceId) {
    return ServiceOffering.builder(serviceId, serviceId, REMOVED).build();
  }

  /**
   * @param planId a {@code plan_id}
   * @return the plan and its service
   * @throws ServiceBrokerException 400 when unknown
   */
  public Entry plan(String planId) {
    Entry e = plans.get(planId);
    if (e == null) {
      throw unknownPlan(planId);
    }
    return e;
  }
}
