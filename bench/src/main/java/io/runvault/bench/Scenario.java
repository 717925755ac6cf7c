package io.runvault.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One part of the benchmark, (a) to (d): what it needs from the harness and the report it writes its section to. */
abstract class Scenario {
    static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

    final Settings settings;
    final HttpClient http;
    private final Report report;

    Scenario(Settings settings, HttpClient http, Report report) {
        this.settings = settings;
        this.http = http;
        this.report = report;
    }

    /** Measures and writes the scenario's section; every loop in it is bounded by a count and a time. */
    abstract void run() throws Exception;

    /** Where a log of this run goes, beside the report. */
    Path log(String name) {
        return settings.out().resolve(name);
    }

    final void line(String text) {
        report.line(text);
    }

    final void section(String title) {
        report.section(title);
    }

    final void table(List<String> columns, List<List<String>> rows) {
        report.table(columns, rows);
    }

    final void verdict(String name, double value, double target, boolean atLeast) {
        report.verdict(name, value, target, atLeast);
    }

    final void verdictRow(String row) {
        report.verdictRow(row);
    }

    final String send(HttpRequest request, int expected) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(request.method() + " " + request.uri().getPath() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    static long id(String json) {
        Matcher m = ID.matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no id in " + json);
        }
        return Long.parseLong(m.group(1));
    }
}
