package dev.facenet.evaluate;

/**
 * Everything {@code evaluate --dataset} measures: verification over generated pairs,
 * identification, and a diagnosis of the misses (how many dimensions the encodings use, whose
 * same-person pairs the threshold rejects).
 */
public record DatasetReport(
    PairsGenerator.Result pairs,
    VerificationReport verification,
    IdentificationReport identification,
    VerificationDiagnosis diagnosis,
    EncodingTable encodings) {}
