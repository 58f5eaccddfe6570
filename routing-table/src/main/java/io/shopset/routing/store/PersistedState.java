package io.shopset.routing.store;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectWriter;

import org.jspecify.annotations.Nullable;

import io.shopset.routing.config.Mappers;
import io.shopset.routing.model.RoutingState;

/**
 * A routing state as written to local disk: the file store's {@code stateFile} and the Redis
 * store's last good snapshot. JSON: {@code {"version", "epoch", "base", "state"}}.
 *
 * @param epoch the Redis store's epoch (which seeding of Redis it came from); {@code null} for the file store
 * @param base  the fingerprint of the configuration file's routing part it was based on
 */
public record PersistedState(long version, @Nullable String epoch, @Nullable String base, RoutingState state) {

    private static final ObjectWriter WRITER = Mappers.json().writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    public PersistedState {
        requireNonNull(state, "state");
    }

    /** Writes this state to {@code file} atomically (temporary file, fsync, rename). */
    public void writeTo(Path file) throws IOException {
        AtomicFiles.write(file, out -> WRITER.writeValue(out, this));
    }

    /**
     * The state in {@code file}, or {@code null} when there is none.
     *
     * @throws IOException when the file exists but cannot be read or parsed
     */
    public static @Nullable PersistedState read(Path file) throws IOException {
        final byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
        return Mappers.json().readValue(bytes, PersistedState.class);
    }
}
