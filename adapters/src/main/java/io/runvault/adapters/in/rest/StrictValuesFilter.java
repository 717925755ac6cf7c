package io.runvault.adapters.in.rest;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.FilterPatternStyle;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteMatch;
import io.runvault.domain.InvalidValue;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Ids and other numbers in paths and query strings are ASCII digits only: Java's number parsing also takes other
 * scripts' digits (a full-width "１" is 1), which would let one id be spelt many ways. Query values and the
 * Idempotency-Key hold no control characters. A refusal is a 400 naming the parameter.
 */
@ServerFilter(value = "/api/.*", patternStyle = FilterPatternStyle.REGEX)
// After authentication, like every other check of what was sent (see StrictJsonFilter on the annotation).
@Order(10)
public class StrictValuesFilter {
    /** Digits enough for any id, few enough that a long holds them. */
    private static final int MAX_DIGITS = 18;
    private static final Set<Class<?>> NUMBERS = Set.of(long.class, Long.class, int.class, Integer.class);

    @RequestFilter
    @Nullable
    public HttpResponse<Problem> check(HttpRequest<?> request) {
        try {
            Optional<RouteMatch<?>> route = RouteAttributes.getRouteMatch(request);
            route.ifPresent(match -> match.getVariableValues().forEach((name, value) ->
                    checkValue(match, name, String.valueOf(value))));
            // Most requests have no query string: decoding one into an empty map for them is not free.
            String query = request.getUri().getRawQuery();
            if (query != null && !query.isEmpty()) {
                for (Map.Entry<String, List<String>> parameter : request.getParameters()) {
                    for (String value : parameter.getValue()) {
                        route.ifPresentOrElse(match -> checkValue(match, parameter.getKey(), value),
                                () -> checkText(parameter.getKey(), value));
                    }
                }
            }
            String key = request.getHeaders().get(IdempotentPosts.HEADER);
            if (key != null && !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new InvalidValue(IdempotentPosts.HEADER, "must be printable ASCII without spaces");
            }
            return null;
        } catch (InvalidValue invalid) {
            return StrictJsonFilter.invalid(request, invalid);
        }
    }

    private static void checkValue(RouteMatch<?> route, String name, String value) {
        Optional<Argument<?>> argument = route.getRequiredInput(name);
        if (argument.isPresent() && NUMBERS.contains(argument.get().getType())) {
            if (value.length() > MAX_DIGITS || !isAsciiDigits(value)) {
                throw new InvalidValue(name, "must be a whole number in ASCII digits");
            }
            return;
        }
        checkText(name, value);
    }

    /**
     * One or more of 0-9 only ({@link Character#isDigit} also takes full-width and other scripts' digits); checked by
     * hand, as every request has an id or two in its path.
     */
    static boolean isAsciiDigits(String value) {
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static void checkText(String name, String value) {
        if (!StrictJson.isCleanText(value) || value.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidValue(name, "must not contain control or unpaired surrogate characters");
        }
    }
}
