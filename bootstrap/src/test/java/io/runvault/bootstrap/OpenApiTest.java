package io.runvault.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The OpenAPI document served at /openapi.yml describes every route of Runvault's own controllers, and every operation
 * well enough to call it: a tag, a summary, its security, and its errors as problem+json naming their types.
 */
@MicronautTest(transactional = false)
class OpenApiTest extends ServerTest {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final Pattern PROBLEM_TYPE = Pattern.compile("`[a-z]+(-[a-z]+)*`");

    @Inject
    Router router;

    @Test
    void everyRouteOfOurControllersIsInTheDocument() {
        var reply = api().get("/openapi.yml");
        assertEquals(200, reply.status());
        Map<String, Object> document = new Yaml().load(reply.raw().body());
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) document.get("paths");
        Set<String> documented = new TreeSet<>();
        paths.forEach((path, operations) -> operations.keySet()
                .forEach(method -> documented.add(method.toUpperCase(Locale.ROOT) + " " + normalized(path))));

        Set<String> routes = new TreeSet<>();
        router.uriRoutes()
                .filter(route -> route.getTargetMethod().getDeclaringType().getPackageName().startsWith("io.runvault"))
                // Micronaut answers HEAD for every GET by itself; OpenAPI leaves such HEADs implicit too.
                .filter(route -> !"HEAD".equals(route.getHttpMethodName()))
                .forEach(route -> routes.add(route.getHttpMethodName() + " " + normalized(path(route))));

        assertFalse(routes.isEmpty(), "no routes of io.runvault controllers found");
        List<String> missing = routes.stream().filter(route -> !documented.contains(route)).toList();
        assertTrue(missing.isEmpty(), () -> "routes missing from /openapi.yml: " + missing + "; documented: "
                + documented);
    }

    @Test
    void everyOperationHasATagASummaryItsSecurityAndItsErrorsAsProblems() {
        Map<String, Object> document = document();
        Set<String> tags = new TreeSet<>();
        list(document.get("tags")).forEach(tag -> tags.add((String) map(tag).get("name")));
        List<String> rootSecurity = schemes(document.get("security"));
        Set<String> operationIds = new TreeSet<>();
        List<String> faults = new ArrayList<>();
        map(document.get("paths")).forEach((path, item) -> map(item).forEach((method, value) -> {
            if (!METHODS.contains(method)) {
                return;
            }
            String name = method.toUpperCase(Locale.ROOT) + " " + path;
            Map<String, Object> operation = map(value);
            if (!(operation.get("summary") instanceof String summary) || summary.isBlank()) {
                faults.add(name + ": no summary");
            }
            if (!(operation.get("description") instanceof String description) || description.isBlank()) {
                faults.add(name + ": no description saying who may call it");
            }
            List<Object> operationTags = list(operation.get("tags"));
            if (operationTags.isEmpty() || !tags.containsAll(operationTags)) {
                faults.add(name + ": tags " + operationTags + " are not among the document's " + tags);
            }
            if (!(operation.get("operationId") instanceof String id) || !operationIds.add(id)) {
                faults.add(name + ": no operationId, or one another operation has");
            }
            List<String> security = operation.containsKey("security") ? schemes(operation.get("security"))
                    : rootSecurity;
            boolean api = path.startsWith("/api/") || path.equals("/metrics");
            if (api && !security.equals(List.of("bearer"))) {
                faults.add(name + ": security " + security + " instead of the bearer token");
            }
            if (!api && security.isEmpty()) {
                faults.add(name + ": no security requirement");
            }
            Map<String, Object> responses = map(operation.get("responses"));
            // Outside /api an operation may have no client error: /health's only failure is the server's own.
            if (responses.keySet().stream().noneMatch(code -> code.startsWith("4") || !api && code.startsWith("5"))) {
                faults.add(name + ": no error response");
            }
            if (api && !responses.containsKey("401")) {
                faults.add(name + ": no 401");
            }
            responses.forEach((code, response) -> {
                if (!api || code.startsWith("1") || code.startsWith("2") || code.startsWith("3")) {
                    return;
                }
                Map<String, Object> content = map(map(response).get("content"));
                Object schema = map(map(content.get("application/problem+json")).get("schema")).get("$ref");
                if (content.size() != 1 || !"#/components/schemas/Problem".equals(schema)) {
                    faults.add(name + " " + code + ": not application/problem+json with the Problem schema");
                }
                String description = (String) map(response).get("description");
                if (description == null || !PROBLEM_TYPE.matcher(description).find()) {
                    faults.add(name + " " + code + ": the description names no problem type (`slug`)");
                }
            });
        }));
        assertTrue(faults.isEmpty(), () -> String.join("\n", faults));
    }

    @Test
    void healthIsDocumentedAsItAnswersAnyoneAndAnAdmin() {
        Map<String, Object> document = document();
        Map<String, Object> health = map(map(map(document.get("paths")).get("/health")).get("get"));
        assertEquals(Set.of("200", "503"), map(health.get("responses")).keySet());
        assertEquals(List.of("bearer"), schemes(health.get("security")), "anonymous ({}) or a bearer token");
        Map<String, Object> schema = map(map(map(document.get("components")).get("schemas")).get("Health"));
        List<Object> statuses = list(map(map(schema.get("properties")).get("status")).get("enum"));

        var anonymous = anonymous().get("/health");
        assertEquals(200, anonymous.status());
        assertEquals(Set.of("status"), members(anonymous.body()));
        assertTrue(statuses.contains(anonymous.body().get("status").getStringValue()), statuses::toString);
        var asAdmin = admin().get("/health");
        assertEquals(200, asAdmin.status());
        assertTrue(members(asAdmin.body()).contains("details"), "an admin sees the checks");
        assertTrue(map(schema.get("properties")).keySet().containsAll(members(asAdmin.body())),
                () -> "undocumented members: " + members(asAdmin.body()));
    }

    @Test
    void theProblemSchemaIsRfc9457sAndTheBearerSchemeIsHttpBearer() {
        Map<String, Object> components = map(document().get("components"));
        Map<String, Object> problem = map(map(components.get("schemas")).get("Problem"));
        assertEquals(Set.of("type", "title", "status", "detail", "instance", "errors"),
                map(problem.get("properties")).keySet());
        assertFalse(list(problem.get("required")).contains("errors"), "errors[] only comes with invalid-request");
        Map<String, Object> bearer = map(map(components.get("securitySchemes")).get("bearer"));
        assertEquals("http", bearer.get("type"));
        assertEquals("bearer", bearer.get("scheme"));
    }

    @Test
    void resultsAreDocumentedAsAStreamedBinaryBody() {
        Map<String, Object> upload = map(map(map(document().get("paths"))
                .get("/api/v1/jobs/{jobId}/runs/{runId}/results")).get("put"));
        Map<String, Object> content = map(map(upload.get("requestBody")).get("content"));
        for (String type : List.of("application/zip", "application/octet-stream")) {
            assertEquals(Map.of("type", "string", "format", "binary"), map(content.get(type)).get("schema"), type);
        }
    }

    @Test
    void swaggerUiIsServedWithoutATokenAndPointsAtTheDocument() {
        var page = anonymous().get("/swagger-ui");
        assertEquals(200, page.status());
        assertTrue(page.contentType().startsWith("text/html"), page.contentType());
        assertTrue(page.raw().body().contains("/openapi.yml"));
        assertEquals(200, api().get("/swagger-ui/res/swagger-ui-bundle.js").status());
    }

    private Map<String, Object> document() {
        var reply = anonymous().get("/openapi.yml");
        assertEquals(200, reply.status());
        return new Yaml().load(reply.raw().body());
    }

    private static Set<String> members(io.micronaut.json.tree.JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.entries().forEach(entry -> names.add(entry.getKey()));
        return names;
    }

    /** The names of the schemes a security requirement list asks for. */
    private static List<String> schemes(Object requirements) {
        List<String> names = new ArrayList<>();
        list(requirements).forEach(requirement -> names.addAll(map(requirement).keySet()));
        return names;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value == null ? List.of() : (List<Object>) value;
    }

    private static String path(UriRouteInfo<?, ?> route) {
        return route.getUriMatchTemplate().toPathString();
    }

    /** Path variables by position: the document and the router may name them differently. */
    private static String normalized(String path) {
        String withoutSlash = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return withoutSlash.replaceAll("\\{[^}]*}", "{}");
    }
}
