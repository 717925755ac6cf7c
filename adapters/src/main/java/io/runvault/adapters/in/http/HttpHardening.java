package io.runvault.adapters.in.http;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.micronaut.http.server.netty.configuration.NettyHttpServerConfiguration;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.runvault.adapters.AdapterSettings;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

/**
 * Adapter: hardens each HTTP/1 connection's pipeline: the strict codec ({@link StrictHttpServerCodec}) in place of
 * Netty's, and a {@link RequestGuard} around it ({@code runvault.server.header-timeout}). Each answer gets its
 * {@link DateHeader} there too, and a connection the server is still answering is not idle ({@link BusyIsNotIdle}).
 */
@Singleton
public class HttpHardening implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {
    private static final String CODEC = ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC;

    private final NettyHttpServerConfiguration server;
    private final Duration headerTimeout;
    private final DateHeader date = new DateHeader(Clock.systemUTC());

    public HttpHardening(NettyHttpServerConfiguration server,
            AdapterSettings.Server settings) {
        Duration headerTimeout = settings.headerTimeout();
        if (headerTimeout.isNegative() || headerTimeout.isZero()) {
            throw new IllegalArgumentException("runvault.server.header-timeout must be positive, not " + headerTimeout);
        }
        this.server = server;
        this.headerTimeout = headerTimeout;
    }

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        event.getBean().register(new NettyServerCustomizer() {
            @Override
            public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
                return role == ChannelRole.CONNECTION ? new Connection(channel) : this;
            }
        });
        return event.getBean();
    }

    private final class Connection implements NettyServerCustomizer {
        private final Channel channel;

        Connection(Channel channel) {
            this.channel = channel;
        }

        @Override
        public void onStreamPipelineBuilt() {
            ChannelPipeline pipeline = channel.pipeline();
            if (pipeline.get(CODEC) == null) {
                return;
            }
            pipeline.replace(CODEC, CODEC, new StrictHttpServerCodec(new HttpDecoderConfig()
                    .setMaxInitialLineLength(server.getMaxInitialLineLength())
                    .setMaxHeaderSize(server.getMaxHeaderSize())
                    .setMaxChunkSize(server.getMaxChunkSize())
                    .setValidateHeaders(server.isValidateHeaders())
                    .setInitialBufferSize(server.getInitialBufferSize())));
            RequestGuard guard = new RequestGuard(headerTimeout);
            pipeline.addBefore(CODEC, "runvault-request-timer", guard.bytes());
            pipeline.addAfter(CODEC, "runvault-request-guard", guard.requests());
            pipeline.addAfter(CODEC, "runvault-date", date);
            pipeline.addAfter(CODEC, "runvault-busy-not-idle", new BusyIsNotIdle());
        }
    }
}
