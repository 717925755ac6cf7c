package io.runvault.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Markdown report every scenario adds its sections to, with the targets table at the end. */
final class Report {
    private final StringBuilder text = new StringBuilder();
    private final List<String> verdicts = new ArrayList<>();

    void line(String line) {
        text.append(line).append('\n');
    }

    void section(String title) {
        line("");
        line("## " + title);
        line("");
    }

    void table(List<String> columns, List<List<String>> rows) {
        line("| " + String.join(" | ", columns) + " |");
        line("|" + " --- |".repeat(columns.size()));
        rows.forEach(row -> line("| " + String.join(" | ", row) + " |"));
    }

    /** A measure against its target, judged here so every scenario words it alike. */
    void verdict(String name, double value, double target, boolean atLeast) {
        boolean met = atLeast ? value >= target : value < target;
        verdictRow("| " + name + " | " + fmt(value, atLeast ? 2 : 0) + " | " + (atLeast ? "≥ " : "< ")
                + fmt(target, atLeast ? 1 : 0) + " | " + (met ? "yes" : "**no**") + " |");
    }

    /** A row of the targets table written as is, for measures without a number to judge. */
    void verdictRow(String row) {
        verdicts.add(row);
    }

    void footer() {
        section("Targets");
        line("| measure | value | target | met? |");
        line("| --- | --- | --- | --- |");
        verdicts.forEach(this::line);
    }

    @Override
    public String toString() {
        return text.toString();
    }

    static String fmt(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    static String matchOr(String text, String regex, String otherwise) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? m.group(1) : otherwise;
    }

    static String readOr(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    static String loadAverage() {
        String[] parts = readOr(Path.of("/proc/loadavg")).split(" ");
        return parts.length >= 3 ? parts[0] + ", " + parts[1] + ", " + parts[2] : "?";
    }
}
