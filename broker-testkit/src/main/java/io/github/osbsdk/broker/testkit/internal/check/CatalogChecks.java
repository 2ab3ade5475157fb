package io.github.osbsdk.broker.testkit.internal.check;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.core.catalog.CatalogProblem;
import io.github.osbsdk.broker.core.catalog.CatalogReport;
import io.github.osbsdk.broker.core.catalog.CatalogValidator;
import io.github.osbsdk.broker.testkit.Rule;
import io.github.osbsdk.broker.testkit.client.OsbResponse;
import io.github.osbsdk.broker.testkit.client.RawRequest;
import java.util.List;
import java.util.stream.Collectors;

/** Checks of {@code GET /v2/catalog}. */
final class CatalogChecks {
  /**
   * Reads the catalog as the spec types it: a string where a boolean, a number where a string,
   * a fraction where an integer is a problem to report, not a value to convert ({@code
   * "bindable": "true"}, {@code "free": 1} and {@code "maximum_polling_duration": 1.5} mean
   * nothing to a platform that reads JSON types).
   */
  private static final ObjectMapper STRICT = strictMapper();

  private CatalogChecks() {}

  private static ObjectMapper strictMapper() {
    ObjectMapper m = JsonMapper.builder()
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .build();
    for (LogicalType type : List.of(LogicalType.Textual, LogicalType.Boolean,
        LogicalType.Integer, LogicalType.Float)) {
      for (CoercionInputShape shape : List.of(CoercionInputShape.Integer,
          CoercionInputShape.Float, CoercionInputShape.Boolean, CoercionInputShape.String,
          CoercionInputShape.EmptyString)) {
        boolean same = type == LogicalType.Textual && shape == CoercionInputShape.String
            || type == LogicalType.Integer && shape == CoercionInputShape.Integer
            || type == LogicalType.Float && (shape == CoercionInputShape.Float
                || shape == CoercionInputShape.Integer)
            || type == LogicalType.Boolean && shape == CoercionInputShape.Boolean;
        if (!same && !(type == LogicalType.Textual && shape == CoercionInputShape.EmptyString)) {
          m.coercionConfigFor(type).setCoercion(shape, CoercionAction.Fail);
        }
      }
    }
    return m;
  }

  /** The JSON path of a mapping problem, e.g. {@code services[0].plans[1].free}. */
  private static String where(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      } else if (ref.getFieldName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
      }
    }
    return path.length() == 0 ? "(top)" : path.toString();
  }

  static List<Check> checks() {
    return List.of(
        Check.of(Rule.CATALOG_STATUS, CatalogChecks::status),
        Check.of(Rule.CATALOG_VALID, CatalogChecks::valid),
        Check.of(Rule.CATALOG_ETAG, CatalogChecks::etag));
  }

  private static void status(CheckContext ctx) {
    OsbResponse<Catalog> r = ctx.client().catalog();
    ctx.expectStatus(r, "GET /v2/catalog", 200);
    ctx.expectJsonObject(r, "GET /v2/catalog");
    JsonNode services = r.json().get("services");
    if (services == null || !services.isArray()) {
      throw ctx.fail("expected a 'services' array in the catalog", r);
    }
    String type = r.header("Content-Type").orElse("");
    if (!type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      throw ctx.fail("expected Content-Type application/json for the catalog, got '" + type
          + "'", r);
    }
  }

  private static void valid(CheckContext ctx) {
    OsbResponse<Catalog> r = ctx.client().catalog();
    ctx.expectStatus(r, "GET /v2/catalog", 200);
    ctx.expectJsonObject(r, "GET /v2/catalog");
    try {
      STRICT.treeToValue(r.json(), Catalog.class);
    } catch (ValueInstantiationException e) {
      // a required field is missing, which the records refuse: validateJson below reports it
      // with every other problem of the catalog
    } catch (JsonMappingException e) {
      throw ctx.fail("the catalog does not match the OSB model: " + where(e) + ": "
          + e.getOriginalMessage(), r);
    } catch (Exception e) {
      throw ctx.fail("the catalog does not match the OSB model: " + e.getMessage(), r);
    }
    CatalogReport report = CatalogValidator.validateJson(r.json().toString());
    if (!report.isValid()) {
      String problems = report.errors().stream()
          .map(CatalogChecks::describe).collect(Collectors.joining("; "));
      throw ctx.fail("the catalog has " + report.errors().size() + " error(s): " + problems, r);
    }
  }

  private static String describe(CatalogProblem p) {
    return p.path() + ": " + p.message();
  }

  private static void etag(CheckContext ctx) {
    OsbResponse<Catalog> r = ctx.client().catalog();
    String etag = r.header("ETag").orElseThrow(() ->
        ctx.notApplicable("the broker sends no ETag on the catalog"));
    OsbResponse<?> again = ctx.client().send(RawRequest.builder("GET", "/v2/catalog")
        .header("If-None-Match", etag).build());
    ctx.expectStatus(again, "GET /v2/catalog with If-None-Match: " + etag, 304);
    // A stale or foreign entity tag must not get 304: the platform would keep an old catalog.
    String stale = "\"osb-conformance-stale-etag\"";
    OsbResponse<?> changed = ctx.client().send(RawRequest.builder("GET", "/v2/catalog")
        .header("If-None-Match", stale).build());
    ctx.expectStatus(changed, "GET /v2/catalog with a stale If-None-Match: " + stale, 200);
    ctx.expectJsonObject(changed, "GET /v2/catalog with a stale If-None-Match");
    // ... but the catalog: the one answered above when the answer names the same ETag
    boolean sameEtag = changed.header("ETag").map(etag::equals).orElse(false);
    JsonNode services = changed.json().get("services");
    if (services == null || !services.isArray()) {
      throw ctx.fail("expected the catalog (a 'services' array) in the 200 answer to a stale"
          + " If-None-Match: " + stale, changed);
    }
    if (sameEtag && !changed.json().equals(r.json())) {
      throw ctx.fail("expected the catalog answered without If-None-Match, whose ETag " + etag
          + " the 200 answer to a stale If-None-Match names, but the catalogs differ", changed);
    }
  }
}
