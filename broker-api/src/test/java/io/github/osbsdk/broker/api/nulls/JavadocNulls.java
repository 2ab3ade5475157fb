package io.github.osbsdk.broker.api.nulls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what the Javadoc of broker-api's sources says of a parameter: the {@code @param} blocks
 * of the doc comments just before the declarations of a member (every overload; for a record's
 * canonical constructor, the compact constructor's, else the record's).
 */
final class JavadocNulls {
  private static final Path SOURCES = Path.of("src/main/java");

  private JavadocNulls() {}

  /**
   * Whether every {@code @param} block for {@code param} of the member's doc comments says
   * {@code null}, and there is one.
   *
   * @param type the declaring type
   * @param member the method name, or {@code new} for a constructor
   * @param param the parameter name
   * @return true when the docs say where null is allowed
   */
  static boolean saysNull(Class<?> type, String member, String param) {
    List<String> blocks = paramBlocks(type, member, param);
    return !blocks.isEmpty()
        && blocks.stream().allMatch(b -> b.toLowerCase(Locale.ROOT).contains("null"));
  }

  private static List<String> paramBlocks(Class<?> type, String member, String param) {
    Class<?> top = type;
    while (top.getEnclosingClass() != null) {
      top = top.getEnclosingClass();
    }
    String source = read(SOURCES.resolve(top.getName().replace('.', '/') + ".java"));
    String name = type.getSimpleName();
    Pattern declaration = member.equals("new")
        ? Pattern.compile("(record " + name + "\\(|public " + name + " *[({])")
        : Pattern.compile("[ >]" + Pattern.quote(member) + "\\(");
    List<String> blocks = new ArrayList<>();
    List<String> recordBlocks = new ArrayList<>();
    Matcher m = declaration.matcher(source);
    while (m.find()) {
      String doc = docBefore(source, m.start());
      Matcher p = Pattern.compile("@param " + Pattern.quote(param)
          + "\\s(.*?)(?=\\n\\s*\\*\\s*@|\\*/)", Pattern.DOTALL).matcher(doc);
      if (p.find()) {
        (m.group().startsWith("record") ? recordBlocks : blocks).add(p.group(1));
      }
    }
    // a record's header describes its components; its constructor's doc, when it has one, what
    // it takes
    return blocks.isEmpty() ? recordBlocks : blocks;
  }

  /** The doc comment that ends right before the declaration's line (annotations between). */
  private static String docBefore(String source, int at) {
    int lineStart = source.lastIndexOf('\n', at) + 1;
    int end = source.lastIndexOf("*/", lineStart);
    if (end < 0) {
      return "";
    }
    String between = source.substring(end + 2, lineStart).strip();
    if (!between.isEmpty() && !between.startsWith("@")) {
      return ""; // code between: not this declaration's doc
    }
    int start = source.lastIndexOf("/**", end);
    return start < 0 ? "" : source.substring(start, end + 2);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
