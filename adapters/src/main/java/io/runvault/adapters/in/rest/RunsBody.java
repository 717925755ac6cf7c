package io.runvault.adapters.in.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.runvault.domain.InvalidValue;
import io.runvault.domain.Run;
import io.runvault.domain.RunConfig;
import io.runvault.domain.RunStatus;
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
     * A batch as read from its body: the configs in order, and where each one lies in the body, so that the answer
     * repeats the bytes that were sent instead of encoding each config to UTF-8 again.
     */
    record Batch(List<RunConfig> configs, byte[] body, int[] starts, int[] ends) {
    }

    /**
     * The configs of {@code {"runs": [{"config": {…}}, …]}} in order; other members are ignored, as when binding.
     * Read through {@link StrictJson#parser}, so the one pass that reads the body also holds all of it to the JSON
     * rules; a body that breaks them anywhere is refused for that, even when its shape is wrong too.
     */
    static Batch read(byte[] body) {
        if (body == null || body.length == 0) {
            throw new InvalidValue("body", "is required");
        }
        try (StrictJson.Checked parser = StrictJson.parser(body)) {
            var batch = new Reader(body);
            try {
                batch.read(parser);
            } catch (InvalidValue refused) {
                parser.finish();
                throw refused;
            }
            parser.finish();
            return batch.batch();
        } catch (JsonProcessingException e) {
            throw StrictJson.notJson(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One body's pass: the configs and their places, kept as they are found. */
    private static final class Reader {
        private final byte[] body;
        private final List<RunConfig> configs = new ArrayList<>();
        private int[] starts = new int[16];
        private int[] ends = new int[16];

        Reader(byte[] body) {
            this.body = body;
        }

        Batch batch() {
            return new Batch(configs, body, starts, ends);
        }

        void read(JsonParser parser) throws IOException {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidValue("body", "must be a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("runs")) {
                    runs(parser, value);
                } else {
                    parser.skipChildren();
                }
            }
        }

        private void runs(JsonParser parser, JsonToken value) throws IOException {
            if (value == JsonToken.VALUE_NULL) {
                // SubmitRunsCommand refuses an empty batch, and one too large, with the field named "runs".
                return;
            }
            if (value != JsonToken.START_ARRAY) {
                throw new InvalidValue("runs", "must be an array of runs");
            }
            for (int index = 0; parser.nextToken() != JsonToken.END_ARRAY; index++) {
                run(parser, index);
            }
        }

        private void run(JsonParser parser, int index) throws IOException {
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                parser.skipChildren();
                throw new InvalidValue(field(index), "must be a JSON object");
            }
            boolean found = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("config") && value == JsonToken.START_OBJECT) {
                    // Once at most: the parser refuses a key that an object repeats.
                    slice(parser, index);
                    found = true;
                } else {
                    parser.skipChildren();
                }
            }
            if (!found) {
                throw new InvalidValue(field(index), "must be a JSON object");
            }
        }

        /** The object the parser is at, as the bytes it was sent as. */
        private void slice(JsonParser parser, int index) throws IOException {
            long start = parser.currentTokenLocation().getByteOffset();
            parser.skipChildren();
            long end = parser.currentLocation().getByteOffset();
            if (start < 0 || end <= start || end > body.length) {
                // Only a body in UTF-16 or UTF-32 has no byte offsets; JSON between systems is UTF-8 (RFC 8259).
                throw new InvalidValue("body", "must be JSON in UTF-8");
            }
            RunConfig config;
            try {
                config = new RunConfig(new String(body, (int) start, (int) (end - start), StandardCharsets.UTF_8));
            } catch (InvalidValue e) {
                throw new InvalidValue(field(index), e.reason());
            }
            int at = configs.size();
            if (at == starts.length) {
                starts = Arrays.copyOf(starts, at * 2);
                ends = Arrays.copyOf(ends, at * 2);
            }
            starts[at] = (int) start;
            ends[at] = (int) end;
            configs.add(config);
        }
    }

    /** Named only when refused: a batch is a thousand runs, nearly always all fine. */
    private static String field(int index) {
        return "runs[" + index + "].config";
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

    /** Longest decimal form of a long, with its sign. */
    private static final int MAX_DIGITS = 20;
    private static final int FIXED_PER_RUN = 1 + ID.length + JOB_ID.length + SEQ.length + CONFIG.length
            + STATUS.length + CREATED_AT.length + END_RUN.length + 3 * MAX_DIGITS;

    /**
     * {@code {"runs": [...]}} as {@link Views.RunView} prints a run; each run shows the config it was sent with, the
     * very bytes of the request (runs come back in request order, their seqs follow it), rather than the database's
     * rewrite of it. Written byte by byte rather than through a JSON generator: besides the configs, already JSON, a
     * run holds only numbers, a status name and an ISO-8601 instant, none of which a JSON string would escape, and a
     * batch is a thousand runs. The buffer is sized for the longest answer the runs can make, so it is never grown
     * and copied; {@link Json#length} says how much of it is the answer.
     */
    static Json created(List<Run> runs, Batch sent) {
        Instant createdAt = null;
        byte[] createdText = null;
        long capacity = OPEN.length + CLOSE.length;
        for (int i = 0; i < runs.size(); i++) {
            Run run = runs.get(i);
            if (!run.createdAt().equals(createdAt)) {
                // A batch is created at one instant: printed once, not a thousand times.
                createdAt = run.createdAt();
                createdText = ascii(createdAt.toString());
            }
            capacity += FIXED_PER_RUN + sent.ends()[i] - sent.starts()[i] + createdText.length
                    + statusName(run.status()).length;
        }
        var out = new Utf8(Math.toIntExact(capacity));
        out.write(OPEN);
        createdAt = null;
        for (int i = 0; i < runs.size(); i++) {
            Run run = runs.get(i);
            if (!run.createdAt().equals(createdAt)) {
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
            out.write(sent.body(), sent.starts()[i], sent.ends()[i]);
            out.write(STATUS);
            out.write(statusName(run.status()));
            out.write(CREATED_AT);
            out.write(createdText);
            out.write(END_RUN);
        }
        out.write(CLOSE);
        return new Json(out.bytes, out.size);
    }

    /** The first {@code length} bytes of {@code utf8}: an answer written into a buffer sized for the longest. */
    record Json(byte[] utf8, int length) {
    }

    private static final byte[][] STATUS_NAMES = Arrays.stream(RunStatus.values()).map(s -> ascii(s.name()))
            .toArray(byte[][]::new);

    private static byte[] statusName(RunStatus status) {
        return STATUS_NAMES[status.ordinal()];
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** A UTF-8 buffer of a size known beforehand that writes numbers as their decimal digits without strings. */
    private static final class Utf8 {
        private final byte[] bytes;
        private int size;

        Utf8(int capacity) {
            bytes = new byte[capacity];
        }

        void write(int b) {
            bytes[size++] = (byte) b;
        }

        void write(byte[] b) {
            write(b, 0, b.length);
        }

        void write(byte[] b, int from, int to) {
            System.arraycopy(b, from, bytes, size, to - from);
            size += to - from;
        }

        void write(long value) {
            if (value < 0) {
                // Ids and seqs are positive; a negative number is printed the plain way all the same.
                write(ascii(Long.toString(value)));
                return;
            }
            int digits = 1;
            for (long rest = value / 10; rest > 0; rest /= 10) {
                digits++;
            }
            long rest = value;
            for (int at = size + digits - 1; at >= size; at--) {
                bytes[at] = (byte) ('0' + rest % 10);
                rest /= 10;
            }
            size += digits;
        }
    }
}
