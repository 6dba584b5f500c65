package dev.facenet.video;

import java.awt.image.BufferedImage;

/**
 * One decoded frame: its picture (8-bit RGB, owned by whoever holds the frame), when it is in the
 * video ({@code seconds} from the start of the stream, or from the start of watching for a live
 * source) and its number among the frames read.
 */
public record VideoFrame(BufferedImage image, double seconds, long index) {}
