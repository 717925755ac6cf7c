package io.runvault.domain;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/** Value object: a job's labels, bounded in count and length, duplicates dropped, order kept. */
public record Tags(List<String> values) {
    public static final int MAX_TAGS = 32;
    public static final int MAX_LENGTH = 64;
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:=/-]*");

    public Tags {
        if (values == null) {
            values = List.of();
        }
        var distinct = new LinkedHashSet<String>();
        for (int i = 0; i < values.size(); i++) {
            distinct.add(checked(values.get(i), "tags[" + i + "]"));
        }
        if (distinct.size() > MAX_TAGS) {
            throw new InvalidValue("tags", "at most " + MAX_TAGS + " tags");
        }
        values = List.copyOf(new ArrayList<>(distinct));
    }

    public static Tags none() {
        return new Tags(List.of());
    }

    /** Checks one tag, also for filters, so a filter can never name a tag that could not exist. */
    public static String checked(String tag, String field) {
        if (tag == null || tag.isEmpty()) {
            throw new InvalidValue(field, "must not be empty");
        }
        if (tag.length() > MAX_LENGTH) {
            throw new InvalidValue(field, "must be at most " + MAX_LENGTH + " characters");
        }
        if (!TAG.matcher(tag).matches()) {
            throw new InvalidValue(field, "may hold letters, digits and . _ : = / - and must start with a letter or digit");
        }
        return tag;
    }
}
