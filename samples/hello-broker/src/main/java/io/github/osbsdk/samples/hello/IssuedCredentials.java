package io.github.osbsdk.samples.hello;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Credentials as a bind answers them, the only place where the clear password exists: the
 * service stores {@link #stored()} (with the password's digest), the SDK stores the bind answer
 * encrypted under {@code BROKER_CREDENTIALS_KEY}. {@link #toString()} never shows the password.
 *
 * @param stored what the service keeps
 * @param password the generated password
 */
public record IssuedCredentials(BindingCredentials stored, String password) {

  /** Validates. */
  public IssuedCredentials {
    Objects.requireNonNull(stored, "stored == null");
    Objects.requireNonNull(password, "password == null");
  }

  /**
   * Returns the {@code credentials} object of the bind answer.
   *
   * @return {@code url}, {@code username}, {@code password}, {@code read_only}
   */
  public Map<String, Object> asMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("url", stored.url());
    map.put("username", stored.username());
    map.put("password", password);
    map.put("read_only", stored.readOnly());
    return map;
  }

  /** Hides the password. */
  @Override
  public String toString() {
    return "IssuedCredentials[" + stored + ", password=***]";
  }
}
