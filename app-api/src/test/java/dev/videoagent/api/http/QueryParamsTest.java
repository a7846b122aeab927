package dev.videoagent.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryParamsTest {

  @Test
  void decodesEscapesPlusSignsAndRepeatedNames() {
    assertThat(QueryParams.parse("status=%63ompleted&limit=5&x=a+b&x=&flag"))
        .isEqualTo(
            Map.of(
                "status", List.of("completed"),
                "limit", List.of("5"),
                "x", List.of("a b", ""),
                "flag", List.of("")));
    assertThat(QueryParams.parse(null)).isEmpty();
    assertThat(QueryParams.parse("name=caf%C3%A9")).containsEntry("name", List.of("café"));
  }

  @Test
  void refusesWhatDoesNotDecodeNamingEachParameter() {
    assertThatThrownBy(() -> QueryParams.parse("cursor=%zz&limit=%&status=ok&a=%00&b=%C3"))
        .isInstanceOfSatisfying(
            ApiProblem.class,
            e ->
                assertThat(e.problem().errors())
                    .extracting(dev.videoagent.core.FieldError::field)
                    .containsExactly("cursor", "limit", "a", "b"));
  }

  @Test
  void refusesEncodedSurrogatesAndOverlongQueries() {
    assertThat(QueryParams.decode("%ED%A0%80")).isEmpty();
    assertThat(QueryParams.decode("%F0%9F%8E%AC")).contains("\uD83C\uDFAC");
    assertThatThrownBy(() -> QueryParams.parse("a=" + "b".repeat(QueryParams.MAX_QUERY_CHARS)))
        .isInstanceOf(ApiProblem.class);
  }
}
