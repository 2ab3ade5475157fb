package io.github.osbsdk.broker.api.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The named builder puts each schema where its name says, as {@code of} does by position. */
class SchemasBuilderTest {
  private static final Map<String, Object> CREATE = Map.of("type", "object", "title", "create");
  private static final Map<String, Object> UPDATE = Map.of("type", "object", "title", "update");
  private static final Map<String, Object> BIND = Map.of("type", "object", "title", "bind");

  @Test
  void builderNamesEachSchemaAndEqualsThePositionalFactory() {
    Schemas named = Schemas.builder().bindingCreate(BIND).instanceUpdate(UPDATE)
        .instanceCreate(CREATE).build();

    assertThat(named.instanceCreate()).isEqualTo(CREATE);
    assertThat(named.instanceUpdate()).isEqualTo(UPDATE);
    assertThat(named.bindingCreate()).isEqualTo(BIND);
    assertThat(named).isEqualTo(Schemas.of(CREATE, UPDATE, BIND));
  }

  @Test
  void builderWithOnlyABindSchemaHasNoInstanceSchemas() {
    Schemas named = Schemas.builder().bindingCreate(BIND).build();

    assertThat(named.serviceInstance()).isNull();
    assertThat(named.bindingCreate()).isEqualTo(BIND);
  }
}
