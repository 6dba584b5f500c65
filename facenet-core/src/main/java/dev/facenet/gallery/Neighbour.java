package dev.facenet.gallery;

/** A person found near a query: their name and the distance of their closest encoding. */
public record Neighbour(String name, double distance) {}
