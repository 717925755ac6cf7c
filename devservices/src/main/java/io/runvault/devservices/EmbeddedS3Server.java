package io.runvault.devservices;

import com.google.inject.Module;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.TransientApiMetadata;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.domain.BlobAccess;
import org.jclouds.blobstore.domain.BlobMetadata;
import org.jclouds.blobstore.domain.ContainerAccess;
import org.jclouds.blobstore.domain.MultipartUpload;
import org.jclouds.blobstore.options.PutOptions;
import org.jclouds.blobstore.util.ForwardingBlobStore;
import org.jclouds.filesystem.FilesystemApiMetadata;
import org.jclouds.filesystem.reference.FilesystemConstants;
import org.jclouds.logging.slf4j.config.SLF4JLoggingModule;

/**
 * Development service: an S3 endpoint inside this JVM (s3proxy over a jclouds blob store), for development and tests. It checks
 * AWS signatures like the real thing, so presigned URLs and credentials are exercised, not bypassed. Objects live in a
 * directory (kept across restarts) or, without one, in memory.
 */
public final class EmbeddedS3Server implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    /** Where the server reads its storage settings ({@code S3Settings}). */
    private static final String PREFIX = "runvault.storage.s3";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    /** jclouds logs to java.util.logging unless told otherwise. */
    private static final Set<Module> LOGGING = Set.of(new SLF4JLoggingModule());

    private final BlobStoreContext context;
    private final S3Proxy proxy;
    private final URI endpoint;
    private final String accessKey;
    private final String secretKey;
    private final String bucket;

    private EmbeddedS3Server(BlobStoreContext context, S3Proxy proxy, URI endpoint, String accessKey,
            String secretKey, String bucket) {
        this.context = context;
        this.proxy = proxy;
        this.endpoint = endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.bucket = bucket;
    }

    /**
     * Starts a server on {@code 127.0.0.1:port} and creates {@code bucket} in it.
     *
     * @param directory where objects are kept, one sub-directory per bucket; {@code null} keeps them in memory
     * @param port      0 picks a free port; {@link #endpoint()} tells which
     */
    public static EmbeddedS3Server start(Path directory, int port, String accessKey, String secretKey,
            String bucket) {
        BlobStoreContext context = directory == null ? inMemory() : onDisk(directory);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(new PrivateOnly(context.getBlobStore()))
                .endpoint(endpoint(port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                // The SDK sends an x-amz-checksum-crc32 header with batch deletes even in when-required mode (2.31);
                // s3proxy otherwise refuses every header it does not know with 501.
                .ignoreUnknownHeaders(true)
                .build();
        try {
            proxy.start();
            awaitStarted(proxy);
        } catch (Exception e) {
            stopQuietly(proxy, e);
            context.close();
            throw new IllegalStateException("could not start the embedded S3 server on port " + port, e);
        }
        EmbeddedS3Server server = new EmbeddedS3Server(context, proxy,
                URI.create("http://" + HOST + ":" + proxy.getPort()), accessKey, secretKey, bucket);
        server.createBucket(bucket);
        return server;
    }

    /**
     * Every object and bucket stays private: an upload asking for a public ACL ({@code x-amz-acl: public-read}, which
     * a presigned PUT does not sign) is refused with 400, ACL changes with 501, and nothing is served to a request
     * without a signature, whatever ACL an object was stored with before.
     */
    private static final class PrivateOnly extends ForwardingBlobStore {
        PrivateOnly(BlobStore delegate) {
            super(delegate);
        }

        @Override
        public String putBlob(String container, Blob blob, PutOptions options) {
            return super.putBlob(container, blob, privateOnly(options));
        }

        @Override
        public MultipartUpload initiateMultipartUpload(String container, BlobMetadata blob, PutOptions options) {
            return super.initiateMultipartUpload(container, blob, privateOnly(options));
        }

        @Override
        public BlobAccess getBlobAccess(String container, String name) {
            return BlobAccess.PRIVATE;
        }

        @Override
        public ContainerAccess getContainerAccess(String container) {
            return ContainerAccess.PRIVATE;
        }

        @Override
        public void setBlobAccess(String container, String name, BlobAccess access) {
            throw new UnsupportedOperationException("objects stay private");
        }

        @Override
        public void setContainerAccess(String container, ContainerAccess access) {
            throw new UnsupportedOperationException("buckets stay private");
        }

        private static PutOptions privateOnly(PutOptions options) {
            if (options != null && options.getBlobAccess() == BlobAccess.PUBLIC_READ) {
                throw new IllegalArgumentException("objects stay private: send no x-amz-acl");
            }
            return options;
        }
    }

    /** In memory, on a free port: what tests want. */
    public static EmbeddedS3Server startInMemory(String accessKey, String secretKey, String bucket) {
        return start(null, 0, accessKey, secretKey, bucket);
    }

    public URI endpoint() {
        return endpoint;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    /** The bucket created at start. */
    public String bucket() {
        return bucket;
    }

    /** Creates another bucket; creating an existing one is a no-op. */
    public void createBucket(String name) {
        BlobStore blobStore = context.getBlobStore();
        if (!blobStore.containerExists(name)) {
            blobStore.createContainerInLocation(null, name);
        }
    }

    /** The same as configuration properties, for starting an application context against this server. */
    public Map<String, Object> properties(String bucketName) {
        return properties(endpoint, bucketName, accessKey, secretKey);
    }

    /** The endpoint a server started on {@code port} (not 0) answers at. */
    public static URI endpoint(int port) {
        return URI.create("http://" + HOST + ":" + port);
    }

    /** Properties for a server not started yet, so an application context can be built while it starts. */
    public static Map<String, Object> properties(URI endpoint, String bucketName, String accessKey,
            String secretKey) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(PREFIX + ".endpoint", endpoint.toString());
        properties.put(PREFIX + ".bucket", bucketName);
        properties.put(PREFIX + ".path-style", true);
        properties.put(PREFIX + ".access-key", accessKey);
        properties.put(PREFIX + ".secret-key", secretKey);
        return properties;
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the embedded S3 server at " + endpoint, e);
        } finally {
            context.close();
        }
    }

    // By metadata, not by id: an id makes jclouds load every provider on the classpath, and s3proxy's jar registers
    // Azure and AWS-SDK providers whose libraries the root pom excludes.
    private static BlobStoreContext inMemory() {
        return ContextBuilder.newBuilder(new TransientApiMetadata()).credentials("embedded", "embedded")
                .modules(LOGGING).buildView(BlobStoreContext.class);
    }

    private static BlobStoreContext onDisk(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create " + directory, e);
        }
        Properties overrides = new Properties();
        overrides.setProperty(FilesystemConstants.PROPERTY_BASEDIR, directory.toAbsolutePath().toString());
        return ContextBuilder.newBuilder(new FilesystemApiMetadata()).credentials("embedded", "embedded")
                .overrides(overrides).modules(LOGGING).buildView(BlobStoreContext.class);
    }

    /** Jetty may report start() before its connector accepts; the port is only known once it does. */
    private static void awaitStarted(S3Proxy proxy) throws InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (!"STARTED".equals(proxy.getState())) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("s3proxy did not start within " + START_TIMEOUT);
            }
            Thread.sleep(5);
        }
    }

    private static void stopQuietly(S3Proxy proxy, Exception cause) {
        try {
            proxy.stop();
        } catch (Exception e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedS3Server[" + endpoint + ", bucket=" + bucket + "]";
    }
}
