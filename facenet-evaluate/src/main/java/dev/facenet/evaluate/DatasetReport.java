package dev.facenet.evaluate;

/**
 * Everything {@code evaluate --dataset} measures: verification over generated pairs,
 * identification, open-set identification (null with fewer than {@value OpenSet#MIN_PEOPLE}
 * people), and a diagnosis of the misses (how many dimensions the encodings use, whose same-person
 * pairs the threshold rejects).
 */
public record DatasetReport(
    PairsGenerator.Result pairs,
    VerificationReport verification,
    IdentificationReport identification,
    OpenSetReport openSet,
    VerificationDiagnosis diagnosis,
    EncodingTable encodings) {}
