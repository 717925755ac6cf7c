package io.runvault.adapters.in.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * Adapter: a connection whose request has arrived whole and whose answer has not started yet is waiting on the
 * server, not on its client, so the server's idle timeout ({@code micronaut.server.idle-timeout}, which closes a
 * connection that neither reads nor writes for that long) lets it be: completing a multipart upload reads the whole
 * object back before it answers, and a large one takes longer than any idle timeout meant for clients. A client that
 * stalls before its request is whole, or stops reading an answer, is still cut off; so is a connection left idle
 * between requests. One per connection, on its event loop.
 */
final class BusyIsNotIdle extends ChannelDuplexHandler {
    /** Requests received whole, and answers started (informational ones aside), on this connection so far. */
    private long requests;
    private long answers;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (message instanceof LastHttpContent) {
            requests++;
        }
        ctx.fireChannelRead(message);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) {
        // Counted, not matched: an answer sent before its request's body ended (a refusal) still pairs with it.
        if (message instanceof HttpResponse response
                && response.status().codeClass() != HttpStatusClass.INFORMATIONAL) {
            answers++;
        }
        ctx.write(message, promise);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent idle && idle.state() == IdleState.ALL_IDLE && requests > answers) {
            return;
        }
        ctx.fireUserEventTriggered(event);
    }
}
