package io.runvault.bootstrap;

import io.micronaut.runtime.Micronaut;
import java.util.Map;

/** Starts Runvault: embedded Postgres (and later storage) first when nothing external is configured. */
public final class Application {
    private Application() {
    }

    public static void main(String[] args) {
        Map<String, Object> embedded = EmbeddedDefaults.start(EmbeddedDefaults.Settings.fromEnvironment());
        Micronaut.build(args)
                .mainClass(Application.class)
                .properties(embedded)
                .start();
    }
}
