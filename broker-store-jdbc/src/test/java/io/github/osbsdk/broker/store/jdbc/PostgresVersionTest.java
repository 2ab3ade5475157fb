package io.github.osbsdk.broker.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * The server the tests run on is one the store supports, and the one the build asked for: the
 * pom runs a set of this module's tests again on PostgreSQL 13 and 17 (system property
 * {@value #MAJOR}), and without this check a wrong binaries jar would pass unnoticed.
 */
class PostgresVersionTest {
  /** System property: the major version the build expects the test server to be. */
  static final String MAJOR = "osb.test.postgres.major";

  @Test
  void testServerIsTheSupportedVersionTheBuildAskedFor() throws Exception {
    int versionNum;
    try (Connection c = TestDatabase.replicaA().getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SHOW server_version_num")) {
      rs.next();
      versionNum = Integer.parseInt(rs.getString(1));
    }
    int major = versionNum / 10_000;
    assertThat(major).as("PostgreSQL major version of the test server").isGreaterThanOrEqualTo(13);
    String expected = System.getProperty(MAJOR, "");
    if (!expected.isBlank()) {
      assertThat(major).as("major version asked for by -D" + MAJOR)
          .isEqualTo(Integer.parseInt(expected));
    }
  }
}
