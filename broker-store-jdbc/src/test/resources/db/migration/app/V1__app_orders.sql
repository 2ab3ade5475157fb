-- A user's own first migration, applied by the user's own Flyway before the SDK's (see
-- OwnFlywayAsTheReadmeShowsTest): its version clashes with the SDK's V1__registry.sql.
CREATE TABLE app_order (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  item text NOT NULL
);
