package io.runvault.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.function.Function;

/**
 * What a command prints: lines for people, or JSON for scripts ({@code --json}). With JSON, stdout carries only the
 * JSON and what people need to see meanwhile (progress, the next page's cursor) goes to stderr.
 */
final class Output {
    private final PrintStream out;
    private final PrintStream err;
    private final boolean json;
    private final boolean terminal;

    Output(PrintStream out, PrintStream err, boolean json, boolean terminal) {
        this.out = out;
        this.err = err;
        this.json = json;
        this.terminal = terminal;
    }

    boolean json() {
        return json;
    }

    /** A line for people; nothing with {@code --json}. */
    void line(String text) {
        if (!json) {
            out.println(text);
        }
    }

    /** The JSON a script reads; with {@code --json} only. */
    void json(JsonNode node) {
        if (json) {
            out.println(RestClient.write(node));
        }
    }

    /** One result: a line for people, the node for scripts. */
    void result(JsonNode node, String text) {
        if (json) {
            json(node);
        } else {
            out.println(text);
        }
    }

    /** Where progress and notes go: stdout for people, stderr when stdout is JSON. */
    PrintStream notes() {
        return json ? err : out;
    }

    boolean terminal() {
        return terminal && !json;
    }

    /**
     * Prints a paginated list: one page when {@code limit} or {@code cursor} is given (with the cursor of the next
     * one), else every page in turn, each printed as it arrives. With JSON, the page as the server sent it, or every
     * item in one {@code {"items": [...], "nextCursor": null}}.
     */
    void list(RestClient client, String path, Integer limit, String cursor, Function<JsonNode, String> text) {
        if (limit != null || cursor != null) {
            JsonNode page = client.page(path, limit, cursor);
            if (json) {
                json(page);
                return;
            }
            page.get("items").forEach(item -> out.println(text.apply(item)));
            String next = RestClient.nextCursor(page);
            if (next != null) {
                err.println("more: --cursor " + next);
            }
            return;
        }
        try {
            JsonGenerator generator = json ? RestClient.JSON.createGenerator(out) : null;
            if (generator != null) {
                generator.writeStartObject();
                generator.writeArrayFieldStart("items");
            }
            String next = null;
            do {
                JsonNode page = client.page(path, 500, next);
                for (JsonNode item : page.get("items")) {
                    if (generator != null) {
                        generator.writeTree(item);
                    } else {
                        out.println(text.apply(item));
                    }
                }
                if (generator != null) {
                    generator.flush();
                }
                next = RestClient.nextCursor(page);
            } while (next != null);
            if (generator != null) {
                generator.writeEndArray();
                generator.writeNullField("nextCursor");
                generator.writeEndObject();
                generator.flush();
                out.println();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
