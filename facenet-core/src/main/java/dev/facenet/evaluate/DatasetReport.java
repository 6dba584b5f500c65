package dev.facenet.evaluate;

/** Everything {@code evaluate --dataset} measures: verification over generated pairs and identification. */
public record DatasetReport(PairsGenerator.Result pairs, VerificationReport verification,
    IdentificationReport identification, EncodingTable encodings) {}
