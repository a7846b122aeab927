package dev.videoagent.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.videoagent.core.FieldError;
import dev.videoagent.core.JobStatus;
import dev.videoagent.core.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListQueryTest {

  @Test
  void defaultsWhenNothingOrOnlyEmptyValuesAreGiven() {
    assertThat(ListQuery.from(Map.of())).isEqualTo(new ListQuery(null, 20, null));
    assertThat(
            ListQuery.from(
                Map.of("status", List.of(""), "limit", List.of(""), "cursor", List.of(""))))
        .isEqualTo(new ListQuery(null, 20, null));
  }

  @Test
  void readsEveryParameter() {
    String cursor = Cursor.encode("vid_01ABC");
    ListQuery query =
        ListQuery.from(
            Map.of(
                "status", List.of("failed"), "limit", List.of("100"), "cursor", List.of(cursor)));
    assertThat(query).isEqualTo(new ListQuery(JobStatus.FAILED, 100, "vid_01ABC"));
  }

  @Test
  void cursorRoundTripsAndIsOpaque() {
    String cursor = Cursor.encode("vid_01JD7Q8M3ZK2X4R5T6V7W8Y9AB");
    assertThat(cursor).doesNotContain("vid_").matches("[A-Za-z0-9_-]+");
    assertThat(Cursor.decode(cursor)).contains("vid_01JD7Q8M3ZK2X4R5T6V7W8Y9AB");
  }

  @Test
  void cursorsThisServiceDidNotMakeAreRefused() {
    String wrongVersion =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("v9:vid_1".getBytes(StandardCharsets.UTF_8));
    String badId =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("v1:../../etc".getBytes(StandardCharsets.UTF_8));
    for (String cursor :
        new String[] {"not base64!", wrongVersion, badId, "////", "x".repeat(300)}) {
      assertThat(Cursor.decode(cursor)).as(cursor).isEmpty();
    }
  }

  @Test
  void reportsEveryBadParameterByName() {
    ValidationException e =
        catchThrowableOfType(
            ValidationException.class,
            () ->
                ListQuery.from(
                    Map.of(
                        "status", List.of("done"),
                        "limit", List.of("0"),
                        "cursor", List.of("garbage!"),
                        "page", List.of("2"))));
    assertThat(e.errors())
        .extracting(FieldError::field)
        .containsExactlyInAnyOrder("status", "limit", "cursor", "page");
  }

  @Test
  void limitMustBeAWholeNumberFromOneToAHundred() {
    for (String limit : new String[] {"0", "101", "-1", "1.5", "abc", "99999999999"}) {
      ValidationException e =
          catchThrowableOfType(
              ValidationException.class, () -> ListQuery.from(Map.of("limit", List.of(limit))));
      assertThat(e.errors()).as(limit).extracting(FieldError::field).containsExactly("limit");
    }
    assertThat(ListQuery.from(Map.of("limit", List.of("1"))).limit()).isEqualTo(1);
  }

  @Test
  void aParameterGivenTwiceIsRefused() {
    ValidationException e =
        catchThrowableOfType(
            ValidationException.class,
            () -> ListQuery.from(Map.of("status", List.of("failed", "completed"))));
    assertThat(e.errors()).extracting(FieldError::field).containsExactly("status");
  }
}
