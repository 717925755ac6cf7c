package io.runvault.bootstrap;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.Locale;

/**
 * Logging: lets an appender write only when its format is the one selected by {@code RUNVAULT_LOG_FORMAT}
 * ({@code json}, or anything else for text). Both appenders stay referenced, so logback has nothing to warn about
 * at start-up, and a mistyped value still logs, as text.
 */
public final class LogFormatFilter extends Filter<ILoggingEvent> {
    private String format = "text";
    private String selected = "text";
    private boolean active;

    public void setFormat(String format) {
        this.format = format.trim().toLowerCase(Locale.ROOT);
    }

    public void setSelected(String selected) {
        this.selected = selected.trim().toLowerCase(Locale.ROOT);
    }

    @Override
    public void start() {
        boolean json = "json".equals(selected);
        active = json == "json".equals(format);
        super.start();
    }

    @Override
    public FilterReply decide(ILoggingEvent event) {
        return active ? FilterReply.NEUTRAL : FilterReply.DENY;
    }
}
