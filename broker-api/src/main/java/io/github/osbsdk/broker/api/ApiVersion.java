package io.github.osbsdk.broker.api;

/**
 * An OSB API version as sent in the {@code X-Broker-API-Version} header ({@code MAJOR.MINOR}).
 *
 * @param major the major version (2 for every OSB release so far)
 * @param minor the minor version
 */
public record ApiVersion(int major, int minor) implements Comparable<ApiVersion> {
  /** The newest version this SDK implements. */
  public static final ApiVersion LATEST = new ApiVersion(2, 17);
  /** The version IBM Cloud sends, the SDK's default minimum. */
  public static final ApiVersion IBM_CLOUD = new ApiVersion(2, 12);

  /**
   * Validates the components.
   *
   * @param major the major version (2 for every OSB release so far)
   * @param minor the minor version
   */
  public ApiVersion {
    if (major < 0 || minor < 0) {
      throw new IllegalArgumentException("version components must be >= 0");
    }
  }

  /**
   * Parses {@code MAJOR.MINOR}.
   *
   * @param text the header value
   * @return the version
   * @throws IllegalArgumentException when the text is not {@code MAJOR.MINOR}
   */
  public static ApiVersion parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("version is missing");
    }
    String t = text.trim();
    int dot = t.indexOf('.');
    if (dot <= 0 || dot == t.length() - 1 || t.length() > 11) {
      throw new IllegalArgumentException("version must be MAJOR.MINOR: " + text);
    }
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      // ASCII digits only: parseInt would also take a sign and the digits of other scripts
      if (i != dot && (c < '0' || c > '9')) {
        throw new IllegalArgumentException("version must be MAJOR.MINOR: " + text);
      }
    }
    try {
      int major = Integer.parseInt(t.substring(0, dot));
      int minor = Integer.parseInt(t.substring(dot + 1));
      return new ApiVersion(major, minor);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("version must be MAJOR.MINOR: " + text, e);
    }
  }

  /**
   * Whether a request sent with this {@code X-Broker-API-Version} may use what {@code other}
   * introduced.
   *
   * @param other the version to compare with
   * @return true when this version is the same as or newer than {@code other}
   */
  public boolean atLeast(ApiVersion other) {
    return compareTo(other) >= 0;
  }

  /**
   * Orders versions as the specification does, by major then minor: 2.12 before 2.17.
   *
   * @param o the version to compare with
   * @return negative, zero or positive as this version is older than, the same as or newer than
   *     {@code o}
   */
  @Override
  public int compareTo(ApiVersion o) {
    return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
  }

  @Override
  public String toString() {
    return major + "." + minor;
  }
}
