package io.github.osbsdk.broker.iam.internal;

import io.github.osbsdk.broker.iam.IamException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Redeems a dashboard sign-in's authorization code at IAM's token endpoint (the
 * authorization-code grant, HTTP basic client authentication) for the user's access token.
 */
final class CodeExchange {
  private static final int MAX_TOKEN_CHARS = 16 * 1024;

  private final SsoSettings settings;

  CodeExchange(SsoSettings settings) {
    this.settings = settings;
  }

  /**
   * Exchanges a code.
   *
   * @param code the authorization code
   * @return the access token
   * @throws IamException when IAM is unreachable, refuses the code or answers no usable token
   */
  String accessToken(String code) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "authorization_code");
    form.put("code", code);
    form.put("redirect_uri", settings.redirectUri().toString());
    String basic = Base64.getEncoder().encodeToString(
        (settings.clientId() + ":" + settings.clientSecret()).getBytes(StandardCharsets.UTF_8));
    try {
      IamHttp.Reply r = settings.http().postForm(
          settings.discovery().endpoints().tokenEndpoint(), form,
          "Authorization", "Basic " + basic);
      if (r.status() != 200) {
        throw new IamException("IAM token endpoint answered " + r.status() + r.iamError(),
            null);
      }
      String token = r.json().path("access_token").asText("");
      if (token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
        throw new IamException("IAM token reply has no usable access_token", null);
      }
      return token;
    } catch (IOException e) {
      throw new IamException("IAM token endpoint unreachable or unreadable", e);
    }
  }
}
