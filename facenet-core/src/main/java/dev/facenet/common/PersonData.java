package dev.facenet.common;

import java.util.List;

/**
 * Everything a gallery keeps about one person, for a person who asks what is stored about them
 * ({@code facenet export --name}): their name, when they were added, every encoding with its model,
 * date and the hash of the picture it came from, and the audit rows about them. Pictures are never
 * stored, so none are here.
 *
 * @param name the name as the gallery spells it
 * @param created when the person was added, as the store writes dates
 * @param encodings every stored encoding, oldest first
 * @param audit every audit row that names them (under this or an earlier name), oldest first
 */
public record PersonData(
    String name, String created, List<Stored> encodings, List<AuditEntry> audit) {
  public PersonData {
    encodings = List.copyOf(encodings);
    audit = List.copyOf(audit);
  }

  /**
   * One stored encoding.
   *
   * @param id its row id
   * @param model the network that made it
   * @param crop how the face was cut for that network
   * @param created when it was stored
   * @param picture the SHA-256 of the picture it came from, or null when not known
   * @param vector its values, or null when the row is damaged
   * @param damage what is wrong with the row, or null when nothing is
   */
  public record Stored(
      long id,
      String model,
      String crop,
      String created,
      String picture,
      float[] vector,
      String damage) {}
}
