package io.github.osbsdk.broker.core.internal.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.Schemas;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Internal: checks request {@code parameters} against the plan's JSON schemas
 * ({@code schemas.service_instance.create/update.parameters},
 * {@code schemas.service_binding.create.parameters}; OSB 2.17 "Schemas Object").
 *
 * <p>Every schema of the catalog is compiled once, in {@link #of}; validation then only walks the
 * compiled schema, so one instance is shared by all request threads. {@code $schema} picks the
 * dialect (draft-04, -06, -07, 2019-09, 2020-12; draft-04 when absent). Nothing is ever fetched
 * over the network: an external {@code $ref} makes {@link #of} fail (the catalog validator reports
 * it first).
 *
 * <p>A plan without a schema for the operation, or an unknown plan id, accepts any parameters
 * (the caller checks that the plan exists). Absent parameters are checked as {@code {}} on
 * provision and bind, so a schema's {@code required} holds, and are not checked on update, where
 * absence means "leave the parameters as they are".
 *
 * <p>Parameters nested more than {@value #MAX_DEPTH} levels deep (objects and arrays, the
 * parameters object itself counting as one) are refused with 400 before a schema walks them: the
 * validator follows the value level by level, and a recursive schema ({@code "$ref": "#"}) would
 * otherwise follow a body of Jackson's 1000 levels until the thread's stack overflows.
 *
 * <p>The work stays proportional to the body: the validation stops once it has found one
 * problem more than the 400 names ({@link CollectedErrors}), and so does the check of each
 * subschema of {@code anyOf}, {@code oneOf}, {@code not} and {@code if}
 * ({@link CombinedSchemas}), while {@code contains} checks each item up to its first error
 * ({@link BoundedContains}); regular expressions run on a
 * linear-time engine, or, when it cannot compile them, on a backtracking one with a step budget
 * that answers 400 when spent ({@link SchemaRegexes}); {@code uniqueItems} sorts and
 * {@code multipleOf} divides exactly ({@link SchemaDialects}); values of the {@code regex} format
 * are compiled only up to a length per value and per check (each distinct value once), beyond
 * which the check stops with a 400 naming that value, then the problems found before it
 * ({@link RegexValues}); the {@code email},
 * {@code idn-email}, {@code style} and {@code utc-millisec} formats are checked in one pass
 * ({@link LinearFormats}), and {@code hostname}, {@code json-pointer},
 * {@code relative-json-pointer}, {@code uri-template} and {@code color}, whose library patterns
 * recurse once per character, in a loop ({@link StackSafeFormats}); a check that still
 * overflows the stack on a long value (no format is known to) answers 400.
 * Any other failure of the check is a {@link SchemaCheckFailure}, which says that the SDK
 * failed, not the provider.
 */
public final class ParameterValidator {
  /** How deep parameters may nest when a schema checks them; deeper is a 400. */
  public static final int MAX_DEPTH = 100;
  private static final String CREATE = "service_instance.create";
  private static final String UPDATE = "service_instance.update";
  private static final String BIND = "service_binding.create";
  private static final Logger LOG = LoggerFactory.getLogger(ParameterValidator.class);
  private static final ParameterValidator EMPTY = new ParameterValidator(Map.of(), null);

  private final Map<String, PlanSchemas> plans;
  private final ObjectMapper mapper;

  private record PlanSchemas(Schema provision, Schema update, Schema bind) {}

  private ParameterValidator(Map<String, PlanSchemas> plans, ObjectMapper mapper) {
    this.plans = plans;
    this.mapper = mapper;
  }

  /**
   * Compiles every plan schema of the catalog.
   *
   * @param catalog the catalog (normally already accepted by the catalog validator)
   * @param mapper the shared mapper, used to turn parameter maps into JSON trees
   * @return a validator for the catalog's plans
   * @throws IllegalArgumentException naming the plan and schema when a schema does not compile
   */
  public static ParameterValidator of(Catalog catalog, ObjectMapper mapper) {
    Objects.requireNonNull(catalog, "catalog == null");
    Objects.requireNonNull(mapper, "mapper == null");
    Map<String, PlanSchemas> plans = new HashMap<>();
    Set<String> backtracking = new LinkedHashSet<>();
    List<ServiceOffering> services = catalog.services() == null ? List.of() : catalog.services();
    for (ServiceOffering service : services) {
      if (service == null || service.plans() == null) {
        continue;
      }
      for (Plan plan : service.plans()) {
        if (plan == null || plan.id() == null || plan.schemas() == null
            || plans.containsKey(plan.id())) {
          continue;
        }
        Schemas s = plan.schemas();
        for (Map<String, Object> schema : Arrays.asList(s.instanceCreate(), s.instanceUpdate(),
            s.bindingCreate())) {
          if (schema != null) {
            backtracking.addAll(JsonSchemas.backtrackingPatterns(mapper.valueToTree(schema)));
          }
        }
        PlanSchemas compiled = new PlanSchemas(
            compile(mapper, s.instanceCreate(), plan, CREATE),
            compile(mapper, s.instanceUpdate(), plan, UPDATE),
            compile(mapper, s.bindingCreate(), plan, BIND));
        if (compiled.provision() != null || compiled.update() != null || compiled.bind() != null) {
          plans.put(plan.id(), compiled);
        }
      }
    }
    for (String pattern : backtracking) {
      LOG.info("Catalog pattern \"{}\" runs on java.util.regex with a step budget (RE2J cannot"
          + " compile it): a value that needs more than {} + {} steps per character is answered"
          + " 400", pattern, BoundedJdkPattern.BASE_STEPS, BoundedJdkPattern.STEPS_PER_CHAR);
    }
    return plans.isEmpty() ? EMPTY : new ParameterValidator(Map.copyOf(plans), mapper);
  }

  private static Schema compile(ObjectMapper mapper, Map<String, Object> schema, Plan plan,
      String which) {
    if (schema == null) {
      return null;
    }
    try {
      return JsonSchemas.compile(mapper.valueToTree(schema));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("plan " + plan.id() + ": schemas." + which
          + ".parameters does not compile: " + e.getMessage(), e);
    }
  }

  /**
   * Checks provision parameters against {@code schemas.service_instance.create.parameters}.
   *
   * @param planId the requested plan id
   * @param params the request's {@code parameters}, may be null
   * @throws ServiceBrokerException 400 naming every failing field (at most ten) and why
   */
  public void validateProvision(String planId, Map<String, Object> params) {
    PlanSchemas s = planId == null ? null : plans.get(planId);
    check(s == null ? null : s.provision(), params, true, planId, CREATE);
  }

  /**
   * Like {@link #validateProvision(String, Map)}, for parameters still in their parsed form
   * (spares the map-to-tree conversion).
   *
   * @param planId the requested plan id
   * @param params the request's {@code parameters} object as parsed, may be null
   * @throws ServiceBrokerException 400 naming every failing field (at most ten) and why
   */
  public void validateProvisionTree(String planId, ObjectNode params) {
    PlanSchemas s = planId == null ? null : plans.get(planId);
    Schema schema = s == null ? null : s.provision();
    if (schema != null) {
      validate(schema, params == null ? mapper.createObjectNode() : params, planId, CREATE);
    }
  }

  /**
   * Checks update parameters against {@code schemas.service_instance.update.parameters}; absent
   * parameters are not checked.
   *
   * @param planId the plan the instance has or moves to
   * @param params the request's {@code parameters}, may be null
   * @throws ServiceBrokerException 400 naming every failing field (at most ten) and why
   */
  public void validateUpdate(String planId, Map<String, Object> params) {
    PlanSchemas s = planId == null ? null : plans.get(planId);
    check(s == null ? null : s.update(), params, false, planId, UPDATE);
  }

  /**
   * Checks bind parameters against {@code schemas.service_binding.create.parameters}.
   *
   * @param planId the instance's plan id
   * @param params the request's {@code parameters}, may be null
   * @throws ServiceBrokerException 400 naming every failing field (at most ten) and why
   */
  public void validateBind(String planId, Map<String, Object> params) {
    PlanSchemas s = planId == null ? null : plans.get(planId);
    check(s == null ? null : s.bind(), params, true, planId, BIND);
  }

  /**
   * @param planId a plan id
   * @return whether the plan has at least one parameter schema
   */
  public boolean hasSchemas(String planId) {
    return planId != null && plans.containsKey(planId);
  }

  private void check(Schema schema, Map<String, Object> params, boolean absentMeansEmpty,
      String planId, String which) {
    if (schema == null || (params == null && !absentMeansEmpty)) {
      return;
    }
    validate(schema, params == null ? mapper.createObjectNode() : mapper.valueToTree(params),
        planId, which);
  }

  /**
   * Checks parameters against a compiled schema.
   *
   * @param planId the plan's id, named by a {@link SchemaCheckFailure}
   * @param which which of the plan's schemas, as in {@code service_instance.create}
   */
  static void validate(Schema schema, JsonNode instance, String planId, String which) {
    if (deeperThan(instance, MAX_DEPTH)) {
      throw ServiceBrokerException.badRequest("Invalid parameters: nested more than " + MAX_DEPTH
          + " levels deep.");
    }
    CollectedErrors errors = new CollectedErrors();
    try {
      schema.validate(instance, context -> {
        context.setErrors(errors);
        RegexValues.startRequest(context);
      });
    } catch (StoppingErrorList.Stop enough) {
      // the library catches it (a fail-fast stop); errors knows it stopped
    } catch (BoundedJdkPattern.Exceeded e) {
      // a lookaround/backreference pattern backtracking on the customer's value: a 400
      throw ServiceBrokerException.badRequest("Invalid parameters: could not be checked against"
          + " the pattern \"" + e.pattern() + "\" of the plan's schema (checking a value against"
          + " it would take too many steps).");
    } catch (RegexValues.Refused e) {
      // a regex-format value too long to compile cheaply: the check stops there, so the 400
      // names it, then the problems found before it, and may miss others after it
      Set<String> problems = new LinkedHashSet<>();
      problems.add(ValidationMessages.truncate(e.getMessage()));
      problems.addAll(errors.problems());
      throw ServiceBrokerException.badRequest(ValidationMessages.describe(problems, true));
    } catch (StackOverflowError e) {
      // a format check of the library (hostname, email, ...) recursing per character of a long
      // value; the customer's parameters made it: a 400, never a 500 blaming the provider
      throw ServiceBrokerException.badRequest("Invalid parameters: could not be checked against"
          + " the plan's schema (a value is too long or too deeply structured to check).");
    } catch (RuntimeException e) {
      throw new SchemaCheckFailure("checking parameters against plan " + planId + "'s schemas."
          + which + ".parameters failed in the SDK (the provider was not called)", e);
    }
    if (!errors.problems().isEmpty()) {
      throw ServiceBrokerException.badRequest(
          ValidationMessages.describe(errors.problems(), errors.stopped()));
    }
  }

  /** Whether objects and arrays nest more than {@code levels} deep; looks no deeper than that. */
  private static boolean deeperThan(JsonNode node, int levels) {
    if (!node.isContainerNode()) {
      return false;
    }
    if (levels == 0) {
      return true;
    }
    for (JsonNode child : node) {
      if (deeperThan(child, levels - 1)) {
        return true;
      }
    }
    return false;
  }
}
