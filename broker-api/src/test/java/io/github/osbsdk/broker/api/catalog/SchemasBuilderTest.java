package io.github.osbsdk.broker.api.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The named builder puts each schema where its name says, and writes no empty object. */
class SchemasBuilderTest {
  private static final Map<String, Object> CREATE = Map.of("type", "object", "title", "create");
  private static final Map<String, Object> UPDATE = Map.of("type", "object", "title", "update");
  private static final Map<String, Object> BIND = Map.of("type", "object", "title", "bind");

  @Test
  void builderPutsEachSchemaWhereItsNameSays() {
    Schemas named = Schemas.builder().bindingCreate(BIND).instanceUpdate(UPDATE)
        .instanceCreate(CREATE).build();

    assertThat(named.instanceCreate()).isEqualTo(CREATE);
    assertThat(named.instanceUpdate()).isEqualTo(UPDATE);
    assertThat(named.bindingCreate()).isEqualTo(BIND);
    assertThat(named).isEqualTo(new Schemas(
        new ServiceInstanceSchemas(new SchemaParameters(CREATE), new SchemaParameters(UPDATE)),
        new ServiceBindingSchemas(new SchemaParameters(BIND))));
  }

  @Test
  void builderWithOnlyABindSchemaHasNoInstanceSchemas() {
    Schemas named = Schemas.builder().bindingCreate(BIND).build();

    assertThat(named.serviceInstance()).isNull();
    assertThat(named.bindingCreate()).isEqualTo(BIND);
  }

  @Test
  void builderWithOnlyAnUpdateSchemaHasNoProvisionSchemaAndNoBindingSchemas() {
    Schemas named = Schemas.builder().instanceUpdate(UPDATE).build();

    assertThat(named.serviceInstance()).isEqualTo(
        new ServiceInstanceSchemas(null, new SchemaParameters(UPDATE)));
    assertThat(named.serviceBinding()).isNull();
  }
}
