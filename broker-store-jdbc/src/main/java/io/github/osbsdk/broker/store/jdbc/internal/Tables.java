package io.github.osbsdk.broker.store.jdbc.internal;

import java.util.regex.Pattern;

/**
 * The store's table names, qualified with a schema or left for the {@code search_path}.
 *
 * @param instance the instance table
 * @param binding the binding table
 * @param operation the operation table
 * @param ssoKey the SSO key table
 * @param history the table that records applied migrations
 * @param usageRecord the metering outbox's records
 * @param usageCount the metering outbox's open-window counts
 * @param usageWatermark the metering outbox's closed-through watermark
 * @param usageEnd the instances whose metering ended
 * @param usageDelivered the keys of the usage records IBM took
 * @param usagePlanEnd the instances whose metering ended on one plan
 * @param usageHeld the metering outbox's counts held until their instance's end is known
 * @param channel the channel of the notifications of finished operations: the operation table's
 *     name, with the schema when one is named, unquoted (a name, not SQL text); in it a schema's
 *     name is cut to its first 49 characters, as PostgreSQL takes no channel name over 63 bytes
 *     (schemas that share those 49 share the channel: their replicas then also hear each other's
 *     operation ids, which costs a little and changes nothing)
 */
public record Tables(String instance, String binding, String operation, String ssoKey,
    String history, String usageRecord, String usageCount, String usageWatermark,
    String usageEnd, String usageDelivered, String usagePlanEnd, String usageHeld,
    String channel) {
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_$]{0,62}");
  private static final String OPERATION_CHANNEL = "osb_operation";
  /**
   * The most characters of a schema's name in the channel (49): pg_notify refuses a channel name
   * of 64 bytes or more (NAMEDATALEN), and a schema's name may have 63 characters.
   */
  private static final int MAX_CHANNEL_SCHEMA = 63 - ".".length() - OPERATION_CHANNEL.length();

  /**
   * The names in a schema. The schema is quoted, so a reserved word ({@code user},
   * {@code order}) names a schema like any other identifier.
   *
   * @param schema a lower-case unquoted PostgreSQL identifier, or null for the search path
   * @return the names
   * @throws IllegalArgumentException when the schema is not a plain identifier
   */
  public static Tables in(String schema) {
    String prefix = "";
    if (schema != null) {
      prefix = quoted(schema) + ".";
    }
    return new Tables(prefix + "osb_instance", prefix + "osb_binding", prefix + "osb_operation",
        prefix + "osb_sso_key", prefix + "osb_schema_history", prefix + "osb_usage_record",
        prefix + "osb_usage_count", prefix + "osb_usage_watermark",
        prefix + "osb_usage_instance_end", prefix + "osb_usage_delivered",
        prefix + "osb_usage_plan_end", prefix + "osb_usage_held_count",
        schema == null ? OPERATION_CHANNEL : schema.substring(0, Math.min(schema.length(),
            MAX_CHANNEL_SCHEMA)) + "." + OPERATION_CHANNEL);
  }

  /**
   * A schema name as SQL text: checked, then quoted (a lower-case name quoted is the same name,
   * and a reserved word quoted is no longer one).
   *
   * @param schema a lower-case unquoted PostgreSQL identifier
   * @return the name in double quotes
   * @throws IllegalArgumentException when the schema is not a plain identifier
   */
  public static String quoted(String schema) {
    return "\"" + checkIdentifier(schema) + "\"";
  }

  /**
   * Checks that a name is a plain lower-case identifier (so it is safe in SQL text).
   *
   * @param name the name
   * @return the name
   * @throws IllegalArgumentException otherwise
   */
  public static String checkIdentifier(String name) {
    if (!IDENTIFIER.matcher(name).matches()) {
      throw new IllegalArgumentException("schema must be a lower-case PostgreSQL identifier"
          + " ([a-z_][a-z0-9_$]*, at most 63 characters): " + name);
    }
    return name;
  }
}
