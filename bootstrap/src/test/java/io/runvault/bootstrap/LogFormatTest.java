package io.runvault.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.OutputStreamAppender;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** The server's logback.xml: text by default, JSON lines with RUNVAULT_LOG_FORMAT=json, secrets masked in both. */
class LogFormatTest {
    private static final String PRESIGNED = "http://127.0.0.1:9000/b/k?X-Amz-Signature=5f1e2d3c4b5a69788796a5b4c3d2e1f0";

    @Test
    void jsonFormatWritesOneJsonObjectPerLine() throws Exception {
        String out = logWith("json", log -> log.info("stored results, fetch them at {}", PRESIGNED));
        String[] lines = out.strip().split("\n");
        assertEquals(1, lines.length, out);
        JsonNode event = JsonMapper.createDefault().readValue(lines[0], JsonNode.class);
        assertEquals("INFO", event.get("level").getStringValue());
        assertEquals("runvault.test", event.get("loggerName").getStringValue());
        String message = event.get("formattedMessage").getStringValue();
        assertTrue(message.startsWith("stored results, fetch them at http://127.0.0.1:9000/b/k?"), message);
        assertTrue(message.endsWith("X-Amz-Signature=***"), message);
        assertFalse(out.contains("5f1e2d3c"), out);
    }

    @Test
    void textIsTheDefaultAndWhatAnUnknownFormatGets() throws Exception {
        for (String format : new String[] {null, "yaml"}) {
            String out = logWith(format, log -> log.warn("Authorization: Bearer abc.def.ghi"));
            assertFalse(out.startsWith("{"), out);
            assertTrue(out.contains(" WARN "), out);
            assertTrue(out.contains("runvault.test - Authorization: ***"), out);
        }
    }

    /** Configures a fresh logger context from the server's logback.xml and returns what its appenders wrote. */
    private static String logWith(String format, Consumer<Logger> logging) throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        if (format != null) {
            context.putProperty("RUNVAULT_LOG_FORMAT", format);
        }
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(LogFormatTest.class.getResource("/logback.xml"));
            // Both console appenders write here instead of stdout; their filters decide which one writes at all.
            var root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            for (String name : new String[] {"text", "json"}) {
                ((OutputStreamAppender<?>) root.getAppender(name)).setOutputStream(captured);
            }
            logging.accept(context.getLogger("runvault.test"));
        } finally {
            context.stop();
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
