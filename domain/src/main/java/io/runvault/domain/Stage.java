package io.runvault.domain;

import java.util.regex.Pattern;

/** Value object: the stage of a run an artifact belongs to; part of an artifact's identity and of its key. */
public record Stage(String value) {
    private static final Pattern STAGE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    public static final Stage FINAL = new Stage("final");

    public Stage {
        if (value == null || !STAGE.matcher(value).matches()) {
            throw new InvalidValue("stage", "must be 1-63 of a-z 0-9 _ - starting with a letter or digit");
        }
    }

    /** The stage given, or {@link #FINAL} when none was: an artifact named without a stage is its run's final one. */
    public static Stage orFinal(Stage given) {
        return given == null ? FINAL : given;
    }

    /** The stage named, or {@link #FINAL} when no name was given. */
    public static Stage orFinal(String name) {
        return name == null ? FINAL : new Stage(name);
    }

    @Override
    public String toString() {
        return value;
    }
}
