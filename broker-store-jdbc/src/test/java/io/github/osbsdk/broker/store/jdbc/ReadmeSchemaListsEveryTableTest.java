package io.github.osbsdk.broker.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.store.jdbc.internal.MigrationRunner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Audit: the "Schema" table of broker-store-jdbc's README names every table the shipped
 * migrations create, as it did up to V8. V9 (0aeff916) added {@code osb_usage_delivered}, which
 * grows with every record IBM takes and is pruned with the instance ends, without a row there.
 */
class ReadmeSchemaListsEveryTableTest {
  private static final Pattern CREATE_TABLE =
      Pattern.compile("CREATE TABLE (?:IF NOT EXISTS )?([a-z_]+)", Pattern.CASE_INSENSITIVE);

  @Test
  void theSchemaSectionNamesEveryTableTheMigrationsCreate() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    String schema = readme.substring(readme.indexOf("## Schema"),
        readme.indexOf("\n## ", readme.indexOf("## Schema") + 1));
    List<String> missing = new ArrayList<>();
    for (String file : MigrationRunner.FILES) {
      String sql;
      try (InputStream in = getClass().getClassLoader()
          .getResourceAsStream(MigrationRunner.LOCATION + file)) {
        sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      Matcher m = CREATE_TABLE.matcher(sql);
      while (m.find()) {
        if (!schema.contains("| `" + m.group(1) + "` |")) {
          missing.add(file + ": " + m.group(1));
        }
      }
    }
    assertThat(missing).isEmpty();
  }
}
