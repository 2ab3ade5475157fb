package io.github.osbsdk.broker.api;

import io.github.osbsdk.broker.api.internal.JsonCopies;
import io.github.osbsdk.broker.api.internal.MaskedValues;
import java.util.Map;
import java.util.Objects;

/**
 * The user on whose behalf the platform calls, from {@code X-Broker-API-Originating-Identity}
 * ({@code <platform> <base64 JSON object>}).
 *
 * <p>Cloud Foundry sends {@code user_id}; Kubernetes {@code username}, {@code uid},
 * {@code groups}, {@code extra}; IBM Cloud ({@code ibmcloud}) sends {@code iam_id}.
 *
 * @param platform the platform name, e.g. {@code ibmcloud}
 * @param properties the decoded JSON object, every key as sent (JSON nulls kept); a deeply
 *     unmodifiable copy, empty when none (null is taken as empty)
 */
public record OriginatingIdentity(String platform, Map<String, Object> properties) {
  /**
   * Validates and copies.
   *
   * @param platform the platform name
   * @param properties the decoded JSON object, or null for none
   */
  public OriginatingIdentity {
    Objects.requireNonNull(platform, "platform == null");
    properties = JsonCopies.map(properties);
  }

  /**
   * Describes the identity for logs without the values of its properties (a user's name, groups
   * and whatever Kubernetes sends in {@code extra}).
   *
   * @return the identity, its property values masked
   */
  @Override
  public String toString() {
    return "OriginatingIdentity[platform=" + platform + ", properties="
        + MaskedValues.keys(properties) + "]";
  }

  /**
   * A string value of the {@code X-Broker-API-Originating-Identity} header's JSON.
   *
   * @param key a JSON key
   * @return the value as a string, or null when absent or not a string
   */
  public String string(String key) {
    Object v = properties.get(key);
    return v instanceof String s ? s : null;
  }

  /**
   * The IBM Cloud user or service ID on whose behalf the platform calls.
   *
   * @return IBM Cloud's {@code iam_id}, or null
   */
  public String iamId() {
    return string("iam_id");
  }

  /**
   * The Cloud Foundry user on whose behalf the platform calls.
   *
   * @return Cloud Foundry's {@code user_id}, or null
   */
  public String userId() {
    return string("user_id");
  }

  /**
   * The Kubernetes user on whose behalf the platform calls.
   *
   * @return Kubernetes' {@code username}, or null
   */
  public String username() {
    return string("username");
  }
}
