package io.github.osbsdk.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PathSegmentsTest {
  @Test
  void decodesACrnExactlyOnce() {
    assertThat(PathSegments.decode(
        "crn%3Av1%3Abluemix%3Apublic%3Ax%3Aus-south%3Aa%2Facct%3A1%3A%3A"))
        .contains("crn:v1:bluemix:public:x:us-south:a/acct:1::");
    assertThat(PathSegments.decode("a%2525b")).contains("a%25b");
  }

  @Test
  void keepsPlusAsPlus() {
    assertThat(PathSegments.decode("a+b%20c")).contains("a+b c");
  }

  @Test
  void rejectsInvalidEncoding() {
    assertThat(PathSegments.decode("bad%2")).isEmpty();
    assertThat(PathSegments.decode("bad%zz")).isEmpty();
    assertThat(PathSegments.decode("bad%ff")).isEmpty();
  }
}
