package io.shopset.routing.store;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local audit log: every change written through this process, appended as one JSON line to
 * the audit file ({@code <stateFile>.audit.jsonl} by default), and the most recent ones in memory.
 * On start the memory is filled from the file's tail, so a restart keeps the recent history.
 *
 * <p>Concurrency: all methods are synchronized; only the control path calls them.
 */
public final class AuditTrail {

    /** How much of an existing audit file is read back on start. */
    private static final long TAIL_BYTES = 4L * 1024 * 1024;

    private static final Logger logger = LoggerFactory.getLogger(AuditTrail.class);

    private final @Nullable Path file;
    private final int capacity;
    private final Deque<ChangeRecord> recent = new ArrayDeque<>();

    /** @param file where to append, or {@code null} for memory only */
    public AuditTrail(@Nullable Path file, int capacity) {
        this.file = file;
        this.capacity = capacity;
        if (file != null) {
            loadTail(file);
        }
    }

    /** Appends {@code r} to the file (one line) and to the in-memory history. */
    public synchronized void append(ChangeRecord r) {
        remember(r);
        if (file == null) {
            return;
        }
        try {
            final Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.write(file, (ChangeRecords.toJsonLine(r) + '\n').getBytes(StandardCharsets.UTF_8),
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            logger.error("cannot append to the audit log {}: {} (change v{} by {}: {} {})", file, e.toString(),
                         r.version(), r.who(), r.action(), r.target());
        }
    }

    /** Keeps {@code r} in memory only (a change another replica made). */
    public synchronized void remember(ChangeRecord r) {
        recent.addFirst(r);
        while (recent.size() > capacity) {
            recent.removeLast();
        }
    }

    /** Up to {@code limit} recent records, newest first. */
    public synchronized List<ChangeRecord> recent(int limit) {
        final List<ChangeRecord> out = new ArrayList<>(Math.min(limit, recent.size()));
        for (Iterator<ChangeRecord> it = recent.iterator(); it.hasNext() && out.size() < limit; ) {
            out.add(it.next());
        }
        return out;
    }

    public @Nullable Path file() {
        return file;
    }

    private void loadTail(Path f) {
        if (!Files.isRegularFile(f)) {
            return;
        }
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "r")) {
            final long len = raf.length();
            final long from = Math.max(0, len - TAIL_BYTES);
            raf.seek(from);
            final byte[] buf = new byte[(int) (len - from)];
            raf.readFully(buf);
            final String[] lines = new String(buf, StandardCharsets.UTF_8).split("\n");
            for (int i = from > 0 ? 1 : 0; i < lines.length; i++) {
                if (lines[i].isBlank()) {
                    continue;
                }
                try {
                    remember(ChangeRecords.parse(lines[i]));
                } catch (IOException e) {
                    logger.warn("skipping a line of the audit log {}: {}", f, e.getMessage());
                }
            }
        } catch (IOException e) {
            logger.warn("cannot read the audit log {}: {}", f, e.toString());
        }
    }
}
