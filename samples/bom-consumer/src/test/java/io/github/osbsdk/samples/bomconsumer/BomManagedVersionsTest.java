package io.github.osbsdk.samples.bomconsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A project that imports broker-bom resolves the Jackson the SDK is built and tested with, even
 * when a dependency it declares first brings an older one.
 */
class BomManagedVersionsTest {
  @Test
  void importingTheBomResolvesTheSdksJacksonVersion() throws IOException {
    String sdkJackson = rootPomProperty("jackson.version");
    assertEquals(sdkJackson, text(com.fasterxml.jackson.core.json.PackageVersion.VERSION),
        "jackson-core");
    assertEquals(sdkJackson, text(com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION),
        "jackson-databind");
    assertEquals(sdkJackson,
        text(com.fasterxml.jackson.dataformat.yaml.PackageVersion.VERSION),
        "jackson-dataformat-yaml");
  }

  private static String text(Version version) {
    return version.getMajorVersion() + "." + version.getMinorVersion() + "."
        + version.getPatchLevel();
  }

  private static String rootPomProperty(String name) throws IOException {
    String pom = Files.readString(Path.of(System.getProperty("sdk.root.pom")));
    Matcher matcher = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
    assertTrue(matcher.find(), name + " in the root pom");
    return matcher.group(1).trim();
  }
}
