package dev.facenet.common;

/**
 * One stored encoding with the name of its person: a line of {@code facenet export} and {@code
 * facenet import}, and the unit a gallery is moved between stores in.
 */
public record Enrolment(String name, Embedding embedding) {}
