package io.runvault.adapters.in.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Per connection: a request's line and headers must arrive within the header timeout of its first byte (a client
 * that sends half a request and waits holds a connection for nothing), and a request the codec could not read is
 * answered here, with the status that says why (431 for headers too large, 414 for a line too long, else 400),
 * before the connection is closed.
 */
final class RequestGuard {
    private final long timeoutNanos;
    private ScheduledFuture<?> timer;
    private boolean inRequest;

    RequestGuard(Duration headerTimeout) {
        this.timeoutNanos = headerTimeout.toNanos();
    }

    /** Goes before the codec: the first bytes of a request start its timer. */
    ChannelInboundHandlerAdapter bytes() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (!inRequest && timer == null && msg instanceof ByteBuf buffer && buffer.isReadable()) {
                    timer = ctx.executor().schedule(() -> {
                        timer = null;
                        ctx.close();
                    }, timeoutNanos, TimeUnit.NANOSECONDS);
                }
                ctx.fireChannelRead(msg);
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                cancel();
                ctx.fireChannelInactive();
            }
        };
    }

    /** Goes after the codec: a whole head stops the timer; a finished response lets the next request start one. */
    ChannelDuplexHandler requests() {
        return new ChannelDuplexHandler() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof HttpRequest request) {
                    cancel();
                    inRequest = true;
                    if (request.decoderResult().isFailure()) {
                        ReferenceCountUtil.release(msg);
                        refuse(ctx, request.decoderResult().cause());
                        return;
                    }
                }
                ctx.fireChannelRead(msg);
            }

            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                if (msg instanceof LastHttpContent) {
                    inRequest = false;
                }
                ctx.write(msg, promise);
            }
        };
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private static void refuse(ChannelHandlerContext ctx, Throwable cause) {
        HttpResponseStatus status;
        String type;
        if (cause instanceof TooLongHttpHeaderException) {
            status = HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
            type = "headers-too-large";
        } else if (cause instanceof TooLongHttpLineException) {
            status = HttpResponseStatus.REQUEST_URI_TOO_LONG;
            type = "uri-too-long";
        } else if (cause instanceof TooLongFrameException) {
            status = HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
            type = "headers-too-large";
        } else {
            status = HttpResponseStatus.BAD_REQUEST;
            type = cause instanceof StrictHttpServerCodec.AmbiguousLength ? "ambiguous-length" : "malformed-request";
        }
        String detail = cause instanceof StrictHttpServerCodec.AmbiguousLength ? cause.getMessage()
                : "the request could not be read: " + status.reasonPhrase().toLowerCase(java.util.Locale.ROOT);
        byte[] body = ("{\"type\":\"urn:runvault:problem:" + type + "\",\"title\":\"" + status.reasonPhrase()
                + "\",\"status\":" + status.code() + ",\"detail\":\"" + detail + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
