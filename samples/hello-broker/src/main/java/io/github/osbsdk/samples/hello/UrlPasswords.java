package io.github.osbsdk.samples.hello;

/** Hides the passwords a database URL may carry, wherever the URL is printed. */
final class UrlPasswords {
  private UrlPasswords() {
  }

  /**
   * Replaces the password of a {@code user:password@host} (a libpq-style URL, which the JDBC
   * driver takes for a host name and quotes when it cannot reach it) and of a
   * {@code password=} parameter with {@code ...}.
   *
   * @param text a URL, or a message that may quote one
   * @return the text without the passwords
   */
  static String hide(String text) {
    return text.replaceAll("([^\\s/@:]+):[^\\s/@]*@", "$1:...@")
        .replaceAll("(?i)(password=)[^&\\s]*", "$1...");
  }
}
