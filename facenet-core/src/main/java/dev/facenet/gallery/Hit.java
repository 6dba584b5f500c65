package dev.facenet.gallery;

/**
 * A person an index found near a query, by the store's id of that person, with the distance of
 * their closest indexed encoding. The store turns ids into names ({@link Neighbour}).
 */
public record Hit(long personId, double distance) {}
