package io.github.osbsdk.broker.core.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;

/**
 * The one definition of "identical" for repeated requests. Two provisions are identical when they
 * name the same {@code service_id}, {@code plan_id}, {@code parameters},
 * {@code organization_guid}, {@code space_guid} and {@code maintenance_info.version} (without
 * SemVer build metadata, {@code +...}, which the version is matched without); two binds
 * when they name the same {@code service_id}, {@code plan_id}, {@code parameters},
 * {@code bind_resource} and {@code app_guid}; two rotations when they name the same
 * {@code predecessor_binding_id}, service and plan. The {@code context} object is left out of
 * these: it describes the instance or binding, not the request, and platforms may change it
 * between retries (a provision repeated after a rename is still identical to the instance). Two
 * updates are identical when they name the same {@code service_id}, the plan the instance ends
 * on, {@code parameters}, {@code maintenance_info.version} and {@code context}: an update's
 * context is part of what it changes (an IBM Cloud rename changes only {@code context.name}), and
 * a retry of one update request sends the same one. The fingerprint is a SHA-256 digest (128
 * bits, base64url) of the canonical JSON of those fields, object keys sorted.
 *
 * <p>The JSON is written field by field in sorted order, and request trees are written without
 * converting them to maps first: the same bytes as serializing the field map with
 * {@code ORDER_MAP_ENTRIES_BY_KEYS}, which is how stored fingerprints were made
 * ({@code FingerprintsTest} holds both ways equal).
 */
public final class Fingerprints {
  private static final Base64.Encoder URL_BASE64 = Base64.getUrlEncoder().withoutPadding();
  private final ObjectWriter canonical;

  /**
   * Creates the fingerprinter.
   *
   * @param canonical a writer that sorts map keys
   */
  Fingerprints(ObjectWriter canonical) {
    this.canonical = canonical;
  }

  /**
   * The canonical JSON of the {@code parameters} object of a request, as the registry stores and
   * fingerprints it.
   *
   * @return the JSON, or null when there are none (null or empty)
   */
  String canonicalParameters(ObjectNode parameters) {
    return parameters == null || parameters.isEmpty() ? null : canonicalJson(parameters);
  }

  /**
   * The canonical JSON of a request's JSON value: object keys sorted at every level, the same
   * text as serializing the value converted to maps and lists with the canonical writer.
   *
   * @return the JSON, or null for null
   */
  String canonicalJson(JsonNode value) {
    if (value == null) {
      return null;
    }
    StringWriter out = new StringWriter(128);
    try (JsonGenerator g = canonical.createGenerator(out)) {
      writeSorted(g, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void writeSorted(JsonGenerator g, JsonNode n) throws IOException {
    if (n.isObject()) {
      String[] names = new String[n.size()];
      Iterator<String> it = n.fieldNames();
      for (int i = 0; i < names.length; i++) {
        names[i] = it.next();
      }
      Arrays.sort(names);
      g.writeStartObject();
      for (String name : names) {
        g.writeFieldName(name);
        writeSorted(g, n.get(name));
      }
      g.writeEndObject();
    } else if (n.isArray()) {
      g.writeStartArray();
      for (JsonNode element : n) {
        writeSorted(g, element);
      }
      g.writeEndArray();
    } else if (n.isTextual()) {
      g.writeString(n.textValue());
    } else if (n.isBoolean()) {
      g.writeBoolean(n.booleanValue());
    } else if (n.isNull() || n.isMissingNode()) {
      g.writeNull();
    } else if (n.isInt()) {
      g.writeNumber(n.intValue());
    } else if (n.isLong()) {
      g.writeNumber(n.longValue());
    } else if (n.isBigInteger()) {
      g.writeNumber(n.bigIntegerValue());
    } else if (n.isNumber()) {
      // a parsed decimal is a double here (as it is in the map a request converts to)
      g.writeNumber(n.doubleValue());
    } else {
      g.writeObject(n);
    }
  }

  /**
   * The fingerprint of a provision, and of the instance an update leaves.
   *
   * @param parameters {@link #canonicalParameters}: embedded as they are, not serialized again
   */
  String instance(String serviceId, String planId, String parameters, String org,
      String space, String maintenanceVersion) {
    return digestOf(g -> instanceFields(g, serviceId, planId, parameters, org, space,
        maintenanceVersion));
  }

  /**
   * The fingerprint of an update: {@link #instance} without organization and space, and the
   * {@code context} ({@code "context":null} when the request sends none, so that it never equals
   * the form without a context). SDK versions before this one fingerprinted updates with
   * {@link #instance} alone; {@link UpdateFingerprint} still recognises their operations.
   *
   * @param parameters {@link #canonicalParameters}
   * @param context {@link #canonicalJson} of the request's {@code context}, or null without one
   */
  String update(String serviceId, String planId, String parameters, String maintenanceVersion,
      String context) {
    // the keys in sorted order: context, then those of instance()
    return digestOf(g -> {
      rawField(g, "context", context);
      instanceFields(g, serviceId, planId, parameters, null, null, maintenanceVersion);
    });
  }

  private static void instanceFields(JsonGenerator g, String serviceId, String planId,
      String parameters, String org, String space, String maintenanceVersion)
      throws IOException {
    // the keys in sorted order: maintenance_info, organization_guid, parameters, plan_id,
    // service_id, space_guid
    // without build metadata, as the version is matched: 1.0.0+b and 1.0.0 are identical
    g.writeStringField("maintenance_info",
        RequestChecks.withoutBuildMetadata(maintenanceVersion));
    g.writeStringField("organization_guid", org);
    rawField(g, "parameters", parameters);
    g.writeStringField("plan_id", planId);
    g.writeStringField("service_id", serviceId);
    g.writeStringField("space_guid", space);
  }

  /**
   * The fingerprint of a bind.
   *
   * @param parameters {@link #canonicalParameters}
   * @param bindResource the canonical JSON of {@code bind_resource}, or null
   */
  String binding(String serviceId, String planId, String parameters, String bindResource,
      String appGuid) {
    // the keys in sorted order: app_guid, bind_resource, parameters, plan_id, service_id
    return digestOf(g -> {
      g.writeStringField("app_guid", appGuid);
      rawField(g, "bind_resource", bindResource);
      rawField(g, "parameters", parameters);
      g.writeStringField("plan_id", planId);
      g.writeStringField("service_id", serviceId);
    });
  }

  /**
   * The fingerprint of a rotation ({@code predecessor_binding_id}): the binding it rotates, whose
   * parameters and bind resource the new binding takes, so that an identical repeat is
   * recognised also once the predecessor was unbound. It never equals a plain bind's.
   */
  String rotation(String serviceId, String planId, String predecessorBindingId) {
    // the keys in sorted order: plan_id, predecessor_binding_id, service_id
    return digestOf(g -> {
      g.writeStringField("plan_id", planId);
      g.writeStringField("predecessor_binding_id", predecessorBindingId);
      g.writeStringField("service_id", serviceId);
    });
  }

  /**
   * The fingerprint of a DELETE (deprovision or unbind): its query, which is all it has. Two
   * are compared with {@link #sameDeletion}, which leaves the plan id out.
   *
   * @return the fingerprint, readable as it is (no digest)
   */
  static String deletion(boolean acceptsIncomplete, String serviceId, String planId) {
    return acceptsIncomplete + " " + serviceId.length() + ":" + serviceId + planId;
  }

  /**
   * Whether two DELETE fingerprints ({@link #deletion}) are of the same delete: the same
   * {@code service_id}, whatever {@code accepts_incomplete} and {@code plan_id} each names. The
   * SDK does not use the plan id a DELETE sends (after a plan change the platform may send the
   * old or the new one), and {@code accepts_incomplete} says only how the platform takes the
   * answer: a repeat in the other mode of a delete whose provider call still runs waits for it,
   * as a provision's repeat does, and is then answered from what it left (410, or 202 with its
   * operation, or 422 {@code AsyncRequired} when it went asynchronous and the repeat is
   * synchronous). Both are left out of the comparison, not out of the stored form: replicas on
   * an earlier build compare the whole form, and still read what this one stores (they see such
   * a delete as a different one, 422 {@code ConcurrencyError}, as before). A value not of this
   * form equals only itself.
   *
   * @param a a fingerprint, or null
   * @param b another, or null
   * @return whether both are of the same delete
   */
  static boolean sameDeletion(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    int end = planIdStart(a);
    if (end < 0 || planIdStart(b) < 0) {
      return a.equals(b);
    }
    // from the length prefix of the service id to its end
    int from = a.indexOf(' ') + 1;
    int bFrom = b.indexOf(' ') + 1;
    return end - from == planIdStart(b) - bFrom && a.regionMatches(from, b, bFrom, end - from);
  }

  /** Where the plan id begins in a {@link #deletion} fingerprint, or -1 for another form. */
  private static int planIdStart(String deletion) {
    int space = deletion.indexOf(' ');
    int colon = space < 0 ? -1 : deletion.indexOf(':', space + 1);
    if (colon < 0) {
      return -1;
    }
    int length;
    try {
      length = Integer.parseInt(deletion, space + 1, colon, 10);
    } catch (NumberFormatException e) {
      return -1;
    }
    int end = colon + 1 + length;
    return length < 0 || end > deletion.length() ? -1 : end;
  }

  /** Writes the fields of a fingerprint's JSON object, in sorted order. */
  @FunctionalInterface
  private interface Fields {
    void write(JsonGenerator g) throws IOException;
  }

  /**
   * The digest of the JSON object {@code fields} write. The generator's buffer goes straight
   * into the digest: the same bytes as digesting the JSON collected in an array, without the
   * array and its copy.
   */
  private String digestOf(Fields fields) {
    MessageDigest sha = Sha256.threadDigest();
    try (JsonGenerator g = canonical.createGenerator(new DigestSink(sha))) {
      g.writeStartObject();
      fields.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      sha.reset();
      throw new UncheckedIOException(e);
    }
    return URL_BASE64.encodeToString(Arrays.copyOf(sha.digest(), 16));
  }

  /** An output stream that feeds what is written to a digest and keeps nothing. */
  private static final class DigestSink extends OutputStream {
    private final MessageDigest digest;

    DigestSink(MessageDigest digest) {
      this.digest = digest;
    }

    @Override
    public void write(int b) {
      digest.update((byte) b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      digest.update(b, off, len);
    }
  }

  /** Canonical JSON already made, written into the fingerprint's JSON as it is. */
  private static void rawField(JsonGenerator g, String name, String canonicalJson)
      throws IOException {
    g.writeFieldName(name);
    if (canonicalJson == null) {
      g.writeNull();
    } else {
      g.writeRawValue(canonicalJson);
    }
  }
}
