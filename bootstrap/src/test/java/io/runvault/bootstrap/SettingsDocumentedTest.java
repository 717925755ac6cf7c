package io.runvault.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.runvault.adapters.AdapterSettings;
import io.runvault.adapters.out.s3.ArchiveSettings;
import io.runvault.adapters.out.s3.S3Settings;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** README's settings table and the settings records say the same: every setting, with the same default. */
class SettingsDocumentedTest {
    private static final Path README = Path.of("..", "README.md");
    /** A table row: the environment variable, then its default in backticks or {@code none}. */
    private static final Pattern ROW = Pattern.compile("^\\| `(RUNVAULT_[A-Z0-9_]+)` \\| (?:`([^`]*)`|none) \\|.*$",
            Pattern.MULTILINE);

    @Test
    void readmeListsEverySettingWithItsDefault() throws IOException {
        Map<String, String> documented = new TreeMap<>();
        Matcher row = ROW.matcher(Files.readString(README));
        while (row.find()) {
            documented.put(row.group(1), row.group(2) == null ? "" : row.group(2));
        }
        assertFalse(documented.isEmpty(), "no settings table found in " + README);

        Map<String, String> defined = new TreeMap<>();
        collect(RunvaultSettings.class, "runvault", defined);
        collect(AdapterSettings.class, "runvault", defined);
        collect(S3Settings.class, S3Settings.PREFIX, defined);
        collect(ArchiveSettings.class, ArchiveSettings.PREFIX, defined);

        assertEquals(defined, documented);
    }

    /** Settings by environment variable, as Micronaut maps them, with the default each record gives. */
    private static void collect(Class<?> settings, String prefix, Map<String, String> into) {
        RecordComponent[] components = settings.getRecordComponents();
        Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        Constructor<?> canonical;
        try {
            canonical = settings.getDeclaredConstructor(types);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
        Annotation[][] annotations = canonical.getParameterAnnotations();
        for (int i = 0; i < components.length; i++) {
            String name = prefix + "." + kebab(components[i].getName());
            ConfigurationProperties nested = components[i].getType().getAnnotation(ConfigurationProperties.class);
            if (nested != null) {
                collect(components[i].getType(), prefix + "." + nested.value(), into);
                continue;
            }
            String fallback = Arrays.stream(annotations[i])
                    .filter(Bindable.class::isInstance)
                    .map(annotation -> ((Bindable) annotation).defaultValue())
                    .findFirst()
                    .orElse("");
            into.put(name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'), fallback);
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
