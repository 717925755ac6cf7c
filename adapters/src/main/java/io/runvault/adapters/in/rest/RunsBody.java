package io.runvault.adapters.in.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.runvault.domain.InvalidValue;
import io.runvault.domain.Run;
import io.runvault.domain.RunConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The body and the answer of POST /jobs/{id}/runs, read and written in one pass each. A batch holds up to a
 * thousand configs that Runvault stores and shows but never interprets, so each one is kept as the JSON text it was
 * sent as (the database's jsonb parses it once) instead of being built into a tree, printed back to text for the
 * insert, and printed again for the answer.
 */
final class RunsBody {
    private RunsBody() {
    }

    /**
     * The configs of {@code {"runs": [{"config": {…}}, …]}} in order; other members are ignored, as when binding.
     * Read through {@link StrictJson#parser}, so the one pass that reads the body also holds all of it to the JSON
     * rules; a body that breaks them anywhere is refused for that, even when its shape is wrong too.
     */
    static List<RunConfig> configs(byte[] body) {
        if (body == null || body.length == 0) {
            throw new InvalidValue("body", "is required");
        }
        try (StrictJson.Checked parser = StrictJson.parser(body)) {
            List<RunConfig> configs;
            try {
                configs = read(parser, body);
            } catch (InvalidValue refused) {
                parser.finish();
                throw refused;
            }
            parser.finish();
            return configs;
        } catch (JsonProcessingException e) {
            throw StrictJson.notJson(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<RunConfig> read(JsonParser parser, byte[] body) throws IOException {
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
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            parser.skipChildren();
            throw new InvalidValue(field(index), "must be a JSON object");
        }
        RunConfig config = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (name.equals("config") && value == JsonToken.START_OBJECT) {
                config = slice(parser, body, index);
            } else {
                parser.skipChildren();
            }
        }
        if (config == null) {
            throw new InvalidValue(field(index), "must be a JSON object");
        }
        return config;
    }

    /** Named only when refused: a batch is a thousand runs, nearly always all fine. */
    private static String field(int index) {
        return "runs[" + index + "].config";
    }

    /** The object the parser is at, as the bytes it was sent as. */
    private static RunConfig slice(JsonParser parser, byte[] body, int index) throws IOException {
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
            throw new InvalidValue(field(index), e.reason());
        }
    }

    private static final byte[] OPEN = ascii("{\"runs\":[");
    private static final byte[] ID = ascii("{\"id\":");
    private static final byte[] JOB_ID = ascii(",\"jobId\":");
    private static final byte[] SEQ = ascii(",\"seq\":");
    private static final byte[] CONFIG = ascii(",\"config\":");
    private static final byte[] STATUS = ascii(",\"status\":\"");
    private static final byte[] CREATED_AT = ascii("\",\"createdAt\":\"");
    private static final byte[] END_RUN = ascii("\"}");
    private static final byte[] CLOSE = ascii("]}");

    /**
     * {@code {"runs": [...]}} as {@link Views.RunView} prints a run; each run shows the config it was sent with (runs
     * come back in request order, their seqs follow it) rather than the database's rewrite of it. Written byte by
     * byte rather than through a JSON generator: besides the configs, already JSON, a run holds only numbers, a
     * status name and an ISO-8601 instant, none of which a JSON string would escape, and a batch is a thousand runs.
     */
    static byte[] created(List<Run> runs, List<RunConfig> sent) {
        var out = new Utf8(64 + runs.size() * 160);
        out.write(OPEN);
        Instant createdAt = null;
        byte[] createdText = null;
        for (int i = 0; i < runs.size(); i++) {
            Run run = runs.get(i);
            if (!run.createdAt().equals(createdAt)) {
                // A batch is created at one instant: printed once, not a thousand times.
                createdAt = run.createdAt();
                createdText = ascii(createdAt.toString());
            }
            if (i > 0) {
                out.write(',');
            }
            out.write(ID);
            out.write(run.id().value());
            out.write(JOB_ID);
            out.write(run.jobId().value());
            out.write(SEQ);
            out.write(run.seq());
            out.write(CONFIG);
            out.write(sent.get(i).json());
            out.write(STATUS);
            out.write(run.status().name());
            out.write(CREATED_AT);
            out.write(createdText);
            out.write(END_RUN);
        }
        out.write(CLOSE);
        return out.toByteArray();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** A growing UTF-8 buffer that writes numbers as their decimal digits without making strings of them. */
    private static final class Utf8 {
        private byte[] bytes;
        private int size;

        Utf8(int capacity) {
            bytes = new byte[capacity];
        }

        void write(int b) {
            ensure(1);
            bytes[size++] = (byte) b;
        }

        void write(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, bytes, size, b.length);
            size += b.length;
        }

        void write(String text) {
            write(text.getBytes(StandardCharsets.UTF_8));
        }

        void write(long value) {
            if (value < 0) {
                // Ids and seqs are positive; a negative number is printed the plain way all the same.
                write(Long.toString(value));
                return;
            }
            int digits = 1;
            for (long rest = value / 10; rest > 0; rest /= 10) {
                digits++;
            }
            ensure(digits);
            long rest = value;
            for (int at = size + digits - 1; at >= size; at--) {
                bytes[at] = (byte) ('0' + rest % 10);
                rest /= 10;
            }
            size += digits;
        }

        byte[] toByteArray() {
            return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }
    }
}
