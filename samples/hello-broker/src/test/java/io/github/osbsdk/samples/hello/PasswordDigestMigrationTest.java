package io.github.osbsdk.samples.hello;

import static io.github.osbsdk.samples.hello.HelloCatalog.SYNC_PLAN_ID;
import static io.github.osbsdk.samples.hello.OsbHttp.enc;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migration V2 turns the clear passwords of bindings made under V1 into their digests: the
 * bindings keep working at the data endpoint, and neither the table nor its files hold the
 * passwords afterwards.
 */
class PasswordDigestMigrationTest {
  private static final String INSTANCE = "crn:v1:bluemix:public:hello-kv:us-south:a/acct1:v1::";
  private static final String ASCII_PASSWORD = "v1-clear-password-0123456789";
  private static final String UTF8_PASSWORD = "v1-pässwörd-✓-0123456789";

  @Test
  void bindingsMadeUnderV1KeepWorkingButTheirPasswordsAreGoneFromTheTableAndItsFiles(
      @TempDir Path dir) throws SQLException, IOException {
    try (TestPostgres pg = TestPostgres.start(dir)) {
      DataSource ds = pg.dataSource();
      assertThat(HelloMigrations.apply(ds, 1)).isEqualTo(1);
      try (Connection c = ds.getConnection()) {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO hello_namespace"
            + " (instance_id, service_id, plan_id, parameters, dashboard_url, status)"
            + " VALUES (?, ?, ?, '{}', 'http://localhost/dashboard/v1', 'READY')")) {
          st.setString(1, INSTANCE);
          st.setString(2, HelloCatalog.SERVICE_ID);
          st.setString(3, SYNC_PLAN_ID);
          st.executeUpdate();
        }
        insertV1Binding(c, "b-ascii", "kv-v1-ascii", ASCII_PASSWORD, false);
        insertV1Binding(c, "b-utf8", "kv-v1-utf8", UTF8_PASSWORD, true);
      }

      assertThat(HelloMigrations.apply(ds)).as("V2 alone").isEqualTo(1);
      assertThat(HelloMigrations.apply(ds)).as("nothing left").isZero();

      try (Connection c = ds.getConnection()) {
        assertThat(columns(c)).contains("password_sha256").doesNotContain("password");
        try (Statement st = c.createStatement();
            ResultSet rs = st.executeQuery("SELECT username, password_sha256 FROM hello_binding"
                + " ORDER BY username")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).isEqualTo("kv-v1-ascii");
          assertThat(rs.getBytes(2)).isEqualTo(BindingCredentials.sha256(ASCII_PASSWORD));
          assertThat(rs.next()).isTrue();
          assertThat(rs.getBytes(2)).isEqualTo(BindingCredentials.sha256(UTF8_PASSWORD));
        }
        // nothing of the clear values is left in the table's file (the type change rewrote it)
        try (Statement st = c.createStatement()) {
          st.execute("CHECKPOINT");
        }
        String file;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
            "SELECT pg_relation_filepath('hello_binding')")) {
          rs.next();
          file = rs.getString(1);
        }
        String heap = new String(Files.readAllBytes(pg.dataDirectory().resolve(file)),
            StandardCharsets.ISO_8859_1);
        // booleans: a failure should not print the whole file
        assertThat(heap.contains("kv-v1-ascii")).as("the heap file holds the user names")
            .isTrue();
        assertThat(heap.contains(ASCII_PASSWORD)).as("the heap file holds a clear password")
            .isFalse();
        assertThat(heap.contains("v1-p")).as("the heap file holds a clear password").isFalse();
      }

      PostgresKeyValueStore store = new PostgresKeyValueStore(ds);
      BindingCredentials ascii = store.credentials("kv-v1-ascii").orElseThrow();
      assertThat(ascii.passwordMatches(ASCII_PASSWORD)).isTrue();
      assertThat(ascii.passwordMatches(ASCII_PASSWORD + "x")).isFalse();
      BindingCredentials utf8 = store.credentials("kv-v1-utf8").orElseThrow();
      assertThat(utf8.passwordMatches(UTF8_PASSWORD)).isTrue();
      assertThat(utf8.readOnly()).isTrue();

      // and through the sample's data endpoint
      try (HelloServer server = HelloServer.start(HelloConfig.local("platform", "s3cret",
          Duration.ofMillis(100)).withState(pg.settings(Duration.ofSeconds(30))))) {
        String url = server.baseUri() + "/data/" + enc(INSTANCE) + "/greeting";
        String writer = OsbHttp.basic("kv-v1-ascii", ASCII_PASSWORD);
        assertThat(OsbHttp.data("PUT", url, writer, "hello").statusCode()).isEqualTo(204);
        HttpResponse<String> read = OsbHttp.data("GET", url,
            OsbHttp.basic("kv-v1-utf8", UTF8_PASSWORD), null);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).isEqualTo("hello");
        assertThat(OsbHttp.data("GET", url, OsbHttp.basic("kv-v1-ascii", "wrong"), null)
            .statusCode()).isEqualTo(401);
      }
    }
  }

  private static void insertV1Binding(Connection c, String bindingId, String username,
      String password, boolean readOnly) throws SQLException {
    try (PreparedStatement st = c.prepareStatement("INSERT INTO hello_binding (instance_id,"
        + " binding_id, username, password, read_only, parameters, app_guid, url)"
        + " VALUES (?, ?, ?, ?, ?, '{}', NULL, 'http://localhost/data/v1')")) {
      st.setString(1, INSTANCE);
      st.setString(2, bindingId);
      st.setString(3, username);
      st.setString(4, password);
      st.setBoolean(5, readOnly);
      st.executeUpdate();
    }
  }

  private static List<String> columns(Connection c) throws SQLException {
    List<String> columns = new ArrayList<>();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT column_name"
        + " FROM information_schema.columns WHERE table_name = 'hello_binding'")) {
      while (rs.next()) {
        columns.add(rs.getString(1));
      }
    }
    return columns;
  }
}
