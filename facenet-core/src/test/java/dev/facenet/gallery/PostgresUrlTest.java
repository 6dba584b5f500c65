package dev.facenet.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** How a PostgreSQL URL is read, with no server needed: credentials apart, never shown. */
class PostgresUrlTest {
  @Test
  void urlsAreReadWithTheirCredentialsKeptOutOfSight() {
    PostgresUrl u =
        PostgresUrl.parse("postgresql://ann:p%40ss+w:rd@db.example:6000/gallery?sslmode=require");
    assertThat(u.user()).isEqualTo("ann");
    assertThat(u.password()).isEqualTo("p@ss+w:rd");
    assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6000/gallery?sslmode=require");
    assertThat(u.toString()).isEqualTo("db.example:6000/gallery");
    assertThat(u.properties().getProperty("password")).isEqualTo("p@ss+w:rd");
    PostgresUrl plain = PostgresUrl.parse("jdbc:postgresql://[::1]/g");
    assertThat(plain.shown()).isEqualTo("[::1]:5432/g");
    assertThat(plain.user()).isNull();
    assertThatThrownBy(() -> PostgresUrl.parse("postgresql://ann:secret@host"))
        .hasMessageContaining("names no database")
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> PostgresUrl.parse("postgresql://ann:se cret@host/db"))
        .hasMessageNotContaining("se cret");
  }

  @Test
  void onlyPostgresqlUrlsAreUrls() {
    assertThat(PostgresUrl.isUrl("postgresql://h/db")).isTrue();
    assertThat(PostgresUrl.isUrl("JDBC:POSTGRESQL://h/db")).isTrue();
    assertThat(PostgresUrl.isUrl("gallery.db")).isFalse();
    assertThat(PostgresUrl.isUrl("/tmp/postgresql/gallery.db")).isFalse();
  }
}
