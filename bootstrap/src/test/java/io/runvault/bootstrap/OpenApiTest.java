package io.runvault.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The OpenAPI document served at /openapi.yml describes every route of Runvault's own controllers. */
@MicronautTest(transactional = false)
class OpenApiTest extends ServerTest {
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
    void swaggerUiIsServedAndPointsAtTheDocument() {
        var page = api().get("/swagger-ui");
        assertEquals(200, page.status());
        assertTrue(page.contentType().startsWith("text/html"), page.contentType());
        assertTrue(page.raw().body().contains("/openapi.yml"));
        assertEquals(200, api().get("/swagger-ui/res/swagger-ui-bundle.js").status());
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
