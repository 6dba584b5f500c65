package dev.facenet.common;

/**
 * A person found near a query: their name and the distance of their closest encoding. A gallery
 * search answers with these, nearest first.
 */
public record Neighbour(String name, double distance) {}
