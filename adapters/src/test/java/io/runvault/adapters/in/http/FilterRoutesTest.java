package io.runvault.adapters.in.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.core.annotation.AnnotationMetadataProvider;
import io.micronaut.web.router.FilterRoute;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The routes FilterRoutes hands out wrap Micronaut's own: a method of FilterRoute they did not pass on would answer
 * with the interface's default instead of the wrapped route's behaviour, silently, after a Micronaut upgrade.
 */
class FilterRoutesTest {

    @Test
    void everyMethodOfAFilterRouteIsPassedOnToTheWrappedRoute() throws Exception {
        Class<?> wrapper = Class.forName(FilterRoutes.class.getName() + "$KnownMatcher");
        List<String> notPassedOn = new ArrayList<>();
        int checked = 0;
        for (Class<?> type : routeTypes(FilterRoute.class, new ArrayList<>())) {
            for (Method method : type.getDeclaredMethods()) {
                if (Modifier.isStatic(method.getModifiers()) || method.isSynthetic()) {
                    continue;
                }
                checked++;
                try {
                    wrapper.getDeclaredMethod(method.getName(), method.getParameterTypes());
                } catch (NoSuchMethodException e) {
                    notPassedOn.add(method.toString());
                }
            }
        }
        assertTrue(checked >= 10, "only " + checked + " methods of FilterRoute were looked at");
        assertEquals(List.of(), notPassedOn);
    }

    /**
     * FilterRoute and the interfaces it extends, but not annotation metadata: those methods all go through
     * getAnnotationMetadata, which is passed on.
     */
    private static List<Class<?>> routeTypes(Class<?> type, List<Class<?>> found) {
        if (type.getPackageName().equals(AnnotationMetadataProvider.class.getPackageName()) || found.contains(type)) {
            return found;
        }
        found.add(type);
        for (Class<?> parent : type.getInterfaces()) {
            routeTypes(parent, found);
        }
        return found;
    }
}
