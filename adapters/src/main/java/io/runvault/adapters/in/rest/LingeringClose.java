package io.runvault.adapters.in.rest;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import jakarta.inject.Singleton;
import java.util.concurrent.TimeUnit;

/**
 * Closes connections the way HTTP/1.1 servers must when a request body may still be arriving: the answer goes out,
 * then what the client still sends is read and dropped for a short while, and only then is the socket closed. A socket
 * closed with unread bytes is reset at once, and the reset can overtake the answer, so a client still sending its
 * body would see "connection reset" instead of the 404 or 400 it was given.
 */
@Singleton
public class LingeringClose implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {
    private static final long LINGER_MILLIS = 300;

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        event.getBean().register(new Customizer(null));
        return event.getBean();
    }

    /** Adds the handler first in each connection's pipeline, so it sees every close and every inbound byte. */
    private record Customizer(Channel connection) implements NettyServerCustomizer {
        @Override
        public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
            return role == ChannelRole.CONNECTION ? new Customizer(channel) : this;
        }

        @Override
        public void onInitialPipelineBuilt() {
            if (connection != null) {
                connection.pipeline().addFirst("runvault-lingering-close", new Linger());
            }
        }
    }

    /** Delays a close while discarding input; the peer closing first ends it sooner. */
    private static final class Linger extends ChannelDuplexHandler {
        private boolean lingering;

        @Override
        public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
            if (lingering || !ctx.channel().isActive()) {
                ctx.close(promise);
                return;
            }
            lingering = true;
            ctx.channel().config().setAutoRead(true);
            ctx.executor().schedule(() -> ctx.close(promise), LINGER_MILLIS, TimeUnit.MILLISECONDS);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (lingering) {
                ReferenceCountUtil.release(msg);
                return;
            }
            ctx.fireChannelRead(msg);
        }
    }
}
