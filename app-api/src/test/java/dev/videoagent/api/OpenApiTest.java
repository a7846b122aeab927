package dev.videoagent.api;

import static dev.videoagent.api.TestService.KEY_A;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The served OpenAPI document is valid and describes exactly the routes Javalin serves. */
class OpenApiTest {
  private static TestService service;
  private static OpenAPI api;

  @BeforeAll
  static void parse() {
    service = TestService.start();
    HttpResponse<String> response = service.get("/openapi.json", null);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult result = new OpenAPIV3Parser().readContents(response.body(), null, options);
    assertThat(result.getMessages()).isEmpty();
    api = result.getOpenAPI();
    assertThat(api).isNotNull();
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  @Test
  void documentedPathsAndMethodsAreExactlyTheRegisteredRoutes() {
    TreeSet<String> documented = new TreeSet<>();
    api.getPaths()
        .forEach(
            (path, item) ->
                item.readOperationsMap()
                    .keySet()
                    .forEach(method -> documented.add(method + " " + path)));
    List<String> registered = service.service.registeredRoutes();
    // HEAD is the body-less twin of every GET route (RFC 9110); the document lists the GETs.
    List<String> withoutHead = registered.stream().filter(r -> !r.startsWith("HEAD ")).toList();
    assertThat(withoutHead).isEqualTo(new ArrayList<>(documented));
    assertThat(registered.stream().filter(r -> r.startsWith("HEAD ")).map(r -> r.substring(5)))
        .containsExactlyInAnyOrderElementsOf(
            withoutHead.stream()
                .filter(r -> r.startsWith("GET "))
                .map(r -> r.substring(4))
                .toList());
  }

  @Test
  void everyOperationDocumentsItsErrors() {
    api.getPaths()
        .forEach(
            (path, item) ->
                item.readOperationsMap()
                    .forEach(
                        (method, operation) -> {
                          assertThat(operation.getOperationId())
                              .as(method + " " + path)
                              .isNotBlank();
                          if (path.startsWith("/v1/videos")) {
                            assertThat(operation.getResponses())
                                .as(method + " " + path)
                                .containsKeys("401", "500");
                            assertThat(needsKey(operation)).as(method + " " + path).isTrue();
                          }
                          if (method.name().equals("POST")) {
                            assertThat(operation.getResponses())
                                .as(method + " " + path + ": a slow body")
                                .containsKey("408");
                          }
                          if (path.contains("{id}")) {
                            assertThat(operation.getResponses())
                                .as(method + " " + path + ": an id no job can have")
                                .containsKey("400");
                          }
                          if (path.startsWith("/v1/gateway-callbacks")) {
                            assertThat(operation.getSecurity()).isEmpty();
                            assertThat(operation.getResponses()).containsKeys("204", "404");
                          }
                        }));
  }

  @Test
  void theJobSchemaListsEveryFieldOfARealJob() {
    JsonNode job = service.create(KEY_A, "Described by the schema");
    @SuppressWarnings("rawtypes")
    Map<String, Schema> properties = api.getComponents().getSchemas().get("Job").getProperties();
    List<String> fields = new ArrayList<>();
    job.properties().forEach(e -> fields.add(e.getKey()));
    assertThat(properties.keySet()).containsExactlyInAnyOrderElementsOf(fields);
    assertThat(api.getComponents().getSchemas()).containsKeys("Problem", "JobPage", "CreateVideo");
  }

  private static boolean needsKey(Operation operation) {
    return operation.getSecurity() == null
        ? !api.getSecurity().isEmpty()
        : !operation.getSecurity().isEmpty();
  }
}
