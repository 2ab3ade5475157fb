package io.github.osbsdk.samples.hello;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Extracts {@code tag::name[]} regions of source files, for checking README code blocks. */
final class ReadmeSnippets {
  private ReadmeSnippets() {}

  /**
   * @param source a source file
   * @param tag the tag name
   * @return the lines between {@code // tag::name[]} and {@code // end::name[]}, common
   *     indentation removed
   */
  static String region(Path source, String tag) throws IOException {
    List<String> lines = Files.readAllLines(source);
    int start = -1;
    int end = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).trim().equals("// tag::" + tag + "[]")) {
        start = i + 1;
      } else if (lines.get(i).trim().equals("// end::" + tag + "[]")) {
        end = i;
      }
    }
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("no region " + tag + " in " + source);
    }
    List<String> region = new ArrayList<>(lines.subList(start, end));
    int indent = region.stream().filter(l -> !l.isBlank())
        .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
    StringBuilder s = new StringBuilder();
    for (String l : region) {
      s.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
    }
    return s.toString();
  }
}
