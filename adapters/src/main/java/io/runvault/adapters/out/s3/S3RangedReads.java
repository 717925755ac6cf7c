package io.runvault.adapters.out.s3;

import io.runvault.application.ArtifactNotFound;
import io.runvault.application.port.out.RangedReads;
import io.runvault.domain.StorageLocation;
import jakarta.inject.Singleton;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Adapter: {@link RangedReads} as GetObject with a Range header, in whichever bucket the location's tier is. */
@Singleton
public final class S3RangedReads implements RangedReads {
    private static final int RANGE_NOT_SATISFIABLE = 416;
    private final S3Store store;

    public S3RangedReads(S3Store store) {
        this.store = store;
    }

    @Override
    public InputStream openRange(StorageLocation at, long offset, long length) {
        if (length <= 0) {
            return InputStream.nullInputStream();
        }
        String bucket = store.bucketOf(at.tier());
        String range = "bytes=" + offset + "-" + (offset + length - 1);
        try {
            return new Abortable(store.client().getObject(b -> b.bucket(bucket).key(at.key().value()).range(range)));
        } catch (NoSuchKeyException e) {
            throw new ArtifactNotFound(at.key());
        } catch (S3Exception e) {
            if (e.statusCode() == RANGE_NOT_SATISFIABLE) {
                return new ByteArrayInputStream(new byte[0]);
            }
            throw store.failure("could not read " + range + " of " + at, e);
        } catch (SdkException e) {
            throw store.failure("could not read " + range + " of " + at, e);
        }
    }

    /**
     * Closing a response the reader stopped early aborts the connection: draining it so the connection could be
     * reused would fetch the very bytes a ranged read is meant to leave behind.
     */
    private static final class Abortable extends FilterInputStream {
        private final ResponseInputStream<GetObjectResponse> response;
        private boolean ended;

        Abortable(ResponseInputStream<GetObjectResponse> response) {
            super(response);
            this.response = response;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            ended |= b < 0;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            ended |= n < 0;
            return n;
        }

        @Override
        public void close() throws IOException {
            if (!ended) {
                response.abort();
            }
            super.close();
        }
    }
}
