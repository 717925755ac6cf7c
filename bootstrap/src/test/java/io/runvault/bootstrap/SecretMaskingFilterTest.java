package io.runvault.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The masking rules on the shapes secrets take in the logs of the libraries we use. */
class SecretMaskingFilterTest {

    @Test
    void presignedUrlKeepsEverythingButItsSignatureAndCredential() {
        assertEquals("GET http://s3/b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=***"
                        + "&X-Amz-SignedHeaders=host&X-Amz-Signature=*** 200",
                SecretMaskingFilter.mask("GET http://s3/b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                        + "&X-Amz-Credential=runvault%2F20261122%2Fus-east-1%2Fs3%2Faws4_request"
                        + "&X-Amz-SignedHeaders=host&X-Amz-Signature=0a1b2c3d4e5f 200"));
    }

    @Test
    void wireLogAuthorizationHeaderIsMaskedUpToTheLineEnd() {
        assertEquals("http-outgoing-1 >> \"Authorization: ***[\\r][\\n]\"",
                SecretMaskingFilter.mask("http-outgoing-1 >> \"Authorization: AWS4-HMAC-SHA256 Credential=rv/2026, "
                        + "SignedHeaders=host, Signature=00ff[\\r][\\n]\""));
    }

    @Test
    void bearerTokensAndHeaderMapsAreMasked() {
        assertEquals("headers={authorization=[***]}", SecretMaskingFilter.mask("headers={authorization=[Bearer abc.def]}"));
        assertEquals("token Bearer ***", SecretMaskingFilter.mask("token Bearer abc.def-ghi"));
    }

    /**
     * The embedded S3 server's connection, logged while another thread parses the request on it, prints the request's
     * URI only once the request line is in: the filter must write the text it examined, not format it again later.
     */
    @Test
    void aParameterThatPrintsASecretOnlyLaterIsWrittenAsItWasExamined() {
        List<String> written = new ArrayList<>();
        Logger logger = logger(written);
        Object connection = new Object() {
            private int printed;

            @Override
            public String toString() {
                return printed++ == 0 ? "Endpoint{parser=START}"
                        : "Endpoint{parser=CONTENT, uri=http://s3/b/k?X-Amz-Signature=0a1b2c3d4e5f}";
            }
        };

        logger.debug("Created {}", connection);

        assertEquals(List.of("Created Endpoint{parser=START}"), written);
    }

    @Test
    void aThrowableGivenAsTheLastParameterHasItsSecretMaskedToo() {
        List<String> written = new ArrayList<>();
        Logger logger = logger(written);

        logger.warn("upload {} failed", 7, new IllegalStateException("GET http://s3/b/k?X-Amz-Signature=0a1b2c"));

        assertEquals(List.of("upload 7 failed | java.lang.IllegalStateException: GET http://s3/b/k?X-Amz-Signature=***"),
                written);
    }

    @Test
    void textWithoutSecretsIsUntouched() {
        String text = "Startup completed in 812ms. Server Running: http://localhost:8080";
        assertEquals(text, SecretMaskingFilter.mask(text));
    }

    /** A logger of a context of its own, with the filter, writing each event's text and throwable to {@code into}. */
    private static Logger logger(List<String> into) {
        LoggerContext context = new LoggerContext();
        SecretMaskingFilter filter = new SecretMaskingFilter();
        filter.setContext(context);
        filter.start();
        context.addTurboFilter(filter);
        AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                into.add(event.getFormattedMessage() + (event.getThrowableProxy() == null ? ""
                        : " | " + event.getThrowableProxy().getMessage()));
            }
        };
        appender.setContext(context);
        appender.start();
        Logger logger = context.getLogger("test");
        logger.setLevel(Level.DEBUG);
        logger.addAppender(appender);
        return logger;
    }
}
