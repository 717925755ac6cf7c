package io.runvault.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Marker;
import org.slf4j.helpers.MessageFormatter;

/**
 * Logging: keeps presigned-URL signatures, Authorization headers and bearer tokens out of every log line, whichever
 * library writes them (the HTTP client's wire log, the embedded S3 server's request log, exception messages). A
 * message carrying one is dropped and logged again, masked, by the same logger at the same level.
 */
public final class SecretMaskingFilter extends TurboFilter {
    private static final String MASK = "***";
    private static final String FQCN = SecretMaskingFilter.class.getName();
    private static final List<Pattern> SECRETS = List.of(
            // Query-string signatures of presigned URLs (SigV4 and V2), possibly URL-encoded.
            Pattern.compile("(?i)((?:X-Amz-Signature|Signature)(?:=|%3D))[0-9A-Za-z%+/=]+"),
            // Header values: "Authorization: AWS4-HMAC-SHA256 …", "authorization=[Bearer …]", JSON-ish forms.
            Pattern.compile("(?i)((?:proxy-)?authorization[\"']?\\s*[:=]\\s*\\[?[\"']?)[^\\r\\n\"'\\]\\[]+"),
            Pattern.compile("(?i)((?:X-Amz-Security-Token|X-Amz-Credential)(?:=|%3D|:\\s*))[^&\\s\"'\\]\\[]+"),
            Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]+"));
    private static final Pattern HINT = Pattern.compile("(?i)signature|authorization|bearer|x-amz-");

    /** Set while re-logging, so the masked event passes without being examined again. */
    private static final ThreadLocal<Boolean> RELOGGING = ThreadLocal.withInitial(() -> false);

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
            Throwable t) {
        // Turbo filters see every call, enabled or not: decide cheaply unless the event will really be written.
        if (level == null || !level.isGreaterOrEqual(logger.getEffectiveLevel()) || RELOGGING.get()) {
            return FilterReply.NEUTRAL;
        }
        String message = format == null ? null : MessageFormatter.arrayFormat(format, params).getMessage();
        boolean secretInMessage = message != null && HINT.matcher(message).find() && !mask(message).equals(message);
        boolean secretInThrowable = t != null && hasSecret(t);
        if (!secretInMessage && !secretInThrowable) {
            return FilterReply.NEUTRAL;
        }
        RELOGGING.set(true);
        try {
            logger.log(marker, FQCN, Level.toLocationAwareLoggerInteger(level),
                    message == null ? null : mask(message), null, t == null ? null : masked(t));
        } finally {
            RELOGGING.set(false);
        }
        return FilterReply.DENY;
    }

    /** The text with every secret replaced by {@value #MASK}. */
    static String mask(String text) {
        String masked = text;
        for (Pattern secret : SECRETS) {
            Matcher matcher = secret.matcher(masked);
            if (matcher.find()) {
                masked = matcher.replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
            }
        }
        return masked;
    }

    private static boolean hasSecret(Throwable t) {
        for (Throwable cause = t; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            String text = cause.getMessage();
            if (text != null && !mask(text).equals(text)) {
                return true;
            }
        }
        return false;
    }

    /** The same chain of throwables, stack traces kept, messages masked. */
    private static Throwable masked(Throwable t) {
        Throwable cause = t.getCause() == null || t.getCause() == t ? null : masked(t.getCause());
        String text = t.getMessage() == null ? null : mask(t.getMessage());
        MaskedThrowable copy = new MaskedThrowable(t.getClass().getName() + (text == null ? "" : ": " + text), cause);
        copy.setStackTrace(t.getStackTrace());
        return copy;
    }

    /** Stands in for a throwable whose message carried a secret; its text starts with the original class name. */
    private static final class MaskedThrowable extends RuntimeException {
        MaskedThrowable(String message, Throwable cause) {
            super(message, cause, false, true);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }
}
