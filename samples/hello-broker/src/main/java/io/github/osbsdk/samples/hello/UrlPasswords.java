package io.github.osbsdk.samples.hello;

import java.util.regex.Pattern;

/** Hides the passwords a database URL may carry, wherever the URL is printed. */
final class UrlPasswords {
  /**
   * A {@code user:password@}: the user after {@code //} or at the start of a word, the password
   * up to the word's last {@code @}, as people type an {@code @}, a {@code /} or a quote in it
   * unencoded (a quote ends a user, never a password: hiding too much is safe, too little is
   * not). A scheme is no user ({@code postgresql://host}, {@code jdbc:postgresql://}).
   */
  private static final Pattern USER_INFO = Pattern.compile(
      "(^|[\\s\"'=(]|//)([^\\s\"'/@:]+):(?!//)(?:(?!://)\\S)*@");
  /** A {@code password=} parameter, as a JDBC URL's query may carry. */
  private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password=)[^&\\s]*");

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
    String users = USER_INFO.matcher(text).replaceAll("$1$2:...@");
    return PASSWORD_PARAMETER.matcher(users).replaceAll("$1...");
  }
}
