package dev.facenet.video;

import dev.facenet.common.FaceNetException;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Writes frames to a video file through FFmpeg, the container chosen by the file's ending (.mp4,
 * .mkv, .avi, ...) and encoded as MPEG-4 part 2, which every FFmpeg build has. Not thread-safe.
 */
public final class VideoWriter implements AutoCloseable {
  static {
    Ffmpeg.ready();
  }

  private final Path file;
  private final FFmpegFrameRecorder recorder;
  private final Java2DFrameConverter converter = new Java2DFrameConverter();

  private VideoWriter(Path file, FFmpegFrameRecorder recorder) {
    this.file = file;
    this.recorder = recorder;
  }

  /** A new video of {@code width} x {@code height} at {@code frameRate} frames per second. */
  public static VideoWriter create(Path file, int width, int height, double frameRate) {
    FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), width, height, 0);
    r.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
    r.setFrameRate(frameRate);
    r.setVideoQuality(2); // MPEG-4's scale: 1 best .. 31 worst; faces stay recognisable
    r.setPixelFormat(org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P);
    try {
      r.start();
    } catch (FrameRecorder.Exception | RuntimeException e) {
      throw new FaceNetException(
          file + ": cannot write a video there (" + VideoSource.oneLine(e) + ")");
    }
    return new VideoWriter(file, r);
  }

  /** Appends one frame (of the size the video was made with). */
  public void write(BufferedImage frame) {
    try {
      recorder.record(converter.convert(bgr(frame)));
    } catch (FrameRecorder.Exception | RuntimeException e) {
      throw new FaceNetException(
          file + ": cannot write the video (" + VideoSource.oneLine(e) + ")");
    }
  }

  /** The frame as 8-bit BGR, the layout FFmpeg takes without guessing. */
  private static BufferedImage bgr(BufferedImage frame) {
    if (frame.getType() == BufferedImage.TYPE_3BYTE_BGR) {
      return frame;
    }
    BufferedImage out =
        new BufferedImage(frame.getWidth(), frame.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
    out.getGraphics().drawImage(frame, 0, 0, null);
    return out;
  }

  @Override
  public void close() {
    try {
      recorder.close();
    } catch (FrameRecorder.Exception | RuntimeException e) {
      throw new FaceNetException(
          file + ": cannot finish the video (" + VideoSource.oneLine(e) + ")");
    } finally {
      converter.close();
    }
  }
}
