package io.runvault.adapters.in.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.runvault.domain.InvalidValue;
import io.runvault.domain.Run;
import io.runvault.domain.RunConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The body and the answer of POST /jobs/{id}/runs, read and written in one streaming pass each. A batch holds up to a
 * thousand configs that Runvault stores and shows but never interprets, so each one is kept as the JSON text it was
 * sent as (the database's jsonb parses it once) instead of being built into a tree, printed back to text for the
 * insert, and printed again for the answer. {@link StrictJson} has checked the body before it gets here.
 */
final class RunsBody {
    private static final JsonFactory FACTORY = new JsonFactory();

    private RunsBody() {
    }

    /** The configs of {@code {"runs": [{"config": {…}}, …]}} in order; other members are ignored, as when binding. */
    static List<RunConfig> configs(byte[] body) {
        if (body == null || body.length == 0) {
            throw new InvalidValue("body", "is required");
        }
        try (JsonParser parser = FACTORY.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidValue("body", "must be a JSON object");
            }
            List<RunConfig> configs = List.of();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("runs")) {
                    configs = runs(parser, body, value);
                } else {
                    parser.skipChildren();
                }
            }
            return configs;
        } catch (JsonProcessingException e) {
            throw new InvalidValue("body", "is not valid JSON");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<RunConfig> runs(JsonParser parser, byte[] body, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            // SubmitRunsCommand refuses an empty batch, and one too large, with the field named "runs".
            return List.of();
        }
        if (value != JsonToken.START_ARRAY) {
            throw new InvalidValue("runs", "must be an array of runs");
        }
        List<RunConfig> configs = new ArrayList<>();
        for (int index = 0; parser.nextToken() != JsonToken.END_ARRAY; index++) {
            configs.add(run(parser, body, index));
        }
        return configs;
    }

    private static RunConfig run(JsonParser parser, byte[] body, int index) throws IOException {
        String field = "runs[" + index + "].config";
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            parser.skipChildren();
            throw new InvalidValue(field, "must be a JSON object");
        }
        RunConfig config = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (name.equals("config") && value == JsonToken.START_OBJECT) {
                config = slice(parser, body, field);
            } else {
                parser.skipChildren();
            }
        }
        if (config == null) {
            throw new InvalidValue(field, "must be a JSON object");
        }
        return config;
    }

    /** The object the parser is at, as the bytes it was sent as. */
    private static RunConfig slice(JsonParser parser, byte[] body, String field) throws IOException {
        long start = parser.currentTokenLocation().getByteOffset();
        parser.skipChildren();
        long end = parser.currentLocation().getByteOffset();
        if (start < 0 || end <= start || end > body.length) {
            // Only a body in UTF-16 or UTF-32 has no byte offsets; JSON between systems is UTF-8 (RFC 8259).
            throw new InvalidValue("body", "must be JSON in UTF-8");
        }
        try {
            return new RunConfig(new String(body, (int) start, (int) (end - start), StandardCharsets.UTF_8));
        } catch (InvalidValue e) {
            throw new InvalidValue(field, e.reason());
        }
    }

    /**
     * {@code {"runs": [...]}} as {@link Views.RunView} prints a run; each run shows the config it was sent with (runs
     * come back in request order, their seqs follow it) rather than the database's rewrite of it.
     */
    static byte[] created(List<Run> runs, List<RunConfig> sent) {
        var out = new ByteArrayOutputStream(128 + runs.size() * 160);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeArrayFieldStart("runs");
            Instant createdAt = null;
            String createdText = null;
            for (int i = 0; i < runs.size(); i++) {
                Run run = runs.get(i);
                if (!run.createdAt().equals(createdAt)) {
                    // A batch is created at one instant: printed once, not a thousand times.
                    createdAt = run.createdAt();
                    createdText = createdAt.toString();
                }
                json.writeStartObject();
                json.writeNumberField("id", run.id().value());
                json.writeNumberField("jobId", run.jobId().value());
                json.writeNumberField("seq", run.seq());
                json.writeFieldName("config");
                json.writeRawValue(sent.get(i).json());
                json.writeStringField("status", run.status().name());
                json.writeStringField("createdAt", createdText);
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
