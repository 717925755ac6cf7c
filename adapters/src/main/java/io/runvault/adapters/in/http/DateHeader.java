package io.runvault.adapters.in.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The {@code Date} header of every final answer on a connection, in the form Micronaut writes it, formatted once a
 * second rather than once an answer: formatting a date per response showed in the server's profile. Micronaut's own
 * header is turned off ({@code micronaut.server.date-header: false}) so that there is one.
 */
@ChannelHandler.Sharable
final class DateHeader extends ChannelOutboundHandlerAdapter {
    private final Clock clock;
    private volatile Stamp last = new Stamp(Long.MIN_VALUE, "");

    DateHeader(Clock clock) {
        this.clock = clock;
    }

    /** A second since the epoch and its text. */
    private record Stamp(long second, String text) {
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        // Interim answers (100 Continue) never carried one.
        if (msg instanceof HttpResponse response && response.status().code() >= 200
                && !response.headers().contains(HttpHeaderNames.DATE)) {
            response.headers().set(HttpHeaderNames.DATE, now());
        }
        ctx.write(msg, promise);
    }

    String now() {
        long second = Math.floorDiv(clock.millis(), 1000);
        Stamp stamp = last;
        if (stamp.second() != second) {
            stamp = new Stamp(second,
                    DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.ofEpochSecond(second).atZone(ZoneOffset.UTC)));
            last = stamp;
        }
        return stamp.text();
    }
}
