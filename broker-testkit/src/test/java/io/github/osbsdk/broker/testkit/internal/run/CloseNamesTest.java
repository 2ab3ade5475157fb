package io.github.osbsdk.broker.testkit.internal.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The close names of a mistyped one, shared by the CLI's flags and the skip list. */
class CloseNamesTest {
  @Test
  void closeNamesComeClosestFirstIgnoringCaseAtMostThree() {
    List<String> names = List.of("auth.requires", "Auth.Required", "auth.require", "auth.reqs",
        "auth.rekuired", "catalog.etag");

    assertThat(CloseNames.closest("AUTH.REQUIRED", names, UnaryOperator.identity()))
        .containsExactly("Auth.Required", "auth.requires", "auth.require");
  }

  @Test
  void aNameMoreEditsAwayThanAQuarterOfWhatWasTypedIsNotClose() {
    List<String> names = List.of("parallelism", "api-version");

    assertThat(CloseNames.closest("paralelsm", names, UnaryOperator.identity()))
        .containsExactly("parallelism");
    assertThat(CloseNames.closest("prlelsm", names, UnaryOperator.identity())).isEmpty();
  }

  @Test
  void onlyTheComparedPartCountsAndTheWholeNameIsReturned() {
    UnaryOperator<String> withoutDashes = f -> f.replaceFirst("^-+", "");

    assertThat(CloseNames.closest("-ur", List.of("--url", "--bearer"), withoutDashes))
        .containsExactly("--url");
  }

  @Test
  void distanceCountsInsertionsDeletionsAndSubstitutions() {
    assertThat(CloseNames.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(CloseNames.distance("", "abc")).isEqualTo(3);
    assertThat(CloseNames.distance("flag", "flag")).isZero();
  }
}
