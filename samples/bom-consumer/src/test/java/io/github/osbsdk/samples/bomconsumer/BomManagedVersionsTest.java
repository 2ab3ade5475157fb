package io.github.osbsdk.samples.bomconsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.Version;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A project that imports broker-bom, and names no version of its own for what the BOM manages,
 * resolves the libraries the SDK is built and tested with (the root pom's versions), even when a
 * dependency it declares first brings an older one.
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

  @Test
  void importingTheBomResolvesTheLibrariesTheSdkIsCompiledAgainst() throws Exception {
    assertResolved("json-schema-validator", rootPomProperty("json-schema-validator.version"),
        com.networknt.schema.Schema.class);
    assertResolved("re2j", rootPomProperty("re2j.version"), com.google.re2j.Pattern.class);
    assertResolved("nimbus-jose-jwt", rootPomProperty("nimbus.version"),
        com.nimbusds.jwt.SignedJWT.class);
  }

  @Test
  void importingTheBomResolvesTheJUnitTheKitIsBuiltWith() throws Exception {
    String jupiter = rootPomProperty("junit.version");
    assertResolved("junit-jupiter-api", jupiter, org.junit.jupiter.api.Test.class);
    // one JUnit release: Jupiter 5.x.y runs on Platform 1.x.y, whose launcher the kit brings
    String platform = "1." + jupiter.substring(jupiter.indexOf('.') + 1);
    assertResolved("junit-platform-launcher", platform,
        org.junit.platform.launcher.LauncherSession.class);
  }

  @Test
  void importingTheBomResolvesTheAssertJOfTheContractSuites() throws Exception {
    assertResolved("assertj-core", rootPomProperty("assertj.version"),
        org.assertj.core.api.Assertions.class);
  }

  /** The jar a class came from is named artifactId-version.jar in a Maven repository. */
  private static void assertResolved(String artifactId, String version, Class<?> type)
      throws URISyntaxException {
    Path jar = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertEquals(artifactId + "-" + version + ".jar", jar.getFileName().toString(),
        artifactId + " (" + type.getName() + ")");
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
