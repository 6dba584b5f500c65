package dev.facenet.gallery;

import java.util.List;

/** A person in the gallery: their name, how many encodings they have, and which model/crop made them. */
public record Person(String name, int encodings, List<String> models) {
  public Person {
    models = List.copyOf(models);
  }
}
