package io.runvault.adapters.in.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpAttributes;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.web.router.ErrorRouteInfo;
import io.micronaut.web.router.RouteMatch;
import io.micronaut.web.router.UriRouteMatch;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Times every request as {@code http.server.requests}, tagged as Micronaut's server metrics tag it (method, status,
 * uri, exception), in their place ({@code micronaut.metrics.binders.web.enabled: false}). Those build the tags and
 * look the timer up in the registry on every request; here each timer is looked up once, the first time its route,
 * status and exception come together, and kept.
 */
@ServerFilter("/**")
// The request attributes Micronaut's server metrics read, deprecated but still where Micronaut stores them.
@SuppressWarnings("removal")
@Requires(beans = MeterRegistry.class)
@Requires(property = "micronaut.metrics.enabled", notEquals = "false")
public class RequestTimers {
    static final String NAME = "http.server.requests";
    private static final String START = RequestTimers.class.getName() + ".start";
    private static final String UNMATCHED_URI = "UNMATCHED_URI";

    private final MeterRegistry registry;
    private final boolean clientErrorUris;
    private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

    public RequestTimers(MeterRegistry registry,
            @Value("${micronaut.metrics.binders.web.client-errors-uris.enabled:true}") boolean clientErrorUris) {
        this.registry = registry;
        this.clientErrorUris = clientErrorUris;
    }

    /** What a timer is told apart by; the tags are made from it once. */
    private static final class Key {
        private final HttpMethod method;
        private final String path;
        private final int status;
        private final @Nullable Class<?> exception;
        private final int hash;

        Key(HttpMethod method, String path, int status, @Nullable Class<?> exception) {
            this.method = method;
            this.path = path;
            this.status = status;
            this.exception = exception;
            this.hash = ((method.hashCode() * 31 + path.hashCode()) * 31 + status) * 31
                    + (exception == null ? 0 : exception.hashCode());
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.hash == hash && key.method == method && key.status == status
                    && key.exception == exception && key.path.equals(path);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    @RequestFilter
    public void start(HttpRequest<?> request) {
        request.setAttribute(START, System.nanoTime());
    }

    @ResponseFilter
    public void record(HttpRequest<?> request, MutableHttpResponse<?> response) {
        // Attributes are read as they were stored: asking for a type goes through conversion, which showed.
        long start = request.getAttribute(START).orElse(null) instanceof Long started ? started : System.nanoTime();
        Throwable exception = response.getAttribute(HttpAttributes.EXCEPTION).orElse(null) instanceof Throwable t
                ? t : null;
        // Micronaut's rule: an exception an error route answered counts only where the answer is an error.
        if (exception != null && response.code() < 400 && handledByErrorRoute(response)) {
            exception = null;
        }
        Key key = new Key(request.getMethod(), path(request), response.code(),
                exception == null ? null : exception.getClass());
        Timer timer = timers.get(key);
        if (timer == null) {
            timer = timers.computeIfAbsent(key, this::timer);
        }
        timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }

    private static boolean handledByErrorRoute(MutableHttpResponse<?> response) {
        RouteMatch<?> route = response.getAttribute(HttpAttributes.ROUTE_MATCH, RouteMatch.class).orElse(null);
        return route != null && route.getRouteInfo() instanceof ErrorRouteInfo;
    }

    /**
     * The route's template, found where Micronaut's server metrics look for it: a route match stored as the route,
     * else the template the route's execution stored, else {@value #UNMATCHED_URI}.
     */
    private static String path(HttpRequest<?> request) {
        if (request.getAttribute(HttpAttributes.ROUTE_INFO).orElse(null) instanceof UriRouteMatch<?, ?> match) {
            return match.getRouteInfo().getUriMatchTemplate().toPathString();
        }
        return request.getAttribute(HttpAttributes.URI_TEMPLATE).orElse(null) instanceof String template
                ? template : UNMATCHED_URI;
    }

    private Timer timer(Key key) {
        return registry.timer(NAME, List.of(Tag.of("method", key.method.toString()),
                Tag.of("status", Integer.toString(key.status)), Tag.of("uri", uri(key)),
                Tag.of("exception", key.exception == null ? "none" : key.exception.getSimpleName())));
    }

    private String uri(Key key) {
        int status = key.status;
        if (status >= 300 && status < 400) {
            return "REDIRECTION";
        }
        if (!clientErrorUris && status >= 400 && status < 500) {
            return status == 401 ? "UNAUTHORIZED" : "BAD_REQUEST";
        }
        if (status == 404) {
            return "NOT_FOUND";
        }
        return sanitize(key.path);
    }

    /** The template with doubled slashes and a trailing one dropped; "root" for nothing left. */
    static String sanitize(String path) {
        if (path == null) {
            return "UNKNOWN";
        }
        String collapsed = path.replaceAll("/{2,}", "/");
        String trimmed = collapsed.endsWith("/") ? collapsed.substring(0, collapsed.length() - 1) : collapsed;
        return trimmed.isEmpty() ? "root" : trimmed;
    }
}
