package io.github.osbsdk.broker.core.catalog;

import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.DashboardClient;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.api.internal.Texts;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a catalog against the Open Service Broker API 2.17 ("Catalog Management" section of
 * {@code spec.md}, its "Service Offering Object", "Service Plan Object", "Schemas Object",
 * "Input Parameters Schema Object" and "Maintenance Info Object" tables, "URL Properties", and
 * the "Dashboard Client Object" of {@code profile.md}) and IBM Cloud's catalog conventions. It
 * never stops at the first problem: the report lists every problem, each with its JSON path.
 *
 * <p><b>Errors</b> (a MUST of the spec is broken, or the SDK could not serve the catalog):
 * <ul>
 *   <li>a null catalog, a null {@code services} array, or a null service or plan entry;</li>
 *   <li>a service without {@code id}, {@code name}, {@code description}, {@code bindable} or
 *       {@code plans}, or with an empty {@code plans} array ("MUST contain at least one
 *       Service Plan"); a plan without {@code id}, {@code name} or {@code description};
 *       ids, names and descriptions that are empty or only whitespace ("MUST be a non-empty
 *       string");</li>
 *   <li>an id with a control character (the SDK refuses such ids in requests);</li>
 *   <li>an id used twice anywhere in the catalog: service ids and plan ids are "globally
 *       unique", so a plan id may not repeat in another service nor equal a service id;</li>
 *   <li>two services with the same name, or two plans of one service with the same name
 *       (names compare case-sensitively);</li>
 *   <li>a {@code requires} value other than {@code syslog_drain}, {@code route_forwarding} and
 *       {@code volume_mount}, or a null tag or {@code requires} entry;</li>
 *   <li>{@code maintenance_info} without {@code version}, or a version that is not a SemVer 2.0.0
 *       version (pre-release and build metadata allowed: {@code 1.0.0-rc.1+b7});</li>
 *   <li>{@code maximum_polling_duration} of zero or less;</li>
 *   <li>a parameters schema without {@code $schema}, with a {@code $schema} that is not draft-04,
 *       -06, -07, 2019-09 or 2020-12, that is not a valid schema of its dialect (checked against
 *       the meta-schema, then compiled), with a reference outside the document ({@code $ref}
 *       not starting with {@code #}), that applies itself to the same value without end
 *       ({@code {"$ref": "#"}}, two definitions naming each other: the validator would recurse
 *       until the stack overflows), nested more than 256 levels deep (objects and arrays:
 *       deeper schemas could overflow the stack when checked, compiled or applied) or holding
 *       itself (a Java map that contains itself), larger than 64kB serialized, or holding a
 *       number JSON cannot represent (NaN or infinite: it would be published as a string);</li>
 *   <li>a {@code dashboard_client} without {@code id} or {@code secret};</li>
 *   <li>service or plan {@code metadata} holding something that cannot be written as JSON: an
 *       object Jackson has no serializer for, a null map key, a map or list holding itself or
 *       nesting more than 256 levels deep; the problem names the value's path (e.g.
 *       {@code services[0].plans[1].metadata.costs[0].amount}) and its service or plan.</li>
 * </ul>
 *
 * <p><b>Warnings</b> (legal, but against a recommendation; platforms may reject or mangle it):
 * <ul>
 *   <li>a name that is not CLI-friendly: the spec's CLI-friendly strings use only alphanumerics,
 *       periods and hyphens; we also accept {@code _}, and uppercase is allowed since 2.14; names
 *       like {@code -} that are hard to type are flagged too;</li>
 *   <li>a name with uppercase letters or spaces: IBM Cloud expects lowercase names without
 *       spaces, matching the Partner Center definition;</li>
 *   <li>an id with characters outside RFC 3986 "unreserved" characters ("URL Properties": ids
 *       travel in URLs; a GUID is recommended);</li>
 *   <li>any string the spec defines in the catalog longer than 255 characters ("It is
 *       RECOMMENDED that strings do not exceed 255 characters"): service and plan {@code id},
 *       {@code name}, {@code description}, each tag, {@code maintenance_info.version} and
 *       {@code .description}, {@code dashboard_client.id} and {@code .redirect_uri}; opaque
 *       {@code metadata} and schemas are not counted;</li>
 *   <li>an empty {@code services} array (legal, but the broker offers nothing), duplicate tags
 *       or {@code requires} entries;</li>
 *   <li>features that need a binding on a service none of whose plans is bindable:
 *       {@code requires} (all three permissions act on bindings),
 *       {@code bindings_retrievable}; and per plan, {@code binding_rotatable} or a
 *       {@code service_binding} schema on a plan that is not bindable ("Used only if the
 *       Service Plan is bindable");</li>
 *   <li>a parameters schema whose root {@code type} is not {@code object} (parameters are
 *       always a JSON object);</li>
 *   <li>a {@code format} in a parameters schema that the SDK's validator does not know (such as
 *       {@code "zip-code"}): parameters are not checked against it. Known formats are checked
 *       under draft-04, -06 and -07 only; 2019-09 and 2020-12 make {@code format} an annotation;
 *       </li>
 *   <li>conventional metadata of the wrong type: service {@code displayName},
 *       {@code longDescription}, {@code providerDisplayName} (strings), {@code imageUrl},
 *       {@code documentationUrl}, {@code supportUrl}, {@code instructionsUrl},
 *       {@code termsUrl} (absolute URLs); plan {@code displayName}, {@code bullets} (strings),
 *       {@code costs} ({@code amount} object and {@code unit} string), and a cost amount
 *       ({@code costs[].amount.<currency>}) that is not a finite number of zero or more
 *       (negative, NaN or infinite, a string, null), named with its plan;</li>
 *   <li>a {@code dashboard_client.redirect_uri} that is not an absolute {@code https} URL, or
 *       that carries user info ({@code user:password@host});</li>
 *   <li>a NaN or infinite number anywhere in {@code metadata} (JSON has none: it would be
 *       published as a string), at its path.</li>
 * </ul>
 *
 * <p>Messages repeat catalog values (names, ids, tags, URLs, map keys in paths) in a form safe
 * for logs: user info of a URL and the value of every query parameter are masked
 * ({@code https://***@host/path?token=***}: all values, whatever their names), characters that
 * could start a new line or disguise the text are escaped ({@code \}{@code u000a} for a line
 * feed), and a value longer than 100 characters is cut, its length noted. No message repeats
 * {@code dashboard_client.secret}.
 *
 * <p>A plan's {@code bindable} overrides its service's (so {@code bindable: true} on a plan of a
 * non-bindable service is legal), as does {@code plan_updateable}.
 */
public final class CatalogValidator {
  /** The only {@code requires} values the OSB spec defines. */
  public static final Set<String> KNOWN_REQUIRES =
      Set.of("syslog_drain", "route_forwarding", "volume_mount");

  private CatalogValidator() {}

  /**
   * Validates a catalog.
   *
   * @param catalog the catalog, may be null (reported as an error)
   * @return every error and warning found, in catalog order
   */
  public static CatalogReport validate(Catalog catalog) {
    return validate(catalog, new Problems());
  }

  /**
   * Validates a catalog given as JSON, such as a broker's {@code GET /v2/catalog} body. The
   * records refuse a null {@code services}, or a null {@code id}, {@code name} or
   * {@code description} of a service or plan, so a catalog lacking one could not be read into
   * them; here each is reported as {@link #validate(Catalog)} reports every other problem, in
   * the same report. A value of the wrong JSON type is reported at its path, alone.
   *
   * @param json the catalog as JSON text
   * @return every error and warning found, in catalog order
   */
  public static CatalogReport validateJson(String json) {
    return CatalogJson.validate(json);
  }

  /** Validates a catalog whose JSON lacked the required texts at the {@code missing} paths. */
  static CatalogReport validate(Catalog catalog, Problems p) {
    if (catalog == null) {
      p.error("", "the catalog is null");
      return p.report();
    }
    List<ServiceOffering> services = catalog.services();
    if (services == null) {
      p.error("services", "is required (an array, which may be empty)");
      return p.report();
    }
    if (services.isEmpty()) {
      p.warning("services", "is empty: the broker offers nothing");
    }
    Map<String, String> ids = new HashMap<>();
    Map<String, String> serviceNames = new HashMap<>();
    for (int i = 0; i < services.size(); i++) {
      service(p, "services[" + i + "]", services.get(i), ids, serviceNames);
    }
    return p.report();
  }

  /**
   * Validates a catalog and throws when it has errors.
   *
   * @param catalog the catalog
   * @return the report, which may hold warnings
   * @throws InvalidCatalogException listing every error when the catalog is not valid
   */
  public static CatalogReport requireValid(Catalog catalog) {
    CatalogReport report = validate(catalog);
    if (!report.isValid()) {
      throw new InvalidCatalogException(report);
    }
    return report;
  }

  private static void service(Problems p, String path, ServiceOffering service,
      Map<String, String> ids, Map<String, String> serviceNames) {
    if (service == null) {
      p.error(path, "must not be null");
      return;
    }
    id(p, path + ".id", service.id(), ids);
    if (TextRules.required(p, path + ".name", service.name())) {
      String first = serviceNames.putIfAbsent(service.name(), path + ".name");
      if (first != null) {
        p.error(path + ".name", "duplicate service name " + MessageValues.quote(service.name())
            + " (also at "
            + first + "): service names must be unique in the catalog");
      }
      TextRules.nameStyle(p, path + ".name", service.name());
      TextRules.length(p, path + ".name", service.name());
    }
    if (TextRules.required(p, path + ".description", service.description())) {
      TextRules.length(p, path + ".description", service.description());
    }
    if (service.bindable() == null) {
      p.error(path + ".bindable", "is required (true or false)");
    }
    strings(p, path + ".tags", service.tags(), false);
    strings(p, path + ".requires", service.requires(), true);
    dashboardClient(p, path + ".dashboard_client", service.dashboardClient());
    MetadataRules.service(p, path + ".metadata",
        p.missing(path + ".name") ? null : service.name(), service.metadata());
    List<Plan> plans = service.plans();
    if (plans == null) {
      p.error(path + ".plans", "is required");
      return;
    }
    if (plans.isEmpty()) {
      p.error(path + ".plans", "must contain at least one plan");
    }
    Map<String, String> planNames = new HashMap<>();
    boolean anyBindable = false;
    for (int j = 0; j < plans.size(); j++) {
      Plan plan = plans.get(j);
      PlanRules.check(p, path + ".plans[" + j + "]", service, plan, ids, planNames);
      anyBindable |= plan != null && service.isBindable(plan);
    }
    if (!plans.isEmpty() && !anyBindable) {
      if (service.requires() != null && !service.requires().isEmpty()) {
        p.warning(path + ".requires", "has no effect: no plan of this service is bindable");
      }
      if (Boolean.TRUE.equals(service.bindingsRetrievable())) {
        p.warning(path + ".bindings_retrievable", "is true but no plan of this service is "
            + "bindable");
      }
    }
  }

  /** Checks a required, globally unique id. */
  static void id(Problems p, String path, String id, Map<String, String> ids) {
    if (!TextRules.required(p, path, id)) {
      return;
    }
    String first = ids.putIfAbsent(id, path);
    if (first != null) {
      p.error(path, "duplicate id " + MessageValues.quote(id) + " (also at " + first
          + "): service and plan ids must be globally unique");
    }
    if (Texts.hasControlCharacter(id)) {
      p.error(path, "contains a control character (U+0000 to U+001F or U+007F): requests naming "
          + "such an id are refused with 400, so the SDK could never serve it");
    } else {
      TextRules.idStyle(p, path, id);
    }
    TextRules.length(p, path, id);
  }

  private static void strings(Problems p, String path, List<String> values, boolean requires) {
    if (values == null) {
      return;
    }
    Set<String> seen = new HashSet<>();
    for (int k = 0; k < values.size(); k++) {
      String value = values.get(k);
      String at = path + "[" + k + "]";
      if (value == null) {
        p.error(at, "must not be null");
        continue;
      }
      if (requires && !KNOWN_REQUIRES.contains(value)) {
        p.error(at, MessageValues.quote(value) + " is not a permission the OSB spec defines"
            + " (syslog_drain, route_forwarding, volume_mount)");
      }
      if (!seen.add(value)) {
        p.warning(at, MessageValues.quote(value) + " is listed twice");
      }
      TextRules.length(p, at, value);
    }
  }

  private static void dashboardClient(Problems p, String path, DashboardClient client) {
    if (client == null) {
      return;
    }
    if (TextRules.required(p, path + ".id", client.id())) {
      TextRules.length(p, path + ".id", client.id());
    }
    TextRules.required(p, path + ".secret", client.secret());
    String redirect = client.redirectUri();
    if (redirect != null) {
      TextRules.length(p, path + ".redirect_uri", redirect);
      URI uri;
      try {
        uri = new URI(redirect);
      } catch (URISyntaxException e) {
        uri = null;
      }
      if (uri == null || !uri.isAbsolute()) {
        p.warning(path + ".redirect_uri", MessageValues.quoteUrl(redirect)
            + " is not an absolute URI");
      } else if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
        p.warning(path + ".redirect_uri", MessageValues.quoteUrl(redirect)
            + " is not an https URL: the platform sends the sign-in code to it, which plain"
            + " http (or another scheme) would expose");
      } else if (uri.getRawUserInfo() != null) { // not repeated: it may hold a password
        p.warning(path + ".redirect_uri", "carries user info (user@host): credentials do not"
            + " belong in a URL the catalog publishes, and browsers may refuse or mislead with"
            + " it");
      }
    }
  }
}
