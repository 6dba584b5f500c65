package dev.facenet.common;

import java.time.Instant;

/**
 * One change to who the gallery knows, as its audit table keeps it: never a picture or an encoding,
 * only who did what to whom and when.
 *
 * @param at when
 * @param actor who ({@link Actor#label()})
 * @param action {@code enroll}, {@code remove}, {@code rename} or {@code import}
 * @param person the person's name ({@code old -> new} for a rename; null for an import, which may
 *     touch many)
 * @param encodings how many encodings were added or removed
 */
public record AuditEntry(Instant at, String actor, String action, String person, long encodings) {}
