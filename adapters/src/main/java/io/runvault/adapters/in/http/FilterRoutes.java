package io.runvault.adapters.in.http;

import io.micronaut.context.BeanContext;
import io.micronaut.context.ExecutionHandleLocator;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.annotation.AnnotationMetadata;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.convert.ConversionService;
import io.micronaut.core.util.StringUtils;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.context.ServerContextPathProvider;
import io.micronaut.http.filter.FilterPatternStyle;
import io.micronaut.http.filter.GenericHttpFilter;
import io.micronaut.web.router.FilterRoute;
import io.micronaut.web.router.RouteBuilder;
import io.micronaut.web.router.ServerFilterRouteBuilder;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The routes of the {@code @ServerFilter} beans, built as Micronaut builds them, each behind a route that knows once
 * whether its filter is limited to routes carrying some annotation ({@code @FilterMatcher}). Micronaut's own route
 * keeps only an annotation it found: for a filter without one, which is every filter here, it searched the filter's
 * annotations again for every request, once per filter. Every request is matched against every such route, so the
 * routes also skip, where the answer cannot change, the Ant matching of plain paths (see {@link KnownMatcher}).
 */
@Singleton
@Replaces(ServerFilterRouteBuilder.class)
final class FilterRoutes extends ServerFilterRouteBuilder {

    FilterRoutes(ExecutionHandleLocator locator, RouteBuilder.UriNamingStrategy naming, ConversionService conversion,
            BeanContext context, @Nullable ServerContextPathProvider contextPath) {
        super(locator, naming, conversion, context, contextPath);
    }

    @Override
    public List<FilterRoute> getFilterRoutes() {
        return super.getFilterRoutes().stream().<FilterRoute>map(KnownMatcher::new).toList();
    }

    /**
     * A filter route as it was built, with its matching annotation (or none) looked up once. A route whose Ant
     * patterns are plain paths (Micronaut's health filter: /health and two below it) also turns away at once a path
     * that lacks the last segment of each: the Ant matcher splits pattern and path into segments on every request,
     * and a path without a pattern's segment in it cannot match that pattern.
     */
    private static final class KnownMatcher implements FilterRoute {
        private final FilterRoute route;
        private final @Nullable String matchingAnnotation;
        private final String @Nullable [] lastSegments;

        KnownMatcher(FilterRoute route) {
            this.route = route;
            this.matchingAnnotation = route.findMatchingAnnotation();
            this.lastSegments = route.getPatternStyle() == FilterPatternStyle.ANT ? lastSegments(route.getPatterns())
                    : null;
        }

        /** The last segment of each pattern; null unless every pattern is a plain path of one or more segments. */
        private static String @Nullable [] lastSegments(String[] patterns) {
            if (patterns == null || patterns.length == 0) {
                return null;
            }
            String[] last = new String[patterns.length];
            for (int i = 0; i < patterns.length; i++) {
                String pattern = patterns[i];
                if (pattern.chars().anyMatch(c -> c == '*' || c == '?' || c == '{' || c == '}')) {
                    return null;
                }
                String[] segments = StringUtils.tokenizeToStringArray(pattern, "/");
                if (segments.length == 0) {
                    return null;
                }
                last[i] = segments[segments.length - 1];
            }
            return last;
        }

        @Override
        public @Nullable String findMatchingAnnotation() {
            return matchingAnnotation;
        }

        @Override
        public boolean isPreMatching() {
            return route.isPreMatching();
        }

        @Override
        public AnnotationMetadata getAnnotationMetadata() {
            return route.getAnnotationMetadata();
        }

        @Override
        public GenericHttpFilter getFilter() {
            return route.getFilter();
        }

        @Override
        public Set<HttpMethod> getFilterMethods() {
            return route.getFilterMethods();
        }

        @Override
        public String[] getPatterns() {
            return route.getPatterns();
        }

        @Override
        public FilterPatternStyle getPatternStyle() {
            return route.getPatternStyle();
        }

        @Override
        public boolean hasMethods() {
            return route.hasMethods();
        }

        @Override
        public boolean hasPatterns() {
            return route.hasPatterns();
        }

        @Override
        @SuppressWarnings("removal")
        public Optional<GenericHttpFilter> match(HttpMethod method, URI uri) {
            return route.match(method, uri);
        }

        @Override
        public Optional<GenericHttpFilter> match(HttpMethod method, String path) {
            if (lastSegments != null && !containsAny(path, lastSegments)) {
                return Optional.empty();
            }
            return route.match(method, path);
        }

        private static boolean containsAny(String path, String[] segments) {
            for (String segment : segments) {
                if (path.contains(segment)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public FilterRoute pattern(String pattern) {
            route.pattern(pattern);
            return this;
        }

        @Override
        public FilterRoute methods(HttpMethod... methods) {
            route.methods(methods);
            return this;
        }

        @Override
        public FilterRoute patternStyle(FilterPatternStyle style) {
            route.patternStyle(style);
            return this;
        }

        @Override
        public String toString() {
            return route.toString();
        }
    }
}
